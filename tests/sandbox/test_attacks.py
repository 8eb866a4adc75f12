"""The attack suite: hostile programs, each contained and each with a clear result.

Every test runs a real program in the real sandbox (bubblewrap, Landlock,
seccomp, rlimits); nothing about the isolation is mocked.  Tests check the
outcome (denied, limited, killed), never how long it took.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sciagent.sandbox import Limits, RunResult, SandboxPool

from .conftest import SECRET

pytestmark = pytest.mark.needs_sandbox


def probe(pool: SandboxPool, code: str, **kw: object) -> RunResult:
    """Run ``code``, which must set ``result``; the run itself must succeed."""
    res = pool.run(code, **kw)  # type: ignore[arg-type]
    assert res.ok, (res.error, res.stderr)
    assert res.tier in ("A", "B")
    return res


def denied(pool: SandboxPool, action: str, *, setup: str = "") -> RunResult:
    """Run ``action`` (one statement); it must fail with an OSError-family exception."""
    code = f"{setup}\ntry:\n    {action}\n    result = 'ALLOWED'\nexcept OSError as e:\n    result = type(e).__name__ + ': ' + str(e)\n"
    res = probe(pool, code)
    assert res.value != "ALLOWED", f"{action!r} was allowed"
    return res


def live_pids(pool: SandboxPool) -> list[int]:
    """PIDs visible in the sandbox from a fresh task (excluding the task itself)."""
    res = probe(
        pool,
        "import os\nme = os.getpid()\n"
        "result = sorted(int(p) for p in os.listdir('/proc') if p.isdigit() and int(p) != me)",
    )
    return list(res.value)


# -- network -----------------------------------------------------------------------------


@pytest.fixture
def tcp_listener() -> Iterator[socket.socket]:
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.setblocking(False)
    yield srv
    srv.close()


def test_tcp_to_host_loopback_is_blocked(pool: SandboxPool, tcp_listener: socket.socket) -> None:
    port = tcp_listener.getsockname()[1]
    denied(
        pool,
        f"socket.create_connection(('127.0.0.1', {port}), timeout=2)",
        setup="import socket",
    )
    with pytest.raises(BlockingIOError):
        tcp_listener.accept()  # nobody connected


def test_udp_to_host_loopback_is_blocked(pool: SandboxPool) -> None:
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", 0))
    rx.setblocking(False)
    port = rx.getsockname()[1]
    try:
        denied(
            pool,
            f"socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'leak', ('127.0.0.1', {port}))",
            setup="import socket",
        )
        with pytest.raises(BlockingIOError):
            rx.recv(100)
    finally:
        rx.close()


def test_dns_resolution_fails(pool: SandboxPool) -> None:
    res = probe(
        pool,
        "import socket\ntry:\n    result = socket.getaddrinfo('pypi.org', 443)\n"
        "except OSError as e:\n    result = 'failed: ' + type(e).__name__\n",
    )
    assert str(res.value).startswith("failed")


def test_abstract_unix_socket_on_host_unreachable(pool: SandboxPool) -> None:
    name = f"\0sciagent-test-{uuid.uuid4().hex}"
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(name)
    srv.listen(1)
    srv.setblocking(False)
    try:
        denied(
            pool,
            f"socket.socket(socket.AF_UNIX).connect({name!r})",
            setup="import socket",
        )
        with pytest.raises(BlockingIOError):
            srv.accept()
    finally:
        srv.close()


def test_unix_file_socket_on_host_unreachable(pool: SandboxPool, tmp_path: Path) -> None:
    path = f"/tmp/sciagent-test-{uuid.uuid4().hex[:8]}.sock"
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    os.chmod(path, 0o777)
    srv.listen(1)
    srv.setblocking(False)
    try:
        denied(pool, f"socket.socket(socket.AF_UNIX).connect({path!r})", setup="import socket")
        with pytest.raises(BlockingIOError):
            srv.accept()
    finally:
        srv.close()
        os.unlink(path)


# -- filesystem --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/etc/sciagent-probe",
        "/var/tmp/sciagent-probe",
        "/sciagent-probe",
        "/root/sciagent-probe",
        "/usr/sciagent-probe",
    ],
)
def test_write_outside_scratch_is_denied(pool: SandboxPool, target: str) -> None:
    denied(pool, f"open({target!r}, 'w').write('x')")
    assert not os.path.exists(target)


def test_write_into_python_install_is_denied(pool: SandboxPool) -> None:
    import numpy

    targets = [
        os.path.join(sys.prefix, "lib", "evil.pth"),
        os.path.join(os.path.dirname(numpy.__file__), "evil.py"),
        os.path.join(sys.base_prefix, "lib", "evil.py"),
    ]
    for target in targets:
        denied(pool, f"open({target!r}, 'w').write('import os')")
        assert not os.path.exists(target)
    denied(pool, f"os.unlink({numpy.__file__!r})", setup="import os")
    assert os.path.exists(numpy.__file__)


def test_ssh_keys_are_invisible(pool: SandboxPool) -> None:
    home = os.path.expanduser("~")
    denied(pool, f"os.listdir({home + '/.ssh'!r})", setup="import os")
    denied(pool, f"open({home + '/.ssh/id_ed25519'!r}).read()")
    denied(pool, "open(os.path.expanduser('~/.ssh/id_rsa')).read()", setup="import os")


def test_etc_shadow_is_unreadable(pool: SandboxPool) -> None:
    denied(pool, "open('/etc/shadow').read()")


def test_other_users_homes_are_invisible(pool: SandboxPool) -> None:
    denied(pool, "os.listdir('/home')", setup="import os")
    for home in Path("/home").iterdir() if Path("/home").is_dir() else []:
        denied(pool, f"os.listdir({str(home)!r})", setup="import os")


def test_host_files_are_invisible(pool: SandboxPool, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    secret.chmod(0o644)
    denied(pool, f"open({str(secret)!r}).read()")
    denied(pool, "os.listdir('/work')", setup="import os")


def test_host_process_environ_is_unreadable(pool: SandboxPool) -> None:
    denied(pool, f"open('/proc/{os.getpid()}/environ').read()")
    denied(pool, "open('/proc/1/environ').read()")
    denied(pool, "open(f'/proc/{os.getppid()}/environ').read()", setup="import os")


def test_host_environment_secret_does_not_leak(pool: SandboxPool) -> None:
    assert os.environ.get("SCIAGENT_TEST_API_KEY") == SECRET
    code = f"""
