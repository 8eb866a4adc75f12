"""Agent pass rates: bare model vs + retrieval vs + static check vs + repair vs best-of-n.

    python benchmarks/agent.py                        # embedded model, every config, all tasks
    python benchmarks/agent.py --limit 6 --configs bare,repair
    python benchmarks/agent.py --model qwen2.5-coder-0.5b
    python benchmarks/agent.py --model openai:gpt-4.1-mini   # any LangChain provider installed

Each task (benchmarks/data/agent_tasks.jsonl, or the file given with ``--tasks``) is self-contained with an answer
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
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
HERE = Path(__file__).resolve().parent
TASKS = HERE / "data" / "agent_tasks.jsonl"
sys.path.insert(0, str(HERE / "data"))

CONFIGS = {
    "bare": {"retrieve": False, "check": False, "max_attempts": 1},
    "retrieval": {"retrieve": True, "check": False, "max_attempts": 1},
    "check": {"retrieve": True, "check": True, "max_attempts": 2, "repair_on": ("check",)},
    "repair": {"retrieve": True, "check": True, "max_attempts": 3, "strategy": "repair"},
    "best-of-n": {
        "retrieve": True,
        "check": True,
        "max_attempts": 2,
        "strategy": "best-of-n",
        "n": 3,
    },
    # the default since issue 17: independent programs until two agree
    "select": {"retrieve": True, "check": True, "max_attempts": 3, "strategy": "select"},
    # select without the import fixes (a forgotten `import astropy.units as u` costs a round)
    "select-nofix": {
        "retrieve": True,
        "check": True,
        "max_attempts": 3,
        "strategy": "select",
        "import_fixes": False,
    },
}
#: configs that appear in the report's trust table (they claim "ok" for a reason)
CLAIMING = ("repair", "best-of-n", "select", "select-nofix")


def _commit() -> str:
    """The code a row was measured on: a resumed file may span several commits."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
        )
    except OSError:
        return "unknown"
    return out.stdout.strip() or "unknown"


