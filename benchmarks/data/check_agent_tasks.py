#!/usr/bin/env python
"""Validate an agent benchmark task set (default ``agent_tasks.jsonl``).

Checks, for ``agent_tasks.jsonl`` next to this script (or the file given with
``--tasks``, e.g. the blind set ``agent_tasks_blind.jsonl``):

* every line is a JSON object with the required keys ``id``, ``domain``,
  ``request``, ``answer``, ``check``, ``reference`` (and optionally
  ``difficulty`` in {easy, medium, hard}), with the right types;
* ids are unique, prefixed by the domain (``chem-``, ``bio-``, ``astro-``)
  and followed by one letter shared by the whole file and two digits
  (``chem-t01`` in agent_tasks.jsonl, ``chem-b01`` in the blind set);
* the same number of tasks in every domain (chemistry, biology, astronomy):
  the count the file's name calls for in :data:`PER_DOMAIN` (16 for
  agent_tasks.jsonl, 20 for agent_tasks_blind.jsonl), else the count read
  from the file; ``--per-domain N`` overrides it;
* ``check`` is a valid rule (see :func:`matches`) and ``answer`` has a type
  that fits it; no request text is duplicated;
* every ``reference`` is at most 15 lines, runs with the venv python in a
  subprocess (timeout 60 s; astronomy references get a preamble that turns
  off IERS auto-download so nothing touches the network), and the last line
  it prints, parsed with :func:`parse_output`, matches ``answer`` under the
  task's ``check`` rule;
* at least half of the requests name no API: a request "names an API" when it
  contains a library name (RDKit, Biopython, Astropy) or, as a whole word, a
  code-like identifier (one with an underscore or a lower->upper case hump,
  e.g. ``MolWt``, ``gc_fraction``, ``SkyCoord``) imported or used as an
  attribute in the task's reference program.

Prints a summary and exits non-zero on any problem.

The benchmark imports :func:`matches` (and :func:`parse_output`) from here;
both are pure functions without side effects.

Usage::

    .venv/bin/python benchmarks/data/check_agent_tasks.py [--verbose] [--only ID ...]
    .venv/bin/python benchmarks/data/check_agent_tasks.py --tasks benchmarks/data/agent_tasks_blind.jsonl
"""

from __future__ import annotations

import argparse
import ast
import collections
import concurrent.futures
import json
import math
import numbers
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TASKS = HERE / "agent_tasks.jsonl"
REPO = HERE.parent.parent
VENV_PY = REPO / ".venv" / "bin" / "python"

DOMAINS = {"chemistry": "chem-", "biology": "bio-", "astronomy": "astro-"}
# tasks per domain by task file name; another file needs equal counts per domain
PER_DOMAIN = {"agent_tasks.jsonl": 16, "agent_tasks_blind.jsonl": 20}
REQUIRED = {"id", "domain", "request", "answer", "check", "reference"}
OPTIONAL = {"difficulty"}
DIFFICULTIES = {"easy", "medium", "hard"}
KINDS = {"number", "int", "string", "set", "list"}
MAX_REF_LINES = 15
TIMEOUT = 60
ASTRO_PREAMBLE = "from astropy.utils import iers; iers.conf.auto_download = False\n"
LIBRARY_NAMES = re.compile(r"\b(rdkit|biopython|astropy)\b", re.IGNORECASE)


# --------------------------------------------------------------------------
# Answer checking (imported by the benchmark)
# --------------------------------------------------------------------------


def _number(x):
    """``x`` as a float if it is a real number or a numeric string, else None.

    Booleans are not numbers here.
    """
    if isinstance(x, bool):
        return None
    if isinstance(x, numbers.Real):
        return float(x)
    if isinstance(x, str):
        try:
            return float(x.strip())
        except ValueError:
            return None
    return None


_LEADING_NUMBER = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*")


def _number_with_unit(text: str, unit: str) -> float | None:
    """The number of ``"<number> <unit>"`` if its unit is ``unit`` (spaces ignored)."""
    m = _LEADING_NUMBER.fullmatch(text)
    if not m or m.group(2).replace(" ", "") != unit.replace(" ", ""):
        return None
    return float(m.group(1))


def _close(a: float, b: float, rel_tol: float, abs_tol: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return False
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)


def _norm_str(s: str, case_insensitive: bool) -> str:
    s = s.strip()
    return s.casefold() if case_insensitive else s


def _scalar_key(x, case_insensitive: bool):
    """Hashable normal form of a set element (strings stripped, numbers float)."""
    if isinstance(x, str):
        return ("s", _norm_str(x, case_insensitive))
    n = _number(x)
    if n is not None:
        return ("n", n)
    return ("o", repr(x))


