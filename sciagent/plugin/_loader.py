"""Discovery: installed plugins, found through the entry point group ``sciagent.plugins``.

A broken plugin is reported by name (:class:`PluginFailure`) and skipped, never
fatal; ``$SCIAGENT_PLUGINS`` pins which plugins load (handy in tests and CI).
"""

from __future__ import annotations

import importlib.metadata as md
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import NoPluginsError, PluginError
from ._contract import Library, Plugin

log = logging.getLogger("sciagent.plugin")

ENTRY_POINT_GROUP = "sciagent.plugins"
#: Comma-separated plugin names; when set, only these load (handy in tests and CI).
PLUGINS_ENV = "SCIAGENT_PLUGINS"


@dataclass(frozen=True)
class PluginFailure:
    """A plugin that could not be loaded, with the reason and the fix."""

    name: str
    error: str


@dataclass
class PluginSet:
    """The plugins that loaded, and a report of those that did not."""

    plugins: list[Plugin]
    failures: list[PluginFailure]

    def get(self, name: str) -> Plugin:
        for p in self.plugins:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.plugins) or "none"
        raise PluginError(f"no plugin named {name!r} (loaded: {known})")

    def require_any(self) -> None:
        if not self.plugins:
            failed = "; ".join(f"{f.name}: {f.error}" for f in self.failures)
            raise NoPluginsError(
                "no sciagent domain plugin is installed"
                + (f" (failed to load: {failed})" if failed else ""),
                fix="pip install -e plugins/chemistry (or another sciagent-* plugin), "
                f"and check ${PLUGINS_ENV} if you set it",
            )

    def domains(self) -> list[str]:
        return sorted({p.domain for p in self.plugins})

    def preload(self) -> tuple[str, ...]:
        """The imports these plugins ask warm sandbox workers to do, each once, in order."""
        return tuple(dict.fromkeys(name for p in self.plugins for name in p.preload))

    def libraries(self) -> list[tuple[Plugin, Library]]:
        return [(p, lib) for p in self.plugins for lib in p.libraries]

    def targets(self, names: Iterable[str] = ()) -> list[tuple[Plugin, Library]]:
        """The (plugin, library) pairs of the named plugins, all of them when none is named."""
        self.require_any()
        chosen = [self.get(n) for n in names] or self.plugins
        return [(p, lib) for p in chosen for lib in p.libraries]


def _pinned_names() -> set[str] | None:
    raw = os.environ.get(PLUGINS_ENV)
    if raw is None:
        return None
    return {n.strip() for n in raw.split(",") if n.strip()}


def load_plugins(extra: Iterable[Plugin] = ()) -> PluginSet:
    """Discover installed plugins; a broken one is reported and skipped, never fatal.

    Entry points load in name order, so which of two plugins wins a conflict
    does not depend on the order of ``sys.path``.  A library's index is keyed by
    its name and version only, so a second plugin declaring an already declared
    library would overwrite the first one's index: it is refused instead.
    """
    pinned = _pinned_names()
    plugins: list[Plugin] = []
    failures: list[PluginFailure] = []
    seen: set[str] = set()
    owners: dict[str, str] = {}  # library name -> the plugin that declared it

    def shares_library(plugin: Plugin) -> str | None:
        """Why ``plugin`` is refused (a library another plugin declared), else claim its libraries."""
        taken = next((lib.name for lib in plugin.libraries if lib.name in owners), None)
        if taken is None:
            owners.update((lib.name, plugin.name) for lib in plugin.libraries)
            return None
        err = PluginError(
            f"plugin {plugin.name!r} declares library {taken!r}, which plugin "
            f"{owners[taken]!r} already declares; both would share (and overwrite) one index",
            fix=f"uninstall one of them, or load only one with {PLUGINS_ENV}={owners[taken]} "
            f"(or {PLUGINS_ENV}={plugin.name})",
        )
        return f"{type(err).__name__}: {err}"

    for ep in sorted(md.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.name, e.value)):
        if pinned is not None and ep.name not in pinned:
            continue
        try:
            obj = ep.load()
            plugin = obj() if callable(obj) and not isinstance(obj, Plugin) else obj
            if not isinstance(plugin, Plugin):
                raise PluginError(
                    f"entry point {ep.value!r} gave {type(plugin).__name__}, not sciagent.Plugin"
                )
        except Exception as exc:  # a broken plugin must not take the others down
            msg = f"{type(exc).__name__}: {exc}".strip()
            log.warning("sciagent plugin %r failed to load: %s", ep.name, msg)
            failures.append(PluginFailure(ep.name, msg))
            continue
        if plugin.name in seen:
            failures.append(PluginFailure(ep.name, f"duplicate plugin name {plugin.name!r}"))
            continue
        refusal = shares_library(plugin)
        if refusal is not None:
            log.warning("sciagent plugin %r refused: %s", ep.name, refusal)
            failures.append(PluginFailure(ep.name, refusal))
            continue
        seen.add(plugin.name)
        plugins.append(plugin)
    for plugin in extra:
        if plugin.name in seen:
            continue
        refusal = shares_library(plugin)
        if refusal is not None:
            failures.append(PluginFailure(plugin.name, refusal))
            continue
        seen.add(plugin.name)
        plugins.append(plugin)
    plugins.sort(key=lambda p: p.name)
    return PluginSet(plugins, failures)


#: $SCIAGENT_PLUGINS -> what the plugins it lets in preload (plugins do not change in a process)
_PRELOADS: dict[str | None, tuple[str, ...]] = {}


def installed_preload() -> tuple[str, ...]:
    """The imports the installed plugins ask warm sandbox workers to do.

    The sandbox knows nothing of plugins: its callers (the agent, the checker's
    live probe, batch workers, the MCP server, :func:`sciagent.run_code`) pass
    this as ``preload=``.  Loading the plugins costs ~20 ms, so the answer is
    kept per value of ``$SCIAGENT_PLUGINS``.
    """
    key = os.environ.get(PLUGINS_ENV)
    found = _PRELOADS.get(key)
    if found is None:
        found = _PRELOADS[key] = load_plugins().preload()
    return found
