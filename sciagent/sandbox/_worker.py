"""The worker: runs inside the sandbox, preloads libraries once, forks once per task.

Started by the host as ``python -I -B _worker.py --fds IN,OUT`` (directly, under
bubblewrap, or both).  It confines itself (Landlock, seccomp, no_new_privs,
non-dumpable, child subreaper), imports the preload list, says ``ready`` and then
serves tasks.  Each task runs in a forked child that adds its own nested
confinement and rlimits, so the worker never executes untrusted code itself.

Standard library only: sciagent is not mounted inside the sandbox; the sibling
modules are loaded from this file's directory.
"""

from __future__ import annotations

import base64
import builtins
import gc
import importlib
import io
import json
import linecache
import os
import resource
import select
import signal
import sys
import time
import traceback
import types
from typing import Any

if __package__:
    from . import _confine, _convert, _tree, _wire
else:  # loaded as a script inside the sandbox
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import _confine  # type: ignore[no-redef]
    import _convert  # type: ignore[no-redef]
    import _tree  # type: ignore[no-redef]
    import _wire  # type: ignore[no-redef]

PROGRAM = "<program>"
REPORT_FD = 3
POLL_S = 0.02
ASTROPY_CFG = "[utils.iers.iers]\nauto_download = False\n\n[utils.data]\nallow_internet = False\n"


