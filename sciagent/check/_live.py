"""Ask the live libraries, inside the sandbox, what the index cannot decide.

The index skips private names, constants, unit instances and attributes that
classes serve through ``__getattr__`` (``SkyCoord.separation``), so a name
missing from the index is only *probably* missing.  One sandboxed run per
batch imports the libraries and reads attributes (it never runs the checked
code).  The checked program chooses which modules get imported, and an import
runs code, so the probe is confined like any generated program (a task in the
warm pool: no host files, no environment, no network) and imports only the
modules the index lists.  When the sandbox cannot run, nothing is asked and
unconfirmed names are not reported.  Answers are cached in memory per
(library version, question), so a repair loop that re-checks similar programs
rarely runs a probe at all.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
from collections.abc import Collection
from pathlib import Path
from typing import Any

from ..errors import SciagentError

log = logging.getLogger(__name__)

TIMEOUT_S = 30.0
_WORKER = Path(__file__).with_name("_live_worker.py")
_cache: dict[tuple[str, str], dict[str, Any]] = {}
_lock = threading.Lock()


def _key(version: str, question: dict[str, Any]) -> tuple[str, str]:
    return version, json.dumps(question, sort_keys=True)


def ask(
    questions: list[tuple[str, dict[str, Any]]],
    imports: list[str],
    allowed: Collection[str],
) -> list[dict[str, Any] | None]:
    """Answers to ``(library version, question)`` pairs, ``None`` where none came.

    Every uncached question goes to one sandboxed probe, after it imports the
    library modules in ``imports`` (those the program imports, so that
    attributes other modules attach on import are there too).  Only modules
    in ``allowed`` (those the index lists) are ever imported.
    """
    keys = [_key(version, q) for version, q in questions]
    with _lock:
        answers: list[dict[str, Any] | None] = [_cache.get(k) for k in keys]
    todo = {k: q for k, (_, q), a in zip(keys, questions, answers, strict=True) if a is None}
    if todo:
        fresh = _run(list(todo.values()), [m for m in imports if m in allowed], allowed)
        if fresh is not None:
            with _lock:
                for k, a in zip(todo, fresh, strict=True):
                    _cache[k] = a
        answers = [_cache.get(k) for k in keys]
    return answers


def _run(
    questions: list[dict[str, Any]], imports: list[str], allowed: Collection[str]
) -> list[dict[str, Any]] | None:
    from ..plugin import installed_preload
    from ..sandbox import run_code

    request = {"imports": sorted(set(imports)), "allowed": sorted(allowed), "questions": questions}
    try:
        run = run_code(
            _program(),
            timeout=TIMEOUT_S,
            files={"request.json": json.dumps(request)},
            preload=installed_preload(),
        )
    except SciagentError as exc:  # no isolation tier here, or the pool is closed
        log.warning("live introspection skipped (%s); unconfirmed names are not reported", exc)
        return None
    answers = run.value
    if not run.ok or not isinstance(answers, list) or len(answers) != len(questions):
        detail = run.error.message if run.error else run.stderr[-500:]
        log.warning("live introspection gave no answer: %s", detail)
        return None
    return answers


@functools.cache
def _program() -> str:
    """The probe: the worker's source, then a call on the request file the task gets."""
    return (
        _WORKER.read_text(encoding="utf-8")
        + "\n\nimport json as _json\n\n"
        + "with open('request.json', encoding='utf-8') as _fh:\n"
        + "    result = answer_all(_json.load(_fh))\n"
    )


def clear_cache() -> None:
    """Forget every answer (tests, or after installing another library version)."""
    with _lock:
        _cache.clear()
