"""The MCP server: the toolbox's six tools and the API cards, on the SDK's ``MCPServer``.

The SDK does the protocol: schemas from the tools' type hints, argument
validation, structured output validated against the output models, the stdio
transport (which points fd 1 at stderr while serving, so no stray print of
ours, of a C library or of a child process can corrupt the wire) and
streamable HTTP.  This module adds what is ours: descriptions written for a
calling model, a :class:`~sciagent.errors.SciagentError` turned into a tool
error whose text carries the fix, images as image content, and a lifespan
that warms the index and the sandbox pool and stops the pool at shutdown.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Annotated, Any, Literal

import anyio
import anyio.to_thread
from mcp.server import MCPServer
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp.types import CallToolResult, ContentBlock, ImageContent, TextContent, ToolAnnotations

from .._version import __version__
from ..errors import SciagentError
from ..render.progress import progress_line
from ._models import RunOutput, Solution
from ._tools import Toolbox, card_markdown

if TYPE_CHECKING:
    from ..agent import Progress

log = logging.getLogger(__name__)

Transport = Literal["stdio", "streamable-http"]

#: at most this many seconds without a progress notification from a running
#: ``solve``: a client that asked for progress sees the call is alive (some reset
#: their timeout on each one)
PROGRESS_EVERY_S = 5.0
#: how often the event loop picks up the agent's new stages
POLL_S = 0.25

INSTRUCTIONS = """\
sciagent knows the scientific Python libraries installed on this machine (list_libraries \
says which, at which versions) from an index of their real signatures, and runs code in an \
isolated sandbox. To compute something: search_api for the APIs (then describe_api for one \
API's parameters), write the program using only names found there, check_code it, fix what \
it reports, then run_code it. solve hands the whole request to sciagent's own agent and \
says how sure it is. API cards are also resources: sciagent://api/{qualname}."""

DESCRIPTIONS = {
    "search_api": (
        "Find the functions, classes and methods of the scientific Python libraries installed "
        "here (e.g. RDKit, Biopython, Astropy) that do a task described in plain words, or "
        "that match a name you suspect. Returns ranked cards: `name` (the import path to "
        "type), the exact signature and every overload of the installed version, a one-line "
        "summary, library and version. Call it before writing code and use only names it "
        "returns; describe_api gives one API's full card; then check_code, then run_code."
    ),
    "describe_api": (
        "The full card of one API of the installed libraries: every overload with its "
        "parameters (types, defaults, descriptions), the docstring, examples and the other "
        "paths it can be imported from. Pass a name from search_api; an unknown name is an "
        "error listing the nearest real names. The same card is the resource "
        "sciagent://api/{qualname}."
    ),
    "check_code": (
        "Check a complete Python program against the APIs installed here without running it: "
        "invented functions, modules, methods or attributes, keyword arguments no overload "
        "accepts, wrong argument counts and syntax errors, each with a message and a "
        "suggestion (the nearest real name). Returns `findings` (line, kind, message, "
        "suggestion); an empty list (ok: true) means nothing to fix. Cheap: call it after "
        "writing a program and before run_code."
    ),
    "run_code": (
        "Run a complete, self-contained Python program in an isolated sandbox (no network, no "
        "access to this machine's files or environment) with the scientific libraries "
        "installed here. Returns stdout, stderr, the value of a top-level variable named "
        "`result` (as JSON), the error and traceback if the program raised, the files it "
        "wrote (names and sizes; small text files inline; images also as image content; "
        "`saved_to`, the path on this machine, when the server keeps files) and "
        "the sandbox isolation tier. `files` puts text input files in the working directory "
        "first. Each run starts fresh: include every import. A program stopped by a limit "
        "(timeout, memory, output) is a tool error that says what to change. Use search_api "
        "and check_code first."
    ),
    "list_libraries": (
        "Which scientific libraries sciagent knows on this machine: each plugin with its "
        "domain (the `domain` argument of search_api and solve), each library's installed "
        "version and whether its API index is fresh, and the sandbox isolation tier. Call it "
        "when unsure what is installed."
    ),
    "solve": (
        "Hand a whole scientific computation to sciagent's own agent: it retrieves the APIs, "
        "writes several programs with its configured model (by default a small offline one), "
        "checks and runs them in the sandbox and compares their answers. Slow: tens of seconds "
        "to minutes. Returns `status` (ok: checked and confirmed by agreeing programs; unsure: "
        "not confirmed, or programs disagree, see `candidates`; failed), `answer`, "
        "`confidence`, `reason`, the program (`code`), the APIs used with their versions and "
        "the files the program wrote (`files`: names, sizes, `saved_to` when kept). "
        "Report an unsure answer as unsure, never as verified. If you can write the code "
        "yourself, search_api, check_code and run_code are faster and under your control."
    ),
}

_READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)
ANNOTATIONS = {
    "search_api": _READ_ONLY,
    "describe_api": _READ_ONLY,
    "check_code": _READ_ONLY,
    "list_libraries": _READ_ONLY,
    # sandboxed: nothing on this machine changes, but every run is new work
    "run_code": ToolAnnotations(read_only_hint=True, idempotent_hint=False, open_world_hint=False),
    "solve": ToolAnnotations(read_only_hint=True, idempotent_hint=False, open_world_hint=False),
}
TITLES = {
    "search_api": "Search the installed scientific APIs",
    "describe_api": "Describe one API",
    "check_code": "Check a program against the installed APIs",
    "run_code": "Run a program in the sandbox",
    "list_libraries": "List the indexed libraries",
    "solve": "Solve a scientific request end to end",
}


