"""The loaded indexes of a plugin set: the read side's one entry point.

:func:`load_indexes` finds each installed library's index, checks that it is
fresh and loads it; it never writes.  What to do about an index that is not
fresh is the caller's policy: without ``rebuild`` it raises the error that
names the command to run; with one (the write side's
:func:`sciagent.index.build.rebuilder`, which the default searcher and the
CLI pass unless ``SCIAGENT_AUTO_BUILD=0``) it has those indexes built, then
loads them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..config import Settings
from ..errors import IndexCorruptError, IndexMissingError, IndexStaleError
from ..plugin import Library, Plugin, PluginSet
from .state import IndexState, state_of
from .store import LoadedIndex, load_index

log = logging.getLogger(__name__)

#: builds the given (plugin, library) targets; ``force`` rebuilds ones that look fresh
Rebuild = Callable[[list[tuple[Plugin, Library]], bool], object]


@dataclass
class LoadedIndexes:
    """Every loadable index of ``plugins``, the plugin owning each, and the libraries skipped."""

    settings: Settings
    plugins: PluginSet
    indexes: list[LoadedIndex] = field(default_factory=list)
    owners: list[Plugin] = field(default_factory=list)  # owners[i] indexed indexes[i]
    skipped: list[str] = field(default_factory=list)  # libraries that are not installed


def load_indexes(
    settings: Settings, plugins: PluginSet, *, rebuild: Rebuild | None = None
) -> LoadedIndexes:
    """Load the index of each installed library of ``plugins``.

    Libraries that are not installed are skipped (and listed).  An index that
    is missing, stale or corrupt raises the matching error with its fix,
    unless ``rebuild`` is given: then it is built (or rebuilt) first.
    """
    plugins.require_any()
    loaded = LoadedIndexes(settings, plugins)
    targets: list[tuple[Plugin, Library, IndexState]] = []
    for plugin, library in plugins.libraries():
        state = state_of(settings, plugin, library, verify=False)
        if state.state == "library-missing":
            log.warning("skipping %s: %s", library.name, state.message)
            loaded.skipped.append(f"{plugin.name}/{library.name}: {state.message}")
            continue
        targets.append((plugin, library, state))
    needed = [(p, lib) for p, lib, s in targets if s.state != "fresh"]
    if needed:
        if rebuild is None:
            _raise_for(targets)
        else:
            log.warning(
                "building %d index(es): %s", len(needed), ", ".join(lib.name for _, lib in needed)
            )
            rebuild(needed, False)
    for plugin, library, state in targets:
        # the state already resolved the version, the model and the path
        assert state.path is not None and state.expected is not None
        path, expected = state.path, state.expected
        try:
            index = load_index(path, expected)
        except (IndexCorruptError, IndexStaleError, IndexMissingError) as exc:
            if rebuild is None:
                raise
            log.warning("rebuilding %s: %s", library.name, exc.message)
            rebuild([(plugin, library)], True)
            index = load_index(path, expected)
        loaded.indexes.append(index)
        loaded.owners.append(plugin)
    if not loaded.indexes:
        raise IndexMissingError(
            "no index could be loaded: " + "; ".join(loaded.skipped),
            fix="install the plugins' libraries, then `sciagent index build`",
        )
    return loaded


def _raise_for(targets: Sequence[tuple[Plugin, Library, IndexState]]) -> None:
    for _, _, state in targets:
        if state.state == "missing":
            raise IndexMissingError(state.message, fix=f"sciagent index build {state.plugin}")
        if state.state in ("stale",):
            raise IndexStaleError(state.message, fix=f"sciagent index build {state.plugin}")
        if state.state == "corrupt":
            raise IndexCorruptError(
                state.message, fix=f"sciagent index build --force {state.plugin}"
            )
