"""Static check of generated code against the index, before it runs.

``check_code(code)`` finds invented names (module attributes, classes, methods
of the types a program obviously holds), keywords no overload accepts and
wrong argument counts, in the libraries the plugins index; each
:class:`Finding` names the nearest real APIs.  Names the index does not list
are confirmed by live introspection (one sandboxed probe that imports only
modules the index lists) before they are reported: the bar is no false alarm on correct code.  Everything not rooted in
an indexed library (numpy, the standard library, the program's own functions)
is left alone.

:func:`check_program` also returns what the checker resolved on the way: the
indexed APIs the program names through its imports (an agent result's "APIs
used"); :func:`apis_of` returns only those, without checking.

:func:`fix_imports` repairs what needs no model: a conventional name used but
never imported (``u.deg``), or shadowed by a same-named member
(``from astropy.units import u``).
"""

from __future__ import annotations

import ast
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import _live
from ._catalog import Catalog, catalog_for
from ._findings import Finding, FindingKind
from ._imports import PYTHON_IMPORTS, FixedProgram, fix_imports, import_statement
from ._resolve import Analysis, Analyzer, Pending
from ._signatures import checks_arguments

if TYPE_CHECKING:
    from ..records import ApiRecord
    from ..retrieval import Searcher

__all__ = [
    "PYTHON_IMPORTS",
    "Checked",
    "Finding",
    "FindingKind",
    "FixedProgram",
    "apis_of",
    "check_code",
    "check_many",
    "check_program",
    "checks_arguments",
    "fix_imports",
    "import_statement",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checked:
    """A program's findings, and the indexed APIs the checker resolved in it.

    ``apis`` holds one record per API (modules left out) that a dotted name
    rooted in an import reaches (``Descriptors.MolWt``, ``u.deg``), longest
    written path first; members reached through values (``mol.GetNumAtoms()``)
    are not listed.
    """

    findings: list[Finding]
    apis: list[ApiRecord] = field(default_factory=list)


def check_code(code: str, *, searcher: Searcher | None = None, live: bool = True) -> list[Finding]:
    """Problems in ``code`` that the index (and live introspection) can prove.

    ``live=False`` skips the sandboxed probe: what only the live libraries could
    confirm is then reported as a ``"warning"`` that says it is unverified, and
    only where the index could know the name (a called function or class, a
    module, a call's signature); a value the index does not list (a unit such
    as ``u.deg``, a constant, an instance attribute, a name served by
    ``__getattr__``) is not claimed missing.  Never raises on odd code: a
    syntax error is one finding of kind ``"syntax"``.
    """
    return check_many([code], searcher=searcher, live=live)[0]


def check_program(code: str, *, searcher: Searcher | None = None, live: bool = True) -> Checked:
    """:func:`check_code`'s findings, with the APIs the program uses as the checker resolved them."""
    return _check_all([code], searcher, live)[0]


def apis_of(code: str, *, searcher: Searcher | None = None) -> list[ApiRecord]:
    """The indexed APIs a program names through its imports (see :class:`Checked`).

    The checker's resolution alone: no live probe, no suggestions; nothing for a
    program that does not parse.
    """
    analysis = _analyze(catalog_for(_searcher(searcher)), code)
    return [] if isinstance(analysis, Finding) else _apis(analysis)


def check_many(
    codes: list[str], *, searcher: Searcher | None = None, live: bool = True
) -> list[list[Finding]]:
    """:func:`check_code` for several programs, with one live probe for all."""
    return [c.findings for c in _check_all(codes, searcher, live)]


def _searcher(searcher: Searcher | None) -> Searcher:
    if searcher is None:
        from ..defaults import default_searcher

        searcher = default_searcher()
    return searcher


def _check_all(codes: list[str], searcher: Searcher | None, live: bool) -> list[Checked]:
    catalog = catalog_for(_searcher(searcher))
    analyses: list[Analysis | Finding] = [_analyze(catalog, code) for code in codes]
    pending = [(i, p) for i, a in enumerate(analyses) if isinstance(a, Analysis) for p in a.pending]
    confirmed: dict[int, list[Finding]] = {}
    for i, finding in _settle(pending, analyses, catalog, live):
        confirmed.setdefault(i, []).append(finding)
    out: list[Checked] = []
    for i, a in enumerate(analyses):
        if isinstance(a, Finding):
            out.append(Checked([a]))
            continue
        found = {(f.line, f.col, f.kind, f.name): f for f in [*a.findings, *confirmed.get(i, [])]}
        out.append(Checked(sorted(found.values(), key=lambda f: (f.line, f.col, f.name)), _apis(a)))
    return out


def _settle(
    pending: list[tuple[int, Pending]],
    analyses: list[Analysis | Finding],
    catalog: Catalog,
    live: bool,
) -> list[tuple[int, Finding]]:
    """The pending findings that hold: confirmed live, or unverified warnings without it.

    Without the live check, only what the index can know is reported, as a
    warning that says it is unverified (see :class:`~._resolve.Pending`).
    """
    if not live:
        made = [(i, p.make({}, False)) for i, p in pending if p.indexable]
        return [(i, f) for i, f in made if f is not None]
    answers: list[dict[str, Any] | None] = []
    if pending:
        imports = sorted({m for a in analyses if isinstance(a, Analysis) for m in a.imports})
        questions = [(p.library.version, p.question) for _, p in pending]
        answers = _live.ask(questions, imports, catalog.modules)
    out: list[tuple[int, Finding]] = []
    for (i, p), answer in zip(pending, answers, strict=True):
        if answer is None or (
            answer.get("exists") is not False and answer.get("binds") is not False
        ):
            continue  # no answer, or "exists" / "cannot tell": never claimed
        finding = p.make(answer, True)
        if finding is not None:
            out.append((i, finding))
    return out


def _apis(analysis: Analysis) -> list[ApiRecord]:
    """One record per API, longest resolved path first (walk order among equals)."""
    seen: dict[str, ApiRecord] = {}
    for _, rec in sorted(analysis.uses, key=lambda use: -len(use[0])):
        seen.setdefault(rec.qualname, rec)
    return list(seen.values())


def _analyze(catalog: Catalog, code: str) -> Analysis | Finding:
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        line = exc.lineno or 1
        text = f"syntax error: {exc.msg} (line {line})"
        return Finding(line, max((exc.offset or 1) - 1, 0), "", "syntax", text, [])
    except (ValueError, RecursionError, MemoryError) as exc:  # NUL bytes, absurd nesting
        return Finding(1, 0, "", "syntax", f"cannot parse the program: {exc}", [])
    try:
        return Analyzer(catalog, tree).run()
    except RecursionError:
        log.warning("program too deeply nested to check")
        return Analysis()
