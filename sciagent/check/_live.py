"""Ask a fresh Python process what the index cannot decide.

The index skips private names, constants, unit instances and attributes that
classes serve through ``__getattr__`` (``SkyCoord.separation``), so a name
missing from the index is only *probably* missing.  One subprocess per batch
imports the libraries and reads attributes (it never runs the checked code);
answers are cached in memory per (library version, question), so a repair
loop that re-checks similar programs rarely starts a process at all.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

TIMEOUT_S = 30.0
_WORKER = Path(__file__).with_name("_live_worker.py")
_cache: dict[tuple[str, str], dict[str, Any]] = {}
_lock = threading.Lock()


def _key(version: str, question: dict[str, Any]) -> tuple[str, str]:
    return version, json.dumps(question, sort_keys=True)


def ask(
    questions: list[tuple[str, dict[str, Any]]], imports: list[str]
) -> list[dict[str, Any] | None]:
    """Answers to ``(library version, question)`` pairs, ``None`` where none came.

    Every uncached question goes to one subprocess, after it imports the
    library modules in ``imports`` (those the program imports, so that
    attributes other modules attach on import are there too).
    """
    keys = [_key(version, q) for version, q in questions]
    with _lock:
        answers: list[dict[str, Any] | None] = [_cache.get(k) for k in keys]
    todo = {k: q for k, (_, q), a in zip(keys, questions, answers, strict=True) if a is None}
    if todo:
        fresh = _run(list(todo.values()), imports)
        if fresh is not None:
            with _lock:
                for k, a in zip(todo, fresh, strict=True):
                    _cache[k] = a
        answers = [_cache.get(k) for k in keys]
    return answers


def _run(questions: list[dict[str, Any]], imports: list[str]) -> list[dict[str, Any]] | None:
    request = json.dumps({"imports": sorted(set(imports)), "questions": questions})
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _WORKER.read_text(encoding="utf-8")],
            input=request,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("live introspection failed (%s); unconfirmed names are not reported", exc)
        return None
    try:
        answers = json.loads(proc.stdout)
    except json.JSONDecodeError:
        log.warning(
            "live introspection gave no answer (exit %s): %s", proc.returncode, proc.stderr[-500:]
        )
        return None
    if not isinstance(answers, list) or len(answers) != len(questions):
        return None
    return answers


def clear_cache() -> None:
    """Forget every answer (tests, or after installing another library version)."""
    with _lock:
        _cache.clear()
