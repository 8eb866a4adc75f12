"""``run_code``: the one-call API, over lazily created default pools."""

from __future__ import annotations

import atexit
import dataclasses
import threading
from collections.abc import Iterable, Mapping

from ._limits import Limits
from ._pool import FileInput, SandboxPool
from ._result import RunResult

_pools: dict[tuple[tuple[str, ...], bool], SandboxPool] = {}
_pools_lock = threading.Lock()


def default_pool(preload: Iterable[str] = (), *, unsafe: bool = False) -> SandboxPool:
    """The shared warm pool for this preload list, created (not started) on first use.

    The caller says what the workers import first (the sandbox knows nothing of
    plugins): ``default_pool(sciagent.plugin.installed_preload())`` is the pool
    the agent, the checker and the other surfaces share.
    """
    names = tuple(preload)
    key = (names, unsafe)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None or pool.closed:
            pool = SandboxPool(1, preload=names, unsafe=unsafe)
            _pools[key] = pool
        return pool


def close_default_pools() -> None:
    """Stop the shared pools (also registered with atexit)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()


atexit.register(close_default_pools)


def run_code(
    code: str,
    *,
    timeout: float = 30.0,
    memory: int = 1024,
    files: Mapping[str, FileInput] | None = None,
    preload: Iterable[str] = (),
    warm: bool = True,
    unsafe: bool = False,
    limits: Limits | None = None,
) -> RunResult:
    """Run ``code`` in the sandbox and return a :class:`RunResult`; never raises for
    the program's own failures (those are in ``result.error``).

    ``timeout`` is wall seconds (CPU is limited to the same unless ``limits``
    says otherwise), ``memory`` is MB of address space on top of the worker.
    ``files`` maps relative names to bytes/str contents or host paths; they
    appear in the program's working directory.  ``preload`` picks the warm
    pool: the imports its workers do before forking (none by default;
    :func:`sciagent.run_code` passes what the installed plugins declare).  ``warm=False`` starts
    a one-off worker without preloads (cold, ~0.1-1 s more) and stops it after.
    ``unsafe=True`` allows running with no isolation when no tier works.
    Set ``result = ...`` at the program's top level to return a value.
    """
    if warm:
        return default_pool(preload, unsafe=unsafe).run(
            code, timeout=timeout, memory=memory, files=files, limits=limits
        )
    with SandboxPool(1, preload=tuple(preload), unsafe=unsafe, limits=limits) as pool:
        result = pool.run(code, timeout=timeout, memory=memory, files=files)
    return dataclasses.replace(result, warm=False)
