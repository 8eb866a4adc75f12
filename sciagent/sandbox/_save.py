"""Keeping what a program wrote: the captured files, saved by the host into a folder.

A program writes files in its scratch working directory, which is wiped after
every task; the worker sends the files' names and (within the run's content
budget, ``Limits.file_content_bytes``) their bytes back in the
:class:`~sciagent.sandbox.RunResult`.  This module is the host side that turns
those bytes into files a scientist can open.

The names come from hostile code (and through a worker that might be
compromised), so they are checked here again, on the host: a relative path in
canonical form, no ``..``, no control characters, no component longer than a
filesystem allows.  A name that fails is skipped with the reason, never
"repaired" into some other path.  Each file is written under a temporary name
in its final folder and then linked into place, so a reader never sees half a
file, and an existing file is never replaced: the new one gets a fresh name
(``fig-2.png``) and the listing says so.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..render.values import FileView
from ._errors import SandboxInputError

#: where files go when no folder is named: one fresh subfolder per run, under the current one
DEFAULT_OUTPUT_ROOT = "sciagent-output"
#: a path component longer than this is refused (ext4, XFS, APFS, NTFS: 255)
MAX_COMPONENT_BYTES = 255
#: a whole name longer than this is refused (PATH_MAX is 4096 on Linux)
MAX_NAME_BYTES = 1024
#: at most this many files are saved from one run (the sandbox caps them lower, by default)
MAX_SAVED_FILES = 10_000
#: how many fresh names (``fig-2.png``, ``fig-3.png``, ...) are tried before giving up
MAX_RENAMES = 1000


@dataclass(frozen=True)
class SavedFile:
    """A program's file written on the host: its name in the program, where it is now."""

    name: str
    path: str
    size: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SkippedFile:
    """A program's file that was not saved, and why (in words a person can act on)."""

    name: str
    size: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SavedOutputs:
    """What :func:`save_outputs` did: the folder (None if nothing was written), the files
    saved and the files skipped."""

    dir: str | None
    files: list[SavedFile] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dir": self.dir,
            "files": [f.to_dict() for f in self.files],
            "skipped": [s.to_dict() for s in self.skipped],
        }

    def path_of(self, name: str) -> str | None:
        """Where the program's file ``name`` was saved, or None."""
        return next((f.path for f in self.files if f.name == name), None)

    def lines(self) -> list[str]:
        """One line per file for a person: ``saved fig.png -> /abs/fig.png (23,206 bytes)``."""
        out = [f"saved {f.name} -> {f.path} ({f.size:,} bytes)" for f in self.files]
        out += [f"not saved {s.name} ({s.size:,} bytes): {s.reason}" for s in self.skipped]
        return out


def unsafe_name_reason(name: object) -> str | None:
    """Why ``name`` may not become a path under the output folder, or None when it may.

    Only canonical relative POSIX paths pass: ``fig.png``, ``plots/a.svg``.
    Absolute paths, ``..`` and ``.`` components, empty components, backslashes
    (a separator on Windows), control characters and over-long names are
    refused, whatever the platform, so no name can reach outside the folder.
    """
    if not isinstance(name, str) or not name:
        return "the name is empty"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        return "the name contains control characters"
    if "\\" in name:
        return "the name contains a backslash"
    try:
        encoded = name.encode("utf-8")
    except UnicodeEncodeError:
        return "the name is not valid Unicode"
    if len(encoded) > MAX_NAME_BYTES:
        return f"the name is longer than {MAX_NAME_BYTES} bytes"
    pure = PurePosixPath(name)
    if pure.is_absolute() or name.startswith("/"):
        return "the name is an absolute path"
    if str(pure) != name or any(p in (".", "..") for p in name.split("/")):
        return "the name is not a plain relative path (it has '..', '.' or empty parts)"
    if any(len(p.encode("utf-8")) > MAX_COMPONENT_BYTES for p in pure.parts):
        return f"a part of the name is longer than {MAX_COMPONENT_BYTES} bytes"
    return None


def default_output_dir(base: str | os.PathLike[str] | None = None) -> Path:
    """A folder that does not exist yet: ``<base>/sciagent-output/<YYYYmmdd-HHMMSS>[-N]``.

    ``base`` is the current directory unless given.  Not created here: a run
    that writes nothing leaves no empty folder behind.
    """
    root = Path(base if base is not None else os.getcwd()) / DEFAULT_OUTPUT_ROOT
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = root / stamp
    n = 2
    while candidate.exists():
        candidate = root / f"{stamp}-{n}"
        n += 1
    return candidate


def check_output_dir(directory: str | os.PathLike[str]) -> Path:
    """``directory`` as an absolute path, or a SandboxInputError saying why it cannot hold
    the outputs (a file is in the way, or it cannot be created or written)."""
    path = Path(directory).expanduser().absolute()
    if path.exists() and not path.is_dir():
        raise SandboxInputError(
            f"the output folder {path} is a file, not a folder",
            fix="pass --output-dir a folder (new or existing), or remove that file",
        )
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not os.access(existing, os.W_OK | os.X_OK):
        raise SandboxInputError(
            f"cannot write the program's files to {path}: {existing} is not writable",
            fix="pass --output-dir a folder you can write to (e.g. --output-dir ~/results), "
            "or run from a writable folder",
        )
    return path


