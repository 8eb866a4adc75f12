"""Where a batch runs: this process, a local process pool, or a Dask cluster.

All three hand each item to a :class:`WorkerState` and yield rows in the
order they finish; they differ only in how many workers there are and who
reschedules work when one is lost (Dask does; a process pool cannot).
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from ..sandbox import check_output_dir
from ._rows import BatchError, BatchInputError, Item, Mode, parse_rows
from ._worker import Options, WorkerState, init_process, process_item

if TYPE_CHECKING:
    from distributed import Client

#: how many times Dask runs an item again after its task raised (a worker that
#: could not set up); items on a worker that dies are rescheduled regardless
DEFAULT_RETRIES = 2


def dask_installed() -> bool:
    """Whether ``dask.distributed`` can be imported (the ``sciagent[dask]`` extra)."""
    return importlib.util.find_spec("distributed") is not None


def batch(
    rows: Iterable[Mapping[str, Any]],
    mode: Mode = "exec",
    client: Client | None = None,
    *,
    workers: int | None = None,
    timeout: float | None = None,
    memory: int | None = None,
    unsafe: bool = False,
    live: bool = True,
    model: Any = None,
    strategy: str = "select",
    samples: int = 4,
    attempts: int = 3,
    budget: float = 300.0,
    n: int = 3,
    output_dir: str | os.PathLike[str] | None = None,
    retries: int = DEFAULT_RETRIES,
) -> Iterator[dict[str, Any]]:
    """Run many items; yield one result row per row, in the order they finish.

    ``rows`` are dicts with an ``id`` and ``code`` (``mode`` "exec", "check") or
    ``request`` ("run"), and optionally ``timeout`` and ``inputs`` (file name to
    text).  A row is the id plus what ``sciagent exec|check|run --json`` prints
    for the item; a row that cannot run is ``{"id", "ok": False, "error": {...}}``.

    ``client`` (a ``dask.distributed.Client``) runs the items on its cluster,
    each worker keeping one warm sandbox pool (and index and model); without
    one, ``workers=N`` runs them in N local processes, and otherwise they run
    here, one at a time, in this process's warm pool.  The rows are all
    checked before anything runs: a row without a usable id, or an id used
    twice, raises :class:`BatchInputError` naming it.  The other options are
    those of the matching commands (``timeout`` is the default per row;
    ``budget`` is ``sciagent run --budget``, in seconds).  With ``output_dir``
    the files an exec item's program, or a run item's final program, wrote
    are saved in ``output_dir/<id>/`` (``row-<position>/`` when the id cannot
    be a folder name) by the worker that ran it, and listed in the row's
    ``saved`` as ``sciagent exec|run --json`` list them; without it nothing is
    written and ``saved`` is None.

        >>> rows = [{"id": 1, "code": "print(6 * 7)"}]
        >>> [r["stdout"] for r in batch(rows)]  # doctest: +SKIP
        ['42\\n']
    """
    parsed, _ = parse_rows(((f"row {n}", row) for n, row in enumerate(rows, start=1)), mode)
    options = Options(
        mode=mode,
        timeout=timeout,
        memory=memory,
        unsafe=unsafe,
        live=live,
        model=model,
        strategy=strategy,
        samples=samples,
        attempts=attempts,
        budget=budget,
        n=n,
        output_dir=None if output_dir is None else str(check_output_dir(output_dir)),
    )
    if workers is not None and workers < 1:
        raise BatchInputError("workers must be at least 1", fix="pass workers=1 or more")
    if (client is not None or (workers or 0) > 1) and not (model is None or isinstance(model, str)):
        raise BatchInputError(
            "a chat model object runs only in this process, not on other workers",
            fix="pass the model's name or path (as for `sciagent run --model`), or leave out "
            "client and workers",
        )
    return execute(parsed, options, client=client, workers=workers, retries=retries)


def execute(
    parsed: Sequence[Item | dict[str, Any]],
    options: Options,
    *,
    client: Client | None = None,
    workers: int | None = None,
    retries: int = DEFAULT_RETRIES,
) -> Iterator[dict[str, Any]]:
    """Rows for checked input: the error rows of malformed rows first, then results."""
    items: list[Item] = []
    for row in parsed:
        if isinstance(row, Item):
            items.append(row)
        else:
            yield row
    if not items:
        return
    if client is not None:
        from ._dask import run_dask

        yield from run_dask(items, options, client, retries)
    elif workers is not None and workers > 1:
        yield from run_processes(items, options, workers)
    else:
        yield from run_in_process(items, options)


def run_in_process(items: Iterable[Item], options: Options) -> Iterator[dict[str, Any]]:
    """One item at a time, in this process's warm pool (which outlives the batch)."""
    state = WorkerState()
    for item in items:
        yield state.run(item, options)


def run_processes(
    items: Sequence[Item], options: Options, workers: int
) -> Iterator[dict[str, Any]]:
    """``workers`` local processes (spawned), each with its own warm state.

    No more than two items per process are queued at a time, so stopping early
    leaves little work to cancel.  A process that dies breaks the whole pool
    (that is how ``ProcessPoolExecutor`` works): the batch stops with an error
    and a rerun resumes; Dask instead reschedules the lost items.
    """
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=init_process)
    queued = iter(items)
    running: dict[Future[dict[str, Any]], Item] = {}
    try:
        while True:
            while len(running) < 2 * workers:
                item = next(queued, None)
                if item is None:
                    break
                running[executor.submit(process_item, item, options)] = item
            if not running:
                return
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                item = running.pop(future)
                try:
                    row = future.result()
                except BrokenProcessPool as exc:
                    raise BatchError(
                        f"a batch worker process died while running item {item.id!r} ({exc})",
                        fix="rerun with the same --out to resume; install sciagent[dask] so "
                        "lost items are rescheduled instead",
                    ) from None
                yield row
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
