"""sciagent: ground a language model in the scientific libraries installed here.

The public API is listed in ``__all__``.  Heavy parts (embedding model, FAISS,
the libraries themselves) load lazily, on first use.
"""

from __future__ import annotations

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
from .plugin import Example, Library, Plugin, PluginSet, Recipe, load_plugins
from .records import ApiRecord, Hit, Param, Signature
from .retrieval import Searcher
from .sandbox import Limits, RunError, RunResult, SandboxError, SandboxPool, detect_tier, run_code
from .validation import Issue, ProgramOutput, Verdict, run_validators

__version__ = "0.1.0"

#: The agent pulls in LangChain; load it on first use so `import sciagent`
#: (and a cold `sciagent search`) stays fast.
_LAZY = {"Agent", "AgentResult", "Attempt", "Expect", "run"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        from . import agent

        return getattr(agent, name)
    raise AttributeError(f"module 'sciagent' has no attribute {name!r}")


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
