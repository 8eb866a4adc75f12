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