class Worker:
    """One warm interpreter; state is the confinement and the imported modules."""

    def __init__(self, config: dict[str, Any], task_fd: int, result_fd: int) -> None:
        self.config = config
        self.task_fd = task_fd
        self.result_fd = result_fd
        self.root: str = config["root"]
        self.work = os.path.join(self.root, "work")
        self.tmp = os.path.join(self.root, "tmp")
        self.home = os.path.join(self.root, "home")
        self.abi = 0
        self.own_fs = bool(config.get("own_fs"))
        self.kill_all_safe = False
        self.inode_base = 0

    # -- start ---------------------------------------------------------------------------

    def confine(self) -> None:
        _confine.no_new_privs()
        _confine.child_subreaper()
        _confine.set_dumpable(False)
        cfg = self.config
        if cfg.get("landlock"):
            rules = [(p, _confine.READ) for p in cfg["read_paths"]]
            rules += [(p, _confine.DEVICES) for p in cfg["dev_paths"]]
            rules += [("/proc", _confine.READ), (self.root, _confine.WRITE)]
            self.abi = _confine.landlock_restrict(rules)
        if cfg.get("seccomp"):
            _confine.seccomp_base(allow_unix_sockets=bool(cfg.get("unix_sockets")))
        # kill(-1) reaches only our own tasks inside a PID namespace, or when
        # Landlock scopes our signals to our own domain; otherwise walk the tree.
        self.kill_all_safe = bool(cfg.get("pid_namespace")) or (
            bool(cfg.get("landlock")) and self.abi >= 6
        )

    def preload(self) -> tuple[list[str], dict[str, str]]:
        loaded, failed = [], {}
        for name in self.config.get("preload", []):
            try:
                importlib.import_module(name)
                loaded.append(name)
            except BaseException as exc:
                failed[name] = f"{type(exc).__name__}: {exc}"
        iers = sys.modules.get("astropy.utils.iers")
        if iers is not None:
            iers.conf.auto_download = False
        gc.collect()
        gc.freeze()  # keep preloaded objects out of the collector: fewer copy-on-write pages
        return loaded, failed

    def start(self) -> None:
        self.reset_dirs()
        self.confine()
        loaded, failed = self.preload()
        self.inode_base = self.inodes_used()
        _wire.write_frame(
            self.result_fd,
            {
                "op": "ready",
                "pid": os.getpid(),
                "uid": os.getuid(),
                "landlock_abi": self.abi,
                "seccomp": bool(self.config.get("seccomp")),
                "preloaded": loaded,
                "preload_failed": failed,
            },
        )

    # -- scratch -------------------------------------------------------------------------

    def reset_dirs(self) -> None:
        """Empty the scratch root and recreate work/, tmp/ and home/."""
        _tree.wipe_contents(self.root)
        for path in (self.work, self.tmp, self.home):
            os.mkdir(path, 0o700)
        cfg_dir = os.path.join(self.home, ".astropy", "config")
        os.makedirs(cfg_dir, 0o700)
        with open(os.path.join(cfg_dir, "astropy.cfg"), "w") as fh:
            fh.write(ASTROPY_CFG)

    def inodes_used(self) -> int:
        if self.own_fs:
            st = os.statvfs(self.root)
            return st.f_files - st.f_ffree
        return 0

    def scratch_usage(self, max_files: int) -> tuple[int, int]:
        """(entries, bytes) under the scratch root, counting stops past ``max_files``."""
        if self.own_fs:
            st = os.statvfs(self.root)
            return st.f_files - st.f_ffree - self.inode_base, 0
        return _tree.usage(self.root, max_files)

    def write_inputs(self, files: dict[str, str]) -> None:
        for name, b64 in files.items():
            path = os.path.join(self.work, name)
            os.makedirs(os.path.dirname(path), 0o700, exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(base64.b64decode(b64))

    def collect_files(self, limits: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
        files: list[dict[str, Any]] = []
        budget = int(limits["file_content_bytes"])
        truncated = False
        # regular files only (symlinks could point anywhere); no recursion: the
        # program may have nested directories thousands deep
        for path, st in _tree.walk_files(self.work):
            if len(files) >= int(limits["max_files"]):
                truncated = True
                break
            entry: dict[str, Any] = {
                "name": os.path.relpath(path, self.work),
                "size": st.st_size,
                "content_b64": None,
            }
            if st.st_size <= budget:
                try:
                    with open(path, "rb", opener=_nofollow) as fh:
                        data = fh.read(budget + 1)
                    if len(data) <= budget:
                        entry["content_b64"] = base64.b64encode(data).decode()
                        budget -= len(data)
                except OSError:
                    pass
            files.append(entry)
        return files, truncated

    def count_threads(self) -> int:
        """Tasks already charged to our uid: all of the PID namespace, or just us."""
        if not self.config.get("pid_namespace"):
            return len(os.listdir("/proc/self/task"))
        total = 0
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    total += len(os.listdir(f"/proc/{entry}/task"))
                except OSError:
                    pass
        return total

    # -- processes -----------------------------------------------------------------------

    def kill_leftovers(self) -> None:
        """SIGKILL every process the task left behind and reap them all."""
        for _ in range(10_000):
            if self.kill_all_safe:
                try:
                    os.kill(-1, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            else:
                for pid in _descendants(os.getpid()):
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
            try:
                os.waitpid(-1, 0)
            except ChildProcessError:
                return

    # -- one task ------------------------------------------------------------------------

    def run_task(self, task: dict[str, Any]) -> dict[str, Any]:
        limits = task["limits"]
        self.write_inputs(task.get("files") or {})
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        rep_r, rep_w = os.pipe()
        vsize = _confine.address_space_bytes()
        nthreads = self.count_threads()
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            self.child(task, limits, out_w, err_w, rep_w, vsize, nthreads)
        for fd in (out_w, err_w, rep_w):
            os.close(fd)
        watch = self.watch(pid, limits, started, out_r, err_r, rep_r)
        return self.finish(task, limits, watch, started)

    def watch(
        self, pid: int, limits: dict[str, Any], started: float, out_r: int, err_r: int, rep_r: int
    ) -> dict[str, Any]:
        """Pump output until the child exits or a limit is hit; then reap everything."""
        keep = int(limits["output_bytes"])
        bufs: dict[int, bytearray] = {out_r: bytearray(), err_r: bytearray(), rep_r: bytearray()}
        caps = {out_r: keep, err_r: keep, rep_r: int(limits["value_bytes"]) + 65536}
        seen = dict.fromkeys(bufs, 0)
        pidfd = os.pidfd_open(pid)
        deadline = started + float(limits["timeout_s"])
        open_fds = set(bufs)
        limit_hit: str | None = None
        next_usage = 0.0
        exited = False
        status = 0
        rusage: Any = None
        try:
            while not exited:
                now = time.monotonic()
                if now >= deadline:
                    limit_hit = "wall"
                    break
                ready, _, _ = select.select([*open_fds, pidfd], [], [], min(deadline - now, 0.25))
                for fd in ready:
                    if fd == pidfd:
                        exited = True
                        continue
                    if not _pump(fd, bufs[fd], caps[fd], seen):
                        open_fds.discard(fd)
                if seen[out_r] + seen[err_r] > int(limits["output_limit_bytes"]):
                    limit_hit = "output"
                    break
                if seen[rep_r] > caps[rep_r]:
                    limit_hit = "report"
                    break
                if now >= next_usage:
                    next_usage = now + (POLL_S if self.own_fs else 0.25)
                    count, size = self.scratch_usage(int(limits["max_files"]))
                    if count > int(limits["max_files"]):
                        limit_hit = "files"
                        break
                    if size > int(limits["disk_mb"]) << 20:
                        limit_hit = "disk"
                        break
            if not exited:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            _, status, rusage = os.wait4(pid, 0)
        finally:
            os.close(pidfd)
        ended = time.monotonic()
        self.kill_leftovers()
        for fd in list(open_fds):  # every writer is dead now: drain what is left
            os.set_blocking(fd, False)
            while _pump(fd, bufs[fd], caps[fd], seen, drain=True):
                pass
        for fd in bufs:
            os.close(fd)
        return {
            "status": status,
            "rusage": rusage,
            "limit_hit": limit_hit,
            "stdout": bytes(bufs[out_r]),
            "stderr": bytes(bufs[err_r]),
            "stdout_seen": seen[out_r],
            "stderr_seen": seen[err_r],
            "report": bytes(bufs[rep_r]),
            "ended": ended,
        }

    def finish(
        self, task: dict[str, Any], limits: dict[str, Any], w: dict[str, Any], started: float
    ) -> dict[str, Any]:
        status, rusage = w["status"], w["rusage"]
        cpu = (rusage.ru_utime + rusage.ru_stime) if rusage else 0.0
        sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
        keep = int(limits["output_bytes"])
        out: dict[str, Any] = {
            "op": "result",
            "id": task["id"],
            "stdout": w["stdout"].decode("utf-8", "backslashreplace"),
            "stderr": w["stderr"].decode("utf-8", "backslashreplace"),
            "stdout_truncated": w["stdout_seen"] > keep,
            "stderr_truncated": w["stderr_seen"] > keep,
            "value": None,
            "has_value": False,
            "value_truncated": False,
            "error": None,
            "cpu_s": round(cpu, 4),
            "max_rss_mb": round(rusage.ru_maxrss / 1024, 1) if rusage else 0.0,
            "exit_code": code,
            "signal": sig,
            "duration_s": round(w["ended"] - started, 4),
        }
        files, out["files_truncated"] = self.collect_files(limits)
        out["files"] = files
        out["error"] = self.classify(w, limits, sig, code, cpu, out)
        out["ok"] = out["error"] is None
        retire = self.cleanup()
        if retire:
            out["retire"] = retire
        return out

    def cleanup(self) -> str | None:
        """Wipe the scratch dir for the next task; on failure, why this worker must go.

        The result in hand is still right, so it is returned; the host replaces
        a worker that could not clean up instead of letting the next task inherit
        its mess (or its error).
        """
        try:
            self.reset_dirs()
        except Exception as exc:
            return f"scratch cleanup failed: {type(exc).__name__}: {exc}"
        return None

    def classify(
        self,
        w: dict[str, Any],
        limits: dict[str, Any],
        sig: int | None,
        code: int | None,
        cpu: float,
        out: dict[str, Any],
    ) -> dict[str, Any] | None:
        """Turn how the child ended (plus its report) into an error, or None."""
        lim = w["limit_hit"]
        if lim is not None:
            return _LIMIT_ERRORS[lim](limits)
        cpu_limit = int(limits["cpu_s"])
        if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu >= cpu_limit - 0.05):
            return _error(
                "CPUTimeLimitExceeded", f"used {cpu:.1f} s of CPU, limit {cpu_limit} s", "limit"
            )
        if sig is not None:
            name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else sig
            return _error("KilledBySignal", f"the program was killed by {name}", "crash")
        try:
            frames = _wire.parse_frames(w["report"])
        except _wire.FrameError as exc:
            return _error("ResultChannelTampered", f"unreadable result report: {exc}", "crash")
        if len(frames) > 1:
            return _error(
                "ResultChannelTampered", "more than one result report was written", "crash"
            )
        if not frames or not isinstance(frames[0], dict):
            return _error(
                "ProgramExited", f"exited with status {code} before reporting a result", "crash"
            )
        report = frames[0]
        out["has_value"] = bool(report.get("has_value"))
        out["value"] = report.get("value")
        out["value_truncated"] = bool(report.get("value_truncated"))
        err = report.get("error")
        if err is not None and not isinstance(err, dict):
            return _error("ResultChannelTampered", "malformed error report", "crash")
        if err is None and code != 0:
            return _error("ProgramExited", f"exited with status {code}", "crash")
        return err

    # -- the child -----------------------------------------------------------------------

    def child(
        self,
        task: dict[str, Any],
        limits: dict[str, Any],
        out_w: int,
        err_w: int,
        rep_w: int,
        vsize: int,
        nthreads: int,
    ) -> None:
        try:
            os.setsid()
            _confine.die_with_parent()
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            os.dup2(rep_w, REPORT_FD)
            os.closerange(REPORT_FD + 1, 1 << 20)
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGXCPU):
                signal.signal(sig, signal.SIG_DFL)
            self.child_limits(task, limits, vsize, nthreads)
            self.child_confine()
            os.chdir(self.work)
        except BaseException as exc:
            _report({"error": _error("SandboxSetupFailed", repr(exc), "sandbox")})
            os._exit(70)
        _run_program(task["code"], int(limits["value_bytes"]))
        os._exit(0)

    def child_limits(
        self, task: dict[str, Any], limits: dict[str, Any], vsize: int, nthreads: int
    ) -> None:
        cpu = int(limits["cpu_s"])
        _confine.set_rlimit(resource.RLIMIT_CPU, cpu, cpu + 1)
        _confine.set_rlimit(resource.RLIMIT_AS, vsize + (int(limits["memory_mb"]) << 20))
        _confine.set_rlimit(resource.RLIMIT_FSIZE, int(limits["max_file_mb"]) << 20)
        base = task.get("nproc_base") or nthreads
        _confine.set_rlimit(resource.RLIMIT_NPROC, int(base) + int(limits["max_procs"]))
        _confine.set_rlimit(resource.RLIMIT_CORE, 0)
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        _confine.set_rlimit(resource.RLIMIT_NOFILE, min(soft, 1024), min(hard, 1024))

    def child_confine(self) -> None:
        """A nested Landlock domain (no /proc in tier B, scoped signals) and a filter
        that protects the worker from signals."""
        cfg = self.config
        _confine.set_dumpable(True)
        if cfg.get("landlock") and self.abi >= 1:
            rules = [(p, _confine.READ) for p in cfg["read_paths"]]
            rules += [(p, _confine.DEVICES) for p in cfg["dev_paths"]]
            if cfg.get("pid_namespace"):
                rules.append(("/proc", _confine.READ))
            rules.append((self.root, _confine.WRITE))
            _confine.landlock_restrict(rules, abi=self.abi)
        if cfg.get("seccomp"):
            protect = {os.getppid(), os.getpgid(os.getppid())}
            if cfg.get("pid_namespace"):
                protect.add(1)
            _confine.seccomp_protect(protect)

    # -- loop ----------------------------------------------------------------------------

    def serve(self) -> None:
        while True:
            try:
                task = _wire.read_frame(self.task_fd)
            except _wire.FrameError:
                return  # the host went away
            if task.get("op") == "exit":
                return
            try:
                result = self.run_task(task)
            except Exception as exc:  # a worker bug: report it; the host retires us
                result = {
                    "op": "result",
                    "id": task.get("id"),
                    "ok": False,
                    "error": _error(
                        "SandboxWorkerError",
                        f"{type(exc).__name__}: {exc}",
                        "sandbox",
                        traceback.format_exc(),
                    ),
                    "retire": f"worker error: {type(exc).__name__}: {exc}",
                }
                try:
                    self.kill_leftovers()
                except Exception:
                    pass
            _wire.write_frame(self.result_fd, result)


# -- helpers -------------------------------------------------------------------------------


def _error(
    type_: str, message: str, kind: str, tb: str = "", lineno: int | None = None
) -> dict[str, Any]:
    return {"type": type_, "message": message, "kind": kind, "traceback": tb, "lineno": lineno}


_LIMIT_ERRORS = {
    "wall": lambda lim: _error(
        "WallTimeLimitExceeded", f"the program ran longer than {lim['timeout_s']} s", "limit"
    ),
    "output": lambda lim: _error(
        "OutputLimitExceeded",
        f"the program wrote more than {lim['output_limit_bytes']} bytes of output",
        "limit",
    ),
    "files": lambda lim: _error(
        "FileCountLimitExceeded", f"the program created more than {lim['max_files']} files", "limit"
    ),
    "disk": lambda lim: _error(
        "DiskLimitExceeded", f"the program wrote more than {lim['disk_mb']} MB to disk", "limit"
    ),
    "report": lambda lim: _error(
        "ValueTooLarge", f"the result report exceeded {lim['value_bytes']} bytes", "limit"
    ),
}


def _pump(fd: int, buf: bytearray, cap: int, seen: dict[int, int], drain: bool = False) -> bool:
    """Read what is available from ``fd``; keep up to ``cap`` bytes. False on EOF
    (or, when draining, when nothing more is ready)."""
    try:
        chunk = os.read(fd, 1 << 16)
    except BlockingIOError:
        return not drain
    if not chunk:
        return False
    seen[fd] += len(chunk)
    room = cap - len(buf)
    if room > 0:
        buf += chunk[:room]
    return True


def _descendants(root: int) -> list[int]:
    """Every process below ``root``, from /proc/<pid>/task/<tid>/children."""
    found: list[int] = []
    stack = [root]
    while stack:
        pid = stack.pop()
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as fh:
                    kids = [int(x) for x in fh.read().split()]
            except OSError:
                continue
            found.extend(kids)
            stack.extend(kids)
    return found


def _nofollow(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NOFOLLOW)


def _report(report: dict[str, Any]) -> None:
    try:
        _wire.write_frame(REPORT_FD, report)
    except OSError:
        pass


def _format_error(exc: BaseException) -> dict[str, Any]:
    """The exception with its traceback trimmed to frames of the program itself."""
    if isinstance(exc, SyntaxError) and exc.filename == PROGRAM:
        text = "".join(traceback.format_exception_only(type(exc), exc))
        return _error(type(exc).__name__, str(exc.msg), "syntax", text, exc.lineno)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == PROGRAM]
    lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames)]
    lines += traceback.format_exception_only(type(exc), exc)
    kind = "limit" if isinstance(exc, MemoryError | RecursionError) else "exception"
    lineno = frames[-1].lineno if frames else None
    try:
        message = str(exc)
    except Exception:
        message = "<unprintable exception>"
    return _error(type(exc).__name__, message, kind, "".join(lines), lineno)


