"""The warm pool: sandboxed workers with the libraries imported, one task at a time each.

Each worker is a confined interpreter that has already paid for the imports the
plugins asked for; a task costs one ``fork`` inside it.  A worker that dies (or
stops answering) is killed with its whole sandbox and replaced in the
background, and the task that was running gets a ``sandbox`` error.
"""

from __future__ import annotations

import base64
import logging
import os
import queue
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Any

from . import _tree, _wire
from ._errors import (
    SandboxClosedError,
    SandboxInputError,
    SandboxStartError,
    SandboxUnavailableError,
)
from ._launch import LaunchSpec, bwrap_spec, direct_spec
from ._limits import Limits
from ._result import RunError, RunResult, with_install_hint
from ._tiers import TierReport, detect_tier

log = logging.getLogger(__name__)

START_TIMEOUT_S = 120.0
GRACE_S = 10.0  # on top of the task's own wall limit before the host gives up on a worker
MAX_INPUT_BYTES = 64 << 20

FileInput = bytes | str | os.PathLike[str]


def _count_user_tasks(uid: int) -> int:
    """Processes and threads of ``uid`` on the host (RLIMIT_NPROC counts them all)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as fh:
                fields = dict(line.split(":", 1) for line in fh if ":" in line)
        except OSError:
            continue
        if int(fields.get("Uid", "-1").split()[0]) == uid:
            total += int(fields.get("Threads", "1"))
    return total


class _Worker:
    """One sandboxed worker process and its two pipes, as seen from the host."""

    def __init__(self, spec_factory: Any, slot: int, tier: str) -> None:
        self.slot = slot
        self.tier = tier
        task_r, self.task_w = os.pipe()
        self.result_r, result_w = os.pipe()
        self.spec: LaunchSpec = spec_factory(slot, (task_r, result_w))
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the worker
        self.info: dict[str, Any] = {}
        try:
            self.proc = subprocess.Popen(
                self.spec.argv,
                env=self.spec.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self.log,
                pass_fds=(task_r, result_w),
                start_new_session=True,
                **self.spec.popen,
            )
        except OSError as exc:
            self._close_fds()
            raise SandboxStartError(
                f"could not start a sandbox worker: {exc}",
                fix="run scripts/setup_sandbox.sh, then `sciagent doctor`",
            ) from exc
        finally:
            os.close(task_r)
            os.close(result_w)

    def handshake(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        try:
            _wire.write_frame(self.task_w, self.spec.config)
            ready = _wire.read_frame(self.result_r, deadline)
        except (OSError, _wire.FrameError) as exc:
            detail = self.stderr_tail()
            self.kill()
            raise SandboxStartError(
                f"sandbox worker failed to start ({exc}){': ' + detail if detail else ''}",
                fix="run `sciagent doctor` to see which isolation tier works here",
            ) from None
        if ready.get("op") != "ready":
            self.kill()
            raise SandboxStartError(
                f"sandbox worker failed to start: {ready.get('error')}",
                fix="run `sciagent doctor`; a preload import may be crashing the interpreter",
            )
        self.info = ready
        for name, err in ready.get("preload_failed", {}).items():
            log.warning("sandbox preload %s failed: %s", name, err)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def run(self, task: dict[str, Any], deadline: float) -> dict[str, Any]:
        _wire.write_frame(self.task_w, task)
        result = _wire.read_frame(self.result_r, deadline)
        if not isinstance(result, dict) or result.get("id") != task["id"]:
            raise _wire.FrameError("out-of-sequence reply from the worker")
        return result

    def stderr_tail(self, n: int = 2000) -> str:
        try:
            self.log.seek(0, os.SEEK_END)
            size = self.log.tell()
            self.log.seek(max(0, size - n))
            return self.log.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""

    def kill(self) -> None:
        """Kill the worker's whole sandbox; as root in tier B also its uid's stragglers."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            log.error("sandbox worker %s did not die", self.proc.pid)
        if self.spec.uid is not None and self.tier != "A":
            _kill_uid(self.spec.uid)
        self._close_fds()
        if self.spec.scratch:
            try:
                _tree.wipe(self.spec.scratch)  # no recursion: the program shaped this tree
            except OSError as exc:
                log.warning("could not remove sandbox scratch %s: %s", self.spec.scratch, exc)

    def close(self) -> None:
        """Ask politely (so the worker cleans up), then make sure."""
        try:
            _wire.write_frame(self.task_w, {"op": "exit"})
            self.proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()

    def _close_fds(self) -> None:
        for fd in (self.task_w, self.result_r):
            try:
                os.close(fd)
            except OSError:
                pass
        self.task_w = self.result_r = -1
        self.log.close()


