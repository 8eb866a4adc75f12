"""Batch benchmark: programs per second in process, in a process pool, on Dask; memory per worker.

    .venv/bin/python benchmarks/batch.py [--programs 100] [--long 30] [--repeats 3] [--workers 2]

One run measures every engine on the same two workloads and prints one
table; nothing is asserted.  "short": small RDKit and pure-Python programs
(~10 ms in a warm pool, the kind a batch of generated code holds), where
per-item overheads show; "long": ~0.1 s of CPU each, where they fade.  For
each engine, workload and repeat, two rates:

* steady: programs per second between the first and the last row (warm
  workers; what a long batch sees),
* overall: all programs over the whole call, start-up included (what a short
  batch sees; the process pool starts its processes on every call, the Dask
  clusters are started once and warmed before timing).

``run_code`` looks up the plugins' preload list on every call; ``batch()``
looks its pool up once per worker, which is why it beats the loop in process.

Medians over the repeats; ratios against sequential ``run_code``.  Memory per
worker is the worker process's RSS and PSS plus its sandbox's (the
interpreter that has the libraries imported).  The last table projects the
steady rate of one Dask worker to N machines on paper.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sciagent.batch import Item, Options, execute
from sciagent.execution import default_pool, run_code  # with the plugins' preloads

SMILES = ["CCO", "CC(=O)Oc1ccccc1C(=O)O", "c1ccccc1", "CN1C=NC2=C1C(=O)N(C(=O)N2C)C", "CCN(CC)CC"]
RDKIT = """\
from rdkit import Chem
from rdkit.Chem import Descriptors
mol = Chem.MolFromSmiles({smiles!r})
print(round(Descriptors.MolWt(mol), 2), mol.GetNumAtoms())
"""
PURE = "print(sum(i * i for i in range({n})))"
#: about 0.1 s of CPU on a free core here: long enough that per-item overheads fade
LONG = "print(sum(i * i for i in range({n})))"
LONG_N = 1_500_000
#: a Dask scheduler spends roughly this long per task (the Dask docs' rule of thumb:
#: about 1 ms of overhead per task), which caps a single cluster's rate
SCHEDULER_S_PER_TASK = 0.001


def programs(n: int) -> list[Item]:
    items = []
    for i in range(n):
        if i % 3 == 2:
            code = PURE.format(n=1000 + i)
        else:
            code = RDKIT.format(smiles=SMILES[i % len(SMILES)])
        items.append(Item(id=f"b{i}", text=code))
    return items


def long_programs(n: int) -> list[Item]:
    return [Item(id=f"l{i}", text=LONG.format(n=LONG_N + i)) for i in range(n)]


def timed(rows: Iterable[dict[str, Any]]) -> tuple[float, float, int]:
    """(steady programs/s between the first and last row, wall seconds, rows) for one batch."""
    t0 = time.perf_counter()
    stamps = []
    for row in rows:
        stamps.append(time.perf_counter())
        if not row.get("ok"):
            raise SystemExit(f"benchmark program failed: {row}")
    wall = time.perf_counter() - t0
    steady = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0
    return steady, wall, len(stamps)


def sequential(items: list[Item]) -> Iterator[dict[str, Any]]:
    """The baseline: ``run_code`` in a loop, the process's warm pool."""
    for item in items:
        yield {"id": item.id, **run_code(item.text).to_dict()}