import os, glob
found = [k for k, v in os.environ.items() if {SECRET!r} in v]
for path in glob.glob('/proc/*/environ'):
    try:
        if {SECRET!r}.encode() in open(path, 'rb').read():
            found.append(path)
    except OSError:
        pass
result = {{"found": found, "keys": sorted(os.environ)}}
"""
    res = probe(pool, code)
    assert res.value["found"] == []
    assert "SCIAGENT_TEST_API_KEY" not in res.value["keys"]
    assert SECRET not in json.dumps(res.to_dict())


# -- processes ---------------------------------------------------------------------------


@pytest.fixture
def host_sleeper() -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(["sleep", "300"])
    yield proc
    proc.kill()
    proc.wait()


def test_host_processes_invisible_and_unsignalable(
    pool: SandboxPool, host_sleeper: subprocess.Popen[bytes]
) -> None:
    res = probe(
        pool,
        "import os\nresult = [open(f'/proc/{p}/cmdline','rb').read().decode(errors='replace') "
        "for p in os.listdir('/proc') if p.isdigit()]",
    )
    assert not any("pytest" in c or "sleep" in c for c in res.value)
    pid = host_sleeper.pid
    res = probe(
        pool,
        f"import os, signal\ntry:\n    os.kill({pid}, signal.SIGKILL)\n    result = 'sent'\n"
        "except OSError as e:\n    result = type(e).__name__\n",
    )
    assert res.value != "sent" or host_sleeper.poll() is None
    assert host_sleeper.poll() is None  # still alive


def test_killing_the_worker_is_denied(pool: SandboxPool) -> None:
    before = pool.worker_pids()
    code = """