def _kill_uid(uid: int) -> None:
    """Kill every process of a uid that only our worker used (tier B as root)."""
    for _ in range(100):
        found = False
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    os.kill(int(entry), signal.SIGKILL)
                    found = True
            except OSError:
                continue
        if not found:
            return
        time.sleep(0.01)


def _normalise_files(files: Mapping[str, FileInput] | None) -> dict[str, str]:
    """Validate input file names and read contents; returns name -> base64."""
    out: dict[str, str] = {}
    total = 0
    for name, content in (files or {}).items():
        pure = PurePosixPath(name)
        if not name or pure.is_absolute() or ".." in pure.parts or str(pure) in (".", ""):
            raise SandboxInputError(
                f"input file name {name!r} must be a relative path inside the working directory",
                fix="use names like 'data.csv' or 'inputs/seq.fasta'",
            )
        if isinstance(content, str):
            data = content.encode()
        elif isinstance(content, bytes):
            data = content
        else:
            data = Path(content).read_bytes()
        total += len(data)
        if total > MAX_INPUT_BYTES:
            raise SandboxInputError(
                f"input files exceed {MAX_INPUT_BYTES >> 20} MiB",
                fix="pass smaller inputs or pre-aggregate them",
            )
        out[str(pure)] = base64.b64encode(data).decode()
    return out


