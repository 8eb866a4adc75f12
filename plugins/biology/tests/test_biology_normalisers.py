"""The biology plugin's answer normaliser."""

from __future__ import annotations

import pytest
from sciagent_biology import plugin
from sciagent_biology.normalisers import NORMALISERS, sequence_key


def test_plugin_declares_the_normalisers() -> None:
    assert plugin.normalisers == NORMALISERS == (sequence_key,)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("atggcc", "ATGGCC"),
        ("ATG GCC ATT G", "ATGGCCATTG"),  # codon blocks
        ("atggccattg taatgggccg", "ATGGCCATTGTAATGGGCCG"),  # GenBank blocks of ten
        ("maivmgr*", "MAIVMGR*"),
        ("cccc", "CCCC"),
    ],
)
def test_case_and_spacing_do_not_matter(a: str, b: str) -> None:
    assert sequence_key(a) == b


def test_the_stop_is_kept() -> None:
    assert sequence_key("MAIVMGR*") != sequence_key("MAIVMGR")


@pytest.mark.parametrize(
    "answer",
    [
        "",
        "1.5",
        "ACGT1",
        "Homo sapiens",
        "The protein is MAIVMGR",
        "True",
        "M A I",
        "AT-GC",
        "CCO",
        "OCC",
        "CCCC",
        "\x00",
    ],  # CCO and CCCC: left to the chemistry normaliser
)
def test_prose_numbers_and_smiles_letters_are_not_claimed(answer: str) -> None:
    assert sequence_key(answer) is None
