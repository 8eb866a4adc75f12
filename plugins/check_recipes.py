"""Validate the first-party plugins' recipes, glossaries and keywords: APIs resolve, snippets run.

Usage: ``python plugins/check_recipes.py [chemistry biology astronomy] [-v]``.
Exits non-zero on any failure, so it can gate CI.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sciagent import Plugin, Recipe

PLUGINS: dict[str, str] = {
    "chemistry": "sciagent_chemistry",
    "biology": "sciagent_biology",
    "astronomy": "sciagent_astronomy",
}

#: Code run before each snippet, per plugin: keep snippets offline and headless.
PREAMBLES: dict[str, str] = {
    "astronomy": (
        "from astropy.utils import iers\n"
        "iers.conf.auto_download = False\n"
        "from astropy.utils import data as _data\n"
        "_data.conf.allow_internet = False\n"
    ),
}

TIMEOUT_S = 60
MAX_CODE_LINES = 8


@dataclass
class Report:
    plugin: str
    recipes: int = 0
    synonyms: int = 0
    keywords: int = 0
    ran: int = 0
    skipped_no_code: int = 0
    failures: list[str] = field(default_factory=list)
    #: APIs a built index does not know (the recipe cannot lift them); advisory only,
    #: since an index on disk may predate the current plugin manifest.
    warnings: list[str] = field(default_factory=list)


def resolve(path: str) -> Any:
    """Import the longest importable module prefix of ``path``, then getattr the rest."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        if cut == len(parts) > 1:
            # e.g. Bio.PDB.PDBParser is a module *and* the class its package re-exports
            shadow = getattr(importlib.import_module(".".join(parts[: cut - 1])), parts[cut - 1])
            if shadow is not obj:
                raise ImportError(
                    f"{'.'.join(parts[:cut])} is both a module and a re-exported "
                    f"{type(shadow).__name__}; spell the full path to the one you mean"
                )
        for name in parts[cut:]:
            # look in the class/module dict chain, not through __getattr__ hooks
            if isinstance(obj, type):
                for klass in obj.__mro__:
                    if name in vars(klass):
                        obj = vars(klass)[name]
                        break
                else:
                    raise AttributeError(f"{path}: {obj.__name__} has no attribute {name!r}")
            else:
                obj = getattr(obj, name)
        return obj
    raise ImportError(f"{path}: no importable module prefix")


def run_program(plugin: str, code: str, timeout: float = TIMEOUT_S) -> tuple[str | None, list[str]]:
    """Run ``code`` offline in a fresh interpreter: (an error message or None, printed lines)."""
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONWARNINGS="ignore", HF_HUB_OFFLINE="1")
    try:
        proc = subprocess.run(
            [sys.executable, "-c", PREAMBLES.get(plugin, "") + code],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=os.environ.get("TMPDIR", "/tmp"),
        )
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:g}s", []
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-3:]
        return f"exit {proc.returncode}: " + " | ".join(tail), []
    lines = [ln.strip() for ln in proc.stdout.splitlines() if ln.strip()]
    return (None if lines else "printed nothing"), lines


def run_snippet(plugin: str, recipe: Recipe) -> str | None:
    """Run one recipe's code in a fresh interpreter; return an error message or None."""
    return run_program(plugin, recipe.code)[0]


def indexed_names(plugin: Plugin) -> set[str] | None:
    """Qualnames and aliases in an already-built index of the plugin's first library, if any."""
    lib = plugin.libraries[0]
    root = Path(os.environ.get("SCIAGENT_INDEX_DIR", Path(__file__).parent.parent / "docs_index"))
    records = root / f"{lib.name}-{lib.installed_version()}" / "records.jsonl"
    if not records.is_file():
        return None
    names: set[str] = set()
    with records.open() as fh:
        for line in fh:
            rec = json.loads(line)
            names.add(rec["qualname"])
            names.update(rec.get("aliases", ()))
    return names


