"""Does a call fit a known signature?  Bind its shape to every overload.

Only the call's *shape* is bound (how many positional arguments, which keyword
names): values are never evaluated.  A call is fine when any overload accepts
it, and undecided (so fine) when a signature cannot be trusted: numpydoc- or
first-line-derived signatures describe what a ``(*args, **kwargs)`` callable
documents, not what Python enforces.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import keyword
from dataclasses import dataclass, field

from ..records import Param, Signature

#: Signature sources whose parameter lists Python itself enforces.
JUDGED_SOURCES = frozenset({"inspect", "boost"})
_P = inspect.Parameter
_KINDS = {
    k.name: k
    for k in (
        _P.POSITIONAL_ONLY,
        _P.POSITIONAL_OR_KEYWORD,
        _P.VAR_POSITIONAL,
        _P.KEYWORD_ONLY,
        _P.VAR_KEYWORD,
    )
}


@dataclass(frozen=True)
class CallShape:
    """What a call passes: positional counts to try, and keyword names."""

    counts: tuple[int, ...]  # several when a method may be reached bound or unbound
    keywords: tuple[str, ...]


@dataclass
class Verdict:
    """Why no overload accepts a call."""

    kind: str  # "bad-keyword" | "arity"
    reason: str
    bad_keywords: list[str] = field(default_factory=list)
    suggestions: dict[str, list[str]] = field(default_factory=dict)  # keyword -> nearest names


def judge(signatures: list[Signature], shape: CallShape) -> Verdict | None:
    """``None`` when some overload accepts ``shape`` or nothing can be decided."""
    if not signatures or any(s.source not in JUDGED_SOURCES for s in signatures):
        return None
    compiled = [_compile(_key(s.params)) for s in signatures]
    if any(c is None for c in compiled):
        return None
    reasons: list[str] = []
    for sig in compiled:
        assert sig is not None
        for n in shape.counts:
            try:
                sig.bind(*([None] * n), **dict.fromkeys(shape.keywords))
                return None
            except TypeError as exc:
                reasons.append(str(exc))
    names = {p.name for s in signatures for p in s.params}
    takes_any = any(p.kind == "VAR_KEYWORD" for s in signatures for p in s.params)
    bad = [] if takes_any else [k for k in shape.keywords if k not in names]
    if bad:
        return Verdict(
            kind="bad-keyword",
            reason=f"no parameter named {', '.join(f'`{k}`' for k in bad)}",
            bad_keywords=bad,
            suggestions={k: nearest_keywords(k, names) for k in bad},
        )
    return Verdict(kind="arity", reason=reasons[0] if reasons else "no signature matches")


def checks_arguments(signatures: list[Signature]) -> bool:
    """Whether :func:`judge` can ever refuse a call to a callable with ``signatures``.

    Not when there is none, when one is read from documentation (the callable
    itself takes ``*args, **kwargs``), or when every one is only ``*args,
    **kwargs``: any call binds.  ``plugins check`` reports the share of such APIs.
    """
    if not signatures or any(s.source not in JUDGED_SOURCES for s in signatures):
        return False
    return not all(_takes_anything(s) for s in signatures)


def _takes_anything(signature: Signature) -> bool:
    """``(*args, **kwargs)``: parameters, all of them variadic (``()`` takes nothing)."""
    real = [p for p in signature.params if p.name not in {"self", "cls"}]
    return bool(real) and all(p.kind in {"VAR_POSITIONAL", "VAR_KEYWORD"} for p in real)


def nearest_keywords(name: str, names: set[str]) -> list[str]:
    lowered = {n.lower(): n for n in names}
    exact = [lowered[name.lower()]] if name.lower() in lowered else []
    close = difflib.get_close_matches(name, sorted(names), n=3, cutoff=0.6)
    return list(dict.fromkeys([*exact, *close]))


def _key(params: list[Param]) -> tuple[tuple[str, str, bool], ...]:
    return tuple((p.name, p.kind, p.has_default) for p in params)


@functools.lru_cache(maxsize=20_000)
def _compile(key: tuple[tuple[str, str, bool], ...]) -> inspect.Signature | None:
    """An ``inspect.Signature`` to bind against; ``None`` if the params are not valid Python."""
    params = []
    for name, kind, has_default in key:
        if not name.isidentifier() or keyword.iskeyword(name) or kind not in _KINDS:
            return None
        default = None if has_default else inspect.Parameter.empty
        params.append(inspect.Parameter(name, _KINDS[kind], default=default))
    try:
        return inspect.Signature(params)
    except (ValueError, TypeError):
        return None
