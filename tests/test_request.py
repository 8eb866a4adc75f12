"""Reading a request: its data, its inline files, its answer form, and the answer line's form.

Each row is a realistic request with what it must give (``(kind, value)`` in
the order of the text) and the answer form it must ask for.  Misreadings are
costly in one direction: a false SMILES or a false form rejects a right
program, so the negative rows (``CO2 emissions``, ``(CNS)``, ``carbonyl
(C=O)``, a DNA run, a request without form words) matter as much as the
positive ones.
"""

from __future__ import annotations

import ast
import keyword

import pytest

from sciagent.request import (
    AnswerForm,
    Datum,
    ParsedRequest,
    answer_key,
    check_answer_form,
    parse_request,
    prelude,
    smiles_shape,
    variables_note,
)

SEQ = "ATGGCCATTGTAATGGGCCGCTGA"
LONG = "ATGGCCATTGTAATGGGCCGCTGAAAGGGTGCCCGATAG"
GENBANK = """LOCUS       SCU49845     5028 bp    DNA             PLN       21-JUN-1999
DEFINITION  Saccharomyces cerevisiae TCP1-beta gene.
ACCESSION   U49845
FEATURES             Location/Qualifiers
     source          1..5028
ORIGIN
        1 gatcctccat atacaacggt atctccacct caggtttaga tctcaacaac ggaaccattg
//"""
FASTA = ">seqA sample 1\nATGCTAGCTAGCTAGGATCCATTATAAT\n>seqB sample 2\nGGCGCGATATCGCGCTAGCATGCAAGTC"

ANY = AnswerForm()
NUMBER = AnswerForm("number", unit="forbidden")
INTEGER = AnswerForm("integer")
SMILES = AnswerForm("smiles")
SEQUENCE = AnswerForm("sequence")
STRING = AnswerForm("string")