def _mem(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process, in MB."""
    vals = {"Rss:": 0.0, "Pss:": 0.0}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                parts = line.split()
                if parts[0] in vals:
                    vals[parts[0]] = int(parts[1]) / 1024
    except OSError:
        pass
    return vals["Rss:"], vals["Pss:"]


def tree_memory(pid: int | None = None) -> dict[str, float]:
    """A worker's own memory and its sandbox descendants', in MB (runs on the worker)."""
    import psutil

    me = psutil.Process(pid or os.getpid())
    own = _mem(me.pid)
    kids = [_mem(p.pid) for p in me.children(recursive=True)]
    return {
        "rss": own[0],
        "pss": own[1],
        "sandbox_rss": sum(k[0] for k in kids),
        "sandbox_pss": sum(k[1] for k in kids),
    }


def _process_pool_memory(workers: int) -> list[dict[str, float]]:
    """Memory of each process-pool worker, measured while the pool is up."""
    import psutil

    me = psutil.Process()
    found = []
    for child in me.children():
        cmd = " ".join(child.cmdline())
        if "multiprocessing" in cmd and "resource_tracker" not in cmd:
            found.append(tree_memory(child.pid))
    return found[:workers]


def measure(
    engine: str, workload: str, run: Callable[[], Iterable[dict[str, Any]]], repeats: int
) -> dict[str, Any]:
    steady, overall = [], []
    for _ in range(repeats):
        s, wall, n = timed(run())
        steady.append(s)
        overall.append(n / wall)
    result = {
        "engine": engine,
        "workload": workload,
        "steady": statistics.median(steady),
        "overall": statistics.median(overall),
    }
    print(
        f"  {engine}, {workload}: steady {result['steady']:.1f}/s, "
        f"overall {result['overall']:.1f}/s",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--programs", type=int, default=100, help="short programs (~10 ms)")
    parser.add_argument("--long", type=int, default=30, help="longer programs (~0.1 s of CPU)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    workloads = {"short": programs(args.programs), "long": long_programs(args.long)}
    options = Options(mode="exec")
    results: list[dict[str, Any]] = []
    memory: dict[str, list[dict[str, float]]] = {}
    print(
        f"{args.programs} short and {args.long} long programs, {args.repeats} repeats, "
        f"{os.cpu_count()} cores",
        flush=True,
    )

    default_pool().start()
    list(sequential(workloads["short"][:4]))  # warm
    for name, items in workloads.items():
        results.append(
            measure("sequential run_code", name, lambda i=items: sequential(i), args.repeats)
        )
        results.append(
            measure("batch() in process", name, lambda i=items: execute(i, options), args.repeats)
        )
    memory["in process"] = [tree_memory()]

    pool_memory: list[dict[str, float]] = []

    def pool_run(items: list[Item]) -> Iterator[dict[str, Any]]:
        for n, row in enumerate(execute(items, options, workers=args.workers)):
            if n == len(items) // 2 and not pool_memory:
                pool_memory.extend(_process_pool_memory(args.workers))
            yield row

    for name, items in workloads.items():
        engine = f"process pool, {args.workers} processes"
        results.append(measure(engine, name, lambda i=items: pool_run(i), args.repeats))
    memory["process pool"] = pool_memory

    from sciagent.batch._dask import local_client

    for n in sorted({1, args.workers}):
        t0 = time.perf_counter()
        with local_client(n) as client:
            client.wait_for_workers(n)
            started = time.perf_counter() - t0
            list(execute(workloads["short"][: 2 * n], options, client=client))  # warm pools
            print(f"  LocalCluster({n}) up in {started:.1f} s (warm pools after)", flush=True)
            for name, items in workloads.items():
                results.append(
                    measure(
                        f"Dask LocalCluster, {n} worker(s)",
                        name,
                        lambda i=items, c=client: execute(i, options, client=c),
                        args.repeats,
                    )
                )
            memory[f"Dask worker ({n})"] = list(client.run(tree_memory).values())

    print(
        "\n| engine | workload | programs/s steady | vs sequential "
        "| programs/s overall | vs sequential |"
    )
    print("|---|---|---|---|---|---|")
    for name in workloads:
        base = next(r for r in results if r["workload"] == name)
        for r in (r for r in results if r["workload"] == name):
            print(
                f"| {r['engine']} | {name} | {r['steady']:.1f} "
                f"| {r['steady'] / base['steady']:.2f}x | {r['overall']:.1f} "
                f"| {r['overall'] / base['overall']:.2f}x |"
            )

    print("\n| memory per worker (MB) | RSS | PSS | its sandbox RSS | its sandbox PSS |")
    print("|---|---|---|---|---|")
    for name, rows in memory.items():
        for m in rows:
            print(
                f"| {name} | {m['rss']:.0f} | {m['pss']:.0f} | {m['sandbox_rss']:.0f} "
                f"| {m['sandbox_pss']:.0f} |"
            )

    cores = os.cpu_count() or 1
    ceiling = 1 / SCHEDULER_S_PER_TASK
    print(
        f"\nOn paper: machines of {cores} cores, one single-thread Dask worker per core, "
        "each as fast as the one-worker LocalCluster here; linear until the scheduler's "
        f"~{ceiling:.0f} tasks/s:"
    )
    print("| machines | workers | workload | programs/s | 10,000 programs in |")
    print("|---|---|---|---|---|")
    for name in workloads:
        one = next(
            r["steady"]
            for r in results
            if r["workload"] == name and r["engine"].endswith("1 worker(s)")
        )
        for machines in (1, 4, 16, 64):
            workers = machines * cores
            rate = min(workers * one, ceiling)
            print(
                f"| {machines} | {workers} | {name} | {rate:.0f} | {10_000 / rate / 60:.1f} min |"
            )


if __name__ == "__main__":
    main()
