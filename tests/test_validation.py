"""The built-in validator: a program must use the request's own sequences."""

from __future__ import annotations

import pytest

from sciagent.validation import (
    BUILTIN_VALIDATORS,
    ProgramOutput,
    request_sequences,
    run_validators,
    uses_request_data,
)

SEQ = "ATGGCCATTGTAATGGGCCGCTGA"


@pytest.mark.parametrize(
    ("request_text", "found"),
    [
        (f"Translate {SEQ} with the standard code.", [SEQ]),
        (f"GC content of '{SEQ}', as a fraction?", [SEQ]),
        (
            "pI of the peptide MKTAYIAKQRQISFVKSHFSRQLEERLGLIEVQ.",
            ["MKTAYIAKQRQISFVKSHFSRQLEERLGLIEVQ"],
        ),
        # words, short motifs, names with digits and SMILES are not sequences
        ("Scan for GAATTC with BLOSUM62 in NCBI GenBank (Needleman-Wunsch)", []),
        ("CTYPE1 = 'RA---TAN'; caffeine Cn1cnc2c1c(=O)n(C)c(=O)n2C", []),
    ],
)
def test_request_sequences(request_text: str, found: list[str]) -> None:
    assert request_sequences(request_text) == found


def _issues(request: str, code: str) -> list[str]:
    return [i.message for i in uses_request_data(ProgramOutput(request, code, "1\n"))]


def test_program_that_changed_the_sequence_is_rejected() -> None:
    request = f"Translate {SEQ} with the standard code."
    trimmed = "from Bio.Seq import Seq\nprint(Seq('ATGGCCATTGTAATGGGCCGC').translate())\n"
    (message,) = _issues(request, trimmed)
    assert SEQ in message and "verbatim" in message


@pytest.mark.parametrize(
    "code",
    [
        f"from Bio.Seq import Seq\nprint(Seq('{SEQ}').translate())\n",
        f"s = '{SEQ.lower()}'\n",  # case does not matter
        f"s = ('{SEQ[:10]}'\n     '{SEQ[10:]}')\n",  # one literal over two lines
    ],
    ids=["verbatim", "lowercase", "split-literal"],
)
def test_program_that_kept_the_sequence_passes(code: str) -> None:
    assert _issues(f"Translate {SEQ} with the standard code.", code) == []


def test_agent_default_validators_include_it() -> None:
    assert uses_request_data in BUILTIN_VALIDATORS
    verdict = run_validators(
        ProgramOutput(f"GC of {SEQ}?", "print(0.5)\n", "0.5\n"), BUILTIN_VALIDATORS
    )
    assert not verdict.ok and verdict.errors[0].validator == "uses_request_data"


# ------------------------------------------------- request data beyond sequences
from sciagent.request import parse_request, prelude  # noqa: E402
from sciagent.validation import answer_in_asked_form  # noqa: E402

ETHANOL = "How many hydrogen-bond acceptors does ethanol (CCO) have? Print the integer."
RDKIT = "from rdkit import Chem\nfrom rdkit.Chem import Lipinski\n"


def _data_issues(request: str, code: str) -> list[str]:
    return [i.message for i in uses_request_data(ProgramOutput(request, code, "1\n"))]


def test_substituted_smiles_is_rejected_and_named() -> None:
    code = RDKIT + "m = Chem.MolFromSmiles('CCOc1ccccc1')\nprint(Lipinski.NumHAcceptors(m))\n"
    (message,) = _data_issues(ETHANOL, code)
    assert "`CCO`" in message and "CCOc1ccccc1" in message and "smiles_ethanol" in message


def test_example_copied_instead_of_a_short_smiles_is_rejected() -> None:
    request = "What is the canonical SMILES of OCC?"
    code = RDKIT + "print(Chem.MolToSmiles(Chem.MolFromSmiles('CC(=O)Oc1ccccc1C(=O)O')))\n"
    (message,) = _data_issues(request, code)
    assert "`OCC`" in message and "aspirin" not in message


@pytest.mark.parametrize(
    "code",
    [
        RDKIT + "m = Chem.MolFromSmiles('CCO')\nprint(Lipinski.NumHAcceptors(m))\n",
        RDKIT + 'm = Chem.MolFromSmiles("CCO")  # ethanol\nprint(2)\n',
        # the prelude's variable, read by the program
        prelude(parse_request(ETHANOL))
        + RDKIT
        + "print(Lipinski.NumHAcceptors(Chem.MolFromSmiles(smiles_ethanol)))\n",
    ],
    ids=["literal", "double-quoted", "prelude-variable"],
)
def test_program_that_uses_the_smiles_passes(code: str) -> None:
    assert _data_issues(ETHANOL, code) == []