def explain(exc: SciagentError) -> str:
    """An error as one paragraph a calling model can act on: the problem, then the fix."""
    message = exc.message.rstrip()
    if message and message[-1] not in ".?!:":
        message += "."
    return f"{message} Fix: {exc.fix}" if exc.fix else message


def _tool_errors(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` with a SciagentError raised as an MCP ToolError carrying the fix.

    The signature (argument types, descriptions, return model) is the
    method's own, so the SDK builds the same schemas.  Other exceptions stay
    crashes: the SDK logs their traceback on stderr and tells the client only
    that the tool failed, so nothing unexpected leaks.
    """

    @functools.wraps(method)
    def tool(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except SciagentError as exc:
            raise ToolError(explain(exc)) from exc

    return tool


def _run_code_tool(toolbox: Toolbox) -> Callable[..., Any]:
    """``run_code`` returning a CallToolResult: the JSON text, then each image as a block."""
    checked = _tool_errors(toolbox.run_code)

    @functools.wraps(toolbox.run_code)
    def run_code(*args: Any, **kwargs: Any) -> CallToolResult:
        out: RunOutput = checked(*args, **kwargs)
        data = out.model_dump(mode="json")
        content: list[ContentBlock] = [TextContent(type="text", text=json.dumps(data, indent=2))]
        content += [
            ImageContent(type="image", data=b64, mime_type=mime) for _, mime, b64 in out.images
        ]
        return CallToolResult(content=content, structured_content=data)

    signature = inspect.signature(toolbox.run_code, eval_str=True)
    run_code.__signature__ = signature.replace(  # type: ignore[attr-defined]
        return_annotation=Annotated[CallToolResult, RunOutput]
    )
    return run_code


def _solve_tool(toolbox: Toolbox) -> Callable[..., Any]:
    """``solve`` run in a worker thread, its progress sent to the client as it happens.

    An agent run takes minutes with a local model; without a sign of life a
    client may give up.  Each stage of each attempt (finding the APIs, writing,
    checking, running, validating) becomes a progress notification, and while
    the model writes, the latest line is repeated every ``PROGRESS_EVERY_S``.
    The SDK sends them only if the caller asked for progress (a progress
    token); otherwise reporting is a no-op.
    """

    async def solve(ctx: Context, **kwargs: Any) -> Solution:
        done = anyio.Event()
        started = time.monotonic()
        lines = _ProgressLines()
        checked = _tool_errors(functools.partial(toolbox.solve_reporting, on_progress=lines.add))

        async def report() -> None:
            beat = time.monotonic()
            while True:
                with anyio.move_on_after(POLL_S):
                    await done.wait()
                news = lines.take()
                if not news and time.monotonic() - beat >= PROGRESS_EVERY_S:
                    news = [lines.latest]
                for line in news:
                    await ctx.report_progress(time.monotonic() - started, None, line)
                    beat = time.monotonic()
                if done.is_set():
                    return

        outcome: dict[str, Any] = {}

        async def work() -> None:
            try:
                outcome["result"] = await anyio.to_thread.run_sync(
                    functools.partial(checked, **kwargs)
                )
            except Exception as exc:  # raised below, not wrapped in an ExceptionGroup
                outcome["error"] = exc
            finally:
                done.set()

        async with anyio.create_task_group() as group:
            group.start_soon(report)
            await work()
        if "error" in outcome:
            raise outcome["error"]
        result: Solution = outcome["result"]
        return result

    signature = inspect.signature(toolbox.solve, eval_str=True)
    context = inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context)
    solve.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), context]
    )
    solve.__annotations__ = {
        **{name: p.annotation for name, p in signature.parameters.items()},
        "ctx": Context,
        "return": signature.return_annotation,
    }
    solve.__doc__ = toolbox.solve.__doc__
    return solve


class _ProgressLines:
    """The agent's progress, handed from its threads to the server's event loop.

    The agent reports from its own threads (candidates are judged in
    parallel); the loop polls, so no thread needs the loop.  A new stage is
    queued; a token count only refreshes the latest line.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queued: list[str] = []
        self.latest = "solving: starting"

    def add(self, event: Progress) -> None:
        line = "solving: " + progress_line(event).strip()
        with self._lock:
            self.latest = line
            if not (event.stage == "writing" and event.tokens):
                self._queued.append(line)

    def take(self) -> list[str]:
        with self._lock:
            queued, self._queued = self._queued, []
        return queued


def _warm(toolbox: Toolbox, ended: threading.Event) -> None:
    """Load the index and start the sandbox in the background: the handshake need not wait."""
    try:
        toolbox.warm()
    except Exception as exc:  # the first tool call reports it properly, with its fix
        if not ended.is_set():  # a session that ends at once stops the pool mid-start
            log.warning("warming up failed: %s", exc)


def build_server(toolbox: Toolbox | None = None, *, warm: bool = True) -> MCPServer[None]:
    """An MCP server over ``toolbox`` (default: a new :class:`Toolbox`).

    ``warm=True`` loads the index and starts the sandbox pool in a background
    thread when a session starts; the pool is stopped when it ends.
    """
    tools = toolbox if toolbox is not None else Toolbox()

    @asynccontextmanager
    async def lifespan(app: MCPServer[None]) -> AsyncIterator[None]:
        ended = threading.Event()
        if warm:
            threading.Thread(
                target=_warm, args=(tools, ended), name="sciagent-mcp-warm", daemon=True
            ).start()
        try:
            yield
        finally:
            ended.set()
            await anyio.to_thread.run_sync(tools.close)

    app: MCPServer[None] = MCPServer(
        "sciagent",
        title="sciagent",
        description="Search, check and run code against the scientific Python libraries installed here.",
        instructions=INSTRUCTIONS,
        version=__version__,
        lifespan=lifespan,
        log_level="WARNING",
    )
    handlers: dict[str, Callable[..., Any]] = {
        name: _tool_errors(getattr(tools, name))
        for name in ("search_api", "describe_api", "check_code", "list_libraries")
    }
    handlers["run_code"] = _run_code_tool(tools)
    handlers["solve"] = _solve_tool(tools)
    for name, handler in handlers.items():
        app.add_tool(
            handler,
            name=name,
            title=TITLES[name],
            description=DESCRIPTIONS[name],
            annotations=ANNOTATIONS[name],
        )

    @app.resource(
        "sciagent://api/{qualname}",
        name="api-card",
        title="API card",
        description="The full card of one API of the installed libraries (as describe_api), "
        "by its qualname, e.g. sciagent://api/rdkit.Chem.rdmolfiles.MolFromSmiles.",
        mime_type="text/markdown",
    )
    def api_card(qualname: str) -> str:
        try:
            return card_markdown(tools.describe_api(qualname))
        except SciagentError as exc:
            raise ResourceNotFoundError(explain(exc)) from exc

    return app


def serve(
    toolbox: Toolbox | None = None,
    *,
    transport: Transport = "stdio",
    host: str = "127.0.0.1",
    port: int = 8000,
) -> None:
    """Serve until the client goes away (stdio) or the process is interrupted (HTTP)."""
    app = build_server(toolbox)
    if transport == "stdio":
        app.run("stdio")
    else:
        app.run("streamable-http", host=host, port=port)