def _element_matches(expected, got, rel_tol, abs_tol, case_insensitive) -> bool:
    if isinstance(expected, (list, tuple)):
        if not isinstance(got, (list, tuple)) or len(got) != len(expected):
            return False
        return all(
            _element_matches(e, g, rel_tol, abs_tol, case_insensitive)
            for e, g in zip(expected, got, strict=True)
        )
    if isinstance(expected, str):
        return isinstance(got, str) and (
            _norm_str(got, case_insensitive) == _norm_str(expected, case_insensitive)
        )
    e, g = _number(expected), _number(got)
    if e is not None:
        return g is not None and _close(g, e, rel_tol, abs_tol)
    return expected == got


def matches(check: dict, answer, got) -> bool:
    """Return True if ``got`` is an acceptable result for ``answer`` under ``check``.

    ``check["kind"]`` selects the rule:

    * ``"number"``: ``got`` is a real number (or numeric string) and
      ``math.isclose(got, answer, rel_tol=check.get("rel_tol", 0),
      abs_tol=check.get("abs_tol", 0))``.  When the check names a ``unit``
      (a request asking for the value "with its unit"), ``got`` may also be
      a string ``"<number> <unit>"`` whose unit equals it, spaces ignored
      (``"1234.5 Mpc"``, ``"12.3 km / s"`` for ``"km/s"``).
    * ``"int"``: ``got`` is an integer, an integral float, or a string of
      one, equal to ``answer``.
    * ``"string"``: ``str(got).strip() == answer.strip()``; compared after
      ``casefold()`` when ``check.get("case_insensitive")`` is true.
    * ``"set"``: ``got`` is a list/tuple/set whose elements, as a set, equal
      those of ``answer`` (strings stripped, and case-folded if
      ``case_insensitive``; numbers compared by value, so 2 == 2.0).
    * ``"list"``: ``got`` is a list/tuple of the same length as ``answer``;
      element-wise, numbers are compared with ``rel_tol``/``abs_tol`` (both
      default 0, i.e. exact), strings as in ``"string"``, nested lists
      recursively.

    For ``"set"`` and ``"list"``, a string ``got`` is read as a
    comma-separated list (``"E, Z"``; ``"3,5"``: numeric items as numbers).

    Booleans never count as numbers. Unknown kinds return False. The function
    is pure: it neither mutates its arguments nor has side effects.
    """
    kind = check.get("kind")
    rel_tol = float(check.get("rel_tol", 0.0))
    abs_tol = float(check.get("abs_tol", 0.0))
    ci = bool(check.get("case_insensitive", False))
    if kind in ("set", "list") and isinstance(got, str):
        items = [x.strip() for x in got.split(",")]
        got = [x if _number(x) is None else _number(x) for x in items]
    if kind == "number":
        e, g = _number(answer), _number(got)
        if g is None and isinstance(got, str) and isinstance(check.get("unit"), str):
            g = _number_with_unit(got, check["unit"])
        return e is not None and g is not None and _close(g, e, rel_tol, abs_tol)
    if kind == "int":
        e, g = _number(answer), _number(got)
        if e is None or g is None or not math.isfinite(g) or not g.is_integer():
            return False
        return int(g) == int(e)
    if kind == "string":
        if got is None or not isinstance(answer, str):
            return False
        return _norm_str(str(got), ci) == _norm_str(answer, ci)
    if kind == "set":
        if not isinstance(got, (list, tuple, set, frozenset)):
            return False
        return {_scalar_key(x, ci) for x in got} == {_scalar_key(x, ci) for x in answer}
    if kind == "list":
        if not isinstance(got, (list, tuple)):
            return False
        return _element_matches(list(answer), got, rel_tol, abs_tol, ci)
    return False


def parse_output(line: str, kind: str | None = None):
    """Parse a printed result line: JSON, else a Python literal, else the text.

    For ``kind == "string"`` the stripped text is returned unparsed, so that
    e.g. a date ``2023-02-25`` or a sequence is never reinterpreted.
    """
    text = line.strip()
    if kind == "string":
        return text
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return text


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------