# (request, data as (kind, value) in text order, answer form)
CASES: list[tuple[str, list[tuple[str, object]], AnswerForm]] = [
    # ---------------------------------------------------------------- chemistry
    ("What is the canonical SMILES of OCC?", [("smiles", "OCC")], SMILES),
    (
        "How many hydrogen-bond acceptors does ethanol (CCO) have? Print the integer.",
        [("smiles", "CCO")],
        INTEGER,
    ),
    (
        "What is the average molecular weight of caffeine, SMILES Cn1cnc2c1c(=O)n(C)c(=O)n2C, "
        "in g/mol (standard atomic weights)? Give a single number.",
        [("smiles", "Cn1cnc2c1c(=O)n(C)c(=O)n2C")],
        NUMBER,
    ),
    (
        "Give the exact mass of methane, SMILES: C, rounded to 4 decimal places.",
        [("smiles", "C")],
        AnswerForm("number", decimals=4, unit="forbidden"),
    ),
    (  # CO2 is a formula, not SMILES (an unclosed ring label)
        "CO2 emissions from burning 1 kg of methane: how much CO2 is released, in kg?",
        [("quantity", 1)],
        NUMBER,
    ),
    (
        "What is the logP of aspirin (CC(=O)Oc1ccccc1C(=O)O)?",
        [("smiles", "CC(=O)Oc1ccccc1C(=O)O")],
        ANY,
    ),
    (
        "Compute the Tanimoto similarity between aspirin (CC(=O)Oc1ccccc1C(=O)O) and salicylic "
        "acid (OC(=O)c1ccccc1O) using Morgan fingerprints of radius 2. Give the similarity as a "
        "number between 0 and 1.",
        [("smiles", "CC(=O)Oc1ccccc1C(=O)O"), ("smiles", "OC(=O)c1ccccc1O")],
        NUMBER,
    ),
    (  # the formula after "e.g." is an example of the form, not data
        "Give the molecular formula (Hill notation, e.g. C2H6O) of ibuprofen, SMILES "
        "CC(C)Cc1ccc(cc1)C(C)C(=O)O. Answer with the formula string only.",
        [("smiles", "CC(C)Cc1ccc(cc1)C(C)C(=O)O")],
        STRING,
    ),
    (  # a short SMILES listed with sure ones is one too
        "Canonicalise these and give them as a comma-separated list: CCO, c1ccccc1, CC(=O)O",
        [("smiles", "CCO"), ("smiles", "c1ccccc1"), ("smiles", "CC(=O)O")],
        AnswerForm("list", separator=","),
    ),
    (
        "Give the RDKit canonical SMILES of serotonin drawn as C1=CC2=C(C=C1O)C(=CN2)CCN.",
        [("smiles", "C1=CC2=C(C=C1O)C(=CN2)CCN")],
        SMILES,
    ),
    (  # (PBS) is an abbreviation
        "Glucose is dissolved in phosphate-buffered saline (PBS). What is the molecular weight of "
        "glucose, OC[C@H]1OC(O)[C@H](O)[C@@H](O)[C@@H]1O, in g/mol?",
        [("smiles", "OC[C@H]1OC(O)[C@H](O)[C@@H](O)[C@@H]1O")],
        NUMBER,
    ),
    (  # (CNS) is an abbreviation; no form words
        "Drugs for the central nervous system (CNS) usually have a TPSA below 90. Is caffeine "
        "Cn1cnc2c1c(=O)n(C)c(=O)n2C likely to cross the blood-brain barrier?",
        [("smiles", "Cn1cnc2c1c(=O)n(C)c(=O)n2C")],
        ANY,
    ),
    (  # (C=O) after a fragment word is a group, not the molecule
        "The carbonyl (C=O) stretch of acetone (CC(C)=O) is near 1715 cm^-1. How many carbonyl "
        "groups does it have?",
        [("smiles", "CC(C)=O"), ("quantity", 1715)],
        INTEGER,
    ),
    (
        "Strip the counter-ion from lidocaine hydrochloride CCN(CC)CC(=O)Nc1c(C)cccc1C.Cl and "
        "give the parent SMILES.",
        [("smiles", "CCN(CC)CC(=O)Nc1c(C)cccc1C.Cl")],
        SMILES,
    ),
    (
        "How many tetrahedral stereocenters does cholesterol have? Use this SMILES: "
        "CC(C)CCC[C@@H](C)[C@H]1CC[C@@H]2[C@@]1(CC[C@H]3[C@H]2CC=C4[C@@]3(CC[C@@H](C4)O)C)C. "
        "Answer as an integer count.",
        [
            (
                "smiles",
                "CC(C)CCC[C@@H](C)[C@H]1CC[C@@H]2[C@@]1(CC[C@H]3[C@H]2CC=C4[C@@]3(CC[C@@H](C4)O)C)C",
            )
        ],
        INTEGER,
    ),
    ("What is the number of heavy atoms of benzene (c1ccccc1)?", [("smiles", "c1ccccc1")], INTEGER),
    (  # ten C after the word SMILES: a molecule, not a sequence
        "How many carbon atoms are in decane, SMILES CCCCCCCCCC?",
        [("smiles", "CCCCCCCCCC")],
        INTEGER,
    ),
    (
        "Apply an amide coupling to acetic acid (CC(=O)O) and aniline (Nc1ccccc1). What is the "
        "molecular formula of the product?",
        [("smiles", "CC(=O)O"), ("smiles", "Nc1ccccc1")],
        ANY,
    ),
    (  # "how many X and Y" asks for two counts: no single integer
        "How many hydrogen-bond donors and acceptors (Lipinski) does metformin, CN(C)C(=N)N=C(N)N, have?",
        [("smiles", "CN(C)C(=N)N=C(N)N")],
        ANY,
    ),
    # ----------------------------------------------------------------- biology
    (
        f"What is the GC content of the DNA sequence {SEQ}, as a fraction?",
        [("sequence", SEQ)],
        NUMBER,
    ),
    (
        f"Give the reverse complement of the DNA sequence {LONG} (5'->3', uppercase).",
        [("sequence", LONG)],
        SEQUENCE,
    ),
    (
        f"Translate {LONG} with the standard genetic code, writing stop codons as '*'. Give the "
        "protein in one-letter code.",
        [("sequence", LONG), ("text", "*")],
        SEQUENCE,
    ),
    (  # inline FASTA records become a file, their sequences are not separate data
        f"From these FASTA records, which record has the highest GC content? Answer with its "
        f"identifier only.\n{FASTA}",
        [("file", "input.fasta")],
        STRING,
    ),
    (  # GAATTC is a motif (6 letters), the sequence is the long run
        "Count the EcoRI sites (GAATTC) in TTGACGAATTCCGATCGGCTAGCATGCGAATTCAAGCTTGG.",
        [("sequence", "TTGACGAATTCCGATCGGCTAGCATGCGAATTCAAGCTTGG")],
        INTEGER,
    ),
    (
        "Estimate the melting temperature of the primer AGCTAGCTGACTGATCGATGCC with the Wallace "
        "rule (2 degC per A/T, 4 degC per G/C). Report it in degrees Celsius.",
        [("sequence", "AGCTAGCTGACTGATCGATGCC"), ("quantity", 2), ("quantity", 4)],
        NUMBER,
    ),
    (
        "Globally align GAACTCGATCCAGTTAGC and GACTCGTTCAAGTAGC with match = +2, mismatch = -1. "
        "What is the optimal alignment score?",
        [
            ("sequence", "GAACTCGATCCAGTTAGC"),
            ("sequence", "GACTCGTTCAAGTAGC"),
            ("number", 2),
            ("number", -1),
        ],
        ANY,
    ),
    (  # a sequence wrapped over two lines is one sequence
        "Translate this coding sequence:\nATGGCCATTGTAATGGGCCG\nCTGAAAGGGTGCCCGATAG\n"
        "Give the protein sequence.",
        [("sequence", LONG)],
        SEQUENCE,
    ),
    (
        f"How many features does this GenBank record have?\n{GENBANK}",
        [("file", "record.gb")],
        INTEGER,
    ),
    (
        "Here are absorbance readings:\nsample,A260,A280\ns1,0.52,0.27\ns2,0.61,0.33\nWhich sample "
        "has the highest A260/A280 ratio? Answer with the sample name only.",
        [("file", "table.csv")],
        STRING,
    ),
    (
        "The reference genome is NC_045512.2; what is the GC content of the spike gene region?",
        [("identifier", "NC_045512.2")],
        ANY,
    ),
    (
        "What is the theoretical pI of the peptide ACDEFGHIKLMNPQRSTVWY? Give the pI as a number "
        "rounded to 2 decimals.",
        [("sequence", "ACDEFGHIKLMNPQRSTVWY")],
        AnswerForm("number", decimals=2, unit="forbidden"),
    ),
    (
        "List the start positions of all ATG codons in ATGCCCATGAAATGCCCGGGATG, as a "
        "comma-separated list.",
        [("sequence", "ATGCCCATGAAATGCCCGGGATG")],
        AnswerForm("list", separator=","),
    ),
    ("Is the sequence GAATTCGAATTC a palindrome?", [("sequence", "GAATTCGAATTC")], ANY),
    (f"How many codons are in {SEQ}?", [("sequence", SEQ)], INTEGER),
    (
        "What is the molecular weight of the protein encoded by UniProt P69905 when its sequence "
        "is MVLSPADKTNVKAAWGKVGAHAGEYGAEALERMFLSFPTTKTYFPHF, in daltons?",
        [("identifier", "P69905"), ("sequence", "MVLSPADKTNVKAAWGKVGAHAGEYGAEALERMFLSFPTTKTYFPHF")],
        NUMBER,
    ),
    # --------------------------------------------------------------- astronomy
    (
        "Convert the ICRS coordinates RA = 10.68470833 deg, Dec = +41.26875 deg to Galactic "
        "coordinates. Answer as a list [l_deg, b_deg].",
        [("quantity", 10.68470833), ("quantity", 41.26875)],
        AnswerForm("list", length=2),
    ),
    (
        "What is the angular separation between 00h42m44.3s +41d16m09s and 05h55m10.305s "
        "+07d24m25.43s? Report it in degrees, rounded to 3 decimals.",
        [
            ("coordinate", "00h42m44.3s"),
            ("coordinate", "+41d16m09s"),
            ("coordinate", "05h55m10.305s"),
            ("coordinate", "+07d24m25.43s"),
        ],
        AnswerForm("number", decimals=3, unit="forbidden"),
    ),
    (
        "What is the Julian Date (in the UTC time scale) of 2024-03-20 03:06:00 UTC? Give the JD "
        "as a number.",
        [("time", "2024-03-20 03:06:00")],
        NUMBER,
    ),
    (
        "In a flat Lambda-CDM cosmology with H0 = 70 km/s/Mpc and Omega_matter = 0.3, what is "
        "the luminosity distance to redshift z = 1? Give it in Mpc with its unit.",
        [("quantity", 70), ("number", 0.3), ("number", 1)],
        AnswerForm("number", unit="required"),
    ),
    (
        "Which calendar date (UTC) corresponds to Modified Julian Date 60000.0? Answer as YYYY-MM-DD.",
        [],
        AnswerForm("string", template="YYYY-MM-DD"),
    ),
    (
        "A star moves away at 10.5 km/s. By how much is the H-alpha line at 656.28 nm shifted? "
        "Give the answer to 3 significant figures.",
        [("quantity", 10.5), ("quantity", 656.28)],
        AnswerForm("number", unit="forbidden", significant=3),
    ),
    (
        "A source has a flux density of 0.25 mJy at all frequencies of interest. What is its AB magnitude?",
        [("quantity", 0.25)],
        ANY,
    ),
    (  # "how many" followed by a unit is a measurement, not a count
        "For H0 = 67.4 km/s/Mpc and Omega_matter = 0.315, how many proper kiloparsecs does one "
        "arcsecond subtend at redshift z = 0.5?",
        [("quantity", 67.4), ("number", 0.315), ("number", 0.5)],
        NUMBER,
    ),
    (
        "I measured these background counts: 101.2, 99.8, 100.5, 98.7, 250.0. Compute "
        "sigma-clipped statistics and report [mean, median, standard deviation].",
        [("numbers", (101.2, 99.8, 100.5, 98.7, 250.0))],
        AnswerForm("list", length=3),
    ),
    (
        "What is the altitude of M13 (RA = 250.4235 deg, Dec = +36.4613 deg) seen from latitude "
        "+19.8207 deg, longitude -155.4681 deg, height 4205 m at 2021-06-15 10:00:00 UTC? "
        "Print the number only.",
        [
            ("quantity", 250.4235),
            ("quantity", 36.4613),
            ("quantity", 19.8207),
            ("quantity", -155.4681),
            ("quantity", 4205),
            ("time", "2021-06-15 10:00:00"),
        ],
        NUMBER,
    ),
    (  # two values converted: the unit does not make it one number
        "Convert RA 05:55:10.3, Dec +07:24:25 to decimal degrees.",
        [("coordinate", "05:55:10.3"), ("coordinate", "+07:24:25")],
        ANY,
    ),
    (  # "number of" a unit: a real number
        "Convert a distance of 2.5 kiloparsecs to light-years. Give the number of light-years.",
        [("quantity", 2.5)],
        NUMBER,
    ),
    # ------------------------------------------------------- no data, no form
    ("Tell me about the Andromeda galaxy and how it was discovered.", [], ANY),
    (
        "Why do CO emissions and NO levels matter for air quality? Summarise the NCBI report.",
        [],
        ANY,
    ),
]


