"""Batch rows: reading and checking the input, writing results, and resuming.

The output file is the batch's only state.  Every result is one JSON line,
appended and flushed as soon as it is known, so a crash (of sciagent, a
worker, or the whole cluster) costs at most the items that were running; a
rerun reads the ids already written and skips them.  A crash can leave half a
line at the end: it is cut off before appending, never treated as a result.
"""

from __future__ import annotations

import fcntl
import json
import logging
import math
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Literal

from ..errors import SciagentError

log = logging.getLogger(__name__)

Mode = Literal["exec", "check", "run"]
MODES: tuple[Mode, ...] = ("exec", "check", "run")
#: an id is what a row is known by in the output and on resume
RowId = str | int
#: the longest per-row timeout, as for ``sciagent exec --timeout``: a day
MAX_TIMEOUT_S = 86_400.0
#: the fields a row may carry, by mode; anything else is ignored with a warning
FIELDS: dict[Mode, tuple[str, ...]] = {
    "exec": ("id", "code", "timeout", "inputs"),
    "check": ("id", "code", "timeout", "inputs"),
    "run": ("id", "request", "timeout", "inputs", "domain"),
}
#: how many bad lines one error message lists before "and N more"
SHOWN_PROBLEMS = 5
#: an output file is fsynced at most this often (and on close); each row is flushed at once
FSYNC_EVERY_S = 1.0


class BatchError(SciagentError):
    """A batch cannot start or go on: unreadable input, a broken cluster, a worker that cannot set up."""

    def __reduce__(self) -> tuple[Any, ...]:
        # raised on a Dask worker and re-raised here: keep the message and its fix apart
        return (_rebuild, (type(self), self.message, self.fix))


class BatchInputError(BatchError):
    """The input rows cannot be read as a batch: not JSON, no usable id, an id twice."""


def _rebuild(cls: type[BatchError], message: str, fix: str | None) -> BatchError:
    return cls(message, fix=fix)


@dataclass(frozen=True)
class Item:
    """One unit of work, checked and ready to send to a worker.

    ``text`` is the program (exec, check) or the request in words (run);
    ``timeout`` is None for the batch's default; ``folder`` is the subfolder
    of the batch's output folder its files are saved in (:func:`parse_rows`
    gives every item its own; empty: the output folder itself).
    """

    id: RowId
    text: str
    timeout: float | None = None
    inputs: Mapping[str, str] = field(default_factory=dict)
    domain: str | None = None
    folder: str = ""


def error_row(row_id: RowId, type_: str, message: str, kind: str, fix: str = "") -> dict[str, Any]:
    """A row for an item the batch could not produce a result for (same shape in every mode).

    ``kind`` is ``input`` (the row is malformed), ``internal`` (sciagent raised
    while handling it) or ``worker`` (the item kept killing the workers that
    ran it); the program's own failures are results, not error rows.
    """
    from ..cli._json import SCHEMA_VERSION

    error = {"type": type_, "message": message, "kind": kind, "fix": fix}
    return {"id": row_id, "schema_version": SCHEMA_VERSION, "ok": False, "error": error}


def row_id(row: Item | Mapping[str, Any]) -> RowId:
    """The id of a checked row, whether it became an item or an error row."""
    return row.id if isinstance(row, Item) else row["id"]


def parse_row(obj: object, where: str, mode: Mode) -> Item | dict[str, Any]:
    """An :class:`Item`, or an error row when the row has an id but nothing runnable.

    A row without a usable id cannot be reported or resumed, so it raises
    :class:`BatchInputError` naming ``where`` (``line 7``) instead.
    """
    if not isinstance(obj, dict):
        raise BatchInputError(
            f"{where}: a row must be a JSON object, not {type(obj).__name__}",
            fix=_row_fix(mode),
        )
    given = obj.get("id")
    if isinstance(given, bool) or not isinstance(given, (str, int)) or given == "":
        raise BatchInputError(
            f"{where}: the row has no usable id (got {given!r})",
            fix='give every row an "id": a non-empty string or an integer, unique in the file',
        )
    problem = _problem(obj, mode)
    if problem:
        return error_row(given, "InvalidRow", f"{where}: {problem}", "input", _row_fix(mode))
    key = "request" if mode == "run" else "code"
    timeout = obj.get("timeout")
    domain = obj.get("domain")
    return Item(
        id=given,
        text=obj[key],
        timeout=None if timeout is None else float(timeout),
        inputs=dict(obj.get("inputs") or {}),
        domain=domain if isinstance(domain, str) else None,
    )


