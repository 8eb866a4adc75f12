"""``sciagent plugins check --deep``: run what a plugin ships, and resolve every API it names.

The quick check (:func:`sciagent.devtools.health.check`) reads a plugin's
manifest and its index.  The deep check also executes: every recipe's code
snippet must run and print something, every example's reference program must
print its answer (the last printed line, within the example's relative
tolerance, or exactly as text), and every dotted path a recipe, a keyword or an
example names must resolve by import + attribute lookup in the installed
library.  All of it runs in the sandbox (a warm pool preloaded with the
plugin's own ``preload``), so a third-party plugin is checked exactly as ours
are, and nothing of its libraries is imported into the calling process.

The content rules (unique titles and requests, short snippets, synonym phrases
that can match, examples with answers that carry a reference program) are
checked without running anything.
"""

from __future__ import annotations

import ast
import json
import math
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import SciagentError
from ..plugin import Example, Plugin

if TYPE_CHECKING:
    from ..sandbox import RunResult, SandboxPool

#: wall seconds a recipe snippet may take
RECIPE_TIMEOUT_S = 60.0
#: wall seconds an example's reference program may take
EXAMPLE_TIMEOUT_S = 120.0
#: wall seconds resolving every named API may take (it imports the libraries)
RESOLVE_TIMEOUT_S = 180.0
#: a recipe snippet is an idiom, not a program
MAX_CODE_LINES = 8
#: a plugin with examples should give this many answers (fewer: a warning)
MIN_ANSWERS = 10
#: at most this share of requests may name one of their APIs (more: a warning)
MAX_NAMED_SHARE = 1 / 3
#: programs run at most this many at a time (keep shared machines usable)
WORKERS = 2

#: run in the sandbox with ``apis.json`` (a list of dotted paths); ``result`` maps
#: each path to None (it resolves) or why not.  Strict: a module prefix is
#: imported, the rest looked up in class dicts (never through ``__getattr__``),
#: and a path that is both a module and the object its package re-exports under
#: that name is ambiguous.
_RESOLVE = r"""
import importlib, json

def _resolve(path):
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        if cut == len(parts) > 1:
            shadow = getattr(importlib.import_module(".".join(parts[: cut - 1])), parts[cut - 1])
            if shadow is not obj:
                raise ImportError(
                    f"{'.'.join(parts[:cut])} is both a module and a re-exported "
                    f"{type(shadow).__name__}; spell the full path to the one you mean"
                )
        for name in parts[cut:]:
            if isinstance(obj, type):
                for klass in obj.__mro__:
                    if name in vars(klass):
                        obj = vars(klass)[name]
                        break
                else:
                    raise AttributeError(f"{obj.__name__} has no attribute {name!r}")
            else:
                obj = getattr(obj, name)
        return obj
    raise ImportError("no importable module prefix")

result = {}
for _path in json.load(open("apis.json")):
    try:
        _resolve(_path)
    except Exception as exc:
        result[_path] = (type(exc).__name__ + ": " + str(exc))[:300]
    else:
        result[_path] = None
"""


class HealthReport(Protocol):
    """Where findings go: :class:`sciagent.devtools.health.HealthReport` (which calls
    :func:`deep_check`, so this module does not import it)."""

    def add(self, topic: str, status: Any, message: str, fix: str = "") -> None: ...


def deep_check(plugin: Plugin, report: HealthReport, *, unsafe: bool = False) -> None:
    """Add the deep findings for ``plugin`` to ``report`` (see the module docstring)."""
    _check_recipe_content(plugin, report)
    _check_synonyms(plugin, report)
    _check_example_content(plugin, report)
    from ..sandbox import SandboxPool

    try:
        pool = SandboxPool(WORKERS, preload=plugin.preload, unsafe=unsafe).start()
    except SciagentError as exc:
        report.add(
            "deep",
            "error",
            f"recipes and examples not run: the sandbox does not start ({exc.message})",
            exc.fix or "run `sciagent sandbox doctor`",
        )
        return
    with pool:
        _check_resolve(plugin, report, pool)
        _check_recipe_runs(plugin, report, pool)
        _check_example_runs(plugin, report, pool)


# --------------------------------------------------------------- content rules


