"""``sciagent mcp``: sciagent's tools for Claude Code, Cursor, VS Code, jupyter-ai, ...

A thin wrapper over :mod:`sciagent.mcp_server`.  On stdio, stdout is the
protocol's wire: this command writes nothing there itself (its messages go to
stderr, and so does the index build's logging).
"""

from __future__ import annotations

from pathlib import Path

import click

from ._common import handle_errors, setup_logging
from .agent import agent_options, agent_settings

LOOPBACK = "127.0.0.1"
LOOPBACKS = frozenset({"127.0.0.1", "localhost", "::1"})


class Address(click.ParamType):
    """``[HOST:]PORT`` for ``--http``; the host defaults to the loopback address."""

    name = "[host:]port"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, int]:
        if isinstance(value, tuple):
            return value
        text = str(value).strip()
        host, _, port_text = text.rpartition(":")
        host = host.strip("[]") or LOOPBACK  # "[::1]:8000" -> "::1"
        try:
            port = int(port_text)
        except ValueError:
            port = -1
        if not 0 < port < 65536:
            self.fail(f"{text!r} is not [HOST:]PORT with a port from 1 to 65535", param, ctx)
        return host, port


@click.command("mcp")
@click.option(
    "--http",
    "address",
    type=Address(),
    default=None,
    metavar="[HOST:]PORT",
    help=f"Serve streamable HTTP at http://HOST:PORT/mcp (host {LOOPBACK} unless given) "
    "instead of stdio.",
)
@agent_options
@click.option(
    "--unsafe", is_flag=True, help="Let run_code run even if no isolation tier works here."
)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Save the files programs write (run_code, solve) under DIR; by default none are saved.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log to stderr at INFO level.")
@handle_errors
def mcp_cmd(
    address: tuple[str, int] | None,
    model: str | None,
    strategy: str,
    samples: int,
    budget: float,
    attempts: int,
    n: int,
    unsafe: bool,
    output_dir: Path | None,
    verbose: bool,
) -> None:
    """Serve sciagent's tools over the Model Context Protocol (stdio by default).

    Tools: search_api, describe_api, check_code, run_code, list_libraries, solve;
    resources: sciagent://api/{qualname}.  Add it to Claude Code with
    `claude mcp add sciagent -- sciagent mcp`; see docs/mcp.md.
    """
    from ..mcp_server import Toolbox, serve

    setup_logging(verbose)
    toolbox = Toolbox(
        model=model,
        agent_options=agent_settings(strategy, samples, budget, attempts, n),
        unsafe=unsafe,
        output_dir=output_dir,
    )
    if address is None:
        serve(toolbox)
        return
    host, port = address
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"sciagent MCP server: http://{shown}:{port}/mcp (Ctrl-C stops it)", err=True)
    if host not in LOOPBACKS:
        click.secho(
            f"warning: {host} is not a loopback address and the server has no authentication: "
            "anyone who can reach it can run code in the sandbox here",
            fg="yellow",
            err=True,
        )
    serve(toolbox, transport="streamable-http", host=host, port=port)


COMMANDS: list[click.Command] = [mcp_cmd]
