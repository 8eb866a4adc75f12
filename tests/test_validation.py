"""The built-in validator: a program must use the request's own data."""

from __future__ import annotations

import pytest

from sciagent.validation import (
    BUILTIN_VALIDATORS,
    ProgramOutput,
    request_data,
    run_validators,
    uses_request_data,
)

CAFFEINE = "Cn1cnc2c1c(=O)n(C)c(=O)n2C"


@pytest.mark.parametrize(
    ("request_text", "data"),
    [
        (f"Molecular weight of caffeine ({CAFFEINE})?", [CAFFEINE]),
        (f"Molecular weight of caffeine, SMILES '{CAFFEINE}'.", [CAFFEINE]),
        ("GC content of ATGCGCGTATTAGCGG, as a fraction?", ["ATGCGCGTATTAGCGG"]),
        (r"E/Z of C/C=C\C(=O)O, please", [r"C/C=C\C(=O)O"]),
        # prose in parentheses, formulas, short SMILES and math are not data
        ("Tm (Needleman-Wunsch) of the (standard weights) in [degrees]", []),
        ("Hill notation, e.g. C2H6O, of acetone (CC(=O)C)", []),
        ("fit y = 0.5*sin(2*pi*t) to the series", []),
        ("CTYPE1 = 'RA---TAN' with the NASA/IPAC values", []),
    ],
)
def test_request_data(request_text: str, data: list[str]) -> None:
    assert request_data(request_text) == data


def _issues(request: str, code: str) -> list[str]:
    return [i.message for i in uses_request_data(ProgramOutput(request, code, "1\n"))]


def test_program_that_changed_the_input_is_rejected() -> None:
    request = "Translate ATGGCCATTGTAATGGGCCGCTGA with the standard code."
    changed = "from Bio.Seq import Seq\nprint(Seq('ATGGCCATTGTAATGGGCCGC').translate())\n"
    (message,) = _issues(request, changed)
    assert "ATGGCCATTGTAATGGGCCGCTGA" in message and "verbatim" in message
    kept = "from Bio.Seq import Seq\nprint(Seq('ATGGCCATTGTAATGGGCCGCTGA').translate())\n"
    assert _issues(request, kept) == []


def test_escaped_backslash_in_the_source_counts_as_the_same_data() -> None:
    request = r"Is C/C=C\C(=O)O the Z isomer?"
    assert _issues(request, "smiles = 'C/C=C\\\\C(=O)O'\n") == []


def test_agent_default_validators_include_it() -> None:
    assert uses_request_data in BUILTIN_VALIDATORS
    verdict = run_validators(
        ProgramOutput(f"MW of {CAFFEINE}?", "print(194.19)\n", "194.19\n"), BUILTIN_VALIDATORS
    )
    assert not verdict.ok and verdict.errors[0].validator == "uses_request_data"
