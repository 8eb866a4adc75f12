"""Batch benchmark: programs per second in process, in a process pool, on Dask; memory per worker.

    .venv/bin/python benchmarks/batch.py [--programs 100] [--repeats 3] [--workers 2]

One run measures every engine on the same programs (small RDKit and
pure-Python ones, the kind a batch of generated code holds) and prints one
table; nothing is asserted.  For each engine and repeat, two rates:

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
from sciagent.sandbox import default_pool, run_code

SMILES = ["CCO", "CC(=O)Oc1ccccc1C(=O)O", "c1ccccc1", "CN1C=NC2=C1C(=O)N(C(=O)N2C)C", "CCN(CC)CC"]
RDKIT = """\
from rdkit import Chem
from rdkit.Chem import Descriptors
mol = Chem.MolFromSmiles({smiles!r})
print(round(Descriptors.MolWt(mol), 2), mol.GetNumAtoms())
"""
PURE = "print(sum(i * i for i in range({n})))"
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


def measure(name: str, run: Callable[[], Iterable[dict[str, Any]]], repeats: int) -> dict[str, Any]:
    steady, overall = [], []
    for _ in range(repeats):
        s, wall, n = timed(run())
        steady.append(s)
        overall.append(n / wall)
    print(
        f"  {name}: steady {statistics.median(steady):.1f}/s, overall "
        f"{statistics.median(overall):.1f}/s",
        flush=True,
    )
    return {
        "engine": name,
        "steady": statistics.median(steady),
        "overall": statistics.median(overall),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--programs", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    items = programs(args.programs)
    options = Options(mode="exec")
    results: list[dict[str, Any]] = []
    memory: dict[str, list[dict[str, float]]] = {}
    print(f"{args.programs} programs, {args.repeats} repeats, {os.cpu_count()} cores", flush=True)

    default_pool().start()
    list(sequential(items[:4]))  # warm
    results.append(measure("sequential run_code", lambda: sequential(items), args.repeats))
    results.append(
        measure("batch() in process (one warm pool)", lambda: execute(items, options), args.repeats)
    )
    memory["in process"] = [tree_memory()]

    pool_memory: list[dict[str, float]] = []

    def pool_run() -> Iterator[dict[str, Any]]:
        for n, row in enumerate(execute(items, options, workers=args.workers)):
            if n == len(items) // 2 and not pool_memory:
                pool_memory.extend(_process_pool_memory(args.workers))
            yield row

    results.append(measure(f"process pool, {args.workers} processes", pool_run, args.repeats))
    memory["process pool"] = pool_memory

    from sciagent.batch._dask import local_client

    for n in sorted({1, args.workers}):
        t0 = time.perf_counter()
        with local_client(n) as client:
            client.wait_for_workers(n)
            started = time.perf_counter() - t0
            list(execute(items[: 2 * n], options, client=client))  # warm every worker's pool
            print(f"  LocalCluster({n}) up in {started:.1f} s (warm pools after)", flush=True)
            results.append(
                measure(
                    f"Dask LocalCluster, {n} worker(s)",
                    lambda client=client: execute(items, options, client=client),
                    args.repeats,
                )
            )
            memory[f"Dask worker ({n})"] = list(client.run(tree_memory).values())

    base = results[0]
    print("\n| engine | programs/s steady | vs sequential | programs/s overall | vs sequential |")
    print("|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['engine']} | {r['steady']:.1f} | {r['steady'] / base['steady']:.2f}x "
            f"| {r['overall']:.1f} | {r['overall'] / base['overall']:.2f}x |"
        )

    print("\n| memory per worker (MB) | RSS | PSS | its sandbox RSS | its sandbox PSS |")
    print("|---|---|---|---|---|")
    for name, rows in memory.items():
        for m in rows:
            print(
                f"| {name} | {m['rss']:.0f} | {m['pss']:.0f} | {m['sandbox_rss']:.0f} "
                f"| {m['sandbox_pss']:.0f} |"
            )

    one = next(r for r in results if r["engine"].endswith("1 worker(s)"))["steady"]
    cores = os.cpu_count() or 1
    ceiling = 1 / SCHEDULER_S_PER_TASK
    print(
        f"\nOn paper: one Dask worker (1 thread) steady at {one:.1f} programs/s here; "
        f"machines of {cores} cores, one worker per core, linear until the scheduler's "
        f"~{ceiling:.0f} tasks/s:"
    )
    print("| machines | workers | programs/s | 10,000 programs in |")
    print("|---|---|---|---|")
    for machines in (1, 4, 16, 64):
        workers = machines * cores
        rate = min(workers * one, ceiling)
        print(f"| {machines} | {workers} | {rate:.0f} | {10_000 / rate / 60:.1f} min |")


if __name__ == "__main__":
    main()
