"""Nearest real names for a name that does not exist.

Three sources, best first: members of the same module or class that look
alike (a case slip, edit distance, or an abbreviation such as ``MolWt`` for
``MolecularWeight``); members whose documentation matches the words of the
invented name (lexical search); and the same name elsewhere in the library
(``rdkit.Chem.Lipinski.NumHDonors`` for ``rdkit.Chem.NumHDonors``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from ..errors import SciagentError
from ._catalog import Catalog, LibraryInfo

MAX_SUGGESTIONS = 4
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def look_alike(name: str, candidates: Iterable[str], n: int = MAX_SUGGESTIONS) -> list[str]:
    """Candidates that look like ``name``, nearest first."""
    pool = sorted({c for c in candidates if c and c != name and not c.startswith("_")})
    lowered: dict[str, list[str]] = {}
    for c in pool:
        lowered.setdefault(c.lower(), []).append(c)
    found = list(lowered.get(name.lower(), []))
    for low in difflib.get_close_matches(name.lower(), list(lowered), n=n, cutoff=0.6):
        found.extend(lowered[low])
    abbreviations = [c for c in pool if _abbreviates(c, name) or _abbreviates(name, c)]
    abbreviations.sort(
        key=lambda c: -difflib.SequenceMatcher(None, c.lower(), name.lower()).ratio()
    )
    found.extend(abbreviations)
    return list(dict.fromkeys(found))[:n]


def _abbreviates(short: str, long: str) -> bool:
    """``MolWt`` abbreviates ``MolecularWeight``: same start, letters in order, each word kept."""
    s, lo = short.lower(), long.lower()
    if len(s) < 3 or len(s) >= len(lo) or s[0] != lo[0]:
        return False
    it = iter(lo)
    if not all(ch in it for ch in s):
        return False
    short_words = [w.lower() for w in _WORDS.findall(short)]
    long_words = [w.lower() for w in _WORDS.findall(long)]
    return len(short_words) == len(long_words) and all(
        lw.startswith(sw[0]) for sw, lw in zip(short_words, long_words, strict=True)
    )


def by_meaning(catalog: Catalog, name: str, containers: set[str]) -> list[str]:
    """Members of ``containers`` whose records match the words of ``name``."""
    words = " ".join(_WORDS.findall(name)) or name
    try:
        hits = catalog.related(words)
    except SciagentError:
        return []
    out = []
    for hit in hits:
        for path in (hit.qualname, *hit.aliases):
            parent, _, last = path.rpartition(".")
            if parent in containers:
                out.append(last)
                break
    return out[:2]


def suggest_members(
    catalog: Catalog,
    library: LibraryInfo,
    container: str,
    name: str,
    extra: Iterable[str] = (),
) -> tuple[list[str], list[str]]:
    """(member names of ``container`` like ``name``, full paths of ``name`` elsewhere)."""
    containers = set(catalog.all_paths(container))
    candidates = catalog.member_names(container) | set(extra)
    near = look_alike(name, candidates)
    if not near:
        near = by_meaning(catalog, name, containers)
    others = catalog.elsewhere(library, name, containers)[:2]
    return near, others
