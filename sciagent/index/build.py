"""Build, check and report the per-library indexes.

A build walks the library in a subprocess, turns each record into a short
dense text and a longer lexical text, embeds only the texts the cache has not
seen, and writes the index atomically under a per-library lock.
"""

from __future__ import annotations

import errno
import glob
import logging
import re
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
from filelock import FileLock, Timeout

from ..config import Settings
from ..errors import (
    IndexError_,
    IndexLockedError,
    SciagentError,
)
from ..plugin import Library, Plugin
from ..records import ApiRecord
from . import embedding
from .lexical import split_identifier
from .loaded import Rebuild
from .seeds import read_seeds
from .state import IndexState, expected_for, spec_hash, state_of
from .store import (
    SCHEMA_VERSION,
    EmbeddingCache,
    Manifest,
    index_path,
    load_index,
    write_index,
)

if TYPE_CHECKING:  # the walker is needed to build, not to search: keep it off the query path
    from ..introspection.runner import Introspection, WalkProcess

log = logging.getLogger(__name__)
LOCK_TIMEOUT_S = 900.0
#: errno values meaning "this directory is not ours to write"
_NOT_WRITABLE = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


class IndexNotWritableError(IndexError_):
    """An index must be (re)built, but its directory is read-only or someone else's."""


class Progress(Protocol):
    """What a build reports; the CLI draws it as a progress bar."""

    def start(self, description: str, total: int) -> None: ...
    def advance(self, n: int) -> None: ...


class _NoProgress:
    def start(self, description: str, total: int) -> None:
        pass

    def advance(self, n: int) -> None:
        pass


# ---------------------------------------------------------------------- texts


def _words(identifier: str) -> str:
    parts = split_identifier(identifier)
    return " ".join(parts[1:] if len(parts) > 1 else parts)


def recipe_records(plugin: Plugin, library: Library, version: str) -> list[ApiRecord]:
    """A plugin's recipes, as records indexed with its first library."""
    if plugin.libraries[0] != library:
        return []
    out = []
    for recipe in plugin.recipes:
        slug = re.sub(r"[^a-z0-9]+", "-", recipe.title.lower()).strip("-")
        out.append(
            ApiRecord(
                qualname=f"recipe:{plugin.name}/{slug}",
                kind="recipe",
                library=library.name,
                version=version,
                summary=recipe.title,
                doc=recipe.description,
                examples=[recipe.code] if recipe.code else [],
                domain=plugin.domain,
                apis=list(recipe.apis),
            )
        )
    return out


def attach_keywords(plugin: Plugin, library: Library, records: list[ApiRecord]) -> list[str]:
    """Give each record the plugin's keywords for any of its paths; return the unmatched paths."""
    wanted = plugin.keywords_for(library)
    if not wanted:
        return []
    matched: set[str] = set()
    for rec in records:
        if rec.kind in {"module", "recipe"}:
            continue
        # any path that resolves: a plugin names an API the way its users write it
        paths = [p for p in (rec.qualname, *rec.aliases, *rec.more_aliases) if p in wanted]
        if paths:
            rec.keywords = "; ".join(dict.fromkeys(wanted[p] for p in paths))
            matched.update(paths)
    return sorted(set(wanted) - matched)


#: Kinds embedded for dense search.  Properties, instances and modules are found
#: lexically; leaving them out of the embedding cut build time by a quarter and
#: changed dev Recall@5 by +0.005 (measured).
DENSE_KINDS = frozenset({"function", "class", "method", "recipe"})
#: docstring characters given to BM25: rare words deep in a docstring ("MSMS",
#: "networkx") are what lexical search is for (600 -> 2500: held-out lexical
#: Recall@5 0.58 -> 0.63)
LEXICAL_DOC_CHARS = 2500


def dense_texts(records: Iterable[ApiRecord]) -> dict[int, str]:
    """The embedded text of each record that is embedded, by its position in ``records``."""
    return {i: dense_text(r) for i, r in enumerate(records) if r.kind in DENSE_KINDS}


def dense_text(rec: ApiRecord) -> str:
    """Short text for the embedding model: the name, its words, the summary.

    MiniLM reads at most 256 tokens and costs time per token; the first
    sentence of a docstring carries most of the meaning.
    """
    if rec.kind == "recipe":
        return f"{rec.summary}: {rec.doc}"[:600]
    parts = rec.qualname.split(".")
    title = rec.qualname if rec.kind == "module" else ".".join(parts[-2:])
    summary = rec.summary or rec.doc[:200]
    text = f"{title} ({_words(parts[-1])}): {summary}"
    return f"{text} ({rec.keywords})"[:600] if rec.keywords else text[:600]


