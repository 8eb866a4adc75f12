"""How a worker is started for each tier: the command line, environment and uid.

The host side only; the worker itself is :mod:`._worker`, loaded from this
package's directory, which is the only part of sciagent mounted in the sandbox.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Any

from ._tiers import python_paths, readable_by_others

WORKER_DIR = os.path.dirname(os.path.abspath(__file__))
SANDBOX_ROOT = "/sandbox"  # scratch tmpfs inside bubblewrap
SANDBOX_CODE = "/opt/sciagent-sandbox"  # where this package directory is mounted
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
ETC_FILES = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/localtime",
    "/etc/alternatives",
    "/etc/fonts",
    "/etc/mime.types",
)
DEV_FILES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")
UID_BASE = 1_900_000_000  # unprivileged uids no real account uses


def sandbox_python(executable: str | None = None) -> str:
    """The interpreter path to execute, valid inside the sandbox too.

    Only real paths are bound into the sandbox (``python_paths``), so a venv
    reached through a symlinked directory (``.venv -> /elsewhere/.venv``) does
    not exist there under the host's name.  Resolve the directory, but keep
    the file name: ``bin/python`` is itself a symlink to the base interpreter,
    and Python finds the venv (``pyvenv.cfg``) from the path it was started as.
    """
    exe = executable or sys.executable
    return os.path.join(
        os.path.realpath(os.path.dirname(os.path.abspath(exe))), os.path.basename(exe)
    )


def worker_uid(slot: int) -> int:
    """A uid of its own per worker (as root), so RLIMIT_NPROC counts only its tasks."""
    return UID_BASE + (os.getpid() % 1_000_000) * 16 + slot % 16


def clean_env(root: str) -> dict[str, str]:
    """Everything the program sees of an environment: nothing from the host."""
    venv_bin = os.path.join(os.path.realpath(sys.prefix), "bin")
    env = {
        "PATH": f"{venv_bin}:/usr/local/bin:/usr/bin:/bin",
        "HOME": f"{root}/home",
        "TMPDIR": f"{root}/tmp",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "USER": "sandbox",
        "LOGNAME": "sandbox",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": f"{root}/home/.matplotlib",
        "XDG_CACHE_HOME": f"{root}/home/.cache",
    }
    # glibc gives each new thread its own 64 MiB malloc arena (up to 8 per core),
    # which fills RLIMIT_AS after ~20 threads; two arenas keep threads cheap.
    env["MALLOC_ARENA_MAX"] = "2"
    for var in (
        "OPENBLAS_NUM_THREADS",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
        "NUMEXPR_NUM_THREADS",
        "VECLIB_MAXIMUM_THREADS",
        "RAYON_NUM_THREADS",
    ):
        env[var] = "1"
    return env


@dataclass
class LaunchSpec:
    """What the pool needs to start one worker."""

    argv: list[str]
    env: dict[str, str]
    config: dict[str, Any]
    user: int | None = None
    scratch: str | None = None  # host directory to delete when the worker goes
    uid: int | None = None
    popen: dict[str, Any] = field(default_factory=dict)


def _read_paths(code_dir: str) -> list[str]:
    paths = [p for p in SYSTEM_DIRS if os.path.exists(p)]
    paths += [p for p in ETC_FILES if os.path.exists(p)]
    paths += python_paths()
    paths.append(code_dir)
    return paths


def _parents(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:i]) for i in range(1, len(parts))]


def python_under_tmp() -> bool:
    """True when the Python install or the venv lives under /tmp (a CI checkout, say).

    Then /tmp cannot be the usual symlink into the scratch dir: the venv must
    be bound at its real path, so /tmp becomes a small tmpfs mounted before the
    binds (bubblewrap creates the parents inside it).  Programs keep using
    $TMPDIR (/sandbox/tmp); writes to /tmp itself are denied by Landlock.
    """
    return any(p == "/tmp" or p.startswith("/tmp/") for p in python_paths())


def _bwrap_mounts(root: str) -> list[str]:
    args: list[str] = []
    made: set[str] = {"/usr", "/etc"}
    if python_under_tmp():
        args += ["--perms", "01777", "--size", str(16 << 20), "--tmpfs", "/tmp"]
        made.add("/tmp")
    for d in SYSTEM_DIRS:
        if os.path.islink(d):
            args += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            args += ["--ro-bind", d, d]
    # bubblewrap would create /etc for the binds below as 0700: as root the worker's own
    # uid could then not reach ld.so.cache, localtime or fonts (matplotlib's fc-list)
    args += ["--perms", "0755", "--dir", "/etc"]
    for f in ETC_FILES:
        if os.path.exists(f):
            args += ["--ro-bind", f, f]
    bound: list[str] = ["/usr"]
    for p in sorted(python_paths()):
        if any(p == b or p.startswith(b + "/") for b in bound):
            continue
        for parent in _parents(p):
            if parent not in made:
                args += ["--perms", "0755", "--dir", parent]
                made.add(parent)
        args += ["--ro-bind", p, p]
        bound.append(p)
    for parent in _parents(SANDBOX_CODE):
        if parent not in made:
            args += ["--perms", "0755", "--dir", parent]
    args += ["--ro-bind", WORKER_DIR, SANDBOX_CODE]
    args += ["--proc", "/proc", "--dev", "/dev"]
    return args


def bwrap_spec(slot: int, disk_mb: int, preload: list[str], fds: tuple[int, int]) -> LaunchSpec:
    """Tier A: bubblewrap namespaces, then (as root) setpriv down to a uid of our own."""
    bwrap = shutil.which("bwrap") or "bwrap"
    root = SANDBOX_ROOT
    is_root = os.geteuid() == 0
    argv = [bwrap, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts"]
    argv += ["--unshare-cgroup-try"]
    if not is_root:
        argv = [bwrap, "--unshare-user", "--disable-userns", *argv[1:]]
    argv += ["--die-with-parent", "--new-session", "--clearenv", "--hostname", "sandbox"]
    argv += _bwrap_mounts(root)
    argv += ["--perms", "01777", "--size", str(disk_mb << 20), "--tmpfs", root]
    if not python_under_tmp():
        argv += ["--symlink", f"{root}/tmp", "/tmp"]
    argv += ["--chdir", root]
    env = clean_env(root)
    for k, v in env.items():
        argv += ["--setenv", k, v]
    uid = None
    if is_root:
        uid = worker_uid(slot)
        argv += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"]
        argv += ["--", shutil.which("setpriv") or "/usr/bin/setpriv"]
        argv += [f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--no-new-privs"]
        argv += ["--bounding-set=-all", "--inh-caps=-all"]
    argv += ["--", sandbox_python(), "-I", "-B", f"{SANDBOX_CODE}/_worker.py"]
    argv += ["--fds", f"{fds[0]},{fds[1]}"]
    config = {
        "tier": "A",
        "root": root,
        "own_fs": True,
        "pid_namespace": True,
        "landlock": True,
        "seccomp": True,
        "unix_sockets": True,
        "read_paths": _read_paths(SANDBOX_CODE),
        "dev_paths": list(DEV_FILES),
        "preload": preload,
    }
    return LaunchSpec(argv=argv, env={}, config=config, uid=uid)


def direct_spec(
    tier: str, slot: int, preload: list[str], fds: tuple[int, int], landlock_abi: int
) -> LaunchSpec:
    """Tier B (and unsafe D): no namespaces; the worker confines itself (B) or not (D)."""
    is_root = os.geteuid() == 0
    # Tier D keeps root only when an unprivileged uid could not even start Python.
    can_drop = tier == "B" or all(readable_by_others(p) for p in python_paths())
    uid = worker_uid(slot) if is_root and can_drop else None
    scratch = tempfile.mkdtemp(prefix="sciagent-sandbox-")
    if uid is not None:
        os.chown(scratch, uid, uid)
    env = clean_env(scratch)
    argv = [sandbox_python(), "-I", "-B", os.path.join(WORKER_DIR, "_worker.py")]
    argv += ["--fds", f"{fds[0]},{fds[1]}"]
    safe = tier == "B"
    config = {
        "tier": tier,
        "root": scratch,
        "own_fs": False,
        "pid_namespace": False,
        "landlock": safe,
        "seccomp": safe,
        # abstract unix sockets reach the host unless Landlock scopes them (ABI 6)
        "unix_sockets": landlock_abi >= 6,
        "read_paths": _read_paths(WORKER_DIR),
        "dev_paths": list(DEV_FILES),
        "preload": preload,
    }
    popen: dict[str, Any] = {}
    if uid is not None:
        popen = {"user": uid, "group": uid, "extra_groups": []}
    return LaunchSpec(argv=argv, env=env, config=config, scratch=scratch, uid=uid, popen=popen)
