"""Sandbox benchmark: warm pool vs fresh subprocess, throughput, memory, startup.

    .venv/bin/python benchmarks/sandbox.py [--tasks 100] [--fresh 10] [--workers 2]

Everything is measured in the same run and printed as one table; nothing is
asserted.  Targets (issue 3): warm median <= 25 ms per task, >= 25x faster
than a fresh subprocess that imports the libraries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from sciagent.plugin import installed_preload
from sciagent.sandbox import SandboxPool, detect_tier, run_code

TASK = """
from rdkit import Chem
from rdkit.Chem import Descriptors
result = round(Descriptors.MolWt(Chem.MolFromSmiles("CC(=O)Oc1ccccc1C(=O)O")), 2)
"""
SMALL = "result = sum(i * i for i in range(1000))"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _worker_pythons(pool: SandboxPool) -> list[int]:
    """Host pids of the worker interpreters (the deepest process under each sandbox)."""
    pids = []
    for top in pool.worker_pids():
        pid = top
        while True:
            kids: list[int] = []
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as fh:
                    kids += [int(x) for x in fh.read().split()]
            if not kids:
                break
            pid = kids[-1]
        pids.append(pid)
    return pids


def _mem_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) in MB; PSS splits pages shared between workers fairly."""
    vals = {}
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        for line in fh:
            parts = line.split()
            if parts[0] in ("Rss:", "Pss:"):
                vals[parts[0]] = int(parts[1]) / 1024
    return vals.get("Rss:", 0.0), vals.get("Pss:", 0.0)


def fresh_subprocess(preload: tuple[str, ...], n: int) -> list[float]:
    """A new (unsandboxed) interpreter per task, importing the plugin libraries."""
    script = "".join(f"import {m}\n" for m in preload) + TASK + "print(result)\n"
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tasks", type=int, default=100, help="warm tasks timed")
    ap.add_argument("--fresh", type=int, default=10, help="fresh subprocesses timed")
    ap.add_argument("--cold", type=int, default=5, help="cold sandboxed runs timed")
    ap.add_argument("--throughput", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    report = detect_tier()
    preload = installed_preload()
    print(f"tier {report.tier}; preload: {', '.join(preload)}; cores: {os.cpu_count()}")

    t0 = time.perf_counter()
    pool = SandboxPool(args.workers, preload=preload).start()
    startup = time.perf_counter() - t0
    try:
        check = pool.run(TASK)
        assert check.ok and check.value == 180.16, check.error
        for _ in range(10):
            pool.run(TASK)
        warm = []
        for _ in range(args.tasks):
            t = time.perf_counter()
            pool.run(TASK)
            warm.append(time.perf_counter() - t)

        t = time.perf_counter()
        with ThreadPoolExecutor(args.workers) as ex:
            results = list(ex.map(lambda _: pool.run(SMALL), range(args.throughput)))
        elapsed = time.perf_counter() - t
        assert all(r.ok for r in results)
        mems = [_mem_mb(pid) for pid in _worker_pythons(pool)]
    finally:
        pool.close()

    fresh = fresh_subprocess(preload, args.fresh)
    cold = []
    for _ in range(args.cold):
        t = time.perf_counter()
        res = run_code(TASK, warm=False)
        cold.append(time.perf_counter() - t)
        assert res.ok, res.error

    warm_med, fresh_med, cold_med = (statistics.median(x) for x in (warm, fresh, cold))
    rows = [
        ("warm pool, trivial RDKit task (median)", _ms(warm_med), f"n={len(warm)}"),
        ("warm pool, p90", _ms(sorted(warm)[int(0.9 * len(warm))]), ""),
        ("fresh subprocess importing the libraries (median)", _ms(fresh_med), f"n={len(fresh)}"),
        ("cold sandbox, one-off worker, no preload (median)", _ms(cold_med), f"n={len(cold)}"),
        ("speed-up warm vs fresh subprocess", f"{fresh_med / warm_med:.1f}x", "target >= 25x"),
        ("speed-up warm vs cold sandbox", f"{cold_med / warm_med:.1f}x", ""),
        (
            f"throughput, {args.throughput} small tasks, {args.workers} workers",
            f"{args.throughput / elapsed:.0f} tasks/s",
            f"{elapsed:.2f} s total",
        ),
        (
            "memory per worker (RSS / PSS)",
            " | ".join(f"{r:.0f} / {p:.0f} MB" for r, p in mems),
            "PSS shares library pages",
        ),
        (f"pool startup ({args.workers} workers, preloaded)", f"{startup:.2f} s", ""),
    ]
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    print(f"\n{'measure':<{width}}  {'value':>{vwidth}}  note")
    print("-" * (width + vwidth + 30))
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>{vwidth}}  {note}")
    print(
        f"\ntarget warm median <= 25 ms: {'met' if warm_med <= 0.025 else 'NOT met'}; "
        f"target >= 25x: {'met' if fresh_med / warm_med >= 25 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