def lexical_text(rec: ApiRecord) -> str:
    """Longer text for BM25: every name it goes by, parameters, some prose."""
    if rec.kind == "recipe":
        return " ".join([rec.summary, rec.doc, *rec.apis, *rec.examples])
    names = {rec.qualname, *(".".join(a.split(".")[-2:]) for a in (rec.preferred, *rec.aliases))}
    params = {p.name for s in rec.signatures for p in s.params}
    return " ".join(
        [*sorted(names), *sorted(params), rec.summary, rec.keywords, rec.doc[:LEXICAL_DOC_CHARS]]
    )


# ---------------------------------------------------------------- bookkeeping


def coverage(records: Iterable[ApiRecord]) -> dict[str, object]:
    """Signature coverage of public callables.

    Classes that the library documents as not constructible from Python have no
    call form; they are counted apart, not as covered.
    """
    callables = [r for r in records if r.kind in {"function", "class", "method"}]
    noinit = [r for r in callables if r.signatures and r.signatures[0].source == "noinit"]
    relevant = [r for r in callables if r not in noinit]
    covered = [r for r in relevant if r.signatures and r.signatures[0].source != "none"]
    sources = Counter(r.signatures[0].source if r.signatures else "missing" for r in relevant)
    return {
        "callables": len(relevant),
        "with_signature": len(covered),
        "ratio": round(len(covered) / len(relevant), 4) if relevant else 1.0,
        "not_constructible": len(noinit),
        "sources": dict(sources),
    }


# ---------------------------------------------------------------------- build


@dataclass
class BuildReport:
    plugin: str
    library: str
    version: str
    action: str  # built | fresh | failed
    records: int = 0
    embedded: int = 0
    cached: int = 0
    seconds: float = 0.0
    walk_seconds: float = 0.0
    coverage: dict[str, object] = field(default_factory=dict)
    failed_modules: int = 0
    error: str = ""


def build(
    settings: Settings,
    targets: list[tuple[Plugin, Library]],
    *,
    force: bool = False,
    progress: Progress | None = None,
    lock_timeout: float = LOCK_TIMEOUT_S,
) -> list[BuildReport]:
    """Build (or confirm fresh) the index of each target library.

    Libraries are walked in parallel subprocesses; embedding and writing happen
    one library at a time.  A per-library lock makes concurrent builds safe: the
    second waits, then finds the index fresh and does nothing.  What builds
    killed mid-write left behind is removed under that lock.
    """
    try:
        return _build(settings, targets, force, progress or _NoProgress(), lock_timeout)
    except OSError as exc:
        if exc.errno not in _NOT_WRITABLE:
            raise
        raise IndexNotWritableError(
            f"the index directory {settings.index_dir} is not writable "
            f"({exc.strerror}: {exc.filename or settings.index_dir}), "
            "so a missing, stale or corrupt index there cannot be rebuilt",
            fix="set SCIAGENT_INDEX_DIR to a writable directory, or run "
            f"`sciagent index build --force` as the owner of {settings.index_dir}",
        ) from None


def rebuilder(settings: Settings, progress: Progress | None = None) -> Rebuild:
    """What :func:`~sciagent.index.loaded.load_indexes` calls to build indexes that are not fresh.

    Passing it is the auto-build policy (the default searcher and the CLI do
    unless ``SCIAGENT_AUTO_BUILD=0``); the read side itself never writes.
    """

    def rebuild(targets: list[tuple[Plugin, Library]], force: bool) -> list[BuildReport]:
        return build(settings, targets, force=force, progress=progress)

    return rebuild


