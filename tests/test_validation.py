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
