"""Batch runs: many programs (exec, check) or requests (run), one JSON row each.

``batch(rows, mode, client)`` yields rows as they finish, in this process, in
a local process pool, or on a Dask cluster whose workers each keep one warm
sandbox pool.  ``sciagent batch`` adds a JSON Lines file that is appended as
rows finish and resumed on rerun.  See ``docs/batch.md``.
"""

from __future__ import annotations

from ._engine import batch, dask_installed, execute
from ._rows import BatchError, BatchInputError, Item, Mode, RowWriter, done_ids, read_input
from ._worker import Options

__all__ = [
    "BatchError",
    "BatchInputError",
    "Item",
    "Mode",
    "Options",
    "RowWriter",
    "batch",
    "dask_installed",
    "done_ids",
    "execute",
    "read_input",
]
