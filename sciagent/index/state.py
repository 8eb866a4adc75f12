"""Where one library's index stands: fresh, missing, stale, corrupt, or its library missing.

The read side of the index: the searcher asks before loading, ``sciagent
index status`` and the plugin health check report it, and the build (the
write side) asks whether there is anything to do.  Nothing here writes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..errors import IndexCorruptError, IndexMissingError, IndexStaleError, LibraryMissingError
from ..plugin import Library, Plugin
from . import embedding
from .store import (
    SCHEMA_VERSION,
    Expected,
    Manifest,
    index_path,
    other_versions,
    read_manifest,
    verify_files,
)


def spec_hash(plugin: Plugin, library: Library) -> str:
    """Everything of the plugin that shapes this library's index; a change makes it stale."""
    recipes = (
        [[r.title, r.description, list(r.apis), r.code] for r in plugin.recipes]
        if plugin.libraries[0] == library
        else []
    )
    data = json.dumps(
        [
            SCHEMA_VERSION,
            recipes,
            plugin.domain,
            library.import_name,
            library.include,
            library.exclude,
            library.exclude_names,
            library.include_names,
            sorted(plugin.keywords_for(library).items()),
            sorted(plugin.forwards_for(library).items()),
        ]
    )
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def expected_for(settings: Settings, plugin: Plugin, library: Library) -> Expected:
    model = embedding.resolve_model(settings.embedding_model)
    return Expected(
        library=library.name,
        version=library.installed_version(),
        embedding_model=model.model_id,
        spec_hash=spec_hash(plugin, library),
    )


@dataclass
class IndexState:
    """Where one library's index stands, and what to do about it."""

    plugin: str
    library: str
    installed_version: str | None
    state: str  # fresh | missing | stale | corrupt | library-missing
    message: str = ""
    manifest: Manifest | None = None
    path: Path | None = None
    expected: Expected | None = None  # what a fresh index must match (None: library missing)


def state_of(
    settings: Settings, plugin: Plugin, library: Library, *, verify: bool = True
) -> IndexState:
    try:
        expected = expected_for(settings, plugin, library)
    except LibraryMissingError as exc:
        return IndexState(plugin.name, library.name, None, "library-missing", str(exc))
    path = index_path(settings.index_dir, library.name, expected.version)
    base = IndexState(
        plugin.name, library.name, expected.version, "fresh", path=path, expected=expected
    )
    try:
        manifest = read_manifest(path)
        base.manifest = manifest
        expected.check(manifest, path)
        if verify:
            verify_files(path, manifest)
    except IndexMissingError:
        older = other_versions(settings.index_dir, library.name, expected.version)
        base.state = "stale" if older else "missing"
        base.message = (
            f"index exists only for {', '.join(p.name for p in older)}; "
            f"{library.name} {expected.version} is installed: run `sciagent index build {plugin.name}`"
            if older
            else f"not built: run `sciagent index build {plugin.name}`"
        )
    except IndexStaleError as exc:
        base.state, base.message = "stale", str(exc)
    except IndexCorruptError as exc:
        base.state, base.message = "corrupt", str(exc)
    return base