import os, signal
out = {}
for name, target in (("parent", os.getppid()), ("init", 1), ("everyone", -1), ("group", -os.getpgid(os.getppid()))):
    try:
        os.kill(target, signal.SIGKILL)
        out[name] = "sent"
    except OSError as e:
        out[name] = type(e).__name__
result = out
"""
    res = probe(pool, code)
    assert res.value["parent"] == "PermissionError"
    assert res.value["init"] == "PermissionError"
    assert res.value["group"] == "PermissionError"
    assert pool.worker_pids() == before
    assert probe(pool, "result = 1").value == 1


def test_tracing_the_worker_is_denied(pool: SandboxPool) -> None:
    before = pool.worker_pids()
    code = """
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
PTRACE_ATTACH, PTRACE_SEIZE = 16, 0x4206
ppid = os.getppid()
out = {"attach": libc.ptrace(PTRACE_ATTACH, ppid, 0, 0), "seize": libc.ptrace(PTRACE_SEIZE, ppid, 0, 0)}
for f in ("mem", "environ", "maps"):
    try:
        open(f"/proc/{ppid}/{f}", "rb").read(16)
        out[f] = "read"
    except OSError as e:
        out[f] = type(e).__name__
result = out
"""
    res = probe(pool, code)
    assert res.value["attach"] == -1 and res.value["seize"] == -1
    assert res.value["mem"] != "read" and res.value["environ"] != "read"
    assert pool.worker_pids() == before


def test_new_namespaces_are_denied(pool: SandboxPool) -> None:
    code = """
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
result = [libc.unshare(CLONE_NEWUSER), libc.unshare(CLONE_NEWNET)]
"""
    assert probe(pool, code).value == [-1, -1]


def test_worker_killed_from_outside_gives_clear_result_then_recovers() -> None:
    with SandboxPool(1, preload=[]) as p:
        import threading

        victim = p.worker_pids()[0]
        timer = threading.Timer(1.0, lambda: os.killpg(victim, signal.SIGKILL))
        timer.start()
        res = p.run("import time\ntime.sleep(30)", timeout=20)
        timer.join()
        assert not res.ok
        assert res.error is not None and res.error.kind == "sandbox"
        assert res.error.type == "WorkerDied"
        again = p.run("result = 2 + 2")
        assert again.ok and again.value == 4
        assert victim not in p.worker_pids()


# -- resource limits ---------------------------------------------------------------------


def test_allocating_4gib_plain_hits_memory_limit(pool: SandboxPool) -> None:
    res = pool.run("x = bytearray(4 << 30)", memory=512)
    assert not res.ok and res.error is not None
    assert res.error.type == "MemoryError" and res.error.kind == "limit"
    assert res.error.lineno == 1


def test_allocating_4gib_numpy_hits_memory_limit(pool: SandboxPool) -> None:
    res = pool.run("import numpy as np\nx = np.ones(2**29)\nresult = float(x.sum())", memory=512)
    assert not res.ok and res.error is not None
    assert res.error.kind == "limit" and "MemoryError" in res.error.type
    assert res.error.lineno == 2


def test_busy_loop_hits_cpu_limit(pool: SandboxPool) -> None:
    res = pool.run("while True:\n    pass", limits=Limits(timeout_s=20, cpu_s=1))
    assert not res.ok and res.error is not None
    assert res.error.type == "CPUTimeLimitExceeded" and res.error.kind == "limit"


def test_busy_loop_ignoring_sigxcpu_is_still_killed(pool: SandboxPool) -> None:
    code = "import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\nwhile True:\n    pass"
    res = pool.run(code, limits=Limits(timeout_s=20, cpu_s=1))
    assert not res.ok and res.error is not None
    assert res.error.type == "CPUTimeLimitExceeded"
    assert res.signal == signal.SIGKILL


def test_sleeping_past_wall_limit(pool: SandboxPool) -> None:
    res = pool.run("import time\ntime.sleep(120)", timeout=1.5)
    assert not res.ok and res.error is not None
    assert res.error.type == "WallTimeLimitExceeded" and res.error.kind == "limit"
    assert probe(pool, "result = 'alive'").value == "alive"


def test_fork_bomb_is_contained_and_cleaned_up(pool: SandboxPool) -> None:
    code = """
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
"""
    res = pool.run(code, limits=Limits(timeout_s=3, cpu_s=2, max_procs=16))
    assert not res.ok and res.error is not None and res.error.kind == "limit"
    assert live_pids(pool) == [1, 2] if res.tier == "A" else True


def test_fork_bomb_hits_process_limit(pool: SandboxPool) -> None:
    code = """
