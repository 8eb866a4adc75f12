"""SMILES in a program's answer, drawn as SVG by RDKit in the displaying process (a notebook's).

Only *data* crosses over: a string the sandboxed program printed or returned
is parsed with ``Chem.MolFromSmiles`` and drawn with ``MolDraw2DSVG``.  The
generated program itself never runs here.  Without RDKit nothing is drawn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

MAX_MOLECULES = 4
MAX_ATOMS = 150
MAX_TOKEN = 300

#: characters a SMILES string may contain; anything else rules a token out
_SMILES_CHARS = re.compile(r"^[A-Za-z0-9@+\-\[\]\(\)=#$%/\\.:*]+$")
#: characters that only SMILES (not plain words or numbers) tend to have
_STRUCTURAL = re.compile(r"[\[\]\(\)=#@/\\%]|[a-zA-Z]\d|[cnops]{2}")
#: a chain of organic-subset atoms written out in letters ("CCO", "CCCl")
_ATOM_CHAIN = re.compile(r"^(?:Cl|Br|[BCNOPSFI])+$")
_USES_RDKIT = re.compile(r"^\s*(from\s+rdkit\b|import\s+rdkit\b)", re.MULTILINE)


def uses_rdkit(code: str | None) -> bool:
    """The program imports RDKit (so a string in its answer may well be a SMILES)."""
    return bool(code) and bool(_USES_RDKIT.search(code or ""))


def looks_like_smiles(token: str) -> bool:
    """A cheap filter before RDKit: SMILES characters, and not a bare word or number."""
    if not 2 <= len(token) <= MAX_TOKEN or not _SMILES_CHARS.match(token):
        return False
    if not any(c.isalpha() for c in token):
        return False
    return bool(_STRUCTURAL.search(token)) or (len(token) >= 3 and bool(_ATOM_CHAIN.match(token)))


def parse_smiles(token: str) -> Any | None:
    """An RDKit molecule, or None (no RDKit, not a SMILES, or too large to draw)."""
    if not looks_like_smiles(token):
        return None
    try:
        from rdkit import Chem, rdBase
    except ImportError:
        return None
    blocker = rdBase.BlockLogs()  # a failed parse must not spray the notebook's stderr
    try:
        mol = Chem.MolFromSmiles(token)
    except Exception:
        mol = None
    finally:
        del blocker
    if mol is None or not 0 < mol.GetNumAtoms() <= MAX_ATOMS:
        return None
    return mol


def candidates(*sources: Any) -> list[str]:
    """String tokens from values (str, list/dict of str) and text (whitespace split)."""
    found: list[str] = []

    def add(text: str) -> None:
        for raw in text.split():
            token = raw.strip("'\"`,;")
            token = token[:-1] if token.endswith(".") else token
            if token and token not in found:
                found.append(token)

    for source in sources:
        if isinstance(source, str):
            add(source)
        elif isinstance(source, list):
            for item in source[:50]:
                if isinstance(item, str):
                    add(item)
        elif isinstance(source, dict):
            for item in list(source.values())[:50]:
                if isinstance(item, str):
                    add(item)
    return found


def molecules(tokens: Iterable[str]) -> list[tuple[str, Any]]:
    """(SMILES, molecule) pairs for the tokens that parse, at most :data:`MAX_MOLECULES`."""
    found: list[tuple[str, Any]] = []
    for token in tokens:
        mol = parse_smiles(token)
        if mol is not None:
            found.append((token, mol))
            if len(found) >= MAX_MOLECULES:
                break
    return found


def mol_svg(mol: Any, width: int = 300, height: int = 220) -> str:
    """An RDKit molecule drawn by ``rdMolDraw2D.MolDraw2DSVG`` (no XML prolog)."""
    from rdkit.Chem.Draw import rdMolDraw2D

    drawer = rdMolDraw2D.MolDraw2DSVG(width, height)
    rdMolDraw2D.PrepareAndDrawMolecule(drawer, mol)
    drawer.FinishDrawing()
    svg: str = drawer.GetDrawingText()
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def molecules_html(tokens: Iterable[str]) -> str:
    """SVG drawings of the SMILES among ``tokens`` (empty when there are none)."""
    from html import escape

    drawn = []
    for smiles, mol in molecules(tokens):
        try:
            svg = mol_svg(mol)
        except Exception:  # a molecule RDKit parses but cannot lay out
            continue
        drawn.append(
            '<figure class="sciagent-molecule" style="display:inline-block;margin:0.3em">'
            f"{svg}<figcaption><code>{escape(smiles)}</code></figcaption></figure>"
        )
    return f'<div class="sciagent-molecules">{"".join(drawn)}</div>' if drawn else ""