@pytest.mark.parametrize(("request_text", "data", "form"), CASES, ids=[c[0][:50] for c in CASES])
def test_parse_request(request_text: str, data: list[tuple[str, object]], form: AnswerForm) -> None:
    parsed = parse_request(request_text)
    assert [(d.kind, d.value) for d in parsed.data] == data
    assert parsed.form == form


@pytest.mark.parametrize("request_text", [c[0] for c in CASES], ids=[c[0][:50] for c in CASES])
def test_prelude_is_valid_python_and_round_trips(request_text: str) -> None:
    parsed = parse_request(request_text)
    code = prelude(parsed)
    ast.parse(code)
    namespace: dict[str, object] = {}
    exec(code, namespace)
    names = [d.name for d in parsed.data]
    assert len(set(names)) == len(names)
    for datum in parsed.data:
        assert datum.name.isidentifier() and not keyword.iskeyword(datum.name)
        expected = list(datum.value) if isinstance(datum.value, tuple) else datum.value
        assert namespace[datum.name] == expected


def _case(fragment: str) -> str:
    """The request of the table row that contains ``fragment``."""
    (found,) = [c[0] for c in CASES if fragment in c[0]]
    return found


def test_names_come_from_nearby_words() -> None:
    names = [d.name for d in parse_request(_case("Tanimoto")).data]
    assert names == ["smiles_aspirin", "smiles_salicylic_acid"]
    assert [d.name for d in parse_request("Molecular weight of ethanol (CCO)?").data] == [
        "smiles_ethanol"
    ]
    coords = parse_request(_case("angular separation")).data
    assert [d.name for d in coords] == ["ra_hms_1", "dec_dms_1", "ra_hms_2", "dec_dms_2"]
    assert [d.name for d in parse_request(_case("Galactic")).data] == ["ra_deg", "dec_deg"]
    twin = parse_request("Align GAACTCGATCCAGTTAGC and GACTCGTTCAAGTAGC.").data
    assert [d.name for d in twin] == ["sequence_1", "sequence_2"]


