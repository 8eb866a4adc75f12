"""The process-wide default :class:`~sciagent.retrieval.Searcher`, created on first use.

It belongs to the retrieval layer, so the layers above it (the checker, the
agent) can fall back to it without importing :mod:`sciagent.api`, a facade
that only surfaces import.  ``sciagent.api.default_searcher`` and
``sciagent.close`` re-export these.  It is the one lazily created index of
the process and it is closeable: :func:`close` drops it, and the next call
loads the indexes again (after settings or plugins changed, or in tests).
"""

from __future__ import annotations

import threading

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