import os, time
kids = 0
try:
    for _ in range(1000):
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
        kids += 1
except OSError as e:
    result = {"kids": kids, "error": type(e).__name__}
"""
    res = probe(pool, code, limits=Limits(max_procs=10))
    assert res.value["error"] == "BlockingIOError"
    assert res.value["kids"] < 12
    assert live_pids(pool) == [1, 2] if res.tier == "A" else True


def test_double_forked_daemon_does_not_outlive_task(pool: SandboxPool) -> None:
    code = """
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(300)
        os._exit(0)
    os._exit(0)
os.wait()
result = "spawned"
"""
    assert probe(pool, code).value == "spawned"
    assert live_pids(pool) == [1, 2] if pool.tier == "A" else True


def test_output_flood_is_capped(pool: SandboxPool) -> None:
    lim = Limits(output_bytes=64 << 10, output_limit_bytes=4 << 20, timeout_s=20)
    res = pool.run("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)", limits=lim)
    assert not res.ok and res.error is not None
    assert res.error.type == "OutputLimitExceeded"
    assert res.stdout_truncated and len(res.stdout) == 64 << 10


def test_output_beyond_cap_is_truncated_not_failed(pool: SandboxPool) -> None:
    lim = Limits(output_bytes=1000)
    res = pool.run("print('y' * 5000)\nresult = 1", limits=lim)
    assert res.ok and res.stdout_truncated and len(res.stdout) == 1000


def test_huge_file_hits_file_size_limit(pool: SandboxPool) -> None:
    code = "with open('big.bin', 'wb') as f:\n    for _ in range(1000):\n        f.write(b'\\0' * (1 << 20))"
    res = pool.run(code, limits=Limits(max_file_mb=8))
    assert not res.ok and res.error is not None
    assert "File too large" in res.error.message or res.error.type == "DiskLimitExceeded"
    assert res.error.lineno == 3
    big = res.file("big.bin")
    assert big.size <= 8 << 20 and big.content_b64 is None


def test_many_small_files_hit_file_count_limit(pool: SandboxPool) -> None:
    code = "i = 0\nwhile True:\n    open(f'f{i}', 'w').close()\n    i += 1"
    res = pool.run(code, limits=Limits(max_files=300, timeout_s=30))
    assert not res.ok and res.error is not None
    assert res.error.type == "FileCountLimitExceeded"
    assert len(res.files) <= 300 and res.files_truncated
    assert probe(pool, "import os\nresult = os.listdir('.')").value == []


def test_no_inherited_file_descriptors(pool: SandboxPool) -> None:
    code = "import os\nresult = sorted(int(fd) for fd in os.listdir('/proc/self/fd'))"
    fds = probe(pool, code).value
    # 0-2, the result-report pipe (3), and the directory being listed
    assert set(fds) <= {0, 1, 2, 3, 4}
    res = probe(
        pool,
        "import os\nopen_ = []\nfor fd in range(4, 256):\n    try:\n        os.fstat(fd)\n"
        "        open_.append(fd)\n    except OSError:\n        pass\nresult = open_",
    )
    assert res.value == []


def test_forged_result_channel_cannot_change_metadata(pool: SandboxPool) -> None:
    code = """
