"""Cold import cost of sciagent's entry points, against an older checkout in the same run.

    python benchmarks/imports.py                          # this checkout only
    python benchmarks/imports.py --baseline /tmp/old      # and a checkout of another commit

Each statement runs in a fresh interpreter (``python -c``) ``--repeats`` times,
alternating with the baseline; the table prints medians, how many sciagent
modules were loaded, whether the engine (FAISS, the sandbox, the agent) came
along, and the ratio baseline / this checkout.  A plugin package does
``from sciagent import Plugin``; the introspection walker's subprocess imports
the plugin; the CLI imports ``sciagent.cli`` before any command runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
STATEMENTS = {
    "from sciagent import Plugin": "from sciagent import Plugin",
    "import sciagent": "import sciagent",
    "import sciagent.cli": "import sciagent.cli",
    "sciagent.search (first use)": "import sciagent; sciagent.search",
}
PROBE = (
    "import json, sys, time; t = time.perf_counter(); exec({stmt!r}); "
    "dt = time.perf_counter() - t; mods = [m for m in sys.modules if m.startswith('sciagent')]; "
    "print(json.dumps({{'s': dt, 'n': len(mods), 'engine': any(m in sys.modules for m in "
    "('faiss', 'sciagent.sandbox', 'sciagent.agent', 'langchain_core'))}}))"
)


def measure(checkout: Path, stmt: str) -> dict:
    paths = [str(checkout)] + [
        str(p) for p in sorted((checkout / "plugins").glob("*")) if p.is_dir()
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(stmt=stmt)],
        env=env,
        cwd="/",
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout to compare")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    checkouts = {"this": HERE} | ({"baseline": args.baseline} if args.baseline else {})
    print(
        f"{'statement':<30}{'checkout':>10}{'median s':>10}{'modules':>9}{'engine':>8}{'ratio':>8}"
    )
    for label, stmt in STATEMENTS.items():
        runs: dict[str, list[dict]] = {name: [] for name in checkouts}
        for _ in range(args.repeats):
            for name, path in checkouts.items():  # alternate: the machine's noise hits both
                runs[name].append(measure(path, stmt))
        medians = {name: statistics.median(r["s"] for r in rows) for name, rows in runs.items()}
        for name, rows in runs.items():
            ratio = medians.get("baseline", medians[name]) / medians[name]
            print(
                f"{label:<30}{name:>10}{medians[name]:>10.3f}{rows[-1]['n']:>9}"
                f"{'yes' if rows[-1]['engine'] else 'no':>8}{ratio:>7.2f}x"
            )
    print("ratio: baseline median / this checkout's (above 1: this checkout imports faster)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