def _check_api(rep: Report, where: str, api: str, known: set[str] | None) -> None:
    """An API a plugin names must import; one the built index lacks is a warning."""
    try:
        resolve(api)
    except Exception as exc:
        rep.failures.append(f"{where}: API {api} does not resolve ({exc})")
        return
    if known is not None and api not in known:
        rep.warnings.append(f"{where}: API {api} is not in the built index")


def check_plugin(name: str, verbose: bool) -> Report:
    plugin: Plugin = importlib.import_module(PLUGINS[name]).plugin
    rep = Report(
        name,
        recipes=len(plugin.recipes),
        synonyms=len(plugin.synonyms),
        keywords=len(plugin.keywords),
    )
    seen: set[str] = set()
    known = indexed_names(plugin)
    for r in plugin.recipes:
        if r.title in seen:
            rep.failures.append(f"duplicate title {r.title!r}")
        seen.add(r.title)
        if not r.description.strip():
            rep.failures.append(f"{r.title!r}: empty description")
        if len(r.code.strip().splitlines()) > MAX_CODE_LINES:
            rep.failures.append(f"{r.title!r}: code longer than {MAX_CODE_LINES} lines")
        for api in r.apis:
            _check_api(rep, repr(r.title), api, known)
    for phrase, words in plugin.synonyms.items():
        # the same word-boundary rule sciagent uses when it expands a request
        bounded = re.compile(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])")
        if phrase != phrase.lower() or phrase != phrase.strip():
            rep.failures.append(f"synonym phrase {phrase!r} is not a trimmed lowercase phrase")
        elif not bounded.search(f"please find {phrase} for me"):
            rep.failures.append(f"synonym phrase {phrase!r} can never match a request")
        if not words or not all(w.strip() for w in words):
            rep.failures.append(f"synonym {phrase!r} has an empty expansion")
    for path in plugin.keywords:
        _check_api(rep, "keywords", path, known)

    with_code = [r for r in plugin.recipes if r.code.strip()]
    rep.skipped_no_code = len(plugin.recipes) - len(with_code)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 4) as pool:
        results = list(pool.map(lambda r: (r, run_snippet(name, r)), with_code))
    for r, err in results:
        rep.ran += 1
        if err:
            rep.failures.append(f"{r.title!r}: snippet failed: {err}")
        elif verbose:
            print(f"  ok  {r.title}")
    return rep


class _Checked(Protocol):
    failures: list[str]
    warnings: list[str]


def cli(
    argv: list[str] | None,
    description: str,
    check_plugin: Callable[[str, bool], _Checked],
    summary: Callable[[Any], str],
) -> int:
    """Check the named plugins (all by default), print a line each and its problems."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("plugins", nargs="*", help=f"any of {', '.join(PLUGINS)} (default: all)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    unknown = set(args.plugins) - set(PLUGINS)
    if unknown:
        ap.error(f"unknown plugin(s): {', '.join(sorted(unknown))}")
    failed = False
    for name in args.plugins or list(PLUGINS):
        t0 = time.monotonic()
        rep = check_plugin(name, args.verbose)
        status = "FAIL" if rep.failures else "ok"
        print(
            f"[{status}] {name}: {summary(rep)}, {len(rep.failures)} failures, "
            f"{len(rep.warnings)} index warnings ({time.monotonic() - t0:.1f}s)"
        )
        for f in rep.failures:
            print(f"    - {f}")
        for w in rep.warnings:
            print(f"    ~ warning: {w}")
        failed |= bool(rep.failures)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    return cli(
        argv,
        __doc__ or "",
        check_plugin,
        lambda rep: (
            f"{rep.recipes} recipes, {rep.synonyms} synonyms, {rep.keywords} keywords, "
            f"{rep.ran} snippets run, "
            f"{rep.skipped_no_code} without code (network)"
        ),
    )


if __name__ == "__main__":
    sys.exit(main())