def test_prelude_alone_does_not_count_as_use() -> None:
    """With the prelude on top, a program that parses another molecule is still caught."""
    code = prelude(parse_request(ETHANOL)) + RDKIT + "m = Chem.MolFromSmiles('CCOC')\nprint(1)\n"
    (message,) = _data_issues(ETHANOL, code)
    assert "CCOC" in message


def test_rebinding_the_prelude_variable_does_not_count() -> None:
    code = (
        prelude(parse_request(ETHANOL))
        + "smiles_ethanol = 'OCCO'\n"
        + RDKIT
        + "print(Lipinski.NumHAcceptors(Chem.MolFromSmiles(smiles_ethanol)))\n"
    )
    assert len(_data_issues(ETHANOL, code)) == 1


def test_every_smiles_of_the_request_must_be_used() -> None:
    request = (
        "Tanimoto similarity of aspirin (CC(=O)Oc1ccccc1C(=O)O) and salicylic acid "
        "(OC(=O)c1ccccc1O)? Give a single number."
    )
    code = (
        RDKIT
        + "a = Chem.MolFromSmiles('CC(=O)Oc1ccccc1C(=O)O')\nb = Chem.MolFromSmiles('Oc1ccccc1')\n"
    )
    (message,) = _data_issues(request, code)
    assert "OC(=O)c1ccccc1O" in message


def test_words_that_look_like_formulas_ask_for_nothing() -> None:
    request = "CO2 emissions from burning 1 kg of methane: how much CO2 is released, in kg?"
    assert _data_issues(request, "print(2.74)\n") == []


def test_inline_fasta_is_read_from_its_file_or_carried_whole() -> None:
    request = (
        "Which record has the highest GC content? Answer with its identifier only.\n"
        ">seqA\nATGCTAGCTAGCTAGGATCCATTATAAT\n>seqB\nGGCGCGATATCGCGCTAGCATGCAAGTC"
    )
    reads = "from Bio import SeqIO\nrecords = list(SeqIO.parse('input.fasta', 'fasta'))\n"
    inlined = (
        "s = {'seqA': 'ATGCTAGCTAGCTAGGATCCATTATAAT', 'seqB': 'GGCGCGATATCGCGCTAGCATGCAAGTC'}\n"
    )
    missing = "from Bio import SeqIO\nrecords = list(SeqIO.parse('sequences.fa', 'fasta'))\n"
    assert _data_issues(request, reads) == []
    assert _data_issues(request, inlined) == []
    (message,) = _data_issues(request, missing)
    assert "input.fasta" in message


def test_swapped_accession_is_rejected() -> None:
    request = "The reference genome is NC_045512.2; what is its length in the local GenBank file?"
    assert _data_issues(request, "acc = 'NC_045512.2'\n") == []
    (message,) = _data_issues(request, "acc = 'NC_000913.3'\n")
    assert "NC_045512.2" in message and "NC_000913.3" in message


def _form_issues(request: str, stdout: str) -> list[str]:
    return [i.message for i in answer_in_asked_form(ProgramOutput(request, "print(1)\n", stdout))]


@pytest.mark.parametrize(
    ("request_text", "stdout", "ok"),
    [
        (
            "Monoisotopic mass of caffeine, Cn1cnc2c1c(=O)n(C)c(=O)n2C? Print the number only.",
            "194.08037556 C8H10N4O2\n",
            False,
        ),
        (
            "Monoisotopic mass of caffeine, Cn1cnc2c1c(=O)n(C)c(=O)n2C? Print the number only.",
            "working...\n194.08037556\n",
            True,
        ),
        (ETHANOL, "Number of hydrogen-bond acceptors: 2\n", False),
        (ETHANOL, "2\n", True),
        (f"GC content of {SEQ}, as a fraction between 0 and 1?", "0.5833 % GC\n", False),
        (f"GC content of {SEQ}, as a fraction between 0 and 1?", "0.5833\n", True),
        (
            "Luminosity distance to z = 1 for H0 = 70 km/s/Mpc? Report it in Mpc.",
            "6791.27 Mpc\n",
            False,
        ),
        (
            "Tell me the luminosity distance to z = 1.",
            "Distance: 6791.27 Mpc\n",
            True,
        ),  # no form asked
    ],
)
def test_answer_in_asked_form(request_text: str, stdout: str, ok: bool) -> None:
    issues = _form_issues(request_text, stdout)
    assert (issues == []) is ok
    if not ok:
        assert "last printed line" in issues[0]


def test_nothing_printed_is_left_to_the_agent() -> None:
    assert _form_issues("Print the number only.", "") == []


def test_both_validators_are_built_in() -> None:
    assert answer_in_asked_form in BUILTIN_VALIDATORS
    verdict = run_validators(
        ProgramOutput(ETHANOL, "print('Acceptors: 1')\n", "Acceptors: 1\n"), BUILTIN_VALIDATORS
    )
    assert {i.validator for i in verdict.errors} == {"uses_request_data", "answer_in_asked_form"}
