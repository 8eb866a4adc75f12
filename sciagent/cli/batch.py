"""``sciagent batch``: many programs or requests from a JSON Lines file, resumable, on Dask."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..render.values import shown_path
from ._common import (
    Seconds,
    handle_errors,
    output_options,
    setup_logging,
)
from ._json import emit
from .agent import agent_options

if TYPE_CHECKING:
    from distributed import Client

    from ..batch import Options, RowWriter

#: the longest default per-row limit, as for ``exec --timeout``
MAX_TIMEOUT_S = 86_400.0
#: the largest memory limit, in MB, as for ``exec --memory``
MAX_MEMORY_MB = 1 << 20


@dataclass
class Summary:
    """What ``--json`` prints and the table shows: counts of this run, and its pace.

    Counts are ``n_...``: ``ok`` is a boolean everywhere in the JSON contract.
    """

    mode: str
    input: str
    out: str
    engine: str
    n_rows: int = 0  # in the input
    n_done_before: int = 0  # already in --out from an earlier run: skipped
    n_ran: int = 0  # written by this run
    n_ok: int = 0  # over every row of the batch, earlier runs' included
    n_failed: int = 0  # rows with ok false: the items' failures and error rows
    n_errors: int = 0  # of those, rows the batch could not produce a result for
    seconds: float = 0.0  # this run
    per_second: float = 0.0  # this run's rows per second
    output_dir: str | None = None  # where this run's rows keep their files (None: --no-save)
    n_files_saved: int = 0  # by this run's rows
    n_files_not_saved: int = 0  # by this run's rows: each row's saved.skipped says why

    def count(self, how: str, now: bool = True) -> None:
        """Count one row by its :func:`~sciagent.batch._rows.outcome`."""
        self.n_ran += now
        self.n_done_before += not now
        self.n_ok += how == "ok"
        self.n_failed += how != "ok"
        self.n_errors += how == "error"

    def count_files(self, row: dict[str, Any]) -> None:
        """Count the files a row of this run saved, and those it could not."""
        saved = row.get("saved")
        if isinstance(saved, dict):
            self.n_files_saved += len(saved.get("files") or [])
            self.n_files_not_saved += len(saved.get("skipped") or [])


@click.command("batch")
@click.argument(
    "input_file",
    metavar="INPUT.jsonl",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="JSON Lines results, appended as items finish; rerun with it to resume.",
)
@click.option(
    "--mode",
    type=click.Choice(["exec", "check", "run"]),
    default="exec",
    show_default=True,
    help="What each row is: a program to run (exec) or check, or a request (run).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 4096),
    default=None,
    help="Start a local Dask cluster of N worker processes (a process pool without Dask).",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    default=None,
    help="Run on an existing Dask cluster.",
)
@click.option(
    "--timeout",
    type=Seconds(MAX_TIMEOUT_S),
    default=None,
    help="Default wall seconds per program for rows without a timeout "
    "(exec: 30; run: the agent's 60).",
)
@click.option(
    "--memory",
    type=click.IntRange(1, MAX_MEMORY_MB),
    default=None,
    help="Memory limit in MB per program (exec: 1024; run: the agent's 2048).",
)
@click.option("--no-live", is_flag=True, help="check: index only, no live introspection.")
@agent_options
@click.option("--unsafe", is_flag=True, help="Run even if no isolation tier works on a worker.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print a JSON summary on stdout (with schema_version)."
)
@click.option("-v", "--verbose", is_flag=True)
@output_options
@handle_errors
def batch_cmd(
    input_file: Path,
    out: Path,
    mode: str,
    workers: int | None,
    scheduler: str | None,
    timeout: float | None,
    memory: int | None,
    no_live: bool,
    model: str | None,
    strategy: str,
    samples: int,
    budget: float,
    attempts: int,
    n: int,
    unsafe: bool,
    as_json: bool,
    verbose: bool,
    output_dir: Path | None,
    no_save: bool,
) -> None:
    """Run every row of INPUT.jsonl; append one JSON result row per row to --out.

    \b
    A row: {"id": ..., "code": ...} (exec, check) or {"id": ..., "request": ...}
    (run), optionally "timeout" (seconds) and "inputs" ({file name: text}).
    A result row is the id plus what `sciagent exec|check|run --json` prints.
    The agent options (--model to -n) are `sciagent run`'s, for --mode run.
    Files a program writes (exec; run: the final program) are saved in
    --output-dir/<id>/, by default under a fresh ./sciagent-output/<date-time>/,
    and listed in the row's `saved`.
    Rows already in --out are skipped, so rerunning resumes a stopped batch.
    Exits 0 when every row is ok, 1 when some are not (or on an error).
    """
    from ..batch import Options, RowWriter, done_ids, read_input
    from ..batch._rows import BatchInputError, parse_rows, row_id

    setup_logging(verbose)
    if workers is not None and scheduler is not None:
        raise click.UsageError("pass --workers (a cluster here) or --scheduler (one that runs)")
    if out.exists() and out.resolve() == input_file.resolve():
        raise BatchInputError(
            f"--out {out} is the input file", fix="write the results to another file"
        )
    parsed, total = parse_rows(read_input(input_file), mode)  # type: ignore[arg-type]
    from ..sandbox import output_target

    target = None if mode == "check" else output_target(output_dir, no_save)  # check: no files
    options = Options(
        mode=mode,  # type: ignore[arg-type]
        timeout=timeout,
        memory=memory,
        unsafe=unsafe,
        live=not no_live,
        model=model,
        strategy=strategy,
        samples=samples,
        attempts=attempts,
        budget=budget,
        n=n,
        output_dir=None if target is None else str(target),
    )
    # the writer first: it locks --out (a second run on it would write every row twice),
    # and a bad --out fails before a cluster starts, not after
    with RowWriter(out) as writer:
        done = done_ids(out)
        todo = [r for r in parsed if row_id(r) not in done]
        with _engine(workers, scheduler, _runnable(todo), verbose) as (client, processes, engine):
            summary = Summary(
                mode, str(input_file), str(out), engine, n_rows=total, output_dir=options.output_dir
            )
            for r in parsed:
                if row_id(r) in done:
                    summary.count(done[row_id(r)], now=False)
            started = time.perf_counter()
            try:
                _run(todo, options, client, processes, writer, summary)
            except KeyboardInterrupt:
                click.secho(
                    f"interrupted: {summary.n_ran} row(s) written to {out}; "
                    "rerun the same command to resume",
                    fg="yellow",
                    err=True,
                )
                sys.exit(130)
            finally:
                summary.seconds = round(time.perf_counter() - started, 3)
                summary.per_second = (
                    round(summary.n_ran / summary.seconds, 3) if summary.seconds else 0
                )
    _print_summary(summary)
    if as_json:
        emit(asdict(summary))
    sys.exit(0 if summary.n_failed == 0 else 1)


def _run(
    todo: list[Any],
    options: Options,
    client: Client | None,
    processes: int | None,
    writer: RowWriter,
    summary: Summary,
) -> None:
    """Write each row as it comes and move the progress bar."""
    from ..batch import execute
    from ..batch._rows import outcome

    if not todo:
        return
    with _Progress(len(todo), summary.engine) as progress:
        failed = 0
        for row in execute(todo, options, client=client, workers=processes):
            writer.write(row)
            how = outcome(row)
            summary.count(how)
            summary.count_files(row)
            failed += how != "ok"
            progress.advance(failed)


@contextmanager
def _engine(
    workers: int | None, scheduler: str | None, needed: bool, verbose: bool
) -> Iterator[tuple[Client | None, int | None, str]]:
    """The Dask client (or process count) the flags ask for, and how to name it."""
    from ..batch import BatchError, dask_installed

    if not needed:  # everything is done or malformed: no cluster to start
        yield None, None, "nothing to run"
        return
    if dask_installed() and not verbose:
        import distributed  # noqa: F401 - sets its loggers' levels on import, so after it

        # the scheduler and client log every connection at INFO: keep stderr for progress
        logging.getLogger("distributed").setLevel(logging.WARNING)
    if scheduler is not None:
        if not dask_installed():
            raise BatchError(
                "--scheduler needs Dask, which is not installed",
                fix="pip install 'sciagent[dask]'",
            )
        from ..batch._dask import remote_client

        with remote_client(scheduler) as client:
            n = len(client.scheduler_info().get("workers", {}))
            yield client, None, f"Dask cluster at {scheduler} ({_plural(n, 'worker')})"
        return
    if workers is None:
        yield None, None, "in process"
        return
    if not dask_installed():
        click.secho(
            f"Dask is not installed (pip install 'sciagent[dask]'): using a local process "
            f"pool of {workers}, which cannot reschedule the items of a worker that dies",
            fg="yellow",
            err=True,
        )
        yield None, workers, f"{workers} local processes" if workers > 1 else "in process"
        return
    from ..batch._dask import local_client

    with local_client(workers, logging.INFO if verbose else logging.CRITICAL) as client:
        yield client, None, f"Dask LocalCluster, {_plural(workers, 'worker')}"


def _runnable(todo: list[Any]) -> bool:
    """Whether anything needs a worker: rows already refused as malformed do not."""
    from ..batch import Item

    return any(isinstance(r, Item) for r in todo)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


class _Progress:
    """A rich progress bar on stderr: done of total, failed, rate and time left."""

    def __init__(self, total: int, engine: str) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed"),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self._task = self._progress.add_task(f"batch ({engine})", total=total, failed=0, rate="-/s")
        self._started = time.perf_counter()
        self._done = 0

    def __enter__(self) -> _Progress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def advance(self, failed: int) -> None:
        self._done += 1
        rate = self._done / max(time.perf_counter() - self._started, 1e-9)
        self._progress.update(self._task, advance=1, failed=failed, rate=f"{rate:.1f}/s")


def _print_summary(summary: Summary) -> None:
    """The end-of-run table, on stderr so stdout stays free for ``--json``."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"sciagent batch --mode {summary.mode}: {summary.engine}")
    for name in ("rows", "done before", "ran now", "ok", "failed", "errors"):
        table.add_column(name, justify="right")
    table.add_column("seconds", justify="right")
    table.add_column("items/s", justify="right")
    table.add_row(
        str(summary.n_rows),
        str(summary.n_done_before),
        str(summary.n_ran),
        f"[green]{summary.n_ok}",
        f"[red]{summary.n_failed}" if summary.n_failed else "0",
        str(summary.n_errors),
        f"{summary.seconds:.1f}",
        f"{summary.per_second:.2f}",
    )
    console = Console(stderr=True)
    console.print(table)
    if summary.n_ran:
        console.print(f"results in {summary.out}")
    if summary.n_files_saved:
        where = " on the workers' machines" if summary.engine.startswith("Dask cluster at") else ""
        console.print(
            f"{_plural(summary.n_files_saved, 'file')} saved in "
            f"{shown_path(summary.output_dir or '')}{where}, "
            "one folder per row (each row's saved lists its files)",
            highlight=False,
            markup=False,
            soft_wrap=True,  # a path to copy, not to break
        )
    if summary.n_files_not_saved:
        console.print(
            f"[yellow]{_plural(summary.n_files_not_saved, 'file')} not saved: each row's "
            "saved.skipped says why",
            highlight=False,
        )


COMMANDS: list[click.Command] = [batch_cmd]
