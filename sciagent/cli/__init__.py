"""The ``sciagent`` command: one click group, one module per command family.

Each submodule exposes ``COMMANDS``; this file only wires them together, so the
CLI stays a thin surface over the Python API.
"""

from __future__ import annotations

import click

from . import agent as _agent
from . import batch as _batch
from . import check as _check
from . import index as _index
from . import mcp as _mcp
from . import plugins as _plugins
from . import sandbox as _sandbox
from . import search as _search


@click.group()
@click.version_option(package_name="sciagent")
def main() -> None:
    """Ground a language model in the scientific libraries installed here."""


for _module in (_agent, _batch, _check, _index, _mcp, _plugins, _search, _sandbox):
    for _command in _module.COMMANDS:
        main.add_command(_command)