def load_tasks(limit: int | None, domains: set[str] | None, path: Path = TASKS) -> list[dict]:
    rows = [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]
    if domains:
        rows = [r for r in rows if r["domain"] in domains]
    by_domain: dict[str, list[dict]] = {}
    for r in rows:
        by_domain.setdefault(r["domain"], []).append(r)
    if limit:  # an even spread over domains
        per = max(1, limit // max(1, len(by_domain)))
        by_domain = {d: group[:per] for d, group in by_domain.items()}
    # round-robin over domains, so a run cut short still covers every domain
    groups = list(by_domain.values())
    return [g[i] for i in range(max(map(len, groups), default=0)) for g in groups if i < len(g)]


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


def answer_right(task: dict, answer: str | None) -> bool:
    """Whether an answer line is the task's answer, read as the task's check reads it."""
    from check_agent_tasks import matches, parse_output

    if answer is None:
        return False
    return matches(task["check"], task["answer"], parse_output(answer, task["check"]["kind"]))


def regrade(rows: list[dict], tasks: list[dict]) -> None:
    """Score every row's answer line again (rows of an older benchmark scored leniently)."""
    by_id = {t["id"]: t for t in tasks}
    for row in rows:
        task = by_id.get(row["task"])
        if task is not None and "right" in row:
            # scored leniently, a row is right only if its program ran and a value matched
            lenient = row.get("right_value", row["right"])
            row["right"] = bool(lenient and answer_right(task, row.get("answer")))
            row["pass"] = row["right"] and row["status"] == "ok"


def invented(searcher, code: str | None) -> bool:  # type: ignore[no-untyped-def]
    if not code:
        return False
    from sciagent.check import check_code

    return any(
        f.kind in {"unknown-name", "unknown-module", "not-imported"}
        for f in check_code(code, searcher=searcher)
    )


def run_one(agent, task: dict, searcher) -> dict:  # type: ignore[no-untyped-def]
    from check_agent_tasks import matches

    t0 = time.perf_counter()
    result = agent.run(task["request"], domain=None)
    # right: the answer line sciagent gives (ok or not) is the task's answer, in the
    # asked form (a right value wrapped in other words is not right); the run must
    # have succeeded: a program that prints the answer, then crashes, is not right
    run = _final_run(result) if result.attempts else None
    ran = run is not None and run.ok
    right = ran and answer_right(task, result.answer)
    # the old, lenient scoring: the program's ``result`` or its last line
    right_value = ran and any(
        matches(task["check"], task["answer"], got) for got in candidate_answers(result)
    )
    status = getattr(result, "status", "ok" if result.ok else "failed")
    return {
        "task": task["id"],
        "domain": task["domain"],
        "pass": bool(right and result.ok),  # right and claimed ok (the old pass)
        "right": bool(right),
        "right_value": bool(right_value),
        "status": status,
        "confidence": getattr(result, "confidence", None),
        "programs": len({getattr(a, "candidate", 0) for a in result.attempts}),
        "attempts": len(result.attempts),
        "seconds": round(time.perf_counter() - t0, 2),
        "tokens": sum(v for k, v in result.tokens.items() if k == "total_tokens"),
        "invented_first": invented(searcher, result.attempts[0].code if result.attempts else None),
        "invented_final": invented(searcher, result.code),
        "answer": (result.answer or "")[:400],
        "why": [_why(a) for a in result.attempts],
    }


def _final_run(result):  # type: ignore[no-untyped-def]
    """The run (a RunResult) of the attempt whose output is the result's (the chosen or best
    one); None when that attempt did not run."""
    for attempt in reversed(result.attempts):
        run = attempt.run
        stdout, value = (run.stdout, run.value) if run is not None else ("", None)
        if stdout == result.stdout and value == result.value:
            return run
    return None


def _why(attempt) -> str:  # type: ignore[no-untyped-def]
    """What went wrong in one attempt, in a few words, for reading a run's JSON lines."""
    if attempt.ok:
        return "ok"
    if attempt.code is None:
        return "no code"
    if attempt.findings:
        return "check: " + "; ".join(f.message for f in attempt.findings)[:160]
    err = attempt.run.error if attempt.run is not None else None
    if err is not None:
        return "run: " + f"{err.type}: {err.message}"[:160]
    if attempt.validation:
        return "invalid: " + "; ".join(attempt.validation)[:160]
    return "wrong answer"


def report(rows: list[dict]) -> None:
    """One table per model: pass rates per config and domain, the ratio to bare."""
    for model in dict.fromkeys(r["model"] for r in rows):
        mine = [r for r in rows if r["model"] == model]
        configs = list(dict.fromkeys(r["config"] for r in mine))
        domains = sorted({r["domain"] for r in mine})
        # compare configs on the tasks every config finished (a run may be cut short)
        done = set.intersection(*({r["task"] for r in mine if r["config"] == c} for c in configs))
        mine = [r for r in mine if r["task"] in done]
        commits = Counter(r.get("commit", "unrecorded") for r in mine)
        print(
            f"\nagent benchmark: model={model}, {len(done)} tasks"
            + f" (rows by commit: {', '.join(f'{c} {n}' for c, n in commits.items())})"
        )
        print(
            f"{'config':<11}{'pass':>6}"
            + "".join(f"{d[:5]:>8}" for d in domains)
            + f"{'vs bare':>9}{'invented 1st/final':>20}{'med s':>8}{'med tok':>9}"
        )
        bare = None
        for c in configs:
            rs = [r for r in mine if r["config"] == c]
            rate = sum(r["pass"] for r in rs) / len(rs)
            if c == "bare":
                bare = rate
            per = {
                d: sum(r["pass"] for r in rs if r["domain"] == d)
                / max(1, sum(1 for r in rs if r["domain"] == d))
                for d in domains
            }
            ratio = f"{rate / bare:.2f}x" if bare else "-"
            inv1 = sum(r["invented_first"] for r in rs) / len(rs)
            inv2 = sum(r["invented_final"] for r in rs) / len(rs)
            print(
                f"{c:<11}{rate:>6.2f}"
                + "".join(f"{per[d]:>8.2f}" for d in domains)
                + f"{ratio:>9}{inv1:>11.2f} / {inv2:<6.2f}"
                + f"{statistics.median(r['seconds'] for r in rs):>8.1f}"
                + f"{statistics.median(r['tokens'] for r in rs):>9.0f}"
            )
        trust(mine, [c for c in configs if c in CLAIMING])


def trust(rows: list[dict], configs: list[str]) -> None:
    """Right answers, claims of ok and their precision, time, against the first config.

    ``right``: the answer given (whatever its status) is the task's answer;
    ``claimed ok``: the share reported ok; ``precision``: of those, the share
    right; ``ok & right``: the old pass rate.  Ratios are to the first config
    (run it as the baseline in the same run: ``--configs repair,select``).
    """
    scored = [c for c in configs if all("right" in r for r in rows if r["config"] == c)]
    if not scored:
        return
    print(
        f"\n{'config':<11}{'right':>7}{'x base':>8}{'claimed ok':>12}{'precision':>11}"
        f"{'ok & right':>12}{'unsure':>8}{'med s':>8}{'x base':>8}"
    )
    base_right = base_s = None
    for c in scored:
        rs = [r for r in rows if r["config"] == c]
        right = sum(r["right"] for r in rs) / len(rs)
        claimed = [r for r in rs if r["status"] == "ok"]
        precision = sum(r["right"] for r in claimed) / len(claimed) if claimed else float("nan")
        med = statistics.median(r["seconds"] for r in rs)
        if base_right is None:
            base_right, base_s = right, med
        print(
            f"{c:<11}{right:>7.2f}{right / base_right if base_right else float('nan'):>7.2f}x"
            f"{len(claimed) / len(rs):>12.2f}{precision:>11.2f}"
            f"{sum(r['pass'] for r in rs) / len(rs):>12.2f}"
            f"{sum(r['status'] == 'unsure' for r in rs) / len(rs):>8.2f}"
            f"{med:>8.1f}{med / base_s if base_s else float('nan'):>7.2f}x"
        )
    bins = [(0.0, 0.34), (0.34, 0.5), (0.5, 0.75), (0.75, 1.01)]
    for c in scored:
        rs = [r for r in rows if r["config"] == c and r.get("confidence") is not None]
        if not rs:
            continue
        cells = []
        for lo, hi in bins:
            inside = [r for r in rs if lo <= r["confidence"] < hi]
            acc = f"{sum(r['right'] for r in inside) / len(inside):.2f}" if inside else "-"
            cells.append(
                f"[{lo:.2f},{min(hi, 1.0):.2f}{']' if hi > 1 else ')'}: {acc} of {len(inside)}"
            )
        print(f"confidence vs accuracy, {c}: " + "   ".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model",
        default=None,
        help="comma-separated models (default: the embedded offline model), "
        "e.g. qwen2.5-coder-1.5b,qwen2.5-coder-0.5b",
    )
    parser.add_argument(
        "--tasks",
        default=str(TASKS),
        help="task file (JSON Lines), e.g. benchmarks/data/agent_tasks_blind.jsonl",
    )
    parser.add_argument("--configs", default=",".join(CONFIGS))
    parser.add_argument("--limit", type=int, default=None, help="tasks, spread over domains")
    parser.add_argument("--domains", default=None)
    parser.add_argument("--trajectory", default=None, help="append every attempt as JSON Lines")
    parser.add_argument(
        "--out",
        default=None,
        help="append one JSON line per (model, config, task) as it finishes; "
        "a run on an existing file skips what it already holds and reports it all",
    )
    parser.add_argument(
        "--report",
        default=None,
        help="only print the tables of earlier --out files (comma-separated), "
        "every answer line scored again against --tasks",
    )
    args = parser.parse_args()
    if args.report:
        rows = []
        for name in args.report.split(","):
            rows += [json.loads(line) for line in Path(name).read_text().splitlines() if line]
        regrade(rows, load_tasks(None, None, Path(args.tasks)))
        report(rows)
        return 0

    from sciagent.agent import Agent
    from sciagent.api import default_searcher
    from sciagent.llm import describe_model, resolve_chat_model

    searcher = default_searcher()
    tasks = load_tasks(
        args.limit, set(args.domains.split(",")) if args.domains else None, Path(args.tasks)
    )
    configs = [c for c in args.configs.split(",") if c]
    rows: list[dict] = []
    if args.out and Path(args.out).exists():  # resume: a long run may span sessions
        rows = [json.loads(line) for line in Path(args.out).read_text().splitlines() if line]
    finished = {(r["model"], r["config"], r["task"]) for r in rows}
    out = open(args.out, "a") if args.out else None  # noqa: SIM115
    commit = _commit()
    agents: dict[tuple[str, str], Agent] = {}
    for model_name in args.model.split(",") if args.model else [None]:
        model = resolve_chat_model(model_name)
        for c in configs:
            # single-attempt configs judge only the answer: plugin validators feed repairs
            agents[describe_model(model), c] = Agent(
                model,
                searcher=searcher,
                trajectory_path=args.trajectory,
                plugin_validators=CONFIGS[c]["max_attempts"] > 1,
                **CONFIGS[c],
            )
    # task-major, so a run cut short still compares every model and config on the same tasks
    for task in tasks:
        for (label, c), agent in agents.items():
            if (label, c, task["id"]) in finished:
                continue
            row = {"model": label, "config": c, "commit": commit, **run_one(agent, task, searcher)}
            rows.append(row)
            if out:
                out.write(json.dumps(row) + "\n")
                out.flush()
            print(
                f"  [{label[:24]} {c}] {task['id']}: {'PASS' if row['pass'] else 'fail'} "
                f"({row['attempts']} attempts, {row['seconds']:.1f} s) answer={row['answer']!r:.60}",
                flush=True,
            )
    report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
