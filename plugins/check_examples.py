"""Validate the first-party plugins' example requests: APIs resolve and every answer is right.

Usage: ``python plugins/check_examples.py [chemistry biology astronomy] [-v]``.

For each plugin's ``EXAMPLES`` this checks that

* every request is unique and every ``apis`` path resolves by import + getattr
  (the same strict resolver as ``check_recipes.py``);
* every example with an ``answer`` has a reference program (``solution``), and
  that program, run offline in a fresh interpreter, prints the answer (its last
  printed line) within the example's relative ``tolerance``, or exactly as text;
* no more than a third of the requests name one of their APIs outright, and at
  least ``MIN_ANSWERS`` examples carry an answer.

Advisory warnings (they do not fail the run): an example none of whose APIs is
in a built index (retrieval can never find it), a path missing from the index.
Exits non-zero on any failure, so it can gate CI.
"""

from __future__ import annotations

import ast
import importlib
import math
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_recipes import PLUGINS, cli, indexed_names, resolve, run_program

from sciagent import Example

TIMEOUT_S = 120
MIN_ANSWERS = 10
#: at most this share of requests may name one of their APIs
MAX_NAMED_SHARE = 1 / 3
#: reference programs run at most this many at a time (keep shared machines usable)
WORKERS = 2


@dataclass
class Report:
    plugin: str
    examples: int = 0
    answers: int = 0
    named: int = 0
    ran: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def names_api(ex: Example) -> bool:
    """Does the request spell one of its APIs' identifiers (``MolFromSmiles``, ``gc_fraction``)?

    Identifiers count when they could not be ordinary words: CamelCase inside, an
    underscore, a digit after a letter (``Cutout2D``, ``seq1``) or an acronym-like
    name such as ``TPSA``; matched case-sensitively.
    """
    idents: set[str] = set()
    for api in ex.apis:
        # the function or class, and its class or module (``SeqIO.index``), not the package
        for part in api.split(".")[1:][-2:]:
            if "_" in part.strip("_") or re.search(r"[a-z][A-Z]|[A-Z]{2,}|[A-Za-z]\d", part):
                idents.add(part)
    return any(re.search(rf"(?<!\w){re.escape(i)}(?!\w)", ex.request) for i in idents)


def compare(expected: str | float, printed: str, tolerance: float) -> str | None:
    """None when ``printed`` (the program's last line) is the answer, else why not."""
    try:
        got: object = ast.literal_eval(printed)
    except (ValueError, SyntaxError):
        got = printed
    if isinstance(expected, str):
        return None if str(got).strip() == expected.strip() else f"printed {printed!r}"
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return f"printed {printed!r}, not a number"
    if math.isclose(float(got), float(expected), rel_tol=tolerance, abs_tol=1e-12):
        return None
    return f"printed {got!r}, outside rel. tolerance {tolerance:g}"


def run_solution(plugin: str, ex: Example) -> str | None:
    """Run one reference program in a fresh interpreter; an error message or None."""
    error, lines = run_program(plugin, ex.solution, TIMEOUT_S)
    if error:
        return error
    assert ex.answer is not None
    return compare(ex.answer, lines[-1], ex.tolerance)


def check_plugin(name: str, verbose: bool) -> Report:
    module = importlib.import_module(f"{PLUGINS[name]}.examples")
    examples: tuple[Example, ...] = module.EXAMPLES
    rep = Report(name, examples=len(examples))
    plugin = importlib.import_module(PLUGINS[name]).plugin
    known = indexed_names(plugin)

    seen: set[str] = set()
    for ex in examples:
        if not isinstance(ex, Example):
            rep.failures.append(f"{ex!r} is not an Example")
            continue
        short = ex.request[:60]
        if ex.request in seen:
            rep.failures.append(f"duplicate request {short!r}")
        seen.add(ex.request)
        if not ex.apis:
            rep.failures.append(f"{short!r}: no apis")
        for api in ex.apis:
            try:
                resolve(api)
            except Exception as exc:
                rep.failures.append(f"{short!r}: API {api} does not resolve ({exc})")
        if known is not None and ex.apis and not any(a in known for a in ex.apis):
            rep.warnings.append(f"{short!r}: none of its APIs is in the built index")
        elif known is not None and verbose:
            for api in ex.apis:
                if api not in known:
                    rep.warnings.append(f"{short!r}: {api} is not in the built index")
        if names_api(ex):
            rep.named += 1
            if verbose:
                print(f"  names an API: {short}")
        if ex.answer is not None:
            rep.answers += 1
            if not ex.solution:
                rep.failures.append(f"{short!r}: has an answer but no reference program")
        if not 0 <= ex.tolerance < 1:
            rep.failures.append(f"{short!r}: tolerance {ex.tolerance} is not a relative tolerance")
    if rep.answers < MIN_ANSWERS:
        rep.failures.append(f"only {rep.answers} examples with an answer (want {MIN_ANSWERS}+)")
    if rep.examples and rep.named / rep.examples > MAX_NAMED_SHARE:
        rep.failures.append(
            f"{rep.named}/{rep.examples} requests name an API (at most a third may)"
        )

    todo = [
        ex for ex in examples if isinstance(ex, Example) and ex.answer is not None and ex.solution
    ]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(lambda ex: (ex, run_solution(name, ex)), todo))
    for ex, err in results:
        rep.ran += 1
        if err:
            rep.failures.append(f"{ex.request[:60]!r}: reference program: {err}")
        elif verbose:
            print(f"  ok  {ex.request[:70]}")
    return rep


def main(argv: list[str] | None = None) -> int:
    return cli(
        argv,
        (__doc__ or "").splitlines()[0],
        check_plugin,
        lambda rep: (
            f"{rep.examples} examples, {rep.answers} with answers "
            f"({rep.ran} reference programs run), {rep.named} name an API"
        ),
    )


if __name__ == "__main__":
    sys.exit(main())
