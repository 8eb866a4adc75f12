"""Retrieval quality on the labelled request sets: dense vs lexical vs hybrid.

    python benchmarks/retrieval.py                 # dev set (150+ requests)
    python benchmarks/retrieval.py --set heldout   # looked at once for systematic misses
    python benchmarks/retrieval.py --set unseen    # written last, run once, never tuned on
    python benchmarks/retrieval.py --misses        # also list hybrid misses

A hit counts when its qualname or one of its aliases names the same indexed
object as any gold name.  No domain filter is applied: the request alone must
find the right library.  Gold names that the index does not contain at all are
reported (they can never be found, and count as misses).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
DATA = Path(__file__).parent / "data"
SETS = sorted(p.stem.removeprefix("retrieval_") for p in DATA.glob("retrieval_*.jsonl"))
MODES = ("dense", "lexical", "hybrid")


def load(set_name: str) -> list[dict]:
    names = ["dev", "heldout", "unseen"] if set_name == "all" else [set_name]
    rows = []
    for name in names:
        with (DATA / f"retrieval_{name}.jsonl").open() as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    return rows


def resolve_gold(searcher, gold: list[str]) -> tuple[set[str], list[str]]:
    """Map gold names to the qualnames of the indexed records they name."""
    found, unknown = set(), []
    for name in gold:
        rec = searcher.lookup(name)
        if rec is None:
            unknown.append(name)
        else:
            found.add(rec.qualname)
    return found, unknown


def rank_of(hits, gold: set[str]) -> int | None:
    for i, hit in enumerate(hits, 1):
        if hit.qualname in gold:
            return i
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set", default="dev", choices=[*SETS, "all"], help="all: dev, heldout and unseen"
    )
    parser.add_argument("--misses", action="store_true", help="list hybrid misses at 5")
    args = parser.parse_args()

    from sciagent.retrieval import Searcher

    searcher = Searcher()
    rows = load(args.set)
    results: dict[tuple[str, str], list[int | None]] = {}
    unknown_gold: list[tuple[str, str]] = []
    latencies: list[float] = []
    misses = []
    for row in rows:
        gold, unknown = resolve_gold(searcher, row["gold"])
        unknown_gold.extend((row["id"], u) for u in unknown)
        for mode in MODES:
            t0 = time.perf_counter()
            hits = searcher.search(row["request"], k=10, mode=mode)
            if mode == "hybrid":
                latencies.append(time.perf_counter() - t0)
            r = rank_of(hits, gold)
            results.setdefault((row["domain"], mode), []).append(r)
            results.setdefault(("all", mode), []).append(r)
            if mode == "hybrid" and (r is None or r > 5):
                misses.append((row, r, hits[:5]))

    def metrics(ranks: list[int | None]) -> tuple[float, float, float, float]:
        n = len(ranks)
        at = lambda k: sum(1 for r in ranks if r is not None and r <= k) / n  # noqa: E731
        mrr = sum(1 / r for r in ranks if r is not None) / n
        return at(1), at(5), at(10), mrr

    domains = [*sorted({row["domain"] for row in rows}), "all"]
    print(f"\nretrieval benchmark: set={args.set}, {len(rows)} requests, no domain filter, k=10")
    print(f"{'domain':<11}{'n':>5}  " + "  ".join(f"{m + ' R@1/R@5/R@10/MRR':<33}" for m in MODES))
    for domain in domains:
        n = len(results[(domain, "hybrid")])
        cells = []
        for mode in MODES:
            r1, r5, r10, mrr = metrics(results[(domain, mode)])
            cells.append(f"{r1:.2f} / {r5:.2f} / {r10:.2f} / {mrr:.3f}".ljust(33))
        print(f"{domain:<11}{n:>5}  " + "  ".join(cells))
    ratio = metrics(results[("all", "hybrid")])[1] / max(
        metrics(results[("all", "dense")])[1], 1e-9
    )
    print(f"hybrid/dense Recall@5 ratio: {ratio:.2f}")
    print(f"hybrid query latency in process: p50 {statistics.median(latencies) * 1000:.1f} ms")
    if unknown_gold:
        print(f"{len(unknown_gold)} gold names are not in the index, e.g. {unknown_gold[:5]}")
    if args.misses:
        print("\nhybrid misses at 5:")
        for row, r, hits in misses:
            print(f"- [{row['id']}] {row['request']!r} gold={row['gold']} rank={r}")
            for h in hits:
                print(f"      {h.qualname}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
