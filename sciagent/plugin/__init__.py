"""The plugin kit: the contract, its validation, discovery, and test helpers.

A plugin is an installable package that exposes a :class:`Plugin` object under
the entry point group ``sciagent.plugins``::

    [project.entry-points."sciagent.plugins"]
    chemistry = "sciagent_chemistry:plugin"

We chose a declarative manifest over hook functions because almost everything a
domain contributes is data (libraries, module rules, boosts, preload imports);
data can be validated when the plugin loads and reported by name when it is
wrong, instead of failing later inside a hook call.  Our first-party plugins use
exactly this path and nothing private.

- :mod:`._contract`: :class:`Plugin`, :class:`Library`, :class:`Recipe`,
  :class:`Example` (checked by :mod:`._validate` when built);
- :mod:`._loader`: :func:`load_plugins` (entry points, ``$SCIAGENT_PLUGINS``),
  :class:`PluginSet`, :class:`PluginFailure`, :func:`installed_preload`;
- :mod:`sciagent.plugin.testing`: helpers for a plugin's own test suite.

This package is the bottom of the stack beside ``errors`` and ``validation``:
it imports nothing of the engine (index, retrieval, sandbox, agent), so a
plugin package importing ``sciagent`` stays cheap.
"""

from __future__ import annotations

from ._contract import Example, Library, Plugin, Recipe
from ._loader import (
    ENTRY_POINT_GROUP,
    PLUGINS_ENV,
    PluginFailure,
    PluginSet,
    installed_preload,
    load_plugins,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "PLUGINS_ENV",
    "Example",
    "Library",
    "Plugin",
    "PluginFailure",
    "PluginSet",
    "Recipe",
    "installed_preload",
    "load_plugins",
]