@pytest.mark.parametrize(
    ("request_text", "name"),
    [
        # the noun names the answer, the unit says what the number is
        ("What is the photon energy of 5500 Angstrom light, in eV?", "length_angstrom"),
        ("Blackbody temperature of 500 nm peak wavelength?", "length_nm"),
        ("What wavelength corresponds to 1.4 GHz? Answer in cm.", "frequency_ghz"),
        ("Convert 5.2 AU to km.", "length_au"),
        # a noun that agrees with its unit, or a unit that measures several things, stays
        ("A distance of 2.5 kpc in light years?", "distance_kpc"),
        ("An hour angle of -3.2 h in degrees?", "angle_h"),
    ],
)
def test_a_number_is_named_for_what_its_unit_measures(request_text: str, name: str) -> None:
    assert [d.name for d in parse_request(request_text).data] == [name]


def test_prelude_keeps_awkward_text_exact() -> None:
    parsed = ParsedRequest(
        (
            Datum("smiles_1", r"F/C=C\F", "smiles"),
            Datum("text", 'it\'s "quoted"', "text"),
            Datum("h0", 70, "quantity", "km/s/Mpc"),
        )
    )
    namespace: dict[str, object] = {}
    exec(prelude(parsed), namespace)
    assert namespace["smiles_1"] == r"F/C=C\F" and namespace["text"] == 'it\'s "quoted"'
    assert "# km/s/Mpc" in prelude(parsed)
    assert prelude(ParsedRequest()) == ""


