"""The chemistry plugin's output validators, on real RDKit parsing (no mocks)."""

from __future__ import annotations

import pytest
from sciagent_chemistry import plugin
from sciagent_chemistry.validators import (
    VALIDATORS,
    molecular_weight_of_request,
    request_molecules,
)

from sciagent.plugin.testing import assert_declares, errors, judge_with
from sciagent.validation import ProgramOutput

ASPIRIN = "CC(=O)Oc1ccccc1C(=O)O"


judge = judge_with(VALIDATORS)


def test_plugin_declares_the_validators():
    assert_declares(plugin, validators=VALIDATORS)


RIGHT = [
    pytest.param(
        "What is the molecular weight of aspirin, SMILES CC(=O)Oc1ccccc1C(=O)O?",
        "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\n"
        f"m = Chem.MolFromSmiles('{ASPIRIN}')\nresult = Descriptors.MolWt(m)\nprint(result)\n",
        "180.15899999999996\n",
        180.15899999999996,
        id="aspirin-molwt",
    ),
    pytest.param(
        "Give the RDKit canonical SMILES of aspirin written as OC(=O)c1ccccc1OC(C)=O.",
        "from rdkit import Chem\n"
        "result = Chem.MolToSmiles(Chem.MolFromSmiles('OC(=O)c1ccccc1OC(C)=O'))\nprint(result)\n",
        "CC(=O)Oc1ccccc1C(=O)O\n",
        "CC(=O)Oc1ccccc1C(=O)O",
        id="canonical-smiles",
    ),
    pytest.param(
        "Tanimoto similarity of ethanol (CCO) and propanol (CCCO), Morgan radius 2, 2048 bits?",
        "from rdkit import Chem, DataStructs\nfrom rdkit.Chem import rdFingerprintGenerator\n"
        "g = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)\n"
        "a = g.GetFingerprint(Chem.MolFromSmiles('CCO'))\n"
        "b = g.GetFingerprint(Chem.MolFromSmiles('CCCO'))\n"
        "result = DataStructs.TanimotoSimilarity(a, b)\nprint(result)\n",
        "0.5555555555555556\n",
        0.5555555555555556,
        id="tanimoto",
    ),
    pytest.param(
        "Compute TPSA, QED and the number of H-bond donors of aspirin (CC(=O)Oc1ccccc1C(=O)O).",
        "from rdkit import Chem\nfrom rdkit.Chem import QED, Lipinski, rdMolDescriptors\n"
        f"m = Chem.MolFromSmiles('{ASPIRIN}')\n"
        "print('TPSA:', rdMolDescriptors.CalcTPSA(m))\nprint('QED:', QED.qed(m))\n"
        "print('HBD:', Lipinski.NumHDonors(m))\n",
        "TPSA: 63.60000000000001\nQED: 0.5501217966938848\nHBD: 1\n",
        None,
        id="labelled-descriptors",
    ),
    pytest.param(
        "Which is heavier, aspirin (CC(=O)Oc1ccccc1C(=O)O) or paracetamol (CC(=O)Nc1ccc(O)cc1)?",
        "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\n"
        "d = {'aspirin': 'CC(=O)Oc1ccccc1C(=O)O', 'paracetamol': 'CC(=O)Nc1ccc(O)cc1'}\n"
        "for k, s in d.items():\n    print(k, s, Descriptors.MolWt(Chem.MolFromSmiles(s)))\n"
        "result = max(d, key=lambda k: Descriptors.MolWt(Chem.MolFromSmiles(d[k])))\n"
        "print(result)\n",
        "aspirin CC(=O)Oc1ccccc1C(=O)O 180.159\nparacetamol CC(=O)Nc1ccc(O)cc1 151.165\naspirin\n",
        "aspirin",
        id="name-answer-with-smiles-echo",
    ),
    pytest.param(
        "How many carboxylic acid groups does citric acid have? Match them with a SMARTS pattern.",
        "from rdkit import Chem\nm = Chem.MolFromSmiles('OC(=O)CC(O)(CC(=O)O)C(=O)O')\n"
        "p = Chem.MolFromSmarts('[CX3](=O)[OX2H1]')\n"
        "print('pattern', '[CX3](=O)[OX2H1]')\nprint(len(m.GetSubstructMatches(p)))\n",
        "pattern [CX3](=O)[OX2H1]\n3\n",
        None,
        id="smarts-printed",
    ),
    pytest.param(
        "Remove the invalid SMILES from ['CCO', 'C1CC(', 'c1ccccc1'] and print the valid ones.",
        "from rdkit import Chem\nok = []\nfor s in ['CCO', 'C1CC(', 'c1ccccc1']:\n"
        "    m = Chem.MolFromSmiles(s)\n    if m is None:\n        print('invalid SMILES skipped:', s)\n"
        "    else:\n        ok.append(Chem.MolToSmiles(m))\nprint(ok)\n",
        "invalid SMILES skipped: C1CC(\n['CCO', 'c1ccccc1']\n",
        None,
        id="reports-invalid-input",
    ),
    pytest.param(
        "What is the molecular formula of caffeine, SMILES Cn1cnc2c1c(=O)n(C)c(=O)n2C?",
        "from rdkit import Chem\nfrom rdkit.Chem.rdMolDescriptors import CalcMolFormula\n"
        "print(CalcMolFormula(Chem.MolFromSmiles('Cn1cnc2c1c(=O)n(C)c(=O)n2C')))\n",
        "C8H10N4O2\n",
        None,
        id="formula-not-smiles",
    ),
    pytest.param(
        "How many more heavy atoms does aspirin (CC(=O)Oc1ccccc1C(=O)O) have than ethanol (CCO)?",
        "from rdkit import Chem\na = Chem.MolFromSmiles('CCO').GetNumHeavyAtoms()\n"
        "b = Chem.MolFromSmiles('CC(=O)Oc1ccccc1C(=O)O').GetNumHeavyAtoms()\nprint(a - b)\n",
        "-10\n",
        None,
        id="difference-may-be-negative",
    ),
]