import json, os, struct
fake = json.dumps({"ok": True, "tier": "Z", "has_value": True, "value": "forged",
                   "limits": {"timeout_s": 1e9}, "cpu_s": 0}).encode()
os.write(3, struct.pack(">I", len(fake)) + fake)
raise RuntimeError("real failure")
"""
    res = pool.run(code)
    assert not res.ok and res.error is not None
    assert res.error.type == "ResultChannelTampered"
    assert res.tier in ("A", "B") and res.limits["timeout_s"] == pool.limits.timeout_s
    # a well-formed forgery only sets the program's own value; metadata stays ours
    code2 = code.replace('raise RuntimeError("real failure")', "os._exit(0)")
    res2 = pool.run(code2)
    assert res2.tier in ("A", "B") and res2.limits["timeout_s"] == pool.limits.timeout_s
    assert res2.cpu_s > 0
    garbage = pool.run("import os\nos.write(3, b'\\xff' * 100)\nresult = 1")
    assert not garbage.ok and garbage.error is not None
    assert garbage.error.type == "ResultChannelTampered"
    assert probe(pool, "result = 'next'").value == "next"


# -- issue 16: one task must not break the next ----------------------------------------


def test_deeply_nested_directories_do_not_break_the_worker() -> None:
    code = (
        "import os\np = '.'\nfor i in range(1100):\n    p = os.path.join(p, 'd')\n    os.mkdir(p)\n"
        "open(os.path.join(p, 'bottom.txt'), 'w').write('deep')\nprint('made')\nresult = p.count('d')"
    )
    with SandboxPool(1, preload=[]) as p:
        worker = p.worker_pids()
        res = p.run(code)
        assert res.ok, res.error
        assert res.value == 1100 and "made" in res.stdout  # the task's own output survives
        assert any(f.name.endswith("bottom.txt") for f in res.files)
        after = p.run("import os\nresult = os.listdir('.')")
        assert after.ok and after.value == [], after.error
        assert p.worker_pids() == worker and p.replacements == 0


def test_tree_deeper_than_path_max_is_wiped() -> None:
    # chdir down so no path the program uses is long; the whole tree is ~280 KB of path
    code = (
        "import os\nname = 'x' * 200\nfor i in range(1400):\n    os.mkdir(name, 0o700)\n"
        "    os.chdir(name)\n    if i % 300 == 0:\n        os.chmod('..', 0)\n"
        "open('f', 'w').write('x')\nresult = 'deep'"
    )
    with SandboxPool(1, preload=[]) as p:
        res = p.run(code)
        assert res.ok and res.value == "deep", res.error
        after = p.run("import os\nresult = os.listdir('.')")
        assert after.ok and after.value == [], after.error


def test_worker_reporting_a_sandbox_error_is_replaced() -> None:
    # a reply of kind "sandbox" means the worker may be unfit: it is retired, the
    # next task gets a fresh one (the report channel is the program's, so forge one)
    code = """
