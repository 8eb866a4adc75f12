"""Run the walker in one subprocess per library and collect its records."""

from __future__ import annotations

import ctypes
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import IntrospectionError
from ..plugin import Library, Plugin
from ..records import ApiRecord
from .walker import WalkSpec

log = logging.getLogger(__name__)
WALK_TIMEOUT_S = 600
#: A walk's temporary directory is named after the process that owns it
#: (``sciagent-walk-<pid>-<random>``), so a later build can tell debris from a live walk.
WALK_DIR_PREFIX = "sciagent-walk-"
_WALK_DIR = re.compile(r"sciagent-walk-(?:(\d+)-)?[a-z0-9_]+")
#: Walk directories named before the owner's pid was in the name are removed
#: after this long (no walk lives a day: it times out after WALK_TIMEOUT_S).
_UNNAMED_WALK_DIR_AGE_S = 86_400.0
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@dataclass
class Introspection:
    """The API of one library as installed, plus what could not be imported."""

    library: str
    version: str
    records: list[ApiRecord]
    modules: int
    failures: list[dict[str, str]] = field(default_factory=list)
    elapsed_s: float = 0.0


#: what a subprocess that imports libraries may see of the caller's environment:
#: where programs and libraries are, the locale, sciagent's settings; never
#: credentials or tokens (importing a library runs its code)
_ENV_KEEP = (
    "PATH",
    "PYTHONPATH",
    "LD_LIBRARY_PATH",
    "VIRTUAL_ENV",
    "CONDA_PREFIX",
    "TMPDIR",
    "LANG",
    "LC_ALL",
)


def isolated_env(home: str) -> dict[str, str]:
    """The environment for a host subprocess that imports installed libraries.

    HOME points at a private directory, so libraries write no config or cache
    into the user's.
    """
    env = {k: v for k, v in os.environ.items() if k in _ENV_KEEP or k.startswith("SCIAGENT_")}
    return {**env, "HOME": home, "PYTHONWARNINGS": "ignore", "MPLBACKEND": "Agg"}


def spec_for(plugin: Plugin, library: Library) -> WalkSpec:
    return WalkSpec(
        library=library.name,
        import_name=library.import_name,
        version=library.installed_version(),
        include=list(library.include),
        exclude=list(library.exclude),
        exclude_names=list(library.exclude_names),
        include_names=list(library.include_names),
        domain=plugin.domain,
        forwards=plugin.forwards_for(library),
    )


class WalkProcess:
    """A walker subprocess; start several, then ``result()`` each (they run in parallel)."""

    def __init__(self, spec: WalkSpec) -> None:
        self.spec = spec
        self._tmp = tempfile.TemporaryDirectory(prefix=f"{WALK_DIR_PREFIX}{os.getpid()}-")
        self.out = Path(self._tmp.name) / "api.json"
        # stderr goes to a file, not a pipe: a library that prints a lot on import
        # must not block on a full pipe while the parent polls other walkers
        self._stderr = (Path(self._tmp.name) / "stderr.txt").open("w+")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-P",  # the working directory is not put on sys.path
                "-m",
                "sciagent.introspection.walker",
                json.dumps(asdict(spec)),
                str(self.out),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,  # libraries print on import; results come via the file
            stderr=self._stderr,
            env=isolated_env(self._tmp.name),
            cwd=self._tmp.name,  # our own empty directory: nothing planted there is imported
            preexec_fn=_die_with_parent(),  # a killed build must not leave a walker running
        )

    def finished(self) -> bool:
        """Exited, or out of time (then ``result()`` raises the timeout at once)."""
        return self.proc.poll() is not None or time.monotonic() - self.started >= WALK_TIMEOUT_S

    def result(self) -> Introspection:
        try:
            self.proc.wait(timeout=max(0.0, WALK_TIMEOUT_S - (time.monotonic() - self.started)))
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self._stderr.close()
            self._tmp.cleanup()
            raise IntrospectionError(
                f"walking {self.spec.library} took longer than {WALK_TIMEOUT_S} s",
                fix="exclude the slow modules in the plugin's Library(exclude=...)",
            ) from None
        try:
            self._stderr.seek(0)
            stderr = self._stderr.read()
            self._stderr.close()
            if self.proc.returncode != 0 or not self.out.exists():
                tail = "\n".join(stderr.strip().splitlines()[-5:])
                raise IntrospectionError(
                    f"could not introspect {self.spec.library} {self.spec.version}: {tail}",
                    fix=f"check that `python -c 'import {self.spec.import_name}'` works",
                )
            payload = json.loads(self.out.read_text())
        finally:
            self._tmp.cleanup()
        return Introspection(
            library=payload["library"],
            version=payload["version"],
            records=[ApiRecord.from_dict(r) for r in payload["records"]],
            modules=payload["modules"],
            failures=payload["failures"],
            elapsed_s=payload["elapsed_s"],
        )


def _die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the child get SIGKILL when this process dies (Linux).

    Without it a walker outlives a build killed with ``kill -9`` and keeps
    importing a library for nothing.  The signal follows the *thread* that
    started the child; a build starts and collects its walkers in one call, so
    that thread outlives them.  Elsewhere (macOS) there is no such call: None.
    """
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before the fork
    parent = os.getpid()

    def hook() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return hook


def sweep_walk_dirs(root: Path | None = None) -> list[Path]:
    """Remove walk directories whose build died (``kill -9``); return what was removed.

    A directory is debris when the process named in it no longer exists (a
    reused pid only keeps a directory longer, never removes a live one), or,
    for directories named without a pid, when it is older than a day.
    """
    root = Path(tempfile.gettempdir()) if root is None else root
    removed = []
    for path in root.glob(WALK_DIR_PREFIX + "*"):
        match = _WALK_DIR.fullmatch(path.name)
        if match is None or not path.is_dir() or path.is_symlink():
            continue
        pid = match.group(1)
        if _alive(int(pid)) if pid else _age_s(path) < _UNNAMED_WALK_DIR_AGE_S:
            continue
        log.info("removing %s, left by a walk whose build died", path)
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _age_s(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def introspect(plugin: Plugin, library: Library) -> Introspection:
    return WalkProcess(spec_for(plugin, library)).result()