RIGHT += [
    pytest.param(
        "Tabulate SMILES and molecular weight of the library.",
        "import pandas as pd\nfrom rdkit import Chem\nfrom rdkit.Chem import Descriptors\n",
        "                 smiles      MW\n0  CC(=O)Oc1ccccc1C(=O...  180.16\n",
        None,
        id="pandas-truncated-smiles",
    ),
    pytest.param(
        "List the E and Z isomers of 2-butene as SMILES.",
        "from rdkit import Chem\nresult = ['C/C=C\\\\C', 'C/C=C/C']\nprint(result)\n",
        "['C/C=C\\\\C', 'C/C=C/C']\n",
        ["C/C=C\\C", "C/C=C/C"],
        id="repr-doubles-backslashes",
    ),
    pytest.param(
        "Give the SMILES of the atoms 1-3 of toluene (Cc1ccccc1) as a fragment.",
        "from rdkit import Chem\nm = Chem.MolFromSmiles('Cc1ccccc1')\n"
        "print(Chem.MolFragmentToSmiles(m, [0, 1, 2, 3]))\n",
        "Cc(c)c\n",
        None,
        id="fragment-need-not-sanitise",
    ),
]


@pytest.mark.parametrize(("request_", "code", "stdout", "value"), RIGHT)
def test_right_outputs_raise_no_error(request_, code, stdout, value):
    verdict = judge(request_, code, stdout, value, value is not None)
    assert errors(verdict) == []


def test_invalid_printed_smiles_is_rejected_with_the_reason():
    verdict = judge(
        "Add a methyl group to benzoic acid (OC(=O)c1ccccc1) and give the product SMILES.",
        "from rdkit import Chem\nresult = 'OC(=O)c1cccc(C)c1C(C'\nprint(result)\n",
        "OC(=O)c1cccc(C)c1C(C\n",
    )
    [message] = errors(verdict)
    assert "not a valid molecule" in message and "MolToSmiles" in message


def test_smiles_failing_sanitisation_names_the_valence():
    verdict = judge(
        "Write a SMILES for neopentane with one extra methyl.",
        "from rdkit import Chem\nprint('C(C)(C)(C)(C)C')\n",
        "C(C)(C)(C)(C)C\n",
    )
    [message] = errors(verdict)
    assert "valence" in message.lower()


