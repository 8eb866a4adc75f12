"""sciagent: ground a language model in the scientific libraries installed here.

The public API is listed in ``__all__``.  Heavy parts (embedding model, FAISS,
the libraries themselves) load lazily, on first use.
"""

from __future__ import annotations

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
from .api import build_index, close, search
from .plugin import Library, Plugin, PluginSet, load_plugins
from .records import ApiRecord, Hit, Param, Signature
from .retrieval import Searcher

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
    "NoPluginsError",
    "Param",
    "Plugin",
    "PluginError",
    "PluginSet",
    "Searcher",
    "QueryError",
    "SciagentError",
    "Signature",
    "__version__",
    "build_index",
    "close",
    "load_plugins",
    "search",
]