def _problem(obj: dict[str, Any], mode: Mode) -> str:
    """What is wrong with a row that has an id, in words; empty if nothing."""
    key = "request" if mode == "run" else "code"
    if not isinstance(obj.get(key), str):
        other = "code" if key == "request" else "request"
        hint = (
            f' (a "{other}" field is for --mode {"run" if other == "request" else "exec or check"})'
        )
        return f'"{key}" must be a string{hint if other in obj else ""}'
    if mode == "run" and not obj[key].strip():
        return '"request" is empty'
    timeout = obj.get("timeout")
    if timeout is not None:
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
            return f'"timeout" must be a number of seconds, not {timeout!r}'
        if not (math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT_S):
            return f'"timeout" must be in the range 0 < t <= {MAX_TIMEOUT_S:g}, not {timeout!r}'
    inputs = obj.get("inputs")
    if inputs is not None and not (
        isinstance(inputs, dict) and all(isinstance(v, str) for v in inputs.values())
    ):
        return '"inputs" must be an object mapping file names to their text'
    domain = obj.get("domain")
    if domain is not None and not isinstance(domain, str):
        return '"domain" must be a string'
    return ""


def _row_fix(mode: Mode) -> str:
    if mode == "run":
        return 'write rows like {"id": "q1", "request": "molecular weight of CCO"}'
    return 'write rows like {"id": "p1", "code": "print(6 * 7)", "timeout": 30}'


def parse_rows(
    rows: Iterable[tuple[str, object]], mode: Mode
) -> tuple[list[Item | dict[str, Any]], int]:
    """Every row checked up front, and how many there were.

    Problems that make the file unusable (not JSON, no id, an id twice) are
    collected and raised together, each named by where it is, so one run shows
    them all instead of failing an hour in on the first.
    """
    if mode not in MODES:
        raise BatchInputError(f"unknown mode {mode!r}", fix="use 'exec', 'check' or 'run'")
    parsed: list[Item | dict[str, Any]] = []
    problems: list[str] = []
    first_seen: dict[RowId, str] = {}
    unknown: set[str] = set()
    folders: set[str] = set()
    for position, (where, obj) in enumerate(rows, start=1):
        try:
            row = parse_row(obj, where, mode)
        except BatchInputError as exc:
            problems.append(exc.message)
            continue
        if isinstance(row, Item) and isinstance(obj, dict):  # a refused row has its message
            unknown.update(k for k in obj if k not in FIELDS[mode])
        this = row_id(row)
        if this in first_seen:
            problems.append(f"{where}: id {this!r} was already used on {first_seen[this]}")
            continue
        first_seen[this] = where
        if isinstance(row, Item):
            row = replace(row, folder=_folder(this, position, folders))
        parsed.append(row)
    if problems:
        more = len(problems) - SHOWN_PROBLEMS
        listed = "; ".join(problems[:SHOWN_PROBLEMS]) + (f"; and {more} more" if more > 0 else "")
        raise BatchInputError(
            f"{len(problems)} unusable row(s): {listed}",
            fix="fix those rows (one JSON object per line, each with a unique id) and rerun",
        )
    if unknown:
        log.warning(
            "ignoring field(s) %s: --mode %s reads only %s",
            ", ".join(sorted(unknown)),
            mode,
            ", ".join(FIELDS[mode]),
        )
    return parsed, len(parsed)


def _folder(given: RowId, position: int, taken: set[str]) -> str:
    """The subfolder an item's files are saved in: its id when that is a plain file name,
    else ``row-<position>`` (1 for the first row of the input); ``taken`` (compared without
    case, as some filesystems do) keeps two items out of one folder."""
    from ..sandbox._save import unsafe_name_reason

    name = str(given)
    plain = "/" not in name and not name.startswith(".") and unsafe_name_reason(name) is None
    candidates = [name] if plain else []
    candidates += [f"row-{position}", *(f"row-{position}-{n}" for n in range(2, len(taken) + 3))]
    chosen = next(c for c in candidates if c.casefold() not in taken)
    taken.add(chosen.casefold())
    return chosen


