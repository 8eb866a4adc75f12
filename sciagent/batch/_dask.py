"""Batch items on Dask distributed: a worker plugin for the warm state, futures for the rest.

Dask does the scheduling, the retries and the bookkeeping of lost workers;
this module only says what a worker keeps (:class:`SciagentWorkerPlugin`),
what a task does (:func:`dask_item`), and turns finished futures into rows.
Imported only when Dask is used, so sciagent itself does not need it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker
from distributed.scheduler import KilledWorker

from ._rows import BatchError, Item, error_row
from ._worker import Options, WorkerState

log = logging.getLogger(__name__)

PLUGIN_NAME = "sciagent-batch"
#: how long to wait for ``--scheduler`` to answer before saying it cannot be reached
CONNECT_TIMEOUT_S = 20.0


class SciagentWorkerPlugin(WorkerPlugin):
    """Keeps one :class:`WorkerState` (warm pool, index, model) per Dask worker.

    ``idempotent``: a second batch on the same cluster finds the plugin (and its
    warm state) in place instead of tearing it down and starting again.
    The state is empty at ``setup`` and fills on the first item, so a worker
    does not block its event loop loading an index it may never need.
    """

    name = PLUGIN_NAME
    idempotent = True

    def __init__(self) -> None:
        self.state: WorkerState | None = None

    def setup(self, worker: Any) -> None:
        self.state = WorkerState()

    def teardown(self, worker: Any) -> None:
        if self.state is not None:
            self.state.close()
            self.state = None


def dask_item(item: Item, options: Options) -> dict[str, Any]:
    """The task: one item, with this worker's warm state."""
    plugin = get_worker().plugins.get(PLUGIN_NAME)
    state = getattr(plugin, "state", None)
    if state is None:
        raise BatchError(
            "this Dask worker has no sciagent plugin",
            fix="submit batches through sciagent.batch.batch(..., client=client), "
            "which registers it",
        )
    result: dict[str, Any] = state.run(item, options)
    return result


def run_dask(
    items: Sequence[Item], options: Options, client: Client, retries: int
) -> Iterator[dict[str, Any]]:
    """Rows for ``items`` as the cluster finishes them.

    An item on a worker that dies is rescheduled by Dask (and ``retries``
    covers a worker that cannot set up); an item that keeps killing workers
    comes back as a ``worker`` error row.  Anything else a task raises means
    the workers cannot do this batch at all: the rest is cancelled and the
    error raised, and a rerun resumes from the rows already written.
    """
    client.register_plugin(SciagentWorkerPlugin())
    token = uuid.uuid4().hex[:10]
    keys = [f"sciagent-{options.mode}-{token}-{n}" for n in range(len(items))]
    futures = client.map(dask_item, items, options=options, key=keys, retries=retries, pure=False)
    pending = {future.key: (future, item) for future, item in zip(futures, items, strict=True)}
    done = as_completed(futures)
    del futures  # each future is dropped (and its result freed on the cluster) once read
    try:
        for future in done:
            _, item = pending.pop(future.key)
            yield _row(future, item)
    finally:
        if pending:  # stopped early (an error, Ctrl-C, the caller stopped reading)
            client.cancel([future for future, _ in pending.values()])


def _row(future: Any, item: Item) -> dict[str, Any]:
    try:
        row: dict[str, Any] = future.result()
    except KilledWorker as exc:
        return error_row(
            item.id,
            "KilledWorker",
            f"every worker that ran this item died ({exc}); out of memory, or a crash "
            "outside the sandbox",
            "worker",
            "run the item alone with `sciagent exec` to see what happens, or give the "
            "workers more memory",
        )
    except BatchError:
        raise
    except Exception as exc:
        raise BatchError(
            f"the cluster failed on item {item.id!r}: {type(exc).__name__}: {exc}",
            fix="check the workers' logs; rerun with the same --out to resume",
        ) from exc
    return row


@contextmanager
def local_client(workers: int, log_level: int = logging.ERROR) -> Iterator[Client]:
    """A ``LocalCluster`` of ``workers`` processes, one thread each, and a client on it.

    ``log_level`` is what the workers log to stderr; the CLI raises it so a
    failing task's traceback (reported once, with its fix) does not scroll
    the progress bar away on every retry.
    """
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=log_level,
    )
    try:
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()


@contextmanager
def remote_client(address: str) -> Iterator[Client]:
    """A client on an existing scheduler, or a :class:`BatchError` that says how to get one."""
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        raise BatchError(
            f"cannot reach a Dask scheduler at {address}: {exc}",
            fix="start one (`dask scheduler` and `dask worker tcp://HOST:PORT`), or use "
            "--workers N for a cluster on this machine",
        ) from None
    with client:
        yield client
