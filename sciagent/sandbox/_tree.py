"""Walking and wiping a program's scratch tree, whatever shape the program left it in.

A program controls the tree: it may nest directories thousands deep (beyond
Python's recursion limit and beyond ``PATH_MAX``), chmod them to 000, or fill
them with symlinks.  Cleanup must still succeed, or every later task of the
worker inherits the mess.  So nothing here recurses, and the wipe works on
directory file descriptors (``*at`` calls) with one open directory at a time.

Standard library only: the in-sandbox worker loads this file directly.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def wipe_contents(path: str) -> None:
    """Remove everything inside the directory ``path`` (not ``path`` itself).

    Depth-first with one directory fd: descend by name, come back through
    ``..``.  That is safe because every process of the task is dead by now, so
    nothing renames directories under us.  Raises ``OSError`` when an entry
    cannot be removed (the caller then retires the worker).
    """
    fd = os.open(path, _DIR_FLAGS)
    below: list[str] = []  # names from ``path`` down to the directory ``fd`` is
    try:
        while True:
            sub = _unlink_files_until_dir(fd)
            if sub is not None:
                fd = _enter_or_remove(fd, sub, below)
                continue
            if not below:
                return
            parent = os.open("..", _DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = parent
            os.rmdir(below.pop(), dir_fd=fd)
    finally:
        os.close(fd)


def wipe(path: str) -> None:
    """Remove ``path`` whether it is a file, a symlink or a directory tree; gone is fine."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(st.st_mode):
        os.unlink(path)
        return
    _make_enterable(None, path)
    wipe_contents(path)
    os.rmdir(path)


def _unlink_files_until_dir(fd: int) -> str | None:
    """Unlink the non-directories of ``fd`` up to the first subdirectory; its name, or None."""
    with os.scandir(fd) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                return entry.name
            try:
                os.unlink(entry.name, dir_fd=fd)
            except FileNotFoundError:
                pass
    return None


def _enter_or_remove(fd: int, name: str, below: list[str]) -> int:
    """Remove the subdirectory ``name`` if empty; otherwise open it and return its fd."""
    try:
        os.rmdir(name, dir_fd=fd)
        return fd
    except OSError:
        pass  # not empty (or not ours to remove yet): go in
    _make_enterable(fd, name)
    child = os.open(name, _DIR_FLAGS, dir_fd=fd)
    os.close(fd)
    below.append(name)
    return child


def _make_enterable(dir_fd: int | None, name: str) -> None:
    """chmod 700 so a directory the program made unreadable can be listed and emptied.

    ``name`` is known to be a directory and no program process is alive, so
    following it is safe.  A failure surfaces as the ``open`` that comes next.
    """
    try:
        os.chmod(name, 0o700, dir_fd=dir_fd)
    except OSError:
        pass


def walk_files(root: str) -> Iterator[tuple[str, os.stat_result]]:
    """``(path, lstat)`` of every regular file under ``root``, without recursion.

    Order: a directory's files by name, then its subdirectories by name (what
    ``os.walk`` with sorted names gives).  Unreadable directories and paths
    too long to use are skipped.  Symlinks are neither followed nor listed.
    """
    stack = [root]
    while stack:
        top = stack.pop()
        try:
            with os.scandir(top) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        subdirs: list[str] = []
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISDIR(st.st_mode):
                subdirs.append(entry.path)
            elif stat.S_ISREG(st.st_mode):
                yield entry.path, st
        stack.extend(reversed(subdirs))


def usage(root: str, stop_after: int) -> tuple[int, int]:
    """(entries, bytes) under ``root``, without recursion; counting stops past ``stop_after``."""
    count = size = 0
    stack = [root]
    while stack and count <= stop_after:
        try:
            with os.scandir(stack.pop()) as it:
                for entry in it:
                    count += 1
                    try:
                        st = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    size += st.st_size
                    if stat.S_ISDIR(st.st_mode):
                        stack.append(entry.path)
        except OSError:
            continue
    return count, size
