"""Shared CLI helpers: turning errors into a clean message and exit code, reading inputs,
keeping the files a program wrote."""

from __future__ import annotations

import functools
import inspect
import io
import logging
import math
import os
import sys
import tokenize
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from ..errors import SciagentError
from ..render.values import shown_path

if TYPE_CHECKING:
    from ..sandbox import SavedOutputs

F = TypeVar("F", bound=Callable[..., Any])


#: the fix of an internal error: a bug, not something the user can set right
INTERNAL_FIX = (
    "this is a bug in sciagent: rerun the command with -v to see the traceback, "
    "and report it with the command you ran"
)
#: click's own ways out of a command (usage errors, ``ctx.exit``, Ctrl-C as ``Abort``): click
#: prints and exits for them, so they pass through untouched
CLICK_EXITS = (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort)

log = logging.getLogger(__name__)


def handle_errors(func: F) -> F:
    """Print ``error: ...`` and the fix instead of a traceback, exit 1.

    With ``--json`` (a command's ``as_json`` argument) the error is the JSON
    object of the contract (:mod:`._json`) on stdout instead.  An exception
    that is not a :class:`SciagentError` is a bug: it is reported the same
    way, as ``internal error: <Type>: <message>`` with :data:`INTERNAL_FIX`,
    and with ``-v`` its traceback is logged to stderr too.  A command without
    a ``verbose`` parameter gets ``-v/--verbose`` here, so that fix can be
    followed everywhere.  Click's own exceptions, ``SystemExit`` and
    ``KeyboardInterrupt`` pass through.
    """
    adds_verbose = "verbose" not in inspect.signature(func).parameters

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        verbose = kwargs.pop("verbose") if adds_verbose else kwargs.get("verbose")
        try:
            return func(*args, **kwargs)
        except SciagentError as exc:
            _fail(exc.message, exc.fix, type(exc).__name__, bool(kwargs.get("as_json")))
        except CLICK_EXITS:
            raise
        except Exception as exc:
            if verbose:
                log.error("internal error", exc_info=exc)
            detail = str(exc).strip()
            message = f"internal error: {type(exc).__name__}" + (f": {detail}" if detail else "")
            _fail(message, INTERNAL_FIX, type(exc).__name__, bool(kwargs.get("as_json")))

    if adds_verbose:
        click.option(
            "-v", "--verbose", is_flag=True, help="Show the traceback of an internal error."
        )(wrapper)
    return wrapper  # type: ignore[return-value]


def _fail(message: str, fix: str | None, error_type: str, as_json: bool) -> NoReturn:
    """Report an error as the contract says (JSON on stdout, else two lines on stderr); exit 1."""
    if as_json:
        from ._json import emit_error

        emit_error(message, fix, error_type)
        sys.exit(1)
    click.secho(f"error: {message}", fg="red", err=True)
    if fix:
        click.echo(f"  fix: {fix}", err=True)
    sys.exit(1)


class Seconds(click.ParamType):
    """A finite, positive number of seconds, at most ``maximum``.

    ``float()`` accepts ``nan``, ``inf`` and negatives, which would only be
    refused later with a traceback (the sandbox's limits) or quietly mean "stop
    at once" or "never stop" (the agent's budget); this refuses them as a usage
    error that names the allowed range.
    """

    name = "seconds"

    def __init__(self, maximum: float) -> None:
        self.maximum = maximum

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            seconds = math.nan
        if not (math.isfinite(seconds) and 0 < seconds <= self.maximum):
            self.fail(
                f"{value!r} is not a number of seconds in the range 0 < t <= {self.maximum:g}",
                param,
                ctx,
            )
        return seconds


def setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


