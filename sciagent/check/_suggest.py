"""Nearest real names for a name that does not exist.

Sources, best first: members of the same module or class that look much
alike (a case slip, a typo, or an abbreviation such as ``MolWt`` for
``MolecularWeight``); members whose documentation means what the words of the
invented name say (the searcher's dense and BM25 ranking, kept to the
receiver's own members, and for an instance to functions that take it:
``gc_fraction(s)`` for ``s.gc_content``); weaker look-alikes; and the same
name elsewhere in the library (``rdkit.Chem.Lipinski.NumHDonors`` for
``rdkit.Chem.NumHDonors``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import SciagentError
from ..records import Hit
from ._catalog import Catalog, LibraryInfo

MAX_SUGGESTIONS = 4
#: similarity (difflib ratio) above which a look-alike is a typo's fix, ranked before meaning
STRONG_LOOK = 0.8
_MEMBER_KINDS = frozenset({"method", "property", "attribute"})
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


@dataclass
class Suggestions:
    """Real names for an invented one, best first.

    ``members`` are names of the same module or class (strong look-alikes,
    then by meaning); ``calls`` are library functions that take the receiver
    (``Bio.SeqUtils.gc_fraction`` for a ``Seq``); ``weak`` are looser
    look-alikes; ``elsewhere`` are full paths of the same name in another module.
    """

    members: list[str] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    weak: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    #: whether what fits the receiver means the invented name better than another
    #: class's member of that very name does (then that class is no fix)
    fits: bool = False
    #: members (as ``.name``) and calls (as paths) in one order, best first
    order: list[str] = field(default_factory=list)

    def on(self, path: str, written: str) -> tuple[list[str], list[str]]:
        """(full paths, as the program would write them) for a receiver at ``path``."""
        items = list(dict.fromkeys(self.order))[:MAX_SUGGESTIONS]
        paths = [f"{path}{i}" if i.startswith(".") else i for i in items]
        shown = [f"{written}{i}" if i.startswith(".") else f"{i}({written})" for i in items]
        return paths, shown

    @property
    def names(self) -> list[str]:
        """Member names, best first: members, then weak look-alikes."""
        return list(dict.fromkeys([*self.members, *self.weak]))[:MAX_SUGGESTIONS]


def _strong(name: str, candidate: str) -> bool:
    """A typo, a case slip or an abbreviation: the look outweighs the meaning."""
    a, b = name.lower(), candidate.lower()
    return (
        a == b
        or _abbreviates(candidate, name)
        or _abbreviates(name, candidate)
        or difflib.SequenceMatcher(None, a, b).ratio() >= STRONG_LOOK
    )


def by_meaning(
    catalog: Catalog,
    library: LibraryInfo,
    container: str,
    name: str,
    candidates: set[str],
    receiver: str | None = None,
) -> tuple[list[str], bool]:
    """(ranked fixes, fits) for ``name``'s words: ``.member`` of ``container``, or a
    function's path that takes a ``receiver``.

    The searcher ranks the whole library by the words of the invented name
    (``angular distance``); a hit counts when it is a member of ``container``
    (by path, or by name among ``candidates`` when the class serves it from
    another, as ``SkyCoord`` serves its frame's ``separation``), or, for an
    instance, a function whose first parameter takes that class.  Ranking
    order is kept: meaning first, then the receiver's type decides.  ``fits``
    is False when another class's member called ``name`` ranks first (a frame
    calling ``SkyCoord.directional_offset_by``: the fix is a ``SkyCoord``).
    """
    words = " ".join(_WORDS.findall(name)) or name
    try:
        hits = catalog.related(words)
    except SciagentError:
        return [], False
    containers = set(catalog.all_paths(container))
    members: list[str] = []
    calls: list[str] = []
    order: list[str] = []  # both, as the ranking had them
    namesake_first = False  # another class's `name` ranks before anything that fits
    for hit in hits:
        if hit.library != library.name:
            continue
        paths = (hit.qualname, *hit.aliases)
        owned = [p.rpartition(".")[2] for p in paths if p.rpartition(".")[0] in containers]
        last = hit.qualname.rpartition(".")[2]
        if not owned and hit.kind in _MEMBER_KINDS and last in candidates:
            owned = [last]
        if owned and owned[0] != name:
            members.append(owned[0])
            order.append("." + owned[0])
        elif receiver is not None and hit.kind == "function" and _takes(catalog, hit, receiver):
            calls.append(hit.path or hit.qualname)  # the path every surface shows
            order.append(calls[-1])
        elif last == name and not (members or calls):
            namesake_first = True
    fits = bool(members or calls) and not namesake_first
    return list(dict.fromkeys(order))[:MAX_SUGGESTIONS], fits


def _takes(catalog: Catalog, hit: Hit, receiver: str) -> bool:
    """The function's first parameter is a ``receiver`` (annotated so, or named after it).

    ``gc_fraction(seq)`` takes a ``Seq``, ``CalcNumRings((Mol)mol)`` a ``Mol``,
    ``f(coord)`` a ``SkyCoord``: the class's name, or its tail of 3+ letters.
    """
    rec = catalog.record(hit.qualname)
    cls = receiver.rpartition(".")[2]
    for sig in rec.signatures if rec is not None else []:
        params = [p for p in sig.params if p.kind not in {"VAR_POSITIONAL", "VAR_KEYWORD"}]
        if not params:
            continue
        first = params[0]
        if first.annotation and re.search(rf"\b{re.escape(cls)}\b", first.annotation):
            return True
        pname = first.name.lower()
        if len(pname) >= 3 and cls.lower().endswith(pname):
            return True
    return False


def suggest_members(
    catalog: Catalog,
    library: LibraryInfo,
    container: str,
    name: str,
    extra: Iterable[str] = (),
    *,
    receiver: str | None = None,
) -> Suggestions:
    """Real names for ``container.name``: look-alikes, then by meaning, then elsewhere.

    A typo's fix looks like it (``GetNumAtom``); an invented name's fix means
    the same (``angular_distance`` is ``separation``, not ``galcen_distance``),
    so a strong look-alike is the answer when there is one; otherwise members
    by meaning (with functions that take the ``receiver`` instance), then
    weaker look-alikes.
    """
    containers = set(catalog.all_paths(container))
    candidates = catalog.member_names(container) | set(extra)
    near = look_alike(name, candidates)
    strong = [c for c in near if _strong(name, c)]
    meant: list[str] = []
    fits = False
    if not strong:  # a typo's fix is its look-alike; meaning would only add noise
        meant, fits = by_meaning(catalog, library, container, name, candidates, receiver)
    if not fits:
        meant = []  # another class's namesake means it better: no guesses
    members = [m[1:] for m in meant if m.startswith(".")]
    ranked = list(dict.fromkeys([*strong, *members]))[:MAX_SUGGESTIONS]
    weak = [c for c in near if c not in ranked]
    others = catalog.elsewhere(library, name, containers)[:2]
    order = [f".{c}" for c in strong] + meant + [f".{c}" for c in weak]
    calls = [m for m in meant if not m.startswith(".")]
    return Suggestions(ranked, calls, weak, others, bool(strong) or fits, order)