def test_inline_files_are_named_and_kept_verbatim() -> None:
    parsed = parse_request(_case("FASTA records"))
    assert parsed.files == {"input.fasta": FASTA + "\n"}
    assert 'fasta_file = "input.fasta"' in prelude(parsed).replace("'", '"')
    table = parse_request(_case("absorbance")).files["table.csv"]
    assert table.splitlines() == ["sample,A260,A280", "s1,0.52,0.27", "s2,0.61,0.33"]
    fenced = parse_request("Read this:\n```\nsome free text\nmore text\n```\nHow many lines?")
    assert fenced.files == {"input.txt": "some free text\nmore text\n"}


def test_variables_note_names_every_variable() -> None:
    note = variables_note(parse_request(_case("ethanol (CCO)")))
    assert "smiles_ethanol" in note and "already defined" in note
    assert variables_note(ParsedRequest()) == ""


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("CCO", True),
        ("c1ccccc1", True),
        ("C[C@H](N)C(=O)O", True),
        ("[Na+].[O-]C(=O)c1ccccc1", True),
        ("CO2", False),  # ring label 2 never closed
        ("C8H10N4O2", False),  # H outside brackets
        ("NaCl", False),
        ("n=11", False),  # a ring bond from an atom to itself
        ("RA---TAN", False),
        ("cccc", False),  # aromatic atoms outside a ring
        ("ATGCGT", False),
        ("CC(C", False),
    ],
)
def test_smiles_shape(text: str, ok: bool) -> None:
    assert (smiles_shape(text) is not None) is ok