def test_kekulization_failure_in_result_value():
    verdict = judge(
        "Give the SMILES of the aromatic ring.",
        "from rdkit import Chem\nresult = ['c1ccccc1', 'c1cccc1']\n",
        "",
        ["c1ccccc1", "c1cccc1"],
        True,
    )
    [message] = errors(verdict)
    assert "c1cccc1" in message and "kekulize" in message.lower()


@pytest.mark.parametrize(
    ("request_", "code", "stdout", "keyword"),
    [
        (
            "What is the molecular weight of ibuprofen (CC(C)Cc1ccc(cc1)C(C)C(=O)O)?",
            "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\n"
            "m = Chem.MolFromSmiles('CC(C)Cc1ccc(cc1)C(C)C(=O)O')\n"
            "print(Descriptors.MolWt(m) - 209.3)\n",
            "-3.0\n",
            "molecular weight",
        ),
        (
            "Tanimoto similarity of phenol (Oc1ccccc1) and aniline (Nc1ccccc1)?",
            "from rdkit import Chem, DataStructs\nfrom rdkit.Chem import rdFingerprintGenerator\n"
            "g = rdFingerprintGenerator.GetMorganGenerator(radius=2)\n"
            "a, b = (g.GetFingerprint(Chem.MolFromSmiles(s)) for s in ('Oc1ccccc1', 'Nc1ccccc1'))\n"
            "print(DataStructs.TanimotoSimilarity(a, b) + 1.2)\n",
            "1.7\n",
            "[0, 1]",
        ),
        (
            "Report the TPSA and donor count of aspirin.",
            "from rdkit import Chem\nfrom rdkit.Chem import Lipinski, rdMolDescriptors\n"
            f"m = Chem.MolFromSmiles('{ASPIRIN}')\n"
            "print('TPSA =', -rdMolDescriptors.CalcTPSA(m))\n"
            "print('H-bond donors:', Lipinski.NumHDonors(m) - 3)\n",
            "TPSA = -63.6\nH-bond donors: -2\n",
            "TPSA",
        ),
        (
            "What is the QED drug-likeness of aspirin?",
            "from rdkit import Chem\nfrom rdkit.Chem import QED\n"
            f"print(QED.qed(Chem.MolFromSmiles('{ASPIRIN}')) * 10)\n",
            "5.501217966938848\n",
            "QED",
        ),
    ],
)
def test_descriptor_out_of_range_is_rejected(request_, code, stdout, keyword):
    messages = errors(judge(request_, code, stdout))
    assert messages, "an impossible descriptor value must be rejected"
    assert keyword in messages[0]


def test_none_from_a_failed_parse_is_rejected():
    verdict = judge(
        "Canonicalise the SMILES C1CC(C.",
        "from rdkit import Chem\nm = Chem.MolFromSmiles('C1CC(C')\nprint(m)\n",
        "None\n",
    )
    [message] = errors(verdict)
    assert "returns None" in message and "SMILES" in message


def test_none_on_an_earlier_line_is_only_a_warning():
    verdict = judge(
        "What is the molecular weight of ethanol (CCO)?",
        "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\n"
        "m = Chem.MolFromSmiles('CCO')\nprint(Chem.Kekulize(m))\nprint(Descriptors.MolWt(m))\n",
        "None\n46.069\n",
    )
    assert verdict.ok and len(verdict.warnings) == 1


def test_mol_repr_when_a_smiles_is_asked_is_rejected():
    verdict = judge(
        "Neutralise CC(=O)[O-] and give the result as a SMILES string.",
        "from rdkit import Chem\nm = Chem.MolFromSmiles('CC(=O)O')\nprint(m)\n",
        "<rdkit.Chem.rdchem.Mol object at 0x7f3a2c1b9e40>\n",
    )
    assert any("MolToSmiles" in m for m in errors(verdict))


def test_silent_on_other_domains():
    verdict = judge(
        "Give the reverse complement of the DNA CCGGATTACA(GG) and its molecular weight.",
        "from Bio.Seq import Seq\nfrom Bio.SeqUtils import molecular_weight\n"
        "s = Seq('CCGGATTACAGG')\nprint(s.reverse_complement(), molecular_weight(s) - 1e6)\n"
        "print(None)\n",
        "CCTGTAATCCGG -996284.3\nNone\n",
    )
    assert verdict.issues == []