def _build(
    settings: Settings,
    targets: list[tuple[Plugin, Library]],
    force: bool,
    progress: Progress,
    lock_timeout: float,
) -> list[BuildReport]:
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    reports: list[BuildReport] = []
    todo: list[tuple[Plugin, Library, FileLock]] = []
    locks_dir = settings.index_dir / ".locks"
    locks_dir.mkdir(exist_ok=True)
    try:
        for plugin, library in sorted(targets, key=lambda t: t[1].name):
            state = state_of(settings, plugin, library)
            if state.state == "library-missing":
                reports.append(
                    BuildReport(plugin.name, library.name, "", "failed", error=state.message)
                )
                continue
            version = state.installed_version or ""
            lock = FileLock(str(locks_dir / f"{library.name}.lock"))
            if state.state == "fresh" and not force:
                _sweep_if_idle(settings.index_dir, library.name, lock)
                reports.append(_fresh_report(plugin, library, state))
                continue
            try:
                lock.acquire(timeout=lock_timeout)
            except Timeout:
                raise IndexLockedError(
                    f"another process has been building the {library.name} index for "
                    f"over {lock_timeout:.0f} s",
                    fix=f"wait for it, or remove {locks_dir / (library.name + '.lock')} "
                    "if no sciagent process is running",
                ) from None
            sweep_debris(settings.index_dir, library.name)
            if not force:  # someone may have finished the same build while we waited
                after_wait = state_of(settings, plugin, library)
                if after_wait.state == "fresh":
                    lock.release()
                    reports.append(_fresh_report(plugin, library, after_wait))
                    continue
            todo.append((plugin, library, lock))
            log.info("building %s %s (%s)", library.name, version, state.state)
        reports.extend(_build_locked(settings, todo, progress))
    finally:
        for _, _, lock in todo:
            lock.release()
    return reports


def sweep_debris(index_dir: Path, library: str) -> list[Path]:
    """Remove the ``.tmp-``/``.trash-`` directories builds of ``library`` left; call under its lock.

    A build writes into ``.tmp-<library>-<version>-<hex>`` and renames it into
    place; ``kill -9`` in between leaves it behind (megabytes each, forever).
    Whoever holds the library's build lock knows no other build of it runs, so
    every such directory is debris.  Versions start with a digit, which keeps
    ``astropy``'s sweep off a library named ``astropy-healpix``.
    """
    debris = re.compile(rf"\.(?:tmp|trash)-{re.escape(library)}-\d[^-]*-[0-9a-f]{{8}}")
    removed = []
    for path in index_dir.glob(f".*-{glob.escape(library)}-*"):
        if debris.fullmatch(path.name) and path.is_dir() and not path.is_symlink():
            log.info("removing %s, left by a build that did not finish", path)
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _sweep_if_idle(index_dir: Path, library: str, lock: FileLock) -> None:
    """Sweep a fresh library's debris too, if no build of it is running right now."""
    if not any(index_dir.glob(f".*-{glob.escape(library)}-*")):
        return
    try:
        lock.acquire(timeout=0)
    except (Timeout, OSError):  # a build is running, or the directory is read-only:
        return  # either way a fresh index needs nothing, and sweeping can wait
    try:
        sweep_debris(index_dir, library)
    finally:
        lock.release()


def _fresh_report(plugin: Plugin, library: Library, state: IndexState) -> BuildReport:
    m = state.manifest
    return BuildReport(
        plugin.name,
        library.name,
        state.installed_version or "",
        "fresh",
        records=m.records if m else 0,
        coverage=m.coverage if m else {},
    )