class SandboxPool:
    """Warm, confined workers; thread-safe; close it (or use ``with``) when done.

    ``preload`` lists the imports each worker does once, before it forks (none by
    default: the sandbox knows nothing of plugins, so a caller that does passes
    theirs, e.g. ``sciagent.plugin.installed_preload()``); ``tier`` forces
    one (``"A"``, ``"B"`` or ``"D"``) instead of detecting; ``unsafe=True`` is
    required to run anything when only tier C/D is available.
    """

    def __init__(
        self,
        size: int = 1,
        *,
        preload: Iterable[str] = (),
        limits: Limits | None = None,
        tier: str | None = None,
        unsafe: bool = False,
    ) -> None:
        if size < 1:
            raise SandboxInputError("pool size must be at least 1", fix="pass size=1 or more")
        self.size = size
        self.preload = tuple(preload)
        self.limits = limits or Limits()
        self.report: TierReport = detect_tier()
        self.tier = self._choose_tier(tier, unsafe)
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._ids = 0
        self.startup_s: float | None = None
        self.replacements = 0
        # bwrap --die-with-parent uses PR_SET_PDEATHSIG, which fires when the *thread*
        # that started it exits: every worker is started from this one long-lived thread.
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="sciagent-sandbox-spawn")

    def _choose_tier(self, tier: str | None, unsafe: bool) -> str:
        chosen = tier or self.report.tier
        if chosen not in ("A", "B", "C", "D"):
            raise SandboxInputError(f"unknown tier {chosen!r}", fix="use 'A', 'B' or 'D'")
        if chosen == "A" and self.report.tier != "A":
            raise SandboxUnavailableError(
                "tier A (bubblewrap) does not work here: " + "; ".join(self.report.reasons),
                fix="run scripts/setup_sandbox.sh, or let sciagent pick the tier",
            )
        if chosen == "B" and not (
            self.report.checks.get("landlock_abi", 0) >= 1
            and self.report.checks.get("seccomp")
            and self.report.checks.get("python_readable_by_others", True)
        ):
            raise SandboxUnavailableError(
                "tier B (Landlock + seccomp) does not work here: " + "; ".join(self.report.reasons),
                fix="use a Linux kernel >= 5.13 with Landlock, install libseccomp2, "
                "and (as root) a Python install readable by other users",
            )
        if chosen in ("C", "D"):
            if not unsafe:
                raise SandboxUnavailableError(
                    "no isolation tier works on this machine ("
                    + "; ".join(self.report.reasons)
                    + "); refusing to run generated code unconfined",
                    fix="run scripts/setup_sandbox.sh (Linux: bubblewrap, Landlock, libseccomp2), "
                    "or pass unsafe=True / --unsafe to run without isolation at your own risk",
                )
            log.warning("sandbox tier D: running programs WITHOUT isolation (unsafe=True)")
            chosen = "D"
        return chosen

    # -- lifecycle -----------------------------------------------------------------------

    def _spec(self, slot: int, fds: tuple[int, int]) -> LaunchSpec:
        if self.tier == "A":
            return bwrap_spec(slot, self.limits.disk_mb, list(self.preload), fds)
        abi = int(self.report.checks.get("landlock_abi", 0))
        return direct_spec(self.tier, slot, list(self.preload), fds, abi)

    def _spawn(self, slot: int) -> _Worker:
        worker = self._spawner.submit(_Worker, self._spec, slot, self.tier).result()
        worker.handshake(START_TIMEOUT_S)
        with self._lock:
            if self._closed:
                worker.close()
                raise SandboxClosedError("the sandbox pool was closed", fix="create a new pool")
            self._all.add(worker)
        log.debug("sandbox worker %s ready (tier %s)", worker.pid, self.tier)
        return worker

    def start(self) -> SandboxPool:
        """Start every worker (in parallel) and wait until they have preloaded."""
        with self._lock:
            if self._closed:
                raise SandboxClosedError("the sandbox pool was closed", fix="create a new pool")
            if self._started:
                return self
            self._started = True
        t0 = time.perf_counter()
        errors: list[BaseException] = []

        def boot(slot: int) -> None:
            try:
                self._idle.put(self._spawn(slot))
            except BaseException as exc:
                errors.append(exc)
                self._idle.put(None)

        threads = [threading.Thread(target=boot, args=(i,)) for i in range(self.size)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.startup_s = time.perf_counter() - t0
        if errors:
            self.close()
            raise errors[0]
        return self

    def close(self) -> None:
        """Stop all workers; idempotent."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.close()
        self._spawner.shutdown(wait=False)

    def __enter__(self) -> SandboxPool:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def worker_pids(self) -> list[int]:
        """Host pids of the worker sandboxes (bwrap or the interpreter)."""
        with self._lock:
            return sorted(w.pid for w in self._all)

    def worker_info(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(w.info, host_pid=w.pid, slot=w.slot) for w in self._all]

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
            self.replacements += 1
        worker.kill()
        if self._closed:
            return

        def respawn() -> None:
            try:
                self._idle.put(self._spawn(worker.slot))
            except BaseException as exc:
                log.error("could not replace sandbox worker: %s", exc)
                self._idle.put(None)

        threading.Thread(target=respawn, daemon=True, name="sciagent-sandbox-respawn").start()

    def _acquire(self) -> _Worker:
        while True:
            if self._closed:
                raise SandboxClosedError("the sandbox pool was closed", fix="create a new pool")
            try:
                worker = self._idle.get(timeout=1.0)
            except queue.Empty:
                continue
            if worker is None:  # a slot whose worker could not be (re)started: try now
                try:
                    return self._spawn(len(self._all))
                except BaseException:
                    self._idle.put(None)
                    raise
            try:
                if worker.alive():
                    return worker
            except BaseException:  # interrupted while checking: keep the slot filled
                self._idle.put(worker)
                raise
            self._replace(worker)

    # -- running -------------------------------------------------------------------------

    def run(
        self,
        code: str,
        *,
        timeout: float | None = None,
        memory: int | None = None,
        files: Mapping[str, FileInput] | None = None,
        limits: Limits | None = None,
    ) -> RunResult:
        """Run ``code`` in a warm worker; never raises for the program's own failures."""
        if not isinstance(code, str):
            raise SandboxInputError("code must be a str", fix="pass the program's source text")
        lim = (limits or self.limits).with_overrides(timeout_s=timeout, memory_mb=memory)
        inputs = _normalise_files(files)
        self.start()
        with self._lock:
            self._ids += 1
            task_id = self._ids
        task: dict[str, Any] = {"op": "run", "id": task_id, "code": code, "files": inputs}
        task["limits"] = lim.to_dict()
        if os.geteuid() != 0 and self.tier != "A":
            task["nproc_base"] = _count_user_tasks(os.getuid())
        worker = self._acquire()
        t0 = time.perf_counter()
        try:
            reply = worker.run(task, time.monotonic() + lim.timeout_s + GRACE_S)
        except (OSError, _wire.FrameError) as exc:
            hung = worker.alive()
            tail = worker.stderr_tail(500)
            if tail:
                log.warning("sandbox worker %s failed: %s", worker.pid, tail)
            self._replace(worker)
            return self._failed(lim, time.perf_counter() - t0, hung, exc)
        except BaseException:
            # Ctrl-C (or any other surprise) mid-task: the worker may still be running
            # the program and the pipes are mid-frame, so it cannot be reused; without
            # this it would never return to the idle queue and the next run would wait
            # forever.
            self._replace(worker)
            raise
        self._release(worker, reply)
        return self._result(reply, lim, time.perf_counter() - t0)

    def _release(self, worker: _Worker, reply: dict[str, Any]) -> None:
        """Back to the idle queue, unless the worker says (or shows) it is unfit.

        A worker retires when its cleanup failed or it reported an error of kind
        ``sandbox``: its scratch dir or state may be left over from this task, and
        a fresh worker is cheaper than every later task failing.
        """
        err = reply.get("error")
        reason = reply.get("retire")
        if not reason and isinstance(err, dict) and err.get("kind") == "sandbox":
            reason = f"{err.get('type')}: {err.get('message')}"
        if reason:
            log.warning("retiring sandbox worker %s: %s", worker.pid, reason)
            self._replace(worker)
        else:
            self._idle.put(worker)

    def _result(self, reply: dict[str, Any], lim: Limits, elapsed: float) -> RunResult:
        err = reply.get("error")
        return RunResult(
            ok=bool(reply.get("ok")),
            stdout=reply.get("stdout", ""),
            stderr=reply.get("stderr", ""),
            stdout_truncated=bool(reply.get("stdout_truncated")),
            stderr_truncated=bool(reply.get("stderr_truncated")),
            value=reply.get("value"),
            has_value=bool(reply.get("has_value")),
            value_truncated=bool(reply.get("value_truncated")),
            error=with_install_hint(RunError.from_dict(err)) if isinstance(err, dict) else None,
            files=[_file(f) for f in reply.get("files", [])],
            files_truncated=bool(reply.get("files_truncated")),
            duration_s=round(elapsed, 4),
            cpu_s=float(reply.get("cpu_s", 0.0)),
            max_rss_mb=float(reply.get("max_rss_mb", 0.0)),
            exit_code=reply.get("exit_code"),
            signal=reply.get("signal"),
            tier=self.tier,
            limits=lim.to_dict(),
        )

    def _failed(self, lim: Limits, elapsed: float, hung: bool, exc: BaseException) -> RunResult:
        if hung:
            error = RunError(
                "WorkerUnresponsive",
                f"the sandbox worker did not answer within {lim.timeout_s + GRACE_S:.0f} s "
                "and was killed; the next task gets a fresh worker",
                kind="sandbox",
            )
        else:
            error = RunError(
                "WorkerDied",
                f"the sandbox worker died while running the program ({exc}); "
                "it has been replaced and the next task runs normally",
                kind="sandbox",
            )
        return RunResult(
            ok=False,
            error=error,
            duration_s=round(elapsed, 4),
            tier=self.tier,
            limits=lim.to_dict(),
        )


def _file(f: dict[str, Any]) -> Any:
    from ._result import OutputFile

    return OutputFile(name=str(f["name"]), size=int(f["size"]), content_b64=f.get("content_b64"))
