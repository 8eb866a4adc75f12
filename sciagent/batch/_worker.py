"""What a batch worker does with one item, and the warm state it keeps between items.

A worker (a Dask worker, a local process, or this process) pays once for the
warm sandbox pool, the loaded index (check, run) and the chat model (run),
then reuses them for every item it gets.  The pool is the process's default
one (:func:`sciagent.sandbox.default_pool`): the exec items, the static
checker's live probe and the agent's programs all share it, so a worker runs
exactly one pool.  The JSON of a row is what the matching command prints with
``--json``, from the same ``to_dict`` functions.
"""

from __future__ import annotations

import copy
import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SciagentError
from ._rows import BatchError, Item, Mode, error_row

if TYPE_CHECKING:
    from ..agent import Agent
    from ..render.values import FileView
    from ..sandbox import SandboxPool

log = logging.getLogger(__name__)

#: ``sciagent exec``'s defaults, for exec rows: wall seconds, and MB of memory
DEFAULT_EXEC_TIMEOUT_S = 30.0
DEFAULT_EXEC_MEMORY_MB = 1024


@dataclass(frozen=True)
class Options:
    """How every item of one batch is handled; sent to the workers with each item.

    ``timeout`` is the default per-row limit (exec: the program's wall
    seconds, as ``exec --timeout``; run: each program's, as ``Agent(timeout=)``)
    and ``memory`` each program's MB; None means the command's own default;
    ``live`` is check's live introspection; ``model``, ``strategy``,
    ``samples``, ``budget`` (seconds), ``attempts`` and ``n`` are ``sciagent
    run``'s (:meth:`agent_settings`).  ``model`` may be a chat model object
    when the batch runs in this process; workers in other processes need a
    name or path they can resolve themselves.  ``output_dir`` (an absolute
    path, or None to keep nothing) is where an exec or run item's files are
    saved, each item in its own subfolder (:attr:`Item.folder`), by the
    worker that ran it; the row it sends back lists them in ``saved``.
    """

    mode: Mode = "exec"
    timeout: float | None = None
    memory: int | None = None
    unsafe: bool = False
    live: bool = True
    model: Any = None
    strategy: str = "select"
    samples: int = 4
    attempts: int = 3
    budget: float = 300.0
    n: int = 3
    output_dir: str | None = None

    def agent_settings(self) -> dict[str, Any]:
        """The ``Agent`` keyword arguments of the run options (as ``sciagent run`` passes them)."""
        return {
            "strategy": self.strategy,
            "samples": self.samples,
            "budget_s": self.budget,
            "max_attempts": self.attempts,
            "n": self.n,
        }

    def agent_key(self) -> tuple[Any, ...]:
        model = self.model if self.model is None or isinstance(self.model, str) else id(self.model)
        settings = tuple(self.agent_settings().values())
        return (model, *settings, self.timeout, self.memory)


class WorkerState:
    """The warm things one worker process keeps for its items; thread-safe; close when done.

    Built lazily by the first item of each mode, so a worker that only runs
    exec items never loads the index, and a worker that cannot set up (no
    sandbox tier, no index, no model) says so with a :class:`BatchError`
    instead of failing every row one by one.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._agents: dict[tuple[Any, ...], Agent] = {}
        self._pools: dict[bool, SandboxPool] = {}
        self._ready: set[tuple[Any, ...]] = set()

    def run(self, item: Item, options: Options) -> dict[str, Any]:
        """The result row for ``item``: the command's JSON plus the id; never raises for the item."""
        self.prepare(options)
        try:
            payload = _RUNNERS[options.mode](self, item, options)
        except SciagentError as exc:
            from ..sandbox import SandboxInputError

            kind = "input" if isinstance(exc, SandboxInputError) else "internal"
            return error_row(item.id, type(exc).__name__, exc.message, kind, exc.fix or "")
        except Exception as exc:  # one item's surprise must not end the batch
            log.exception("batch item %r failed", item.id)
            return error_row(
                item.id,
                type(exc).__name__,
                str(exc),
                "internal",
                "this is a bug in sciagent: please report it with the row that caused it",
            )
        from ..cli._json import versioned

        return {"id": item.id, **versioned(payload)}

    def prepare(self, options: Options) -> None:
        """Start the pool, load the index and the model this mode needs; once per worker."""
        key = (options.mode, options.unsafe, options.agent_key() if options.mode == "run" else None)
        pool = self._pools.get(options.unsafe)
        if key in self._ready and pool is not None and not pool.closed:
            return
        with self._lock:
            try:
                self._pool_locked(options.unsafe).start()
                if options.mode in ("check", "run"):
                    from ..api import default_searcher

                    default_searcher()
                if options.mode == "run":
                    self._agent_locked(options)
            except SciagentError as exc:
                raise BatchError(
                    f"a worker cannot set up for --mode {options.mode}: {exc.message}",
                    fix=exc.fix or "run `sciagent doctor` where the worker runs",
                ) from None
            self._ready.add(key)

    def pool(self, unsafe: bool) -> SandboxPool:
        """The process's default warm pool, looked up once.

        ``run_code`` would find the same pool, but asks the plugins for their
        preload list on every call (~20 ms here), more than a short program takes.
        """
        with self._lock:
            return self._pool_locked(unsafe)

    def _pool_locked(self, unsafe: bool) -> SandboxPool:
        pool = self._pools.get(unsafe)
        if pool is None or pool.closed:
            from ..plugin import installed_preload
            from ..sandbox import default_pool

            if pool is not None:  # closed under us: agents built on it must go too
                self._agents.clear()
                self._ready.clear()
            pool = self._pools[unsafe] = default_pool(installed_preload(), unsafe=unsafe)
        return pool

    def agent(self, options: Options) -> Agent:
        with self._lock:
            return self._agent_locked(options)

    def _agent_locked(self, options: Options) -> Agent:
        key = options.agent_key()
        agent = self._agents.get(key)
        if agent is None:
            from ..agent import Agent
            from ..api import default_searcher

            agent = Agent(
                options.model,
                **options.agent_settings(),
                searcher=default_searcher(),
                pool=self._pool_locked(options.unsafe),
            )
            # unset: the agent's own defaults per program, as `sciagent run` has them
            if options.timeout is not None:
                agent.timeout = options.timeout
            if options.memory is not None:
                agent.memory = options.memory
            self._agents[key] = agent
        return agent

    def close(self) -> None:
        """Stop the warm sandbox pool; the next item would start a new one."""
        from ..sandbox import close_default_pools

        with self._lock:
            self._agents.clear()
            self._pools.clear()
            self._ready.clear()
        close_default_pools()