import json, os, struct
err = {"type": "SandboxSetupFailed", "message": "x", "kind": "sandbox", "traceback": "", "lineno": None}
data = json.dumps({"has_value": False, "value": None, "error": err}).encode()
os.write(3, struct.pack(">I", len(data)) + data)
os._exit(0)
"""
    with SandboxPool(1, preload=[]) as p:
        first = p.worker_pids()
        res = p.run(code)
        assert res.error is not None and res.error.kind == "sandbox"
        nxt = p.run("result = 1")
        assert nxt.ok and nxt.value == 1
        assert p.worker_pids() != first and p.replacements == 1


_SYSV = """
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
libc.shmget.argtypes = [ctypes.c_int, ctypes.c_size_t, ctypes.c_int]
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
libc.shmat.restype = ctypes.c_void_p
libc.msgsnd.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
libc.msgrcv.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_long, ctypes.c_int]
libc.msgrcv.restype = ctypes.c_ssize_t
KEY, IPC_CREAT, IPC_NOWAIT = 0x5C1A16, 0o1000, 0o4000
class Msg(ctypes.Structure):
    _fields_ = [("mtype", ctypes.c_long), ("mtext", ctypes.c_char * 64)]
"""


def test_sysv_ipc_does_not_outlive_the_task() -> None:
    create = (
        _SYSV
        + """
out = {}
for i in range(5):  # 5 x 200 MB, each attached, touched and detached: beyond memory=256
    shm = libc.shmget(KEY + i, 200 << 20, IPC_CREAT | 0o666)
    out.setdefault("shm", shm)
    if shm >= 0:
        addr = libc.shmat(shm, None, 0)
        if addr not in (None, ctypes.c_void_p(-1).value):
            ctypes.memset(addr, 0x41, 200 << 20)
            ctypes.memmove(addr, b"secret-shm", 10)
            libc.shmdt(ctypes.c_void_p(addr))
q = libc.msgget(KEY, IPC_CREAT | 0o666)
out["msg"] = q
if q >= 0:
    m = Msg(1, b"secret-msg")
    out["sent"] = libc.msgsnd(q, ctypes.byref(m), 64, IPC_NOWAIT)
out["sem"] = libc.semget(KEY, 1, IPC_CREAT | 0o666)
result = out
"""
    )
    read = (
        _SYSV
        + """
out = {}
shm = libc.shmget(KEY, 0, 0)
if shm >= 0:
    addr = libc.shmat(shm, None, 0)
    out["shm"] = ctypes.string_at(addr, 10).decode() if addr != ctypes.c_void_p(-1).value else "attached?"
q = libc.msgget(KEY, 0)
if q >= 0:
    m = Msg()
    out["msg"] = m.mtext.decode() if libc.msgrcv(q, ctypes.byref(m), 64, 0, IPC_NOWAIT) >= 0 else "queue"
if libc.semget(KEY, 0, 0) >= 0:
    out["sem"] = "found"
try:
    out["segments"] = open("/proc/sysvipc/shm").read().splitlines()[1:]
except OSError:
    out["segments"] = []
result = out
"""
    )
    with SandboxPool(1, preload=[]) as p:
        made = p.run(create, memory=256)
        assert made.error is None or made.error.kind != "sandbox", made.error
        seen = p.run(read)
        assert seen.ok, seen.error
        assert set(seen.value) == {"segments"}, f"task 2 found task 1's IPC objects: {seen.value}"
        if p.tier == "A":  # the worker's own IPC namespace: nothing at all in it
            assert seen.value["segments"] == []
        if made.ok:  # denied rather than namespaced: every create failed
            assert made.value["shm"] == made.value["msg"] == made.value["sem"] == -1


def test_posix_shm_does_not_outlive_the_task(pool: SandboxPool) -> None:
    create = """
import os
out = {}
try:
    import _posixshmem
    fd = _posixshmem.shm_open("/sciagent-t16", os.O_CREAT | os.O_RDWR, 0o600)
    os.write(fd, b"secret")
    out["posix"] = "created"
except OSError as e:
    out["posix"] = type(e).__name__
try:
    with open("/dev/shm/sciagent-t16b", "w") as fh:
        fh.write("secret")
    out["file"] = "created"
except OSError as e:
    out["file"] = type(e).__name__
result = out
"""
    read = """
import os
found = []
for path in ("/dev/shm/sciagent-t16", "/dev/shm/sciagent-t16b"):
    try:
        found.append(open(path).read())
    except OSError:
        pass