def _check_recipe_content(plugin: Plugin, report: HealthReport) -> None:
    seen: set[str] = set()
    bad = 0
    for r in plugin.recipes:
        if r.title in seen:
            bad += 1
            report.add("recipe", "error", f"duplicate recipe title {r.title!r}", "rename one")
        seen.add(r.title)
        if not r.description.strip():
            bad += 1
            report.add(
                "recipe",
                "error",
                f"recipe {r.title!r}: empty description",
                "describe what it is for in the words people search with",
            )
        if len(r.code.strip().splitlines()) > MAX_CODE_LINES:
            bad += 1
            report.add(
                "recipe",
                "error",
                f"recipe {r.title!r}: code longer than {MAX_CODE_LINES} lines",
                "keep a recipe to the idiom; put longer programs in an Example's solution",
            )
    if plugin.recipes and not bad:
        report.add("recipe", "ok", f"recipes: {len(plugin.recipes)} titled, described and short")


def _check_synonyms(plugin: Plugin, report: HealthReport) -> None:
    bad = 0
    for phrase, words in plugin.synonyms.items():
        # the same word-boundary rule sciagent uses when it expands a request
        bounded = re.compile(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])")
        problem = ""
        if phrase != phrase.lower() or phrase != phrase.strip():
            problem = f"synonym phrase {phrase!r} is not a trimmed lowercase phrase"
        elif not bounded.search(f"please find {phrase} for me"):
            problem = f"synonym phrase {phrase!r} can never match a request"
        elif not words or not all(w.strip() for w in words):
            problem = f"synonym {phrase!r} has an empty expansion"
        if problem:
            bad += 1
            report.add(
                "synonym",
                "error",
                problem,
                "write Plugin(synonyms={'lowercase phrase': ('word', ...)})",
            )
    if plugin.synonyms and not bad:
        report.add("synonym", "ok", f"synonyms: {len(plugin.synonyms)} phrases can match")


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


def _check_example_content(plugin: Plugin, report: HealthReport) -> None:
    examples = plugin.examples
    if not examples:
        return
    seen: set[str] = set()
    answers = named = bad = 0
    for ex in examples:
        short = ex.request[:60]
        if ex.request in seen:
            bad += 1
            report.add("example", "error", f"duplicate request {short!r}", "remove one")
        seen.add(ex.request)
        if not ex.apis:
            bad += 1
            report.add(
                "example",
                "error",
                f"example {short!r}: no apis",
                "list the acceptable public paths in Example(apis=...)",
            )
        named += names_api(ex)
        if ex.answer is not None:
            answers += 1
            if not ex.solution:
                bad += 1
                report.add(
                    "example",
                    "error",
                    f"example {short!r}: has an answer but no reference program",
                    "add Example(solution=...), a short program printing the answer last",
                )
        if not 0 <= ex.tolerance < 1:
            bad += 1
            report.add(
                "example",
                "error",
                f"example {short!r}: tolerance {ex.tolerance} is not a relative tolerance",
                "use a relative tolerance in [0, 1), e.g. 1e-3",
            )
    if answers < MIN_ANSWERS:
        report.add(
            "example",
            "warning",
            f"only {answers} examples with an answer (want {MIN_ANSWERS}+)",
            "give more examples an answer and a reference program (the benchmark scores them)",
        )
    if named / len(examples) > MAX_NAMED_SHARE:
        report.add(
            "example",
            "warning",
            f"{named}/{len(examples)} requests name an API (at most a third should)",
            "phrase requests as a scientist would, without the function's name",
        )
    if not bad:
        report.add(
            "example",
            "ok",
            f"examples: {len(examples)} unique, {answers} with answers, {named} name an API",
        )


# ------------------------------------------------------------ run in the sandbox


