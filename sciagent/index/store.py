"""The on-disk index of one library at one version, and its manifest.

Layout of ``<index_dir>/<library>-<version>/``::

    records.jsonl      one ApiRecord per line (JSON)
    dense.faiss        FAISS inner-product index over L2-normalised embeddings
    lexical/           bm25s index (.npy arrays + JSON vocab), pickle-free
    manifest.json      written last: versions, model, counts, coverage, file hashes

An index is built in a temporary sibling directory and moved into place with
``os.rename`` only once complete; the loader trusts nothing until the manifest
and the hashes of every file agree, so a crash can leave a missing index (which
is rebuilt) but never a half-written one that loads.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, TypedDict, get_args, get_origin, get_type_hints, is_typeddict

import numpy as np

from ..errors import IndexCorruptError, IndexMissingError, IndexStaleError
from ..records import ApiRecord
from .lexical import LexicalIndex

#: Bump when the record format, texts or scoring inputs change: old indexes go stale.
#: 7: preferred ``path`` and ``more_aliases`` per record, aliases capped to a few,
#: test code left out, signatures without Boost/reST noise.
SCHEMA_VERSION = 7
RECORDS = "records.jsonl"
NAMES = "names.json"  # qualname, path, aliases, kind, deprecated per record: enough to rank
DENSE = "dense.faiss"
LEXICAL = "lexical"
MANIFEST = "manifest.json"


class FileDigest(TypedDict):
    """Size and hash of one index file, as the manifest records them."""

    size: int
    sha256: str


@dataclass
class Manifest:
    schema: int
    library: str
    distribution: str
    version: str
    plugin: str
    domain: str
    embedding_model: str
    embedding_dim: int
    spec_hash: str
    records: int
    dense_records: int
    kinds: dict[str, int]
    coverage: dict[str, Any]
    modules: int
    failed_modules: list[dict[str, str]]
    build_seconds: float
    built_at: str
    sciagent_version: str
    files: dict[str, FileDigest] = field(default_factory=dict)
    #: plugin keyword paths that matched no record (renamed or removed APIs)
    unresolved_keywords: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        return cls(**data)


def manifest_shape_error(data: object) -> str | None:
    """What makes ``data`` not a manifest (a field missing or of the wrong type), or None.

    Valid JSON of the wrong shape (``files["records.jsonl"] = 12345``, a list)
    would otherwise fail later as a TypeError deep in a status or a build; the
    expected shape is read from :class:`Manifest`'s own annotations, so it cannot
    drift from the dataclass.  (No JSON Schema: ``jsonschema`` is not among our
    dependencies, and these types are all a schema would say.)
    """
    if not isinstance(data, dict):
        return f"it is a JSON {_json_type(data)}, not an object"
    hints = get_type_hints(Manifest)
    required = {
        f.name for f in fields(Manifest) if f.default is MISSING and f.default_factory is MISSING
    }
    if missing := sorted(required - data.keys()):
        return f"field(s) {', '.join(missing)} missing"
    if unknown := sorted(set(data) - set(hints)):
        return f"unknown field(s) {', '.join(map(str, unknown))}"
    for name, value in data.items():
        if not _conforms(value, hints[name]):
            return f"field {name!r} is not of type {_type_name(hints[name])}"
    return None


def _conforms(value: object, hint: Any) -> bool:
    """Whether JSON-decoded ``value`` has the type ``hint`` (one of the few a manifest uses)."""
    if hint is Any:
        return True
    if hint is int:  # a bool is not a count
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:  # JSON has one number type: 3 is a float too
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is str:
        return isinstance(value, str)
    if is_typeddict(hint):
        keys = get_type_hints(hint)
        return (
            isinstance(value, dict)
            and value.keys() == keys.keys()
            and all(_conforms(value[k], t) for k, t in keys.items())
        )
    origin, args = get_origin(hint), get_args(hint)
    if origin is list:
        return isinstance(value, list) and all(_conforms(v, args[0]) for v in value)
    if origin is dict:
        return isinstance(value, dict) and all(
            _conforms(k, args[0]) and _conforms(v, args[1]) for k, v in value.items()
        )
    raise TypeError(f"manifest_shape_error cannot check {hint!r}")  # a new field's type


def _type_name(hint: Any) -> str:
    return str(hint) if get_origin(hint) is not None else str(getattr(hint, "__name__", hint))


def _json_type(value: object) -> str:
    return {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


@dataclass(frozen=True)
class Expected:
    """What a fresh index for this library must have been built with."""

    library: str
    version: str
    embedding_model: str
    spec_hash: str

    def check(self, manifest: Manifest, where: Path) -> None:
        fix = "sciagent index build --force " + manifest.plugin
        if manifest.schema != SCHEMA_VERSION:
            raise IndexStaleError(
                f"index {where} has format {manifest.schema}, this sciagent reads {SCHEMA_VERSION}",
                fix=fix,
            )
        if manifest.version != self.version:
            raise IndexStaleError(
                f"index for {self.library} was built for version {manifest.version}, "
                f"but {self.version} is installed",
                fix=f"sciagent index build {manifest.plugin}",
            )
        if manifest.embedding_model != self.embedding_model:
            raise IndexStaleError(
                f"index {where} was embedded with {manifest.embedding_model}, "
                f"but the configured model is {self.embedding_model}",
                fix=fix,
            )
        if manifest.spec_hash != self.spec_hash:
            raise IndexStaleError(
                f"the plugin's module rules, recipes or keywords for {self.library} changed "
                f"since {where} was built",
                fix=fix,
            )


def index_path(index_dir: Path, library: str, version: str) -> Path:
    return index_dir / f"{library}-{version}"


def other_versions(index_dir: Path, library: str, version: str) -> list[Path]:
    if not index_dir.is_dir():
        return []
    return sorted(
        p
        for p in index_dir.glob(f"{library}-*")
        if p.is_dir() and p.name != f"{library}-{version}" and (p / MANIFEST).exists()
    )


def file_digest(path: Path) -> FileDigest:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return {"size": path.stat().st_size, "sha256": h.hexdigest()}


def _fsync_tree(root: Path) -> None:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_index(
    final: Path,
    manifest: Manifest,
    records: list[ApiRecord],
    vectors: np.ndarray,
    lexical_texts: list[str],
    dense_ids: list[int] | None = None,
) -> Manifest:
    """Write every file into a temporary sibling, then move it into place."""
    import faiss

    from . import lexical

    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".tmp-{final.name}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        with (tmp / RECORDS).open("w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
        (tmp / NAMES).write_text(json.dumps(names_of(records)))
        # ids are record positions: only some kinds are embedded
        ids = np.arange(len(records)) if dense_ids is None else np.asarray(dense_ids)
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(int(vectors.shape[1])))
        index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))
        faiss.write_index(index, str(tmp / DENSE))
        lexical.build(lexical_texts, tmp / LEXICAL)
        manifest.files = {
            str(p.relative_to(tmp)): file_digest(p) for p in sorted(tmp.rglob("*")) if p.is_file()
        }
        (tmp / MANIFEST).write_text(json.dumps(asdict(manifest), indent=1))
        _fsync_tree(tmp)
        _swap(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def names_of(records: list[ApiRecord]) -> dict[str, list[Any]]:
    """What ``names.json`` holds: the per-record columns ranking and name lookups read."""
    return {
        "qualname": [r.qualname for r in records],
        "path": [r.preferred for r in records],
        "aliases": [r.aliases for r in records],
        "more_aliases": [r.more_aliases for r in records],
        "kind": [r.kind for r in records],
        "deprecated": [r.deprecated for r in records],
    }


def _swap(tmp: Path, final: Path) -> None:
    """Replace ``final`` by ``tmp``; a crash in between leaves *no* index, never half of one."""
    trash = None
    if final.exists():
        trash = final.parent / f".trash-{final.name}-{uuid.uuid4().hex[:8]}"
        os.rename(final, trash)
    os.rename(tmp, final)
    if trash is not None:
        shutil.rmtree(trash, ignore_errors=True)


def read_manifest(directory: Path) -> Manifest:
    path = directory / MANIFEST
    if not path.exists():
        raise IndexMissingError(f"no index at {directory}")
    fix = "it will be rebuilt on next use, or run `sciagent index build --force`"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError, IsADirectoryError) as exc:
        raise IndexCorruptError(
            f"the manifest of {directory} is unreadable ({type(exc).__name__})", fix=fix
        ) from None
    problem = manifest_shape_error(data)
    if problem is not None:
        raise IndexCorruptError(f"the manifest of {directory} is malformed: {problem}", fix=fix)
    return Manifest.from_dict(data)


def verify_files(directory: Path, manifest: Manifest) -> None:
    """Every file the manifest lists exists with the recorded size and hash."""
    for name, meta in manifest.files.items():
        path = directory / name
        if not path.is_file():
            raise IndexCorruptError(f"{path} is missing", fix="sciagent index build --force")
        if path.stat().st_size != meta["size"] or file_digest(path)["sha256"] != meta["sha256"]:
            raise IndexCorruptError(
                f"{path} does not match its manifest (truncated or modified)",
                fix="sciagent index build --force",
            )


class RecordTable:
    """The records of one index; full records are parsed only when asked for.

    Ranking needs just names and kinds, so a cold ``sciagent search`` parses
    ~11k small name entries instead of ~11k full records.
    """

    def __init__(self, lines: list[str], names: dict[str, list[Any]]) -> None:
        self._lines = lines
        self._parsed: dict[int, ApiRecord] = {}
        self.qualnames: list[str] = names["qualname"]
        #: the path people type, per record (what surfaces show)
        self.paths: list[str] = names["path"]
        #: the few other paths shown, per record
        self.aliases: list[list[str]] = names["aliases"]
        #: further paths that resolve but are not shown (see ApiRecord.more_aliases)
        self.more_aliases: list[list[str]] = names["more_aliases"]
        self.kinds: list[str] = names["kind"]
        self.deprecated: list[bool] = names["deprecated"]

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, i: int) -> ApiRecord:
        rec = self._parsed.get(i)
        if rec is None:
            rec = ApiRecord.from_dict(json.loads(self._lines[i]))
            self._parsed[i] = rec
        return rec

    def __iter__(self) -> Iterator[ApiRecord]:
        return (self[i] for i in range(len(self)))


@dataclass
class LoadedIndex:
    directory: Path
    manifest: Manifest
    records: RecordTable
    dense: Any  # faiss.Index
    lexical: LexicalIndex


def load_index(directory: Path, expected: Expected) -> LoadedIndex:
    """Load and validate one index; raises Missing/Stale/Corrupt with the fix."""
    manifest = read_manifest(directory)
    expected.check(manifest, directory)
    verify_files(directory, manifest)
    import faiss

    try:
        dense = faiss.read_index(str(directory / DENSE))
        lexical = LexicalIndex.load(directory / LEXICAL)
        lines = (directory / RECORDS).read_text(encoding="utf-8").splitlines()
        names = json.loads((directory / NAMES).read_text(encoding="utf-8"))
        records = RecordTable(lines, names)
        if not all(len(v) == len(lines) for v in names.values()):
            raise ValueError("names.json and records.jsonl disagree in length")
    except (RuntimeError, ValueError, KeyError, OSError, TypeError) as exc:
        raise IndexCorruptError(
            f"{directory} could not be read: {type(exc).__name__}: {str(exc)[:200]}",
            fix="sciagent index build --force",
        ) from None
    if dense.ntotal != manifest.dense_records or lexical.n_docs != len(records):
        raise IndexCorruptError(
            f"{directory}: {len(records)} records, {dense.ntotal} vectors "
            f"(manifest: {manifest.dense_records}) and {lexical.n_docs} lexical documents",
            fix="sciagent index build --force",
        )
    if dense.d != manifest.embedding_dim:
        raise IndexCorruptError(f"{directory}: vector size {dense.d} != {manifest.embedding_dim}")
    return LoadedIndex(directory, manifest, records, dense, lexical)


# ------------------------------------------------------------- embedding cache


class EmbeddingCache:
    """Vectors keyed by (model, text hash): a rebuild embeds only what changed.

    One ``.npz`` per model (pickle-free arrays), replaced atomically.
    """

    def __init__(self, index_dir: Path, model_key: str) -> None:
        self.path = index_dir / ".cache" / f"embeddings-{model_key}.npz"
        self.vectors: dict[bytes, np.ndarray] = read_cache(self.path)

    def get(self, key: bytes) -> np.ndarray | None:
        return self.vectors.get(key)

    def update(self, keys: list[bytes], vectors: np.ndarray) -> None:
        for k, v in zip(keys, vectors, strict=True):
            self.vectors[k] = v

    def save(self) -> None:
        from filelock import FileLock

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.path) + ".lock"):
            # merge what a concurrent build may have added since we read it
            current = {**read_cache(self.path), **self.vectors}
            if not current:
                return
            # raw bytes as uint8 rows: numpy's "S" dtype would strip trailing NULs
            keys = np.frombuffer(b"".join(current), dtype=np.uint8).reshape(len(current), -1)
            vectors = np.stack(list(current.values())).astype(np.float32)
            tmp = self.path.with_suffix(f".{uuid.uuid4().hex[:8]}.tmp.npz")
            np.savez(tmp, keys=keys, vectors=vectors)
            os.replace(tmp, self.path)


def read_cache(path: Path) -> dict[bytes, np.ndarray]:
    """The cache's vectors by key; a missing or broken cache only costs time: empty."""
    if not path.exists():
        return {}
    try:
        with np.load(path, allow_pickle=False) as data:
            keys, vectors = data["keys"], data["vectors"]
        if keys.dtype != np.uint8 or keys.ndim != 2 or len(keys) != len(vectors):
            raise ValueError("not a cache of this format")
        return {k.tobytes(): v for k, v in zip(keys, vectors, strict=True)}
    except Exception:
        return {}