def _run_program(code: str, value_bytes: int) -> None:
    """Execute ``code`` as ``__main__`` and write one report frame to REPORT_FD."""
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
    sys.stdout = sys.__stdout__ = io.TextIOWrapper(  # type: ignore[misc]
        io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="backslashreplace"
    )
    sys.stderr = sys.__stderr__ = io.TextIOWrapper(  # type: ignore[misc]
        io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace"
    )
    linecache.cache[PROGRAM] = (len(code), None, code.splitlines(True), PROGRAM)
    main = types.ModuleType("__main__")
    main.__dict__["__builtins__"] = builtins
    sys.modules["__main__"] = main
    sys.argv = [PROGRAM]
    report: dict[str, Any] = {"has_value": False, "value": None, "error": None}
    finished = True
    try:
        compiled = compile(code, PROGRAM, "exec", dont_inherit=True)
        exec(compiled, main.__dict__)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            finished = False
            report["error"] = _error("SystemExit", f"exit status {exc.code}", "exception")
    except BaseException as exc:
        finished = False
        report["error"] = _format_error(exc)
    if finished and "result" in main.__dict__:
        try:
            report["value"] = _convert.to_jsonable(main.__dict__["result"])
            report["has_value"] = True
        except BaseException as exc:
            report["error"] = _error(
                "ValueConversionError", f"{type(exc).__name__}: {exc}", "exception"
            )
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    try:
        size = len(json.dumps(report))
    except (TypeError, ValueError):
        size = value_bytes + 1
    if size > value_bytes:
        report = {"has_value": True, "value": None, "value_truncated": True, "error": None}
    _report(report)


def main(argv: list[str]) -> int:
    task_fd, result_fd = (int(x) for x in argv[argv.index("--fds") + 1].split(","))
    for fd in (task_fd, result_fd):
        os.set_inheritable(fd, False)
    try:
        config = _wire.read_frame(task_fd)
        worker = Worker(config, task_fd, result_fd)
        worker.start()
    except BaseException as exc:
        try:
            _wire.write_frame(
                result_fd,
                {
                    "op": "failed",
                    "error": f"{type(exc).__name__}: {exc}",
                    "tb": traceback.format_exc(),
                },
            )
        except OSError:
            pass
        return 1
    worker.serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
