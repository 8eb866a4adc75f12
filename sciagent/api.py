"""The one-call Python API, over a lazily created default :class:`Searcher`."""

from __future__ import annotations

import threading

from .config import Settings
from .index import build as index_build
from .plugin import load_plugins
from .records import Hit
from .retrieval import Searcher

_default: Searcher | None = None
_lock = threading.Lock()


def default_searcher() -> Searcher:
    """The process-wide searcher, created (and the index built if needed) on first use."""
    global _default
    with _lock:
        if _default is None:
            _default = Searcher()
        return _default


def close() -> None:
    """Drop the default searcher (tests, or after changing settings)."""
    global _default
    with _lock:
        _default = None


def search(query: str, k: int = 10, domain: str | None = None) -> list[Hit]:
    """The ``k`` APIs of the installed libraries that best match ``query``.

    ``domain`` restricts the search to one plugin domain ("chemistry", ...).
    """
    return default_searcher().search(query, k=k, domain=domain)


def build_index(*plugin_names: str, force: bool = False) -> list[index_build.BuildReport]:
    """Build the indexes of the named plugins (all installed plugins by default)."""
    targets = load_plugins().targets(plugin_names)
    reports = index_build.build(Settings.from_env(), targets, force=force)
    close()
    return reports
