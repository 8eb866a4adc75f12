"""``sciagent.run_code``: the sandbox's one-call API, with the installed plugins' preloads.

The sandbox knows nothing of plugins: a pool preloads what its caller passes.
This facade is the caller for users (``sciagent.run_code``, ``%%sciagent``
cells): it asks the plugin layer once per process what the installed plugins
preload (:func:`sciagent.plugin.installed_preload`), so a warm worker has
RDKit, Biopython and Astropy imported before it forks.  The agent, the
checker's live probe, batch workers and the MCP server pass the same list to
:func:`sciagent.sandbox.default_pool`, so they all share one warm pool.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .plugin import installed_preload
from .sandbox import Limits, RunResult, SandboxPool
from .sandbox import default_pool as _sandbox_pool
from .sandbox import run_code as _sandbox_run_code
from .sandbox._pool import FileInput

__all__ = ["default_pool", "run_code"]


def default_pool(preload: Iterable[str] | None = None, *, unsafe: bool = False) -> SandboxPool:
    """The shared warm pool for ``preload`` (default: the installed plugins' preloads)."""
    return _sandbox_pool(installed_preload() if preload is None else preload, unsafe=unsafe)


def run_code(
    code: str,
    *,
    timeout: float = 30.0,
    memory: int = 1024,
    files: Mapping[str, FileInput] | None = None,
    preload: Iterable[str] | None = None,
    warm: bool = True,
    unsafe: bool = False,
    limits: Limits | None = None,
) -> RunResult:
    """:func:`sciagent.sandbox.run_code`, whose warm pool by default preloads what the
    installed plugins declare (``preload=()`` for a pool that imports nothing first)."""
    return _sandbox_run_code(
        code,
        timeout=timeout,
        memory=memory,
        files=files,
        preload=installed_preload() if preload is None and warm else (preload or ()),
        warm=warm,
        unsafe=unsafe,
        limits=limits,
    )
