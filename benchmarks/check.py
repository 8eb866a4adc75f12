"""Static-check benchmark: the live probe on the host (before issue 16) vs in the sandbox.

    .venv/bin/python benchmarks/check.py [--rounds 5]

The checker confirms names the index lacks by asking the live libraries.  Until
issue 16 it asked a fresh host interpreter (``python -c``); now the same probe
is a task in the warm sandbox pool.  Both are timed here, in the same run, on
the same questions (those the checker tests' correct programs raise), uncached, and
also ``check_many`` end to end with a cold and a warm answer cache.  Medians
and the ratio to the host probe are printed; nothing is asserted.  The host
probe is measured here only: the product never runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "check"))


def _questions(searcher, programs: list[str]) -> tuple[list[dict], list[str], frozenset[str]]:  # type: ignore[no-untyped-def]
    """The live questions the checker would ask for these programs."""
    from sciagent.check import _analyze
    from sciagent.check._catalog import catalog_for
    from sciagent.check._resolve import Analysis

    catalog = catalog_for(searcher)
    questions: list[dict] = []
    imports: set[str] = set()
    for code in programs:
        analysis = _analyze(catalog, code)
        if isinstance(analysis, Analysis):
            questions += [p.question for p in analysis.pending]
            imports |= analysis.imports
    allowed = catalog.modules
    return questions, sorted(m for m in imports if m in allowed), allowed


def host_probe(questions: list[dict], imports: list[str], allowed: frozenset[str]) -> float:
    """The pre-issue-16 mechanism: one fresh host interpreter answers everything."""
    from sciagent.check import _live

    request = {"imports": imports, "allowed": sorted(allowed), "questions": questions}
    program = (
        _live._WORKER.read_text(encoding="utf-8")
        + "\nimport json as _j, sys as _s\n"
        + "print(_j.dumps(answer_all(_j.load(_s.stdin))))\n"
    )
    with tempfile.TemporaryDirectory() as private:
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-P", "-c", program],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            cwd=private,
            check=False,
        )
        elapsed = time.perf_counter() - t0
    if len(json.loads(proc.stdout.splitlines()[-1])) != len(questions):
        raise SystemExit("host probe gave the wrong number of answers")
    return elapsed


def sandbox_probe(questions: list[dict], imports: list[str], allowed: frozenset[str]) -> float:
    from sciagent.check import _live

    t0 = time.perf_counter()
    answers = _live._run(questions, imports, allowed)
    elapsed = time.perf_counter() - t0
    if answers is None or len(answers) != len(questions):
        raise SystemExit("sandboxed probe gave no answers")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from programs import CORRECT  # the checker tests' corpus of correct programs

    from sciagent.api import default_searcher
    from sciagent.check import _live, check_many
    from sciagent.execution import default_pool  # the plugins' preloads, as the checker's

    searcher = default_searcher()
    programs = list(CORRECT.values())
    questions, imports, allowed = _questions(searcher, programs)
    default_pool().start()  # the warm pool is there before a check in a real session
    host, box, cold, warm = [], [], [], []
    for _ in range(args.rounds):  # interleaved, so load changes hit both alike
        host.append(host_probe(questions, imports, allowed))
        box.append(sandbox_probe(questions, imports, allowed))
        _live.clear_cache()
        t0 = time.perf_counter()
        check_many(programs, searcher=searcher)
        cold.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        check_many(programs, searcher=searcher)
        warm.append(time.perf_counter() - t0)
    base = statistics.median(host)
    print(
        f"\nstatic check: {len(programs)} programs, {len(questions)} live questions, "
        f"{args.rounds} rounds, load {os.getloadavg()[0]:.1f}"
    )
    print(f"{'measure':<44}{'median':>10}{'vs host probe':>15}")
    for name, values in (
        ("live probe, fresh host interpreter (before)", host),
        ("live probe, warm sandbox task (now)", box),
        ("check_many, all programs, answers uncached", cold),
        ("check_many, all programs, answers cached", warm),
    ):
        med = statistics.median(values)
        print(f"{name:<44}{med * 1000:>8.0f} ms{med / base:>14.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