def _code_identifiers(reference: str) -> set[str]:
    """Code-like identifiers imported or used as attributes in a reference."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(reference)):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.update(node.module.split("."))
            for a in node.names:
                names.update(a.name.split("."))
    return {n for n in names if "_" in n.strip("_") or re.search(r"[a-z][A-Z]", n)}


def names_api(task: dict) -> list[str]:
    """Identifiers of the task's APIs (or library names) found in its request."""
    req = task["request"]
    hits = [m.group(0) for m in LIBRARY_NAMES.finditer(req)]
    try:
        idents = _code_identifiers(task["reference"])
    except SyntaxError:
        idents = set()
    hits += sorted(i for i in idents if re.search(rf"(?<![\w.]){re.escape(i)}(?!\w)", req))
    return hits


def _answer_fits(check: dict, answer) -> bool:
    kind = check["kind"]
    if kind == "number":
        return _number(answer) is not None and not isinstance(answer, str)
    if kind == "int":
        return isinstance(answer, int) and not isinstance(answer, bool)
    if kind == "string":
        return isinstance(answer, str) and answer.strip() != ""
    if kind in ("set", "list"):
        return isinstance(answer, list) and len(answer) > 0
    return False


def expected_per_domain(tasks: list[dict], name: str) -> int:
    """Tasks each domain should hold: by file name, else the largest domain count."""
    if name in PER_DOMAIN:
        return PER_DOMAIN[name]
    counts = collections.Counter(t.get("domain") for t in tasks)
    return max((counts[d] for d in DOMAINS), default=0)


def validate_schema(tasks: list[dict], per_domain: int) -> list[str]:
    problems: list[str] = []
    letters = collections.Counter(
        m.group(1)
        for t in tasks
        if (m := re.fullmatch(r"[a-z]+-([a-z])\d{2}", str(t.get("id", ""))))
    )
    letter = letters.most_common(1)[0][0] if letters else "t"
    ids = collections.Counter(t.get("id") for t in tasks)
    for i, n in ids.items():
        if n > 1:
            problems.append(f"duplicate id {i!r} ({n}x)")
    reqs = collections.Counter(t.get("request") for t in tasks)
    for r, n in reqs.items():
        if n > 1:
            problems.append(f"duplicate request ({n}x): {str(r)[:60]!r}")
    for t in tasks:
        tid = t.get("id", "?")
        keys = set(t)
        if REQUIRED - keys:
            problems.append(f"{tid}: missing keys {sorted(REQUIRED - keys)}")
            continue
        if keys - REQUIRED - OPTIONAL:
            problems.append(f"{tid}: unexpected keys {sorted(keys - REQUIRED - OPTIONAL)}")
        for k in ("id", "domain", "request", "reference"):
            if not isinstance(t[k], str) or not t[k].strip():
                problems.append(f"{tid}: {k} must be a non-empty string")
        if t["domain"] not in DOMAINS:
            problems.append(f"{tid}: unknown domain {t['domain']!r}")
        elif not re.fullmatch(re.escape(DOMAINS[t["domain"]] + letter) + r"\d{2}", str(t["id"])):
            problems.append(f"{tid}: id should look like {DOMAINS[t['domain']]}{letter}NN")
        if "difficulty" in t and t["difficulty"] not in DIFFICULTIES:
            problems.append(f"{tid}: difficulty must be one of {sorted(DIFFICULTIES)}")
        chk = t["check"]
        if not isinstance(chk, dict) or chk.get("kind") not in KINDS:
            problems.append(f"{tid}: check.kind must be one of {sorted(KINDS)}")
            continue
        allowed = {"kind", "rel_tol", "abs_tol", "case_insensitive", "unit"}
        if set(chk) - allowed:
            problems.append(f"{tid}: unexpected check keys {sorted(set(chk) - allowed)}")
        for k in ("rel_tol", "abs_tol"):
            v = chk.get(k, 0.0)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
                problems.append(f"{tid}: check.{k} must be a number >= 0")
        if chk["kind"] == "number" and not (chk.get("rel_tol", 0) or chk.get("abs_tol", 0)):
            problems.append(f"{tid}: number check needs rel_tol or abs_tol > 0")
        if "unit" in chk and (chk["kind"] != "number" or not isinstance(chk["unit"], str)):
            problems.append(f"{tid}: check.unit must be a string, for a number check")
        if "case_insensitive" in chk and not isinstance(chk["case_insensitive"], bool):
            problems.append(f"{tid}: check.case_insensitive must be a boolean")
        if not _answer_fits(chk, t["answer"]):
            problems.append(f"{tid}: answer {t['answer']!r} does not fit check kind {chk['kind']}")
        elif not matches(chk, t["answer"], t["answer"]):
            problems.append(f"{tid}: answer does not match itself under its check")
        n_lines = len([ln for ln in t["reference"].splitlines() if ln.strip()])
        if n_lines > MAX_REF_LINES:
            problems.append(f"{tid}: reference has {n_lines} lines (> {MAX_REF_LINES})")
        try:
            ast.parse(t["reference"])
        except SyntaxError as exc:
            problems.append(f"{tid}: reference does not parse: {exc}")
    counts = collections.Counter(t.get("domain") for t in tasks)
    for d in DOMAINS:
        if counts[d] != per_domain:
            problems.append(f"domain {d}: {counts[d]} tasks, expected {per_domain}")
    return problems


