"""The ``sciagent`` command: one click group, one module per command family.

Each submodule exposes ``COMMANDS``; this file only wires them together, so the
CLI stays a thin surface over the Python API.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from . import agent as _agent
from . import batch as _batch
from . import check as _check
from . import index as _index
from . import mcp as _mcp
from . import model as _model
from . import plugins as _plugins
from . import sandbox as _sandbox
from . import search as _search


class _Sciagent(click.Group):
    """The group; with ``--json``, a usage error is the contract's JSON error on stdout too."""

    def main(self, args: Sequence[str] | None = None, *a: Any, **kw: Any) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        options = given[: given.index("--")] if "--" in given else given
        self._wants_json = "--json" in options
        return super().main(args, *a, **kw)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            if not getattr(self, "_wants_json", False):
                raise
            from ._json import emit_error

            where = exc.ctx.command_path if isinstance(exc, click.UsageError) and exc.ctx else ""
            emit_error(
                exc.format_message(),
                f"see `{where} --help`" if where else None,
                type(exc).__name__,
            )
            ctx.exit(exc.exit_code)


@click.group(cls=_Sciagent)
@click.version_option(package_name="sciagent")
def main() -> None:
    """Ground a language model in the scientific libraries installed here."""


for _module in (_agent, _batch, _check, _index, _mcp, _model, _plugins, _search, _sandbox):
    for _command in _module.COMMANDS:
        main.add_command(_command)
