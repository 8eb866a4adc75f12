#!/usr/bin/env python
"""Validate the labelled retrieval evaluation sets.

Checks, for ``retrieval_dev.jsonl``, ``retrieval_heldout.jsonl``,
``retrieval_blind.jsonl`` and ``retrieval_blind2.jsonl`` next to this script:

* every line is a JSON object with exactly the expected keys and types;
* ids are unique across all files and prefixed by the domain
  (``chem-``, ``bio-``, ``astro-``);
* per-domain counts (dev: at least 50 per domain; held-out and blind:
  exactly 20; blind2: exactly 30);
* no request text is duplicated across or within the files;
* at least half of all requests have ``names_api`` false;
* every gold name resolves in the installed library: the longest importable
  module prefix is imported, then the remaining parts are looked up with
  ``getattr`` (shorter prefixes are tried when a submodule is shadowed by the
  class of the same name, e.g. ``Bio.PDB.PDBParser``).  Gold names must be
  functions, methods or classes (not modules or constants), and must belong
  to the request's library (rdkit / Bio / astropy);
* ``names_api`` agrees with the mechanical rule in ``matched_identifiers``
  (true iff the request contains an identifier of a gold name; see the
  "names_api rule" comment below).

Prints a summary and exits non-zero on any problem.

Usage::

    .venv/bin/python benchmarks/data/check_gold.py [--verbose]
"""

from __future__ import annotations

import argparse
import collections
import importlib
import inspect
import json
import re
import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = {
    "dev": HERE / "retrieval_dev.jsonl",
    "heldout": HERE / "retrieval_heldout.jsonl",
    "blind": HERE / "retrieval_blind.jsonl",
    "blind2": HERE / "retrieval_blind2.jsonl",
}
DOMAINS = {
    "chemistry": ("chem-", "rdkit."),
    "biology": ("bio-", "Bio."),
    "astronomy": ("astro-", "astropy."),
}
KEYS = {"id", "domain", "request", "gold", "names_api"}
# (min, max) per domain and file
COUNTS = {"dev": (50, None), "heldout": (20, 20), "blind": (20, 20), "blind2": (30, 30)}


