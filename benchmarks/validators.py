"""Output validators on labelled program outputs: false alarms, misses, latency.

    python benchmarks/validators.py                  # all domains
    python benchmarks/validators.py --domain biology
    python benchmarks/validators.py --show           # also list every wrong verdict

Each case in ``data/validator_cases.jsonl`` is a request, a program and what
it printed/returned (recorded from a real run), labelled ``accept`` (a right
answer) or ``reject`` (a deliberately wrong one); ``warn`` marks right answers
that deserve a warning.  A case counts as rejected when the domain plugin's
validators return at least one error.  False rejects are the number that
matters most: a false alarm turns a right answer into a failed one.  Cases
with a ``note`` are wrong in ways no output check can see (a plausible number
for the wrong molecule); they are kept so the recall is honest.

Since issue 17 a right value printed in another form than the request asks
(``4478.6 Mpc`` for "in Mpc", ``scaffold: O=C1...`` for "as SMILES") is sent
back by the answer-form check for one more round.  Such rejects are counted
apart (``form``): they cost a repair, not the answer; ``false rej`` counts
only rejects of the value itself.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

DATA = Path(__file__).parent / "data" / "validator_cases.jsonl"


def load(domain: str | None) -> list[dict]:
    with DATA.open() as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [r for r in rows if domain is None or r["domain"] == domain]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domain", choices=["chemistry", "biology", "astronomy"])
    parser.add_argument("--show", action="store_true", help="list false rejects and misses")
    args = parser.parse_args()

    from sciagent import ProgramOutput, load_plugins, run_validators
    from sciagent.validation import BUILTIN_VALIDATORS, answer_in_asked_form

    FORM = answer_in_asked_form.__name__

    plugins = {p.domain: p for p in load_plugins().plugins}
    rows = load(args.domain)
    stats: dict[str, dict[str, list]] = {}
    wrong: list[tuple[dict, list[str]]] = []
    for row in rows:
        plugin = plugins.get(row["domain"])
        if plugin is None:
            print(f"skipping {row['id']}: no {row['domain']} plugin installed", file=sys.stderr)
            continue
        output = ProgramOutput(
            request=row["request"],
            code=row["code"],
            stdout=row["stdout"],
            value=row.get("value"),
            has_value=row["has_value"],
        )
        validators = [*BUILTIN_VALIDATORS, *plugin.validators]
        run_validators(output, validators)  # warm: first use imports the library
        t0 = time.perf_counter()
        verdict = run_validators(
            ProgramOutput(
                output.request, output.code, output.stdout, output.value, output.has_value
            ),
            validators,
        )
        elapsed = time.perf_counter() - t0
        s = stats.setdefault(row["domain"], {k: [] for k in ("tr", "fr", "miss", "ok", "ms")})
        rejected = not verdict.ok
        s["ms"].append(elapsed * 1000)
        s.setdefault("form", [])
        if row["expect"] == "reject":
            s["tr" if rejected else "miss"].append(row["id"])
        elif rejected and {i.validator for i in verdict.issues} == {FORM}:
            s["form"].append(row["id"])
        else:
            s["fr" if rejected else "ok"].append(row["id"])
        s.setdefault("warn_hit", [])
        s.setdefault("warn_want", [])
        s.setdefault("warn_extra", [])
        if row.get("warn"):
            s["warn_want"].append(row["id"])
            if verdict.warnings:
                s["warn_hit"].append(row["id"])
        elif verdict.warnings and row["expect"] == "accept":
            s["warn_extra"].append(row["id"])
        if rejected != (row["expect"] == "reject"):
            wrong.append((row, [i.message for i in verdict.issues]))

    print(f"\nvalidator benchmark: {len(rows)} labelled outputs ({DATA.name})")
    header = (
        f"{'domain':<11}{'cases':>6}{'accept':>7}{'reject':>7}{'true rej':>9}{'false rej':>10}"
        f"{'form':>5}{'missed':>7}{'precision':>10}{'recall':>8}{'warn hit':>9}{'extra warn':>11}"
        f"{'p50 ms':>8}"
    )
    print(header)
    total = {k: 0 for k in ("n", "acc", "rej", "tr", "fr", "form", "miss")}
    all_ms: list[float] = []
    for domain in sorted(stats):
        s = stats[domain]
        tr, fr, miss, form = len(s["tr"]), len(s["fr"]), len(s["miss"]), len(s["form"])
        acc, rej = fr + form + len(s["ok"]), tr + miss
        precision = tr / (tr + fr) if tr + fr else 1.0
        recall = tr / rej if rej else 1.0
        warn = f"{len(s['warn_hit'])}/{len(s['warn_want'])}"
        print(
            f"{domain:<11}{acc + rej:>6}{acc:>7}{rej:>7}{tr:>9}{fr:>10}{form:>5}{miss:>7}"
            f"{precision:>10.2f}{recall:>8.2f}{warn:>9}{len(s['warn_extra']):>11}"
            f"{statistics.median(s['ms']):>8.2f}"
        )
        for key, value in (("n", acc + rej), ("acc", acc), ("rej", rej), ("tr", tr)):
            total[key] += value
        total["fr"] += fr
        total["form"] += form
        total["miss"] += miss
        all_ms += s["ms"]
    if len(stats) > 1:
        tr, fr = total["tr"], total["fr"]
        print(
            f"{'all':<11}{total['n']:>6}{total['acc']:>7}{total['rej']:>7}{tr:>9}{fr:>10}"
            f"{total['form']:>5}{total['miss']:>7}{(tr / (tr + fr) if tr + fr else 1.0):>10.2f}"
            f"{(tr / total['rej'] if total['rej'] else 1.0):>8.2f}{'':>9}{'':>11}"
            f"{statistics.median(all_ms):>8.2f}"
        )
    print(
        "precision/recall are of rejection (of the value: `form` = a right value sent back "
        "for its answer form); p50 ms = median validation time per output"
    )
    unreachable = [
        r["id"] for r in rows if r["expect"] == "reject" and "out of reach" in r.get("note", "")
    ]
    if unreachable:
        print(
            f"{len(unreachable)} of the wrong outputs are a plausible value of the wrong thing, "
            "out of reach of any output check: " + ", ".join(unreachable)
        )
    if args.show and wrong:
        print("\nwrong verdicts:")
        for row, messages in wrong:
            print(f"- [{row['id']}] expected {row['expect']}: {row['request']!r}")
            for m in messages:
                print(f"      {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
