"""sciagent over the Model Context Protocol: ``sciagent mcp``.

Six tools (``search_api``, ``describe_api``, ``check_code``, ``run_code``,
``list_libraries``, ``solve``) and one resource template
(``sciagent://api/{qualname}``), served over stdio or streamable HTTP with the
official SDK (PyPI ``mcp`` 2.x, the optional extra ``sciagent[mcp]``).

:class:`Toolbox` holds the tools as plain typed functions and needs no MCP
package; :func:`build_server` and :func:`serve` need it and are imported on
first use, so ``sciagent mcp --help`` stays fast and a missing ``mcp`` is an
error with its fix, not a traceback.

    >>> from sciagent.mcp_server import Toolbox
    >>> Toolbox().search_api("parse a SMILES string", k=1).hits[0].name  # doctest: +SKIP
    'rdkit.Chem.MolFromSmiles'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import SciagentError
from ._models import ApiCard, CheckResult, Libraries, RunOutput, SearchResult, Solution
from ._tools import RunLimitError, Toolbox, ToolInputError, UnknownApiError

if TYPE_CHECKING:
    from ._server import build_server, serve

__all__ = [
    "ApiCard",
    "CheckResult",
    "Libraries",
    "McpMissingError",
    "RunLimitError",
    "RunOutput",
    "SearchResult",
    "Solution",
    "ToolInputError",
    "Toolbox",
    "UnknownApiError",
    "build_server",
    "serve",
]


class McpMissingError(SciagentError):
    """The MCP SDK (PyPI ``mcp``) is not installed."""


def _server_module() -> Any:
    try:
        from . import _server
    except ModuleNotFoundError as exc:
        if exc.name is None or exc.name.split(".")[0] not in ("mcp", "mcp_types"):
            raise
        raise McpMissingError(
            f"the MCP server needs the MCP Python SDK, which is not installed ({exc})",
            fix="pip install 'sciagent[mcp]'",
        ) from None
    return _server


def __getattr__(name: str) -> Any:
    if name in ("build_server", "serve"):
        return getattr(_server_module(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
