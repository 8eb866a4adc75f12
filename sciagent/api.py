"""The one-call Python API, over the lazily created default :class:`Searcher`.

A facade for surfaces (the package root, the CLI, notebooks, integrations):
the layers below take the default searcher from :mod:`sciagent.defaults`,
which this module re-exports as ``default_searcher`` and ``close``.
"""

from __future__ import annotations

from .config import Settings
from .defaults import close, default_searcher
from .index import build as index_build
from .plugin import load_plugins
from .records import Hit

__all__ = ["build_index", "close", "default_searcher", "search"]


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