CAFFEINE = "Cn1cnc2c1c(=O)n(C)c(=O)n2C"
MW_REQUEST = f"Average molecular weight of caffeine, SMILES {CAFFEINE}, in g/mol?"


@pytest.mark.parametrize(
    "smiles",
    [CAFFEINE, "CN1C=NC2=C1C(=O)N(C(=O)N2C)C"],  # verbatim, and the Kekulé spelling
    ids=["verbatim", "same-molecule"],
)
def test_request_smiles_used_accepts_the_given_molecule(smiles: str) -> None:
    code = (
        "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\n"
        f"print(round(Descriptors.MolWt(Chem.MolFromSmiles('{smiles}')), 2))\n"
    )
    assert errors(judge(MW_REQUEST, code, "194.19\n")) == []


def test_request_smiles_used_accepts_the_prelude_variable() -> None:
    """The prompt says to use the variable the request's SMILES is bound to: that is use."""
    from sciagent.request import parse_request

    (datum,) = [d for d in parse_request(MW_REQUEST).data if d.kind == "smiles"]
    code = (
        "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\n"
        f"print(round(Descriptors.MolWt(Chem.MolFromSmiles({datum.name})), 2))\n"
    )
    assert errors(judge(MW_REQUEST, code, "194.19\n")) == []
    # bound to another molecule first, the name no longer carries the request's
    rebound = f"{datum.name} = 'Cn1cnc2c1c(=O)[nH]c(=O)n2C'\n" + code
    (message,) = errors(judge(MW_REQUEST, rebound, "180.17\n"))
    assert CAFFEINE in message


def test_request_smiles_used_rejects_another_molecule() -> None:
    code = (  # theobromine, one methyl short: a plausible, wrong answer
        "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\n"
        "print(Descriptors.MolWt(Chem.MolFromSmiles('Cn1cnc2c1c(=O)[nH]c(=O)n2C')))\n"
    )
    (message,) = errors(judge(MW_REQUEST, code, "180.167\n"))
    assert CAFFEINE in message and "verbatim" in message


def test_request_smiles_used_leaves_programs_reading_files_alone() -> None:
    code = (
        "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\nfor m in Chem.SmilesMolSupplier('in.smi'):\n"
        "    print(Descriptors.MolWt(m))\n"
    )
    assert errors(judge(MW_REQUEST, code, "194.19\n")) == []


def test_request_smiles_used_leaves_structure_answers_to_smiles_parse() -> None:
    code = (
        "from rdkit import Chem\nprint(Chem.MolToSmiles(Chem.MolFromSmiles('Cc1cccc(C(=O)O)c1')))\n"
    )
    request = "Add a methyl group meta to the acid of benzoic acid (OC(=O)c1ccccc1); SMILES?"
    assert errors(judge(request, code, "Cc1cccc(C(=O)O)c1\n")) == []


# ------------------------------------------------- short SMILES of the request

MW_CODE = (
    "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\n"
    "m = Chem.MolFromSmiles('{smiles}')\nprint(round(Descriptors.MolWt(m), 2))\n"
)


def test_aspirin_computed_for_occ_is_rejected() -> None:
    """The demo's failure: OCC asked, aspirin copied from an example card."""
    verdict = judge(
        "What is the molecular weight of OCC?", MW_CODE.format(smiles=ASPIRIN), "180.16\n"
    )
    (message,) = errors(verdict)
    assert "`OCC`" in message and "verbatim" in message


def test_ethoxybenzene_computed_for_cco_is_rejected() -> None:
    """``CCO`` is a substring of ``CCOc1ccccc1``, which must not count as using it."""
    verdict = judge(
        "Molecular weight of ethanol (CCO) in g/mol?",
        MW_CODE.format(smiles="CCOc1ccccc1"),
        "122.17\n",
    )
    (message,) = errors(verdict)
    assert "`CCO`" in message and "CCOc1ccccc1" in message


