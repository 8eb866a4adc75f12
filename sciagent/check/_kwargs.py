"""Keywords a ``**kwargs`` callable swallows: does its documentation name them?

Python accepts any keyword into ``**kwargs``, so a misspelt keyword
(``Table.read(..., fromat="csv")``) binds, and fails late or, worse, is
silently ignored.  The only evidence against it is the documentation: the
keywords a docstring lists (numpydoc ``Parameters``/``Other Parameters``,
Google ``Args:``/``Keyword Args:``, reST ``:param x:``).  That evidence is
weak, so what this module finds is a warning, and only for a keyword that
looks like a misspelling of one the callable names or documents (``fromat``
for ``format``, ``x_stdev`` for ``x_stddev``): nothing when the docstring
lists no keyword, and nothing for a keyword unlike every listed one.

Why not every unlisted keyword: docstrings leave out what ``**kwargs`` hands
on.  Astropy's ``Latitude`` documents ``angle, unit`` and takes ``copy`` and
``dtype`` through to ``Angle``; a model documents its parameters, not the
``name``, ``bounds``, ``fixed`` every model takes; the index keeps only the
first few thousand characters of a docstring.  Half of ten correct calls to
such classes drew a warning under that rule; a look-alike is a typo far more
often than a coincidence.  Whether the docstring says it forwards keywords
(``passed to``, a documented ``**kwargs``) only changes what the message says.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from ..records import ApiRecord

#: numpydoc sections whose entries are keywords a callable accepts
_NUMPYDOC = ("Parameters", "Other Parameters", "Keyword Arguments", "Keyword Args")
#: Google-style section headers, written ``Args:`` on a line of their own
_GOOGLE = re.compile(
    r"^(?P<indent>[ \t]*)(?:Args|Arguments|Keyword Args|Keyword Arguments|Kwargs|"
    r"Other Parameters|Parameters):[ \t]*$",
    re.M,
)
#: a Google entry: ``name (type): text`` or ``name: text``
_GOOGLE_ENTRY = re.compile(r"^(?P<name>\*{0,2}[A-Za-z_]\w*)\s*(?:\([^)]*\))?\s*:")
#: reST fields: ``:param x:``, ``:param int x:``, ``:keyword x:``, ``:kwarg x:``
_REST = re.compile(
    r"^\s*:(?:param|parameter|arg|argument|key|keyword|kwarg)\s+(?:[^:]*\s)?(\*{0,2}\w+)\s*:",
    re.M,
)
#: a numpydoc section header: a title, then a line of dashes
_NUMPY_SECTION = re.compile(r"^[ \t]*(?P<title>[A-Z][A-Za-z ]+)\n[ \t]*-{3,}[ \t]*$", re.M)
#: a numpydoc entry line: ``name : type`` or ``a, b : type`` or ``name``
_NUMPY_ENTRY = re.compile(r"^(?P<names>\*{0,2}[A-Za-z_][\w, *]*?)\s*(?::.*)?$")
#: prose saying extra keywords go on to something else
_FORWARDS = re.compile(
    r"\b(?:passed|handed|sent|forwarded|propagated|relayed)\s+(?:on\s+|along\s+|directly\s+|"
    r"through\s+|down\s+)*(?:to|into|through|on)\b"
    r"|\b(?:additional|extra|other|remaining|further|arbitrary|any|optional)\s+"
    r"(?:\w+\s+)?(?:keyword|named|kw)"
    r"|\bkeyword\s+arguments?\s+(?:are|is|will\s+be|get)\s+(?:passed|forwarded|given|used|sent)"
    r"|\*\*\s*\w+"  # the docstring talks about its own **kwargs
    r"|\bkwargs\b",
    re.I,
)
#: difflib ratio from which a keyword looks like a misspelling of a documented one
TYPO_RATIO = 0.8


@dataclass(frozen=True)
class Documented:
    """The keywords a docstring lists, and whether it says it forwards others."""

    names: tuple[str, ...]
    forwards: bool


@dataclass(frozen=True)
class Swallowed:
    """A keyword that ``**kwargs`` accepts but the documentation does not name."""

    keyword: str
    accepted: tuple[str, ...]  # the named parameters and the documented keywords
    near: tuple[str, ...]  # the closest of those, best first
    forwards: bool  # the documentation says extra keywords go on elsewhere


def takes_any_keyword(rec: ApiRecord) -> bool:
    """Python accepts any keyword: a ``**kwargs`` parameter, or a signature read from
    the docs (the indexer falls back to numpydoc only for ``(*args, **kwargs)``)."""
    return any(
        s.source == "numpydoc" or any(p.kind == "VAR_KEYWORD" for p in s.params)
        for s in rec.signatures
    )


def swallowed(rec: ApiRecord, keywords: tuple[str, ...]) -> list[Swallowed]:
    """The ``keywords`` of a call to ``rec`` that look like misspelt documented ones.

    Empty unless ``rec`` takes any keyword and its docstring lists keywords
    (see the module docstring for why only look-alikes are doubted).
    """
    if not keywords or not takes_any_keyword(rec):
        return []
    documented = documented_keywords(rec.doc)
    if not documented.names:
        return []
    named = [p.name for s in rec.signatures for p in s.params if p.kind not in _VARIADIC]
    accepted = tuple(dict.fromkeys([*named, *documented.names]))
    out = []
    for kw in keywords:
        near = () if kw in accepted else _near(kw, accepted, TYPO_RATIO)
        if near:
            out.append(Swallowed(kw, accepted, near, documented.forwards))
    return out


_VARIADIC = frozenset({"VAR_POSITIONAL", "VAR_KEYWORD"})


@lru_cache(maxsize=4096)
def documented_keywords(doc: str) -> Documented:
    """The keyword names a docstring lists (numpydoc, Google or reST), and whether
    it says, in prose or by documenting a ``**name``, that it forwards others."""
    doc = doc.expandtabs()
    entries = [*_numpydoc_names(doc), *_google_names(doc), *_REST.findall(doc)]
    names = tuple(dict.fromkeys(n for n in entries if not n.startswith("*")))
    variadic = any(n.startswith("**") for n in entries)
    return Documented(names, variadic or _FORWARDS.search(doc) is not None)


def _numpydoc_names(doc: str) -> list[str]:
    """Entries of the numpydoc keyword sections (``a, b : type`` gives both)."""
    headers = list(_NUMPY_SECTION.finditer(doc))
    out: list[str] = []
    for i, header in enumerate(headers):
        if header.group("title").strip() not in _NUMPYDOC:
            continue
        stop = headers[i + 1].start() if i + 1 < len(headers) else len(doc)
        body = doc[header.end() : stop].splitlines()
        base = min((len(ln) - len(ln.lstrip()) for ln in body if ln.strip()), default=0)
        for line in body:
            if not line.strip() or len(line) - len(line.lstrip()) > base:
                continue  # a description line
            m = _NUMPY_ENTRY.match(line.strip())
            if m:
                out += [n.strip() for n in m.group("names").split(",") if _is_name(n.strip())]
    return out


def _google_names(doc: str) -> list[str]:
    """Entries of Google ``Args:``-style sections: ``name (type): text`` at the entry indent."""
    out: list[str] = []
    for header in _GOOGLE.finditer(doc):
        base = len(header.group("indent"))
        entry_indent: int | None = None
        for line in doc[header.end() + 1 :].splitlines():
            indent = len(line) - len(line.lstrip())
            if not line.strip():
                continue
            if indent <= base:
                break  # the section ends where the text comes back to the header's level
            entry_indent = indent if entry_indent is None else entry_indent
            m = _GOOGLE_ENTRY.match(line.strip()) if indent == entry_indent else None
            if m:
                out.append(m.group("name"))
    return out


def _is_name(text: str) -> bool:
    return text.lstrip("*").isidentifier()


def _near(keyword: str, names: tuple[str, ...], cutoff: float) -> tuple[str, ...]:
    """Names ``keyword`` looks like: a case or underscore slip first, then by difflib."""
    squash = keyword.lower().replace("_", "")
    slips = [n for n in names if n.lower().replace("_", "") == squash]
    close = difflib.get_close_matches(keyword, names, n=3, cutoff=cutoff)
    return tuple(dict.fromkeys([*slips, *close]))
