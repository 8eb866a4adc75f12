"""Batch runs: many programs (exec, check) or requests (run), one JSON row each.

``batch(rows, mode, client)`` yields rows as they finish, in this process, in
a local process pool, or on a Dask cluster whose workers each keep one warm
sandbox pool.  ``sciagent batch`` adds a JSON Lines file that is appended as
rows finish and resumed on rerun.  See ``docs/batch.md``.

This module is callable: ``sciagent.batch(rows)`` is ``sciagent.batch.batch(rows)``.
The function and this package share a name, and whichever is imported first
would otherwise decide what ``sciagent.batch`` means; as a callable module it
means both, so the package root can expose the module and never rebind the name.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from typing import Any

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


class _CallableModule(types.ModuleType):
    """``sciagent.batch(...)`` calls :func:`batch`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
        return batch(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