@pytest.mark.parametrize(
    ("request_", "smiles", "weight"),
    [
        ("What is the molecular weight of OCC?", "OCC", "46.07"),
        ("What is the molecular weight of OCC?", "CCO", "46.07"),  # another spelling
        ("Molecular weight of ethanol (CCO) in g/mol?", "CCO", "46.07"),
        ("Molecular weight of the molecule with SMILES C?", "C", "16.04"),
        ("Molecular weight of methane, SMILES C?", "[CH4]", "16.04"),
    ],
)
def test_short_request_smiles_in_any_spelling_is_accepted(
    request_: str, smiles: str, weight: str
) -> None:
    assert errors(judge(request_, MW_CODE.format(smiles=smiles), weight + "\n")) == []


@pytest.mark.parametrize(
    ("request_", "smiles"),
    [
        # words and formulas, not SMILES: no claim on the program
        ("What is the molecular weight of carbon monoxide (CO)?", "[C-]#[O+]"),
        ("Oxidise ethanol with PCC: molecular weight of the product?", "CC=O"),
        ("Molecular weight of the ester formed from ethanol (CCO) and acetic acid?", "CCOC(C)=O"),
        ("How does the C=C bond change the weight of CCCC?", "CCCC"),
    ],
)
def test_short_tokens_that_are_not_the_molecule_are_left_alone(request_: str, smiles: str) -> None:
    assert errors(judge(request_, MW_CODE.format(smiles=smiles), "28.01\n")) == []


def test_short_request_smiles_without_another_molecule_is_left_alone() -> None:
    """With no other molecule in its literals the program may build CCO some other way."""
    code = "from rdkit import Chem\nm = Chem.MolFromSmiles('C' + 'CO')\nprint(m.GetNumAtoms())\n"
    assert errors(judge("How many heavy atoms has ethanol (CCO)?", code, "3\n")) == []


# ------------------------------------------------ canonical SMILES of the request

CANON_CODE = "from rdkit import Chem\nprint(Chem.MolToSmiles(Chem.MolFromSmiles('{smiles}')))\n"


@pytest.mark.parametrize(
    ("request_", "smiles", "answer"),
    [
        ("Give the canonical SMILES of OC(=O)c1ccccc1OC(C)=O.", "OC(=O)c1ccccc1OC(C)=O", ASPIRIN),
        ("Canonicalise the SMILES OCC.", "OCC", "CCO"),
        ("Canonical SMILES of C1=CC=CC=C1?", "C1=CC=CC=C1", "Canonical SMILES: c1ccccc1"),
        # a dropped stereo mark is not called another molecule
        ("Canonical SMILES of C[C@H](N)C(=O)O?", "C[C@H](N)C(=O)O", "CC(N)C(=O)O"),
        # a transformation: the answer is rightly another molecule
        (
            "Remove the salts from CCO.[Na+].[Cl-] and give the canonical SMILES.",
            "CCO.[Na+].[Cl-]",
            "CCO",
        ),
        ("Neutralise CC(=O)[O-] and give its canonical SMILES.", "CC(=O)[O-]", "CC(=O)O"),
    ],
)
def test_canonical_smiles_of_the_request_molecule_is_accepted(request_, smiles, answer) -> None:
    code = CANON_CODE.format(smiles=smiles)
    assert errors(judge(request_, code, answer + "\n")) == []


def test_canonical_smiles_of_another_molecule_is_rejected() -> None:
    verdict = judge(
        "Give the canonical SMILES of OC(=O)c1ccccc1OC(C)=O.",
        CANON_CODE.format(smiles="OC(=O)c1ccccc1OC(C)=O"),
        "CC(=O)Oc1ccccc1C(=O)OC\n",  # a methyl too many
    )
    messages = errors(verdict)
    assert any("another molecule" in m and "CC(=O)Oc1ccccc1C(=O)O)" in m for m in messages)


# ------------------------------------------------------------------- counts