# (form, last printed line, whether it has that form)
LINES: list[tuple[AnswerForm, str, bool]] = [
    (AnswerForm("number", decimals=2, unit="forbidden"), "194.08037556 C8H10N4O2", False),
    (AnswerForm("number", decimals=2, unit="forbidden"), "194.08", True),
    (AnswerForm("number", decimals=2, unit="forbidden"), "194.1", True),  # round() drops zeros
    (AnswerForm("number", decimals=2, unit="forbidden"), "194.0804", False),
    (INTEGER, "Number of hydrogen-bond acceptors: 2", False),
    (INTEGER, "2", True),
    (INTEGER, "2.0", True),
    (INTEGER, "2.5", False),
    (NUMBER, "0.5833 % GC", False),
    (NUMBER, "0.5833", True),
    (NUMBER, "6791.27 Mpc", False),
    (NUMBER, "-1.2e-3", True),
    (AnswerForm("number", unit="required"), "6791.27 Mpc", True),
    (AnswerForm("number", unit="required"), "11.18 km / s", True),
    (AnswerForm("number", unit="required"), "6791.27", False),
    (AnswerForm("number"), "58.3 %", True),
    (AnswerForm("number"), "GC: 58.3%", False),
    (AnswerForm("number", significant=3), "0.0123", True),
    (AnswerForm("number", significant=3), "0.01234", False),
    (AnswerForm("number", significant=3), "1.23e+04", True),
    (AnswerForm("list", separator=","), "5, 29, 51", True),
    (AnswerForm("list", separator=","), "[5, 29, 51]", False),
    (AnswerForm("list", separator=","), "Cut positions: 5, 29, 51", False),
    (AnswerForm("list", length=2), "[10.68, 41.27]", True),
    (AnswerForm("list", length=2), "10.68, 41.27", True),
    (AnswerForm("list", length=2), "[np.float64(10.68), np.float64(41.27)]", False),
    (AnswerForm("list", length=2), "[10.68]", False),
    (AnswerForm("list", decimals=3), "[1.2345, 2.0]", False),
    (SMILES, "CCO", True),
    (SMILES, "NCCc1c[nH]c2ccc(O)cc12", True),
    (SMILES, "SMILES: CCO", False),
    (SMILES, "<rdkit.Chem.rdchem.Mol object at 0x7f43489bd770>", False),
    (SEQUENCE, "MAIVMGR*KGAR*", True),
    (SEQUENCE, "Protein: MAIVMGR", False),
    (SEQUENCE, "5'-ATGC-3'", False),
    (STRING, "ibufenac", True),
    (STRING, "salicylic acid", True),
    (STRING, "Most similar: ibufenac", False),
    (AnswerForm("string", template="YYYY-MM-DD"), "2023-02-25", True),
    (STRING, "C13H18O2", True),
    (STRING, '"C13H18O2"', False),  # print(json.dumps(s))
    (STRING, "'C13H18O2'", False),  # print(repr(s))
    (STRING, "it's C13H18O2", True),
    (AnswerForm("string", template="YYYY-MM-DD"), "2023-02-25 00:00:00.000", False),
    (ANY, "RA: 101.28715 deg, Dec: -16.71612 deg", True),  # no form asked: anything goes
]


@pytest.mark.parametrize(
    ("form", "line", "ok"), LINES, ids=[f"{f.kind}:{line}" for f, line, _ in LINES]
)
def test_check_answer_form(form: AnswerForm, line: str, ok: bool) -> None:
    message = check_answer_form(form, line)
    if ok:
        assert message is None
    else:
        assert message is not None and f"`{line}`" in message and "print(" in message


def test_repair_message_says_what_and_how() -> None:
    form = AnswerForm("number", decimals=2, unit="forbidden")
    message = check_answer_form(form, "194.08037556 C8H10N4O2")
    assert message is not None
    assert "only the number (rounded to 2 decimals, no unit)" in message
    assert "print(round(x, 2))" in message
    numpy = check_answer_form(AnswerForm("list", length=2), "[np.float64(1.0), np.float64(2.0)]")
    assert numpy is not None and "float()" in numpy


def test_describe_is_one_instruction() -> None:
    assert (
        AnswerForm("number", decimals=3, unit="forbidden").describe()
        == "Print only the number, rounded to 3 decimals, without a unit."
    )
    for form in (INTEGER, SMILES, SEQUENCE, STRING, ANY, AnswerForm("list", separator=",")):
        text = form.describe()
        assert text.startswith("Print") and "\n" not in text


@pytest.mark.parametrize(
    ("form", "line", "key"),
    [
        (NUMBER, "194.08", 194.08),
        (INTEGER, "3.0", 3),
        (AnswerForm("list", length=2), "[1, 2.5]", (1.0, 2.5)),
        (AnswerForm("list", separator=","), "5, 29", (5.0, 29.0)),
        (SEQUENCE, "maivm*", "MAIVM*"),
        (ANY, " 46.07 ", 46.07),
        (ANY, "C2H6O", "C2H6O"),
        (NUMBER, "46.07 g/mol", None),  # not in the asked form
    ],
)
def test_answer_key(form: AnswerForm, line: str, key: object) -> None:
    assert answer_key(form, line) == key


def test_unknown_form_never_rejects() -> None:
    form = parse_request("Tell me something about caffeine.").form
    assert form == ANY
    assert check_answer_form(form, "Caffeine is a stimulant: 194.19 g/mol") is None