result = found
"""
    probe(pool, create)
    assert probe(pool, read).value == []


_INTERRUPT = """
import signal, threading
from sciagent.sandbox import run_code
run_code("result = 0", preload=[])  # warm the default pool first
main = threading.main_thread().ident
threading.Timer(1.0, signal.pthread_kill, (main, signal.SIGINT)).start()
try:
    run_code("import time; time.sleep(60)", preload=[])
    print("not interrupted")
except KeyboardInterrupt:
    print("interrupted")
res = run_code("result = 1", preload=[])
print("next", res.ok, res.value)
"""


def test_ctrl_c_mid_run_leaves_the_pool_usable() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _INTERRUPT], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split("\n")[:2] == ["interrupted", "next True 1"], proc.stdout


@pytest.mark.parametrize(
    "kw",
    [
        {"timeout": float("nan")},
        {"timeout": float("inf")},
        {"timeout": 1e10},
        {"timeout": -1},
        {"timeout": 0},
        {"memory": float("nan")},
        {"memory": -5},
        {"memory": 1 << 40},
        {"memory": True},
        {"timeout": "30"},
    ],
    ids=repr,
)
def test_limits_must_be_finite_and_bounded(kw: dict[str, object]) -> None:
    from sciagent.errors import SciagentError
    from sciagent.sandbox import SandboxInputError

    p = SandboxPool(1, preload=[])  # not started: a bad limit is refused before any work
    try:
        with pytest.raises(SandboxInputError) as info:
            p.run("result = 1", **kw)  # type: ignore[arg-type]
    finally:
        p.close()
    assert isinstance(info.value, SciagentError)
    assert info.value.fix and "at most" in info.value.fix
    name = "timeout_s" if "timeout" in kw else "memory_mb"
    assert name in info.value.message


@pytest.mark.parametrize("field", ["cpu_s", "disk_mb", "max_procs", "output_bytes", "value_bytes"])
def test_every_limit_is_bounded(field: str) -> None:
    from sciagent.sandbox import SandboxInputError

    for bad in (float("nan"), float("inf"), -1, 1e15):
        with pytest.raises(SandboxInputError, match=field):
            Limits(**{field: bad})  # type: ignore[arg-type]
    assert Limits(**{field: 2}).to_dict()[field] == 2  # type: ignore[arg-type]


def test_thirty_two_threads_start_under_default_limits(pool: SandboxPool) -> None:
    code = """
import threading
import numpy as np
from concurrent.futures import ThreadPoolExecutor
barrier = threading.Barrier(32, timeout=10)   # all 32 threads alive at the same time
def work(i):
    a = np.random.default_rng(i).random((64, 64))
    barrier.wait()
    return float((a @ a).sum())
with ThreadPoolExecutor(32) as ex:
    sums = list(ex.map(work, range(32)))
result = len(sums)
"""
    res = pool.run(code)
    assert res.ok and res.value == 32, (res.error, res.stderr[-1000:])


def test_venv_reached_through_a_symlinked_directory(tmp_path: Path) -> None:
    from sciagent.sandbox._launch import sandbox_python

    link = tmp_path / "venv"
    link.symlink_to(os.path.realpath(sys.prefix), target_is_directory=True)
    python = link / "bin" / os.path.basename(sys.executable)
    inside = sandbox_python(str(python))
    assert inside == os.path.join(os.path.realpath(sys.prefix), "bin", python.name)
    script = (
        "import json\nfrom sciagent.sandbox import SandboxPool\n"
        "with SandboxPool(1, preload=[]) as p:\n"
        "    r = p.run('import sys\\nresult = sys.prefix')\n"
        "print(json.dumps([r.ok, r.value]))\n"
    )
    proc = subprocess.run(
        [str(python), "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    ok, prefix = json.loads(proc.stdout.strip().splitlines()[-1])
    assert ok and prefix == os.path.realpath(sys.prefix)
