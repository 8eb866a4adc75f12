"""What each plugin adds: coverage, and retrieval with and without its curation.

    python benchmarks/plugins.py                  # every installed plugin
    python benchmarks/plugins.py chemistry -v     # one plugin, list the misses

For each plugin: signature coverage of its libraries' public callables (from
the index manifest), then Recall@5 and MRR on the plugin's own example
requests (``Plugin.examples``) with everything on, with each piece of curation
taken away (recipes, boosts, synonyms), and with none of it: the ratio
full / none is what the plugin's curation is worth.  Searches run over every
installed library, without a domain filter, as a user's request would.

Recipes cannot be dropped from a built index without making it stale, so
"without recipes" keeps the recipe records in the index but neither returns
them nor lets them lift the APIs they name (``Ranking.recipe_top = 0``).
Validator precision has its own script, ``benchmarks/validators.py``.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

VARIANTS = {
    # name: (recipes, boosts, synonyms)
    "full": (True, True, True),
    "-recipes": (False, True, True),
    "-boosts": (True, False, True),
    "-synonyms": (True, True, False),
    "none": (False, False, False),
}


def variant_searcher(base, recipes: bool, boosts: bool, synonyms: bool):  # type: ignore[no-untyped-def]
    """A searcher over the same built indexes with parts of every plugin's curation off."""
    from sciagent.plugin import PluginSet
    from sciagent.retrieval import Searcher

    plugins = [
        dataclasses.replace(
            p,
            boosts=p.boosts if boosts else {},
            synonyms=p.synonyms if synonyms else {},
        )
        for p in base.plugins.plugins
    ]
    ranking = dataclasses.replace(
        base.ranking, recipe_top=base.ranking.recipe_top if recipes else 0
    )
    return Searcher(base.settings, PluginSet(plugins, []), ranking=ranking, auto_build=False)


def score(searcher, examples, verbose: bool = False) -> tuple[float, float, list[str]]:  # type: ignore[no-untyped-def]
    """Recall@5 and MRR@10 over the examples that name APIs; the misses at 5."""
    hits5, rr, misses = 0, 0.0, []
    for ex in examples:
        gold = {rec.qualname for name in ex.apis if (rec := searcher.lookup(name)) is not None}
        ranked = [h.qualname for h in searcher.search(ex.request, k=10)]
        rank = next((i for i, q in enumerate(ranked, 1) if q in gold), None)
        hits5 += rank is not None and rank <= 5
        rr += 1 / rank if rank else 0.0
        if verbose and (rank is None or rank > 5):
            misses.append(f"{ex.request[:70]!r}: want {sorted(gold)[:2]}, got {ranked[:3]}")
    n = max(1, len(examples))
    return hits5 / n, rr / n, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plugins", nargs="*", help="default: every installed plugin")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses (full)")
    args = parser.parse_args()

    from sciagent.retrieval import Searcher

    base = Searcher(auto_build=False)
    chosen = [p for p in base.plugins.plugins if not args.plugins or p.name in args.plugins]
    searchers = {name: variant_searcher(base, *flags) for name, flags in VARIANTS.items()}
    rows = []
    for plugin in chosen:
        examples = [ex for ex in plugin.examples if ex.apis]
        manifests = [ix.manifest for ix in base.indexes if ix.manifest.plugin == plugin.name]
        cov = [m.coverage.get("ratio", 0.0) for m in manifests]
        row: dict[str, object] = {
            "plugin": plugin.name,
            "examples": len(examples),
            "coverage": statistics.fmean(cov) if cov else float("nan"),
            "records": sum(m.records for m in manifests),
        }
        t0 = time.perf_counter()
        for name, searcher in searchers.items():
            r5, mrr, misses = score(searcher, examples, args.verbose and name == "full")
            row[name] = (r5, mrr)
            for line in misses:
                print(f"  miss [{plugin.name}] {line}")
        row["seconds"] = time.perf_counter() - t0
        rows.append(row)

    print("\nplugin benchmark: Recall@5 / MRR on each plugin's example requests")
    header = f"{'plugin':<11}{'examples':>9}{'records':>9}{'coverage':>9}"
    header += "".join(f"{name:>14}" for name in VARIANTS) + f"{'full/none':>11}"
    print(header)
    for row in rows:
        line = f"{row['plugin']:<11}{row['examples']:>9}{row['records']:>9}{row['coverage']:>9.1%}"
        for name in VARIANTS:
            r5, mrr = row[name]  # type: ignore[misc]
            line += f"{r5:>8.2f}/{mrr:.2f}"
        full, none = row["full"][0], row["none"][0]  # type: ignore[index]
        line += f"{(full / none if none else float('inf')):>10.2f}x"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
