"""Index build and query speed, in one run, with baselines measured alongside.

    python benchmarks/index_build.py [--queries N] [--shell-runs N]

Prints a table of:
- cold build of every installed plugin into an empty index dir (no embedding
  cache), once including the one-time ONNX export of the embedding model and
  once with the export already there;
- cached rebuild (``--force`` with the embedding cache warm);
- records/s, index size on disk, peak memory of each build process;
- in-process hybrid query latency p50/p95 over the labelled requests;
- ``sciagent search`` from a cold shell (median of N), against the same command
  with the ONNX encoder turned off (``SCIAGENT_ONNX=0``: sentence-transformers
  on the query path) as the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = """
import json, resource, time
from sciagent.api import build_index
t = time.perf_counter()
reports = build_index(force={force})
print(json.dumps({{
    "seconds": time.perf_counter() - t,
    "records": sum(r.records for r in reports),
    "embedded": sum(r.embedded for r in reports),
    "walk": max(r.walk_seconds for r in reports),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "failed": [r.library for r in reports if r.action == "failed"],
}}))
"""


def run_build(index_dir: Path, *, force: bool) -> dict:
    env = {**os.environ, "SCIAGENT_INDEX_DIR": str(index_dir), "HF_HUB_OFFLINE": "1"}
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", BUILD.format(force=force)], capture_output=True, text=True, env=env
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stderr[-2000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["wall"] = wall
    return out


def du(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def cold_shell(index_dir: Path, runs: int, extra_env: dict[str, str]) -> tuple[float, float]:
    exe = str(Path(sys.executable).with_name("sciagent"))
    env = {**os.environ, "SCIAGENT_INDEX_DIR": str(index_dir), "HF_HUB_OFFLINE": "1", **extra_env}
    times, peak = [], 0.0
    for i in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%M", exe, "search", f"parse a FASTA file {i}", "-k", "5"],
            capture_output=True,
            text=True,
            env=env,
        )
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"sciagent search failed:\n{proc.stderr[-2000:]}")
        peak = max(peak, float(proc.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(times), peak


def query_latency(index_dir: Path, n: int) -> tuple[float, float]:
    os.environ["SCIAGENT_INDEX_DIR"] = str(index_dir)
    from sciagent.retrieval import Searcher

    searcher = Searcher()
    rows = []
    for name in ("dev", "heldout"):
        with (ROOT / "benchmarks" / "data" / f"retrieval_{name}.jsonl").open() as fh:
            rows.extend(json.loads(line)["request"] for line in fh if line.strip())
    rows = rows[:n]
    searcher.search(rows[0])  # load the encoder
    times = []
    for q in rows:
        t0 = time.perf_counter()
        searcher.search(q, k=10)
        times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--shell-runs", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sciagent-bench-"))
    try:
        first = run_build(tmp / "a", force=False)  # empty dir: also exports the ONNX model
        (tmp / "b").mkdir()
        shutil.copytree(tmp / "a" / ".models", tmp / "b" / ".models")
        cold = run_build(tmp / "b", force=False)  # export present, no embedding cache
        cached = run_build(tmp / "b", force=True)  # embedding cache warm
        size_index = sum(du(p) for p in (tmp / "b").iterdir() if not p.name.startswith("."))
        size_cache, size_model = du(tmp / "b" / ".cache"), du(tmp / "b" / ".models")
        p50, p95 = query_latency(tmp / "b", args.queries)
        shell, shell_mb = cold_shell(tmp / "b", args.shell_runs, {})
        base, base_mb = cold_shell(tmp / "b", max(2, args.shell_runs // 2), {"SCIAGENT_ONNX": "0"})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    rows = [
        (
            "cold build, first ever (incl. ONNX export)",
            f"{first['wall']:.1f} s",
            f"peak {first['peak_mb']:.0f} MB",
        ),
        (
            "cold build (no embedding cache)",
            f"{cold['wall']:.1f} s",
            f"peak {cold['peak_mb']:.0f} MB",
        ),
        (
            "  records / records per s",
            f"{cold['records']}",
            f"{cold['records'] / cold['wall']:.0f} /s",
        ),
        ("  slowest library walk", f"{cold['walk']:.1f} s", ""),
        (
            "cached rebuild (--force, cache warm)",
            f"{cached['wall']:.1f} s",
            f"embedded {cached['embedded']}",
        ),
        ("  ratio cold / cached", f"{cold['wall'] / cached['wall']:.1f}x", ""),
        (
            "index size (3 libraries)",
            f"{size_index:.1f} MiB",
            f"+ cache {size_cache:.1f}, model {size_model:.1f} MiB",
        ),
        ("in-process query p50 / p95", f"{p50:.1f} ms", f"{p95:.1f} ms"),
        ("cold-shell `sciagent search` (median)", f"{shell:.2f} s", f"peak {shell_mb:.0f} MB"),
        ("  baseline: same with SCIAGENT_ONNX=0", f"{base:.2f} s", f"peak {base_mb:.0f} MB"),
        ("  ratio baseline / ONNX", f"{base / shell:.1f}x", ""),
    ]
    width = max(len(r[0]) for r in rows) + 2
    print(f"\nindex build benchmark ({os.cpu_count()} cores)")
    for name, value, note in rows:
        print(f"{name:<{width}}{value:>12}   {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