def _exec(state: WorkerState, item: Item, options: Options) -> dict[str, Any]:
    """``sciagent exec --json``: the RunResult (from the warm pool ``run_code`` uses too)
    and where its files were saved."""
    result = state.pool(options.unsafe).run(
        item.text,
        timeout=item.timeout or options.timeout or DEFAULT_EXEC_TIMEOUT_S,
        memory=options.memory or DEFAULT_EXEC_MEMORY_MB,
        files=dict(item.inputs) or None,
    )
    return {**result.to_dict(), "saved": _saved(result.files, item, options)}


def _check(state: WorkerState, item: Item, options: Options) -> dict[str, Any]:
    """``sciagent check --json``'s findings; ``ok`` unless one is an error.

    A warning (likely, unproven) is listed but does not fail the row, as it does
    not stop the agent from running a program.
    """
    from ..api import default_searcher
    from ..check import check_code

    findings = check_code(item.text, searcher=default_searcher(), live=options.live)
    ok = not any(f.is_error for f in findings)
    return {"ok": ok, "findings": [f.to_dict() for f in findings]}


def _run(state: WorkerState, item: Item, options: Options) -> dict[str, Any]:
    """``sciagent run --json``: the AgentResult, serialised as that command does, and where
    the final program's files were saved."""
    from ..render.cards.agent import final_files

    agent = state.agent(options)
    if item.timeout is not None:  # a copy: the cached agent is shared with other threads
        agent = copy.copy(agent)
        agent.timeout = item.timeout
    result = agent.run(item.text, dict(item.inputs) or None, domain=item.domain)
    row: dict[str, Any] = json.loads(result.to_json())
    return {**row, "saved": _saved(final_files(result), item, options)}


def _saved(files: Iterable[FileView], item: Item, options: Options) -> dict[str, Any] | None:
    """Save an item's files in its subfolder of ``options.output_dir``; the row's ``saved``
    (None when the batch keeps no files).  Its input files that come back unchanged are
    not saved again, as ``sciagent exec -i`` does."""
    if options.output_dir is None:
        return None
    from ..sandbox import save_outputs

    inputs = {name: text.encode() for name, text in item.inputs.items()}
    target = Path(options.output_dir) / item.folder
    return save_outputs(files, target, inputs=inputs).to_dict()


_RUNNERS: dict[str, Callable[[WorkerState, Item, Options], dict[str, Any]]] = {
    "exec": _exec,
    "check": _check,
    "run": _run,
}

# -- a local process pool's worker (no Dask) ----------------------------------------------

_process_state: WorkerState | None = None


def init_process() -> None:
    """``ProcessPoolExecutor`` initializer: this process's state, closed when it exits.

    Multiprocessing children leave with ``os._exit`` (no atexit); a
    ``Finalize`` with an exit priority is what runs on the way out.
    """
    import multiprocessing.util

    global _process_state
    _process_state = WorkerState()
    multiprocessing.util.Finalize(None, _process_state.close, exitpriority=10)


def process_item(item: Item, options: Options) -> dict[str, Any]:
    """One item in a local pool process (see :func:`init_process`)."""
    if _process_state is None:
        raise BatchError(
            "the batch process was started without its initializer",
            fix="use sciagent.batch.batch(..., workers=N) rather than a bare process pool",
        )
    return _process_state.run(item, options)
