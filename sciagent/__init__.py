"""sciagent: ground a language model in the scientific libraries installed here.

The public API is listed in ``__all__``.  The root is a facade that surfaces
and users import; it loads nothing on import but its version: each name is
imported from its home module on first use (PEP 562), so ``from sciagent
import Plugin`` in a plugin package, or the introspection walker's
subprocess, does not load the engine (the index, FAISS, the sandbox, the
agent and LangChain).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:
    from .agent import Agent, AgentResult, Attempt, Expect, run
    from .api import build_index, close, search
    from .check import Finding, check_code
    from .errors import (
        IndexCorruptError,
        IndexLockedError,
        IndexMissingError,
        IndexStaleError,
        LibraryMissingError,
        NoPluginsError,
        PluginError,
        QueryError,
        SciagentError,
    )
    from .execution import run_code
    from .plugin import Example, Library, Plugin, PluginSet, Recipe, load_plugins
    from .records import ApiRecord, Hit, Param, Signature
    from .retrieval import Searcher
    from .sandbox import (
        Limits,
        RunError,
        RunResult,
        SandboxError,
        SandboxPool,
        detect_tier,
    )
    from .validation import Issue, ProgramOutput, Verdict, run_validators

#: each public name and the module it is imported from on first use
_HOMES: dict[str, str] = {
    **dict.fromkeys(("Agent", "AgentResult", "Attempt", "Expect", "run"), "agent"),
    **dict.fromkeys(("build_index", "close", "search"), "api"),
    **dict.fromkeys(("Finding", "check_code"), "check"),
    **dict.fromkeys(
        (
            "IndexCorruptError",
            "IndexLockedError",
            "IndexMissingError",
            "IndexStaleError",
            "LibraryMissingError",
            "NoPluginsError",
            "PluginError",
            "QueryError",
            "SciagentError",
        ),
        "errors",
    ),
    **dict.fromkeys(
        ("Example", "Library", "Plugin", "PluginSet", "Recipe", "load_plugins"), "plugin"
    ),
    **dict.fromkeys(("ApiRecord", "Hit", "Param", "Signature"), "records"),
    "Searcher": "retrieval",
    **dict.fromkeys(
        (
            "Limits",
            "RunError",
            "RunResult",
            "SandboxError",
            "SandboxPool",
            "detect_tier",
        ),
        "sandbox",
    ),
    "run_code": "execution",  # the sandbox's, with the installed plugins' preloads
    **dict.fromkeys(("Issue", "ProgramOutput", "Verdict", "run_validators"), "validation"),
}

#: subpackages and modules that ``import sciagent`` used to load eagerly: still
#: reachable as attributes (``sciagent.retrieval``) without importing them by name
_MODULES = frozenset(
    {"api", "check", "config", "errors", "index", "plugin", "records", "retrieval", "sandbox"}
    | {"validation", "request", "vocabulary", "defaults"}
    # batch runs: the package is callable, sciagent.batch(rows) == sciagent.batch.batch(rows)
    | {"batch"}
)


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is not None:
        value = getattr(importlib.import_module(f".{home}", __name__), name)
        globals()[name] = value  # later lookups skip this function
        return value
    if name in _MODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'sciagent' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def load_ipython_extension(ipython: object) -> None:
    """``%load_ext sciagent``: the magics of :mod:`sciagent.jupyter` (IPython loads only now)."""
    from .jupyter import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython: object) -> None:
    """``%unload_ext sciagent``."""
    from .jupyter import unload_ipython_extension as unload

    unload(ipython)


__all__ = [
    "Agent",
    "AgentResult",
    "ApiRecord",
    "Attempt",
    "Example",
    "Expect",
    "Finding",
    "Hit",
    "IndexCorruptError",
    "IndexLockedError",
    "IndexMissingError",
    "IndexStaleError",
    "Issue",
    "Library",
    "LibraryMissingError",
    "Limits",
    "NoPluginsError",
    "Param",
    "Plugin",
    "PluginError",
    "PluginSet",
    "ProgramOutput",
    "QueryError",
    "Recipe",
    "RunError",
    "RunResult",
    "SandboxError",
    "SandboxPool",
    "SciagentError",
    "Searcher",
    "Signature",
    "Verdict",
    "__version__",
    "batch",
    "build_index",
    "check_code",
    "close",
    "detect_tier",
    "load_plugins",
    "run",
    "run_code",
    "run_validators",
    "search",
]
