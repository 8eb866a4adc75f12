"""sciagent: ground a language model in the scientific libraries installed here.

The public API is listed in ``__all__``.  Heavy parts (embedding model, FAISS,
the libraries themselves) load lazily, on first use.
"""

from __future__ import annotations

from .api import build_index, close, search
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
from .plugin import Library, Plugin, PluginSet, Recipe, load_plugins
from .records import ApiRecord, Hit, Param, Signature
from .retrieval import Searcher
from .sandbox import Limits, RunError, RunResult, SandboxError, SandboxPool, detect_tier, run_code

__version__ = "0.1.0"

__all__ = [
    "ApiRecord",
    "Hit",
    "IndexCorruptError",
    "IndexLockedError",
    "IndexMissingError",
    "IndexStaleError",
    "Library",
    "LibraryMissingError",
    "Limits",
    "NoPluginsError",
    "Param",
    "Plugin",
    "PluginError",
    "PluginSet",
    "QueryError",
    "Recipe",
    "RunError",
    "RunResult",
    "SandboxError",
    "SandboxPool",
    "SciagentError",
    "Searcher",
    "Signature",
    "__version__",
    "build_index",
    "close",
    "detect_tier",
    "load_plugins",
    "run_code",
    "search",
]