def run_reference(task: dict, python: str) -> tuple[str | None, str]:
    """Run a reference; return (last stdout line or None, error text)."""
    code = task["reference"]
    if task["domain"] == "astronomy":
        code = ASTRO_PREAMBLE + code
    try:
        proc = subprocess.run(
            [python, "-c", code], capture_output=True, text=True, timeout=TIMEOUT, cwd=str(HERE)
        )
    except subprocess.TimeoutExpired:
        return None, f"timed out after {TIMEOUT} s"
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    if proc.returncode != 0 or not lines:
        err = proc.stderr.strip().splitlines()[-1:] or ["no output"]
        return None, f"exit {proc.returncode}: {err[0]}"
    return lines[-1], ""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--verbose", action="store_true", help="print every task result")
    ap.add_argument("--only", nargs="*", help="run references of these ids only")
    ap.add_argument("--python", default=str(VENV_PY if VENV_PY.exists() else sys.executable))
    ap.add_argument("--tasks", type=Path, default=TASKS, help="task file (JSON Lines)")
    ap.add_argument(
        "--per-domain", type=int, default=None, help="tasks per domain (default: by file name)"
    )
    ap.add_argument(
        "--jobs", type=int, default=min(8, os.cpu_count() or 2), help="references run at once"
    )
    args = ap.parse_args(argv)
    path = args.tasks

    problems: list[str] = []
    tasks: list[dict] = []
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            problems.append(f"line {n}: invalid JSON: {exc}")
            continue
        if not isinstance(obj, dict):
            problems.append(f"line {n}: not a JSON object")
            continue
        tasks.append(obj)
    per_domain = args.per_domain or expected_per_domain(tasks, path.name)
    problems += validate_schema(tasks, per_domain)

    runnable = [
        t
        for t in tasks
        if set(t) >= REQUIRED
        and isinstance(t.get("check"), dict)
        and (not args.only or t["id"] in args.only)
    ]
    t0 = time.time()
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        futs = {ex.submit(run_reference, t, args.python): t for t in runnable}
        for fut in concurrent.futures.as_completed(futs):
            results[futs[fut]["id"]] = fut.result()
    passed = 0
    for t in runnable:
        last, err = results[t["id"]]
        if last is None:
            problems.append(f"{t['id']}: reference failed: {err}")
            continue
        got = parse_output(last, t["check"].get("kind"))
        ok = matches(t["check"], t["answer"], got)
        passed += ok
        if not ok:
            problems.append(f"{t['id']}: reference printed {last!r}, expected {t['answer']!r}")
        if args.verbose:
            print(f"  {'ok  ' if ok else 'FAIL'} {t['id']:10s} {last[:70]}")
    elapsed = time.time() - t0

    api = {t["id"]: names_api(t) for t in tasks if "request" in t and "reference" in t}
    n_api_free = sum(1 for v in api.values() if not v)
    if tasks and n_api_free * 2 < len(tasks):
        problems.append(f"only {n_api_free}/{len(tasks)} requests name no API (need >= half)")

    counts = collections.Counter(t.get("domain") for t in tasks)
    diff = collections.Counter((t.get("domain"), t.get("difficulty", "-")) for t in tasks)
    kinds = collections.Counter(t.get("check", {}).get("kind") for t in tasks)
    print(f"{path.name}: {len(tasks)} tasks ({per_domain} expected per domain)")
    for d in DOMAINS:
        mix = ", ".join(f"{k} {diff[(d, k)]}" for k in ("easy", "medium", "hard"))
        print(f"  {d:10s} {counts[d]:3d}  ({mix})")
    print("  check kinds: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    print(
        f"  requests naming no API: {n_api_free}/{len(tasks)}"
        f" ({100 * n_api_free / max(1, len(tasks)):.0f}%)"
    )
    for tid, hits in api.items():
        if hits:
            print(f"    {tid} names: {', '.join(hits)}")
    print(f"  references: {passed}/{len(runnable)} reproduce their answer ({elapsed:.1f} s)")
    if problems:
        print(f"{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
