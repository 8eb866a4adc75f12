"""The process-wide default :class:`~sciagent.retrieval.Searcher`, and the factory that applies
the auto-build policy.

Both belong to the retrieval layer, so the layers above it (the checker, the
agent) can fall back to the default searcher without importing
:mod:`sciagent.api`, a facade that only surfaces import; ``sciagent.api``
re-exports :func:`default_searcher` and :func:`close`.

The index's read side never writes; whether a missing, stale or corrupt
index gets built is decided here (and by the CLI, through
:func:`load_searcher`): yes, unless ``auto_build=False`` or
``SCIAGENT_AUTO_BUILD=0``.  The default searcher is the one lazily created
index of the process and it is closeable: :func:`close` drops it, and the
next call loads the indexes again (after settings or plugins changed, or in
tests).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from .config import Settings
from .index import build as index_build
from .index.loaded import load_indexes
from .plugin import PluginSet, load_plugins
from .retrieval import Ranking, Searcher, auto_build_enabled

if TYPE_CHECKING:
    from .index.build import Progress

_default: Searcher | None = None
_lock = threading.Lock()


def load_searcher(
    settings: Settings | None = None,
    plugins: PluginSet | None = None,
    *,
    auto_build: bool | None = None,
    progress: Progress | None = None,
    ranking: Ranking | None = None,
) -> Searcher:
    """A searcher over the loaded indexes of ``plugins`` (all installed ones by default).

    Indexes that are not fresh are built first when the auto-build policy
    allows it (``auto_build``, else ``SCIAGENT_AUTO_BUILD``, on by default);
    otherwise the error names the ``sciagent index build`` command to run.
    """
    settings = settings or Settings.from_env()
    plugins = plugins or load_plugins()
    rebuild = index_build.rebuilder(settings, progress) if auto_build_enabled(auto_build) else None
    return Searcher(indexes=load_indexes(settings, plugins, rebuild=rebuild), ranking=ranking)


def default_searcher() -> Searcher:
    """The process-wide searcher, created (and the index built if needed) on first use."""
    global _default
    with _lock:
        if _default is None:
            _default = load_searcher()
        return _default


def close() -> None:
    """Drop the default searcher (tests, or after changing settings)."""
    global _default
    with _lock:
        _default = None