def _build_locked(
    settings: Settings, todo: list[tuple[Plugin, Library, FileLock]], progress: Progress
) -> list[BuildReport]:
    if not todo:
        return []
    from ..introspection.runner import WalkProcess, spec_for, sweep_walk_dirs

    started = time.perf_counter()
    sweep_walk_dirs()  # temporary directories of walks whose build was killed
    walkers = [(p, lib, WalkProcess(spec_for(p, lib))) for p, lib, _ in todo]
    model = embedding.resolve_model(settings.embedding_model)
    cache = EmbeddingCache(settings.index_dir, model.key)
    seeds: dict[str, dict[bytes, np.ndarray]] = {}  # per plugin: its seed file is read once
    encoder: embedding.OnnxEncoder | embedding.TorchEncoder | None = None
    reports = []
    for plugin, library, walker in _in_finishing_order(walkers):
        t0 = time.perf_counter()
        try:
            result = walker.result()
        except SciagentError as exc:
            reports.append(
                BuildReport(
                    plugin.name, library.name, walker.spec.version, "failed", error=str(exc)
                )
            )
            continue
        unresolved = attach_keywords(plugin, library, result.records)
        if unresolved:
            log.warning(
                "%s: %d keyword path(s) match no API of %s %s: %s",
                plugin.name,
                len(unresolved),
                library.name,
                result.version,
                ", ".join(unresolved[:5]),
            )
        result.records.extend(recipe_records(plugin, library, result.version))
        dense = dense_texts(result.records)
        dense_ids, texts = list(dense), list(dense.values())
        keys = [embedding.text_hash(model, t) for t in texts]
        if plugin.name not in seeds:
            seeds[plugin.name] = read_seeds(plugin, model)
        seeded = _take_seeds(cache, keys, seeds[plugin.name])
        # embed each distinct uncached text once (many methods share a text)
        missing = list({k: i for i, k in enumerate(keys) if cache.get(k) is None}.values())
        if missing and encoder is None:
            encoder = embedding.load_encoder(settings.index_dir, model, export=True)
        progress.start(f"embedding {library.name}", len(missing))
        if missing:
            assert encoder is not None
            fresh = encoder.encode([texts[i] for i in missing], progress=progress.advance)
            cache.update([keys[i] for i in missing], fresh)
        if missing or seeded:
            cache.save()
        if keys:
            vectors = np.stack([cache.vectors[k] for k in keys]).astype(np.float32)
        else:  # nothing to embed (a library of properties only): still record the width
            if encoder is None:
                encoder = embedding.load_encoder(settings.index_dir, model, export=True)
            vectors = np.zeros((0, encoder.encode(["probe"]).shape[1]), dtype=np.float32)
        manifest = _manifest(settings, plugin, library, result, model, vectors, started)
        manifest.unresolved_keywords = unresolved
        final = index_path(settings.index_dir, library.name, result.version)
        write_index(
            final,
            manifest,
            result.records,
            vectors,
            [lexical_text(r) for r in result.records],
            dense_ids=dense_ids,
        )
        reports.append(
            BuildReport(
                plugin.name,
                library.name,
                result.version,
                "built",
                records=len(result.records),
                embedded=len(missing),
                cached=len(keys) - len(missing),
                seconds=round(time.perf_counter() - t0, 2),
                walk_seconds=result.elapsed_s,
                coverage=manifest.coverage,
                failed_modules=len(result.failures),
            )
        )
    if encoder is None:  # everything came from the cache: still make sure queries are fast
        embedding.ensure_export(settings.index_dir, model)
    order = [lib.name for _, lib, _ in todo]
    return sorted(reports, key=lambda r: order.index(r.library))


def _in_finishing_order(
    walkers: list[tuple[Plugin, Library, WalkProcess]],
) -> Iterator[tuple[Plugin, Library, WalkProcess]]:
    """Walkers as they finish, so one library is indexed while a slower one is still walked."""
    pending = list(walkers)
    while pending:
        done = next((w for w in pending if w[2].finished()), None)
        if done is None:
            time.sleep(0.02)
            continue
        pending.remove(done)
        yield done


def _take_seeds(cache: EmbeddingCache, keys: list[bytes], seeds: dict[bytes, np.ndarray]) -> int:
    """Copy the plugin's seed vectors the cache lacks into it (see :mod:`.seeds`); how many."""
    found = [k for k in dict.fromkeys(keys) if cache.get(k) is None and k in seeds]
    if found:
        cache.update(found, np.stack([seeds[k] for k in found]))
    return len(found)


def _manifest(
    settings: Settings,
    plugin: Plugin,
    library: Library,
    result: Introspection,
    model: embedding.ModelRef,
    vectors: np.ndarray,
    started: float,
) -> Manifest:
    from .._version import __version__

    return Manifest(
        schema=SCHEMA_VERSION,
        library=library.name,
        distribution=library.distribution,
        version=result.version,
        plugin=plugin.name,
        domain=plugin.domain,
        embedding_model=model.model_id,
        embedding_dim=int(vectors.shape[1]),
        spec_hash=spec_hash(plugin, library),
        records=len(result.records),
        dense_records=int(vectors.shape[0]),
        kinds=dict(Counter(r.kind for r in result.records)),
        coverage=coverage(result.records),
        modules=result.modules,
        failed_modules=result.failures,
        build_seconds=round(time.perf_counter() - started, 2),
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        sciagent_version=__version__,
    )


__all__ = [
    "BuildReport",
    "IndexNotWritableError",
    "IndexState",
    "attach_keywords",
    "build",
    "coverage",
    "dense_text",
    "expected_for",
    "lexical_text",
    "load_index",
    "rebuilder",
    "state_of",
    "sweep_debris",
]