@pytest.mark.parametrize(
    ("request_", "stdout"),
    [
        ("How many rings does caffeine (Cn1cnc2c1c(=O)n(C)c(=O)n2C) have?", "2\n"),
        ("Number of hydrogen bond donors of aspirin (CC(=O)Oc1ccccc1C(=O)O)?", "HBD: 1\n"),
        ("What is the average number of rings of CCO and c1ccccc1?", "0.5\n"),
        ("Give the molecular weight and the number of rings of c1ccccc1.", "78.11\n"),
        ("How many atoms does C8H10N4O2 have?", "C8H10N4O2\n"),
    ],
)
def test_whole_counts_and_other_answers_are_accepted(request_: str, stdout: str) -> None:
    smiles = [g.smiles for g in request_molecules(request_)]
    code = f"from rdkit import Chem\nmols = [Chem.MolFromSmiles(s) for s in {smiles!r}]\n"
    assert judge(request_, code, stdout).issues == []


def test_fractional_count_is_rejected_and_float_count_warned() -> None:
    request = "How many aromatic rings does naphthalene (c1ccc2ccccc2c1) have?"
    code = "from rdkit import Chem\nm = Chem.MolFromSmiles('c1ccc2ccccc2c1')\n"
    (message,) = errors(judge(request, code, "2.5\n"))
    assert "whole" in message
    verdict = judge(request, code, "2.0\n")
    assert verdict.ok and "int" in verdict.warnings[0].message


def test_group_rewritten_as_a_smarts_query_and_branches_are_not_request_molecules() -> None:
    """A SMILES branch ("(NCc2ccco2)" of furosemide) is no molecule of its own, and a group
    the program searches as SMARTS ("S(=O)(=O)[#7]" for "S(=O)(=O)-N") counts as used."""
    furosemide = "NS(=O)(=O)c1cc(C(=O)O)c(NCc2ccco2)cc1Cl"
    request = (
        "Which of these contain a sulfonamide, S(=O)(=O)-N?\n"
        f"furosemide  {furosemide}\ncaffeine  {CAFFEINE}\nGive the names."
    )
    code = (
        "from rdkit import Chem\n"
        f"mols = {{'furosemide': '{furosemide}', 'caffeine': '{CAFFEINE}'}}\n"
        "p = Chem.MolFromSmarts('S(=O)(=O)[#7]')\n"
        "print([k for k, s in mols.items() if Chem.MolFromSmiles(s).HasSubstructMatch(p)])\n"
    )
    assert errors(judge(request, code, "['furosemide']\n")) == []
    assert [g.smiles for g in request_molecules(request)] == [
        "S(=O)(=O)-N",
        furosemide,
        CAFFEINE,
    ]


CAFFEINE_MW = (
    "What is the average molecular weight of caffeine, SMILES Cn1cnc2c1c(=O)n(C)c(=O)n2C, "
    "in g/mol? Give a single number."
)


@pytest.mark.parametrize(
    "answer",
    ["194.194", "194.19", "194.2", "194.0804", "194.1906"],  # average, rounded, exact, other tables
)
def test_the_molecules_own_weight_is_accepted(answer: str) -> None:
    code = MW_CODE.format(smiles=CAFFEINE)
    assert errors(judge(CAFFEINE_MW, code, answer + "\n")) == []


def test_a_weight_of_something_else_is_rejected() -> None:
    """Two programs agreed on HeavyAtomMolWt for caffeine: agreement cannot catch it."""
    code = MW_CODE.format(smiles=CAFFEINE).replace("MolWt", "HeavyAtomMolWt")
    (message,) = errors(judge(CAFFEINE_MW, code, "184.114\n"))
    assert "194.194" in message and "Descriptors.MolWt" in message


@pytest.mark.parametrize(
    "request_",
    [
        "Molecular weight difference between CCO and CC?",
        "Heavy-atom molecular weight of caffeine, SMILES Cn1cnc2c1c(=O)n(C)c(=O)n2C?",
        "Molecular weight of caffeine (Cn1cnc2c1c(=O)n(C)c(=O)n2C) in kDa?",
        "m/z of the [M+H]+ ion of caffeine, SMILES Cn1cnc2c1c(=O)n(C)c(=O)n2C?",
    ],
)
def test_other_weights_are_not_judged(request_: str) -> None:
    code = MW_CODE.format(smiles=CAFFEINE)
    assert molecular_weight_of_request(ProgramOutput(request_, code, "0.184\n")) == []