def read_input(path: Path) -> Iterator[tuple[str, object]]:
    """The rows of a JSON Lines file as (``line N``, decoded JSON); blank lines skipped.

    A line that is not JSON raises :class:`BatchInputError` naming the line and
    what the decoder saw.
    """
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise BatchInputError(
            f"cannot read {path}: {exc.strerror or exc}", fix="check the path and its permissions"
        ) from None
    with fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                yield f"line {n}", json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                shown = raw[:60].decode("utf-8", "replace").strip()
                raise BatchInputError(
                    f"{path} line {n} is not a JSON object ({exc}): {shown!r}",
                    fix="write one JSON object per line (JSON Lines), e.g. "
                    '{"id": "p1", "code": "print(1)"}',
                ) from None


def done_ids(path: Path) -> dict[RowId, str]:
    """The ids already written to ``path`` and how each went (:func:`outcome`).

    Only a line that ends in a newline is a finished row: a crash mid-write
    leaves a tail without one, which is cut off first so the next append
    starts on a clean line.  A complete line that is not a JSON row (edited by
    hand) is skipped with a warning, and its item runs again.
    """
    if not path.exists():
        return {}
    _cut_partial_tail(path)
    done: dict[RowId, str] = {}
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
                given = row["id"]
            except (UnicodeDecodeError, json.JSONDecodeError, TypeError, KeyError):
                log.warning("%s line %d is not a result row; ignoring it", path, n)
                continue
            if isinstance(given, (str, int)) and not isinstance(given, bool):
                done[given] = outcome(row)
    return done


def outcome(row: Mapping[str, Any]) -> str:
    """``ok``, ``failed`` (the item's own failure) or ``error`` (a row the batch wrote for it)."""
    if row.get("ok"):
        return "ok"
    error = row.get("error")
    return "error" if isinstance(error, dict) and "fix" in error else "failed"


def _cut_partial_tail(path: Path) -> None:
    with path.open("r+b") as fh:
        size = fh.seek(0, os.SEEK_END)
        if size == 0:
            return
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return
        # walk back to the last newline, in blocks: the tail is at most one row
        end, block = size, 1 << 16
        while end > 0:
            start = max(0, end - block)
            fh.seek(start)
            chunk = fh.read(end - start)
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                keep = start + cut + 1
                break
            end = start
        else:
            keep = 0
        log.warning("%s ends in a half-written row (a crash?): cutting it off", path)
        fh.truncate(keep)
        fh.flush()
        os.fsync(fh.fileno())


class RowWriter:
    """Appends result rows to a JSON Lines file, each flushed as soon as it is written.

    A row is one ``write`` of one line; the kernel has it as soon as
    ``flush`` returns, so a crash of this process loses nothing written.
    ``fsync`` (surviving a power loss) runs at most every
    :data:`FSYNC_EVERY_S` and on close, so a fast batch is not paced by the disk.
    The file is locked (``flock``) while open: two batches appending to one
    file would each run, and write, the rows the other has not written yet.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._fh: IO[str] = path.open("a", encoding="utf-8")
        except OSError as exc:
            raise BatchError(
                f"cannot write {path}: {exc.strerror or exc}",
                fix="pass an --out path in an existing, writable directory",
            ) from None
        try:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._fh.close()
            raise BatchError(
                f"another batch is writing {path} right now",
                fix="wait for it to finish (then rerun to resume), or pass another --out",
            ) from None
        self._synced = time.monotonic()

    def write(self, row: Mapping[str, Any]) -> None:
        self._fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        self._fh.flush()
        if time.monotonic() - self._synced >= FSYNC_EVERY_S:
            self._sync()

    def _sync(self) -> None:
        os.fsync(self._fh.fileno())
        self._synced = time.monotonic()

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.flush()
            self._sync()
            self._fh.close()

    def __enter__(self) -> RowWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
