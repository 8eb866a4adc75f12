"""The chemistry plugin's answer normaliser, on real RDKit parsing."""

from __future__ import annotations

import pytest
from sciagent_chemistry import plugin
from sciagent_chemistry.normalisers import NORMALISERS, canonical_smiles


def test_plugin_declares_the_normalisers() -> None:
    assert plugin.normalisers == NORMALISERS == (canonical_smiles,)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("OCC", "CCO"),
        ("OC(C)=O", "CC(=O)O"),
        ("C1=CC=CC=C1", "c1ccccc1"),
        ("O.CCO", "CCO.O"),  # a mixture, fragments in any order
        ("'CCO'", "CCO"),  # a printed repr
        ("C", "[CH4]"),
    ],
)
def test_spellings_of_one_molecule_share_a_key(a: str, b: str) -> None:
    key = canonical_smiles(a)
    assert key is not None and key == canonical_smiles(b)


def test_different_molecules_have_different_keys() -> None:
    assert canonical_smiles("CCO") != canonical_smiles("CCCO")


@pytest.mark.parametrize(
    "answer",
    [
        "",
        "1",
        "1.5",
        "-3",
        "1e-3",
        "ethanol",
        "CCO, CCC",
        "C C",
        "True",
        "None",
        "nan",
        "inf",
        "C1CC(",
        "c1cccc1",
        "NO",
        "ON",
        "194.08 C8H10N4O2",
        "[#6]",
        "CC>>CO",
        "\x00",
        "((((",
    ],
)
def test_numbers_words_lists_and_bad_smiles_are_not_claimed(answer: str) -> None:
    assert canonical_smiles(answer) is None
