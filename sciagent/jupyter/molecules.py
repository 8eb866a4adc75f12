"""Moved to :mod:`sciagent.render.molecules` (a leaf every surface shares); re-exported here."""

from __future__ import annotations

from ..render.molecules import (
    MAX_ATOMS,
    MAX_MOLECULES,
    MAX_TOKEN,
    candidates,
    looks_like_smiles,
    mol_svg,
    molecules,
    molecules_html,
    parse_smiles,
    uses_rdkit,
)

__all__ = [
    "MAX_ATOMS",
    "MAX_MOLECULES",
    "MAX_TOKEN",
    "candidates",
    "looks_like_smiles",
    "mol_svg",
    "molecules",
    "molecules_html",
    "parse_smiles",
    "uses_rdkit",
]
