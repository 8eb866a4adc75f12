"""Agent pass rates: bare model vs + retrieval vs + static check vs + repair vs best-of-n.

    python benchmarks/agent.py                        # embedded model, every config, all tasks
    python benchmarks/agent.py --limit 6 --configs bare,repair
    python benchmarks/agent.py --model qwen2.5-coder-0.5b
    python benchmarks/agent.py --model openai:gpt-4.1-mini   # any LangChain provider installed

Each task (benchmarks/data/agent_tasks.jsonl) is self-contained with an answer
computed by the libraries and a tolerance.  A run passes when its program's
answer (``result``, else the last printed line) matches.  The ratio that
matters is sciagent (repair) over bare for the same model.  Also reported: the
invented-name rate of generated programs before the static check (first
attempts) and after it (final programs), median tokens and seconds per task.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "data"))

CONFIGS = {
    "bare": {"retrieve": False, "check": False, "max_attempts": 1},
    "retrieval": {"retrieve": True, "check": False, "max_attempts": 1},
    "check": {"retrieve": True, "check": True, "max_attempts": 2, "repair_on": ("check",)},
    "repair": {"retrieve": True, "check": True, "max_attempts": 3},
    "best-of-n": {
        "retrieve": True,
        "check": True,
        "max_attempts": 2,
        "strategy": "best-of-n",
        "n": 3,
    },
}


def load_tasks(limit: int | None, domains: set[str] | None) -> list[dict]:
    rows = [
        json.loads(line)
        for line in (HERE / "data" / "agent_tasks.jsonl").read_text().splitlines()
        if line.strip()
    ]
    if domains:
        rows = [r for r in rows if r["domain"] in domains]
    if limit:  # an even spread over domains
        by_domain: dict[str, list[dict]] = {}
        for r in rows:
            by_domain.setdefault(r["domain"], []).append(r)
        per = max(1, limit // max(1, len(by_domain)))
        rows = [r for group in by_domain.values() for r in group[:per]]
    return rows


def candidate_answers(result) -> list[object]:  # type: ignore[no-untyped-def]
    """The program's ``result`` and its last printed line: either may carry the answer
    (``result`` can be an object whose repr is not the answer, e.g. a ``Seq``)."""
    found: list[object] = []
    value = result.value
    if isinstance(value, dict) and {"value", "unit"} <= set(value):
        value = value["value"]
    if value is not None:
        found.append(value)
    lines = [ln.strip() for ln in (result.stdout or "").splitlines() if ln.strip()]
    if lines:
        try:
            found.append(ast.literal_eval(lines[-1]))
        except (ValueError, SyntaxError):
            found.append(lines[-1])
    return found


def invented(searcher, code: str | None) -> bool:  # type: ignore[no-untyped-def]
    if not code:
        return False
    from sciagent.check import check_code

    return any(
        f.kind in {"unknown-name", "unknown-module", "not-imported"}
        for f in check_code(code, searcher=searcher)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="default: the embedded offline model")
    parser.add_argument("--configs", default=",".join(CONFIGS))
    parser.add_argument("--limit", type=int, default=None, help="tasks, spread over domains")
    parser.add_argument("--domains", default=None)
    parser.add_argument("--trajectory", default=None, help="append every attempt as JSON Lines")
    args = parser.parse_args()

    from check_agent_tasks import matches

    from sciagent.agent import Agent
    from sciagent.api import default_searcher
    from sciagent.llm import resolve_chat_model

    searcher = default_searcher()
    model = resolve_chat_model(args.model)
    tasks = load_tasks(args.limit, set(args.domains.split(",")) if args.domains else None)
    configs = [c for c in args.configs.split(",") if c]
    table = []
    for name in configs:
        agent = Agent(model, searcher=searcher, trajectory_path=args.trajectory, **CONFIGS[name])
        passed, seconds, tokens, first_invented, final_invented = 0, [], [], 0, 0
        per_domain: dict[str, list[int]] = {}
        for task in tasks:
            t0 = time.perf_counter()
            result = agent.run(task["request"], domain=None)
            # the run must succeed: a program that prints the answer, then crashes, fails
            ok = result.ok and any(
                matches(task["check"], task["answer"], got) for got in candidate_answers(result)
            )
            passed += ok
            per_domain.setdefault(task["domain"], []).append(int(ok))
            seconds.append(time.perf_counter() - t0)
            tokens.append(sum(v for k, v in result.tokens.items() if k == "total_tokens"))
            first_invented += invented(
                searcher, result.attempts[0].code if result.attempts else None
            )
            final_invented += invented(searcher, result.code)
            print(
                f"  [{name}] {task['id']}: {'PASS' if ok else 'fail'} ({len(result.attempts)} attempts, "
                f"{seconds[-1]:.1f} s) answer={result.answer!r:.60}",
                flush=True,
            )
        n = len(tasks)
        table.append(
            {
                "config": name,
                "pass": passed / n,
                **{d: sum(v) / len(v) for d, v in per_domain.items()},
                "invented_first": first_invented / n,
                "invented_final": final_invented / n,
                "median_s": statistics.median(seconds),
                "median_tokens": statistics.median(tokens),
            }
        )
    bare = next((r["pass"] for r in table if r["config"] == "bare"), None)
    print(
        f"\nagent benchmark: model={getattr(model, 'model_path', None) or type(model).__name__}, {len(tasks)} tasks"
    )
    domains = sorted({t["domain"] for t in tasks})
    print(
        f"{'config':<11}{'pass':>6}"
        + "".join(f"{d[:5]:>8}" for d in domains)
        + f"{'vs bare':>9}{'invented 1st/final':>20}{'med s':>8}{'med tok':>9}"
    )
    for r in table:
        ratio = f"{r['pass'] / bare:.2f}x" if bare else "-"
        print(
            f"{r['config']:<11}{r['pass']:>6.2f}"
            + "".join(f"{r.get(d, 0):>8.2f}" for d in domains)
            + f"{ratio:>9}{r['invented_first']:>11.2f} / {r['invented_final']:<6.2f}"
            + f"{r['median_s']:>8.1f}{r['median_tokens']:>9.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
