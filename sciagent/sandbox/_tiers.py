"""Which isolation tier this machine gets, and why.

A  bubblewrap namespaces (mount, PID, network, IPC, UTS; a user namespace when
   not root) + Landlock + seccomp + rlimits, on an unprivileged uid.
B  no usable bubblewrap (typically: user namespaces disabled): Landlock +
   seccomp + rlimits on an unprivileged uid.
C  macOS ``sandbox-exec``: detected and reported, **not implemented**; treated
   like D.
D  nothing works: run_code refuses unless the caller passes ``unsafe=True``.
"""

from __future__ import annotations

import functools
import logging
import os
import platform
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from typing import Any

from . import _confine

log = logging.getLogger(__name__)

TIERS = ("A", "B", "C", "D")
SAFE_TIERS = ("A", "B")


@dataclass(frozen=True)
class TierReport:
    """The tier chosen, a human reason per check, and the raw check values."""

    tier: str
    reasons: list[str] = field(default_factory=list)
    checks: dict[str, Any] = field(default_factory=dict)

    @property
    def safe(self) -> bool:
        return self.tier in SAFE_TIERS

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _bwrap_probe(bwrap: str, as_root: bool, uid: int | None) -> tuple[bool, str]:
    """Actually start a sandbox: the only reliable test for user namespaces."""
    ns = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts"]
    if not as_root:
        ns.insert(0, "--unshare-user")
    cmd = [bwrap, *ns, "--die-with-parent", "--ro-bind", "/", "/", "--proc", "/proc", "true"]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=10, text=True)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"{type(exc).__name__}: {exc}"
    if proc.returncode != 0:
        return False, (proc.stderr.strip() or f"exit status {proc.returncode}")[:300]
    return True, "ok"


def readable_by_others(path: str) -> bool:
    """True when an unprivileged uid can traverse to and read ``path``."""
    path = os.path.realpath(path)
    parts = path.split(os.sep)
    for i in range(2, len(parts) + 1):
        try:
            mode = os.stat(os.sep.join(parts[:i]) or os.sep).st_mode
        except OSError:
            return False
        if not mode & 0o001 and os.path.isdir(os.sep.join(parts[:i])):
            return False
    return bool(os.stat(path).st_mode & 0o004)


def python_paths() -> list[str]:
    """The interpreter install and the virtualenv, mounted read-only at their real paths."""
    paths = [os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix)]
    return list(dict.fromkeys(paths))


@functools.lru_cache(maxsize=1)
def detect_tier() -> TierReport:
    """Probe this machine once per process; see the module docstring for the tiers."""
    checks: dict[str, Any] = {"platform": platform.system(), "root": os.geteuid() == 0}
    reasons: list[str] = []
    if sys.platform == "darwin":
        has = shutil.which("sandbox-exec") is not None
        checks["sandbox_exec"] = has
        reasons.append(
            "macOS: sandbox-exec "
            + ("found" if has else "missing")
            + "; tier C is not implemented in this version, so programs run only with unsafe=True"
        )
        return TierReport("C" if has else "D", reasons, checks)
    if not sys.platform.startswith("linux"):
        reasons.append(f"no sandbox support on {sys.platform}")
        return TierReport("D", reasons, checks)

    abi = _confine.landlock_abi()
    checks["landlock_abi"] = abi
    reasons.append(
        f"Landlock ABI {abi}" + (" (signal/abstract-socket scoping)" if abi >= 6 else "")
        if abi
        else "Landlock unavailable (kernel < 5.13 or LSM disabled)"
    )
    seccomp = _confine.seccomp_available()
    checks["seccomp"] = seccomp
    reasons.append("seccomp via libseccomp: " + ("ok" if seccomp else "libseccomp.so.2 missing"))

    bwrap = shutil.which("bwrap")
    checks["bwrap"] = bwrap
    bwrap_ok = False
    if bwrap:
        bwrap_ok, why = _bwrap_probe(bwrap, os.geteuid() == 0, None)
        checks["bwrap_probe"] = why
        reasons.append(f"bubblewrap {bwrap}: " + ("namespaces work" if bwrap_ok else why))
    else:
        reasons.append("bubblewrap not installed (run scripts/setup_sandbox.sh)")
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        checks["setpriv"] = setpriv
        reasons.append(
            "running as root: programs run on an unprivileged uid of their own"
            + (" (setpriv found)" if setpriv else " (setpriv missing: install util-linux)")
        )
        readable = all(readable_by_others(p) for p in python_paths())
        checks["python_readable_by_others"] = readable
        if not bwrap_ok and not readable:
            reasons.append(
                "tier B as root needs a Python install an unprivileged uid can read; "
                f"{', '.join(python_paths())} is not"
            )
    else:
        setpriv, readable = "unneeded", True

    if bwrap_ok and seccomp and setpriv:
        tier = "A"
    elif abi >= 1 and seccomp and readable:
        tier = "B"
    else:
        tier = "D"
    if tier == "D":
        reasons.append("no tier works: run_code refuses unless unsafe=True")
    log.debug("sandbox tier %s: %s", tier, "; ".join(reasons))
    return TierReport(tier, reasons, checks)