class RichProgress:
    """Adapter from the library's Progress protocol to a rich progress bar on stderr."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),  # stdout is the answer's, or the JSON's
            transient=False,
        )
        self._task: Any = None
        self._started = False

    def __enter__(self) -> RichProgress:
        return self  # drawn from the first start(): nothing at all when nothing is built

    def __exit__(self, *exc: object) -> None:
        if self._started:
            self._progress.stop()

    def start(self, description: str, total: int) -> None:
        if not self._started:
            self._progress.start()
            self._started = True
        self._task = self._progress.add_task(description, total=max(total, 1))
        if total == 0:
            self._progress.update(self._task, completed=1, description=description + " (cached)")

    def advance(self, n: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, n)


#: The largest program ``check`` and ``exec`` read; reading stops just past it, so
#: ``sciagent check /dev/zero`` cannot exhaust memory.
MAX_SOURCE_BYTES = 16 << 20


class InputFileError(SciagentError):
    """A file named on the command line cannot be used: too large, or not text."""


def read_bounded(name: str, cap: int) -> bytes:
    """At most ``cap`` bytes of file ``name`` (``-`` for stdin), or an error past the cap.

    A regular file's size is known from ``stat``; devices and pipes report 0, so
    at most ``cap + 1`` bytes are read: ``/dev/zero`` or a pipe that never ends
    costs bounded memory instead of running into a MemoryError.
    """
    if name == "-":
        data = sys.stdin.buffer.read(cap + 1)
    else:
        try:
            with open(name, "rb") as fh:
                if os.fstat(fh.fileno()).st_size > cap:
                    raise _too_large(name, cap)
                data = fh.read(cap + 1)
        except OSError as exc:
            raise InputFileError(
                f"cannot read {name}: {exc.strerror or exc}",
                fix="check the path and its permissions",
            ) from None
    if len(data) > cap:
        raise _too_large(name, cap)
    return data


def _too_large(name: str, cap: int) -> InputFileError:
    return InputFileError(
        f"{_shown(name)} is larger than the {cap >> 20} MiB limit",
        fix="pass a smaller file, or pre-aggregate the data before passing it",
    )


def read_source(name: str, cap: int) -> str:
    """The Python source in file ``name`` (``-`` for stdin), decoded as Python would.

    The encoding comes from a BOM or a PEP 263 coding line (UTF-8 otherwise), so
    a latin-1 file that declares itself works; binary data is refused by name.
    """
    data = read_bounded(name, cap)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        declared_problem = None
    except SyntaxError as exc:  # unknown codec, BOM mismatch, or undecodable first lines
        encoding, declared_problem = "utf-8", exc.msg
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{_shown(name)} is not {exc.encoding} text: byte 0x{data[exc.start]:02x} at "
            f"offset {exc.start} cannot be decoded (is it a binary file?)",
            fix="pass a Python source file saved as UTF-8 (or declare its encoding "
            "with a `# -*- coding: ... -*-` line)",
        ) from None
    if declared_problem is not None:
        raise InputFileError(
            f"{_shown(name)} has an unusable encoding declaration: {declared_problem}",
            fix="declare a valid encoding (e.g. `# -*- coding: utf-8 -*-`) or remove the line",
        )
    return text


def _shown(name: str) -> str:
    return "<stdin>" if name == "-" else name


# ------------------------------------------------------------------ outputs kept
def output_options(func: F) -> F:
    """``-o/--output-dir`` and ``--no-save``: where the files a program writes are kept."""
    func = click.option(
        "--no-save",
        is_flag=True,
        help="Do not save the files the program writes (with --json they stay in "
        "files[].content_b64).",
    )(func)
    return click.option(
        "-o",
        "--output-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Save the files the program writes here (created if needed; existing files are "
        "never replaced). Default: a fresh ./sciagent-output/<date-time>/ folder, made only "
        "when there is a file to save.",
    )(func)


def report_saved(saved: SavedOutputs | None, files_truncated: bool = False) -> None:
    """The saved files' paths (and the skipped ones, with why) on stderr, one per line.

    On stderr whatever the output format: stdout is the program's (or the JSON object).
    """
    if saved is None:
        return
    for f in saved.files:
        renamed = Path(f.path).name != Path(f.name).name
        note = f"; {Path(f.name).name} existed there, not replaced" if renamed else ""
        click.echo(f"saved {shown_path(f.path)} ({f.size:,} bytes{note})", err=True)
    for s in saved.skipped:
        click.secho(f"not saved {s.name!r} ({s.size:,} bytes): {s.reason}", fg="yellow", err=True)
    if files_truncated:
        click.secho(
            "the program wrote more files than the sandbox keeps (Limits.max_files); "
            "the rest were not kept",
            fg="yellow",
            err=True,
        )
