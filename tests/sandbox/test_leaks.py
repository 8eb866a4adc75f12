"""1,000 tasks in a row leak no processes, file descriptors or memory."""

from __future__ import annotations

import os

import pytest

from sciagent.sandbox import SandboxPool

pytestmark = pytest.mark.needs_sandbox


def _descendants(pid: int) -> list[int]:
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        for tid in os.listdir(f"/proc/{p}/task"):
            with open(f"/proc/{p}/task/{tid}/children") as fh:
                kids = [int(x) for x in fh.read().split()]
            out += kids
            stack += kids
    return out


def _rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _worker_python(host_pid: int) -> int:
    """The deepest process of the sandbox: the worker interpreter."""
    tree = [host_pid, *_descendants(host_pid)]
    return tree[-1]


def test_thousand_tasks_leak_nothing() -> None:
    code = (
        "import os, tempfile\n"
        "open('f.txt', 'w').write('x' * 100)\n"
        "r, w = os.pipe()\n"
        "if os.fork() == 0:\n"
        "    os._exit(0)\n"
        "result = sum(range(100))\n"
    )
    with SandboxPool(1, preload=["numpy"]) as p:
        for _ in range(50):  # warm up allocator and caches
            assert p.run(code).ok
        host = p.worker_pids()[0]
        worker = _worker_python(host)
        procs_before = len(_descendants(host))
        fds_before = len(os.listdir("/proc/self/fd"))
        rss_before = _rss_kb(worker)
        for i in range(1000):
            res = p.run(code)
            assert res.ok and res.value == 4950, (i, res.error)
        assert p.worker_pids() == [host], "the worker was replaced"
        assert len(_descendants(host)) == procs_before
        # other objects of this test process (earlier tests' kernels, models) may
        # close fds meanwhile; a leak is growth, by up to one per task
        assert len(os.listdir("/proc/self/fd")) <= fds_before
        growth_mb = (_rss_kb(worker) - rss_before) / 1024
        assert growth_mb < 16, f"worker grew by {growth_mb:.1f} MB over 1000 tasks"
        assert p.replacements == 0