def output_target(output_dir: str | os.PathLike[str] | None, no_save: bool) -> Path | None:
    """The folder a surface saves into, checked before anything runs (None with ``--no-save``).

    Checking first means a bad ``--output-dir`` is a usage error in a second,
    not a surprise after a long run whose files then have nowhere to go.
    """
    if no_save:
        return None
    return check_output_dir(output_dir if output_dir is not None else default_output_dir())


def save_outputs(
    files: Iterable[FileView],
    directory: str | os.PathLike[str] | None = None,
    *,
    inputs: Mapping[str, bytes] | None = None,
) -> SavedOutputs:
    """Write the program's captured ``files`` under ``directory`` and list what happened.

    ``directory`` defaults to :func:`default_output_dir`; it is created only
    when there is a file to write.  ``inputs`` are the files the caller put in
    the working directory: one that comes back unchanged is the caller's own
    file and is not saved again.  Never raises for a file: a file that cannot
    be saved (unsafe name, content over the run's budget, a write error) is
    listed in ``skipped`` with the reason.
    """
    target = Path(directory) if directory is not None else default_output_dir()
    target = target.expanduser().absolute()
    saved: list[SavedFile] = []
    skipped: list[SkippedFile] = []
    made = False
    for f in files:
        data = f.content
        if inputs is not None and data is not None and inputs.get(f.name) == data:
            continue
        reason = _refusal(f, data, len(saved) + len(skipped))
        if reason is None:
            try:
                if not made:
                    target.mkdir(parents=True, exist_ok=True)
                    made = True
                assert data is not None
                saved.append(SavedFile(f.name, str(_write_new(target, f.name, data)), len(data)))
                continue
            except OSError as exc:
                reason = f"could not write it: {exc.strerror or exc}"
        skipped.append(SkippedFile(f.name if isinstance(f.name, str) else "?", f.size, reason))
    return SavedOutputs(str(target) if saved else None, saved, skipped)


def keep_outputs(
    files: Iterable[FileView], directory: str | os.PathLike[str] | None
) -> SavedOutputs | None:
    """:func:`save_outputs` into ``directory`` when a surface was given one; else None (a
    tool or server without an output folder writes nothing on its machine)."""
    return None if directory is None else save_outputs(files, directory)


def _refusal(f: FileView, data: bytes | None, seen: int) -> str | None:
    """Why the captured file ``f`` is not saved (before touching the disk), or None."""
    reason = unsafe_name_reason(f.name)
    if reason is not None:
        return f"unsafe name: {reason}"
    if seen >= MAX_SAVED_FILES:
        return f"more than {MAX_SAVED_FILES:,} files in one run"
    if data is None:
        return (
            "its content was not kept: the files of one run carry at most "
            "Limits.file_content_bytes (1 MiB by default); write less or raise that limit"
        )
    if len(data) != f.size:
        return f"its content ({len(data):,} bytes) does not match its size ({f.size:,} bytes)"
    return None


def _write_new(root: Path, name: str, data: bytes) -> Path:
    """Write ``data`` at ``root/name`` (or a fresh variant of it) atomically; never replace.

    The bytes go to a hidden temporary file in the final folder first, then
    are hard-linked to the final name, which fails if that name exists
    (unlike a rename, which would replace it): the next variant is tried.
    """
    parts = PurePosixPath(name).parts
    folder = _make_folders(root, parts[:-1])
    final = folder / parts[-1]
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".sciagent-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        for candidate in _variants(final):
            if _link_no_replace(tmp, candidate):
                return candidate
        raise OSError(errno.EEXIST, f"{MAX_RENAMES} files named like it exist already")
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _make_folders(root: Path, parts: Iterable[str]) -> Path:
    """``root/parts...``, made one level at a time; refuses to pass through a symlink, so a
    link someone left in an existing output folder cannot lead the files elsewhere."""
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink():
            raise OSError(errno.EACCES, f"{current} is a symlink; files are not saved through one")
        try:
            current.mkdir()
        except FileExistsError:
            if not current.is_dir():
                raise OSError(errno.ENOTDIR, f"{current} is a file, not a folder") from None
    return current


def _variants(final: Path) -> Iterable[Path]:
    """``fig.png``, then ``fig-2.png``, ``fig-3.png``, ...: names that may be free."""
    yield final
    for n in range(2, MAX_RENAMES + 1):
        yield final.with_name(f"{final.stem}-{n}{final.suffix}")


def _link_no_replace(tmp: str, final: Path) -> bool:
    """Give ``tmp``'s content the name ``final`` unless that name is taken (then False).

    A hard link is atomic and refuses an existing name; where a filesystem has
    no hard links, a rename after an existence check is the fallback (a file
    appearing in between would be replaced, which only a concurrent writer of
    the same folder can cause).
    """
    try:
        os.link(tmp, final)
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
    if os.path.lexists(final):
        return False
    os.replace(tmp, final)
    return True