def _check_resolve(plugin: Plugin, report: HealthReport, pool: SandboxPool) -> None:
    """Every path a recipe, a keyword or an example names imports and resolves."""
    where: dict[str, list[str]] = {}
    for r in plugin.recipes:
        for api in r.apis:
            where.setdefault(api, []).append(f"recipe {r.title!r}")
    for path in plugin.keywords:
        where.setdefault(path, []).append("keywords")
    for ex in plugin.examples:
        for api in ex.apis:
            where.setdefault(api, []).append(f"example {ex.request[:60]!r}")
    if not where:
        return
    run = pool.run(
        _RESOLVE, timeout=RESOLVE_TIMEOUT_S, files={"apis.json": json.dumps(sorted(where))}
    )
    found = run.value if run.ok and isinstance(run.value, dict) else None
    if found is None:
        report.add(
            "resolve",
            "error",
            f"the APIs could not be resolved in the sandbox: {_why(run)}",
            "run `sciagent plugins check` (without --deep) for import problems",
        )
        return
    failed = {p: e for p, e in found.items() if e}
    for path, error in sorted(failed.items()):
        report.add(
            "resolve",
            "error",
            f"{where[path][0]}: API {path} does not resolve ({error})",
            "spell the public dotted path to an object that exists in the installed library",
        )
    if not failed:
        report.add("resolve", "ok", f"APIs: {len(found)}/{len(found)} named paths resolve")


def _parallel(items: list[Any], job: Callable[[Any], str | None]) -> list[tuple[Any, str | None]]:
    with ThreadPoolExecutor(max_workers=WORKERS) as ex:
        return list(ex.map(lambda item: (item, job(item)), items))


def _check_recipe_runs(plugin: Plugin, report: HealthReport, pool: SandboxPool) -> None:
    with_code = [r for r in plugin.recipes if r.code.strip()]
    if not with_code:
        return

    def job(recipe: Any) -> str | None:
        run = pool.run(recipe.code, timeout=RECIPE_TIMEOUT_S)
        if not run.ok:
            return _why(run)
        return None if run.stdout.strip() else "printed nothing"

    failed = [(r, err) for r, err in _parallel(with_code, job) if err]
    for r, err in failed:
        report.add(
            "recipe",
            "error",
            f"recipe {r.title!r}: snippet failed: {err}",
            "make Recipe(code=...) run offline on its own and print its result",
        )
    skipped = len(plugin.recipes) - len(with_code)
    if not failed:
        report.add(
            "recipe",
            "ok",
            f"recipes: {len(with_code)} snippets run"
            + (f" ({skipped} without code)" if skipped else ""),
        )


def compare(expected: str | float, printed: str, tolerance: float) -> str | None:
    """None when ``printed`` (the program's last line) is the answer, else why not."""
    try:
        got: object = ast.literal_eval(printed)
    except (ValueError, SyntaxError):
        got = printed
    if isinstance(expected, str):
        return None if str(got).strip() == expected.strip() else f"printed {printed!r}"
    if isinstance(got, bool) or not isinstance(got, int | float):
        return f"printed {printed!r}, not a number"
    if math.isclose(float(got), float(expected), rel_tol=tolerance, abs_tol=1e-12):
        return None
    return f"printed {got!r}, outside rel. tolerance {tolerance:g}"


def _check_example_runs(plugin: Plugin, report: HealthReport, pool: SandboxPool) -> None:
    todo = [ex for ex in plugin.examples if ex.answer is not None and ex.solution]
    if not todo:
        return

    def job(ex: Example) -> str | None:
        run = pool.run(ex.solution, timeout=EXAMPLE_TIMEOUT_S)
        if not run.ok:
            return _why(run)
        lines = [ln.strip() for ln in run.stdout.splitlines() if ln.strip()]
        if not lines:
            return "printed nothing"
        assert ex.answer is not None
        return compare(ex.answer, lines[-1], ex.tolerance)

    failed = [(ex, err) for ex, err in _parallel(todo, job) if err]
    for ex, err in failed:
        report.add(
            "example",
            "error",
            f"example {ex.request[:60]!r}: reference program: {err}",
            "fix Example(solution=...) or its answer/tolerance",
        )
    if not failed:
        report.add("example", "ok", f"examples: {len(todo)} reference programs print the answer")


def _why(run: RunResult) -> str:
    if run.error is not None:
        tail = run.error.message.strip().splitlines()[-1:] or [""]
        return f"{run.error.type}: {tail[0]}"[:300]
    return (run.stderr.strip().splitlines()[-1:] or ["no result"])[0][:300]