def _import(name: str):
    """Import a module; None if it is not importable as a module."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return importlib.import_module(name)
    except ImportError:
        return None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # e.g. pytest.importorskip's Skipped, odd side effects
        return None


def _walk(obj, attrs):
    for attr in attrs:
        obj = getattr(obj, attr)
    return obj


def resolve_parts(dotted: str):
    """Resolve a dotted name; return ``(object, module_name, attr_parts)``.

    Rule: import the longest importable module prefix, then ``getattr`` the
    rest.  If that fails, or yields a module where the parent package
    attribute of the same name is a class/function (a submodule shadowed by
    the class it defines, e.g. ``Bio.PDB.PDBParser``), shorter importable
    prefixes are tried in turn, so ``Bio.PDB.PDBParser`` is the class users
    get from ``from Bio.PDB import PDBParser``.

    Raises LookupError with the reason from the longest prefix otherwise.
    """
    parts = dotted.split(".")
    first_error = None
    for i in range(len(parts), 0, -1):
        modname = ".".join(parts[:i])
        module = _import(modname)
        if module is None:
            continue
        try:
            obj = _walk(module, parts[i:])
        except AttributeError:
            if first_error is None:
                missing = next(
                    a
                    for k, a in enumerate(parts[i:], i)
                    if not hasattr(_walk(module, parts[i:k]), a)
                )
                first_error = (
                    f"{'.'.join(parts[: parts.index(missing, i)])!r} has no attribute {missing!r}"
                )
            continue
        if is_api_object(obj):
            return obj, modname, parts[i:]
        if first_error is None:
            first_error = f"resolves to non-API object {type(obj).__name__}"
    raise LookupError(first_error or f"no importable prefix of {dotted!r}")


def resolve(dotted: str):
    """Resolve a dotted name to its object (see ``resolve_parts``)."""
    return resolve_parts(dotted)[0]


# ---------------------------------------------------------------------------
# names_api rule
#
# A request "names the API" when it contains an identifier of a gold name:
# any non-module component (class, function, method) of any gold path.  It
# counts when (a) the whole identifier (unless it is an English function word
# such as ``to``) appears, ignoring case, spaces and underscores
# (``MolFromSmiles``, ``mol_from_smiles``, ``tm nn``), or (b) a word piece of
# it of 4+ letters that is not a generic verb/filler/domain-wide noun appears
# as the start of a request word (``Tanimoto`` for ``TanimotoSimilarity``,
# ``SMILES`` for ``MolFromSmiles``, ``parsing`` for ``parse``).  Module names
# (``SeqIO``, ``fits``, ``Descriptors``) do not count.
# ---------------------------------------------------------------------------
# word pieces that carry no information about which API is meant: generic
# verbs and fillers, and the objects every request in a domain talks about
GENERIC_PIECES = {
    "calc",
    "from",
    "with",
    "into",
    "make",
    "find",
    "compute",
    "generate",
    "get",
    "set",
    "num",
    "mol",
    "as",
    "to",
    "is",
    "has",
    "by",
    "for",
    "and",
    "the",
    "of",
    "all",
    "molecule",
    "molecules",
    "atom",
    "atoms",
    "bond",
    "bonds",
    "file",
    "files",
    "sequence",
    "protein",
    "structure",
    "image",
    "data",
    "list",
    "string",
    "name",
    "value",
    "values",
    "count",
    "number",
}
# whole identifiers that are also English function words ("Quantity.to")
STOPWORD_IDENTIFIERS = {
    "to",
    "in",
    "at",
    "of",
    "on",
    "by",
    "as",
    "is",
    "or",
    "and",
    "for",
    "from",
    "the",
    "a",
    "an",
    "with",
    "into",
}
_PIECE_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def api_identifiers(gold):
    """Non-module components of the gold names (classes, functions, methods)."""
    idents = []
    for g in gold:
        try:
            _, _, attrs = resolve_parts(g)
        except LookupError:
            attrs = g.split(".")[-1:]
        for a in attrs:
            if a not in idents:
                idents.append(a)
    return idents


def matched_identifiers(request: str, gold) -> list[str]:
    """Identifier (pieces) of the gold names found in the request."""
    low = request.lower()
    squashed = re.sub(r"[^a-z0-9]", "", low)
    words = re.findall(r"[a-z0-9]+", low)
    hits = []
    for ident in api_identifiers(gold):
        full = re.sub(r"[^a-z0-9]", "", ident.lower())
        if not full or full in STOPWORD_IDENTIFIERS:
            continue
        phrase = " ".join(x.lower() for x in _PIECE_RE.findall(ident))
        if (
            (len(full) >= 6 and full in squashed)
            or full in words
            or (phrase and f" {phrase} " in f" {' '.join(words)} ")
        ):
            hits.append(ident)
            continue
        for piece in _PIECE_RE.findall(ident):
            p = piece.lower()
            if len(p) < 4 or p in GENERIC_PIECES:
                continue
            stems = {p}
            if len(p) >= 5 and p.endswith("e"):
                stems.add(p[:-1])  # parse -> parsing, translate -> translating
            if any(w.startswith(s) for w in words for s in stems):
                hits.append(f"{ident}~{piece}")
                break
    return hits


def is_api_object(obj) -> bool:
    """True for functions, methods, classes, properties and other callables."""
    if inspect.ismodule(obj):
        return False
    if isinstance(obj, (property,)):
        return True
    if inspect.isclass(obj) or callable(obj):
        return True
    # descriptors such as astropy lazyproperty / Boost.Python properties
    return hasattr(obj, "__get__") and not isinstance(
        obj, (int, float, str, bytes, tuple, list, dict)
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()

    problems: list[str] = []
    seen_ids: dict[str, str] = {}
    seen_requests: dict[str, str] = {}
    counts = {f: collections.Counter() for f in FILES}
    names_api = collections.Counter()
    golds_checked: dict[str, str | None] = {}
    n_gold = collections.Counter()
    total = 0

    for fname, path in FILES.items():
        if not path.exists():
            problems.append(f"{path.name}: file missing")
            continue
        for lineno, line in enumerate(path.read_text().splitlines(), 1):
            where = f"{path.name}:{lineno}"
            if not line.strip():
                problems.append(f"{where}: blank line")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: invalid JSON ({exc})")
                continue
            if not isinstance(rec, dict):
                problems.append(f"{where}: not a JSON object")
                continue
            if set(rec) != KEYS:
                problems.append(f"{where}: keys {sorted(rec)} != {sorted(KEYS)}")
                continue
            rid, dom, req, gold, napi = (
                rec["id"],
                rec["domain"],
                rec["request"],
                rec["gold"],
                rec["names_api"],
            )
            total += 1
            if not isinstance(rid, str) or not rid:
                problems.append(f"{where}: bad id {rid!r}")
                continue
            where = f"{where} [{rid}]"
            if rid in seen_ids:
                problems.append(f"{where}: duplicate id (also in {seen_ids[rid]})")
            seen_ids[rid] = path.name
            if dom not in DOMAINS:
                problems.append(f"{where}: unknown domain {dom!r}")
                continue
            prefix, lib = DOMAINS[dom]
            if not rid.startswith(prefix):
                problems.append(f"{where}: id should start with {prefix!r}")
            counts[fname][dom] += 1
            if not isinstance(req, str) or len(req.strip()) < 5:
                problems.append(f"{where}: request missing/too short")
            else:
                key = " ".join(req.lower().split())
                if key in seen_requests:
                    problems.append(f"{where}: duplicate request (also {seen_requests[key]})")
                seen_requests[key] = rid
            if not isinstance(napi, bool):
                problems.append(f"{where}: names_api must be a bool")
            else:
                names_api[napi] += 1
                if isinstance(req, str) and isinstance(gold, list):
                    hits = matched_identifiers(req, [g for g in gold if isinstance(g, str)])
                    if napi != bool(hits):
                        problems.append(
                            f"{where}: names_api={napi} but identifier matches are {hits or 'none'}"
                        )
            if (
                not isinstance(gold, list)
                or not gold
                or not all(isinstance(g, str) and g for g in gold)
            ):
                problems.append(f"{where}: gold must be a non-empty list of str")
                continue
            if len(set(gold)) != len(gold):
                problems.append(f"{where}: duplicate gold entries")
            n_gold[len(gold)] += 1
            for g in gold:
                if not g.startswith(lib):
                    problems.append(f"{where}: gold {g!r} not in {lib!r} for {dom}")
                    continue
                if g not in golds_checked:
                    try:
                        obj = resolve(g)
                        golds_checked[g] = (
                            None
                            if is_api_object(obj)
                            else f"resolves to non-API object {type(obj).__name__}"
                        )
                    except LookupError as exc:
                        golds_checked[g] = str(exc)
                err = golds_checked[g]
                if err:
                    problems.append(f"{where}: gold {g!r}: {err}")

    for fname, (lo, hi) in COUNTS.items():
        for dom in DOMAINS:
            c = counts[fname][dom]
            if c < lo or (hi is not None and c > hi):
                want = f"{lo}" if hi == lo else f">={lo}" if hi is None else f"{lo}-{hi}"
                problems.append(f"{FILES[fname].name}: {dom} has {c}, want {want}")

    share_false = names_api[False] / max(1, names_api[False] + names_api[True])
    if share_false < 0.5:
        problems.append(f"names_api false share {share_false:.1%} < 50%")

    print("Retrieval gold check")
    print("=" * 40)
    for fname in FILES:
        c = counts[fname]
        print(
            f"{FILES[fname].name:28s} "
            + "  ".join(f"{d}={c[d]}" for d in DOMAINS)
            + f"  total={sum(c.values())}"
        )
    print(
        f"requests: {total}; names_api false: {names_api[False]} "
        f"({share_false:.1%}), true: {names_api[True]}"
    )
    print(
        f"distinct gold names: {len(golds_checked)} "
        f"(unresolved: {sum(1 for v in golds_checked.values() if v)})"
    )
    print("gold list sizes: " + ", ".join(f"{k}:{v}" for k, v in sorted(n_gold.items())))
    if args.verbose:
        for g in sorted(golds_checked):
            print(("  OK   " if not golds_checked[g] else "  FAIL ") + g)
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
