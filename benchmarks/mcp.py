"""MCP benchmark: each tool over stdio against the same call in process, and cold start.

    .venv/bin/python benchmarks/mcp.py [--rounds 20] [--starts 3]

One run measures, on the same inputs:
- each tool called directly on a warm :class:`sciagent.mcp_server.Toolbox`
  (in process), through the SDK's in-memory client (the protocol without a
  process boundary) and through the SDK's stdio client against
  ``sciagent mcp`` as a subprocess (what Claude Code or Cursor do);
- the server's cold start: from spawning ``sciagent mcp`` to the handshake
  done, and to the first search answered (the index and the sandbox pool are
  warmed in the background, so that one waits for them).

Medians and the stdio/in-process ratio are printed as one table; nothing is
asserted.  ``solve`` is not timed: it is bound by the model (see
``benchmarks/agent.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Run as a script, this file's directory comes first on sys.path, and this file
# (mcp.py) would shadow the MCP SDK (the package mcp): look past it.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from mcp import Client, StdioServerParameters  # noqa: E402

from sciagent.mcp_server import Toolbox, build_server  # noqa: E402

#: (tool, arguments): the calls timed, the same on every path
CALLS: list[tuple[str, dict[str, Any]]] = [
    ("search_api", {"query": "angular separation of two sky coordinates", "k": 5}),
    ("describe_api", {"name": "rdkit.Chem.MolFromSmiles"}),
    (
        "check_code",
        {
            "code": "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\n"
            "print(Descriptors.MolWt(Chem.MolFromSmiles('CCO')))\n"
        },
    ),
    (
        "run_code",
        {
            "code": "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\n"
            "result = round(Descriptors.MolWt(Chem.MolFromSmiles('CC(=O)Oc1ccccc1C(=O)O')), 2)\n"
        },
    ),
    ("list_libraries", {}),
]


def command() -> list[str]:
    script = Path(sys.executable).with_name("sciagent")
    if script.exists():
        return [str(script), "mcp"]
    return [sys.executable, "-c", "from sciagent.cli import main; main()", "mcp"]


def params() -> StdioServerParameters:
    first, *rest = command()
    env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    for name in ("SCIAGENT_INDEX_DIR", "SCIAGENT_PLUGINS"):
        if name in os.environ:
            env[name] = os.environ[name]
    return StdioServerParameters(command=first, args=rest, env=env)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def timed(call: Callable[[], Awaitable[Any]]) -> float:
    t0 = time.perf_counter()
    result = await call()
    elapsed = time.perf_counter() - t0
    if getattr(result, "is_error", False):
        raise SystemExit(f"a call failed: {result}")
    return elapsed


async def per_tool(toolbox: Toolbox, rounds: int) -> dict[str, dict[str, float]]:
    """Median ms per tool and path; the paths take turns within each round, so a busy
    machine slows all three alike instead of whichever ran during the busy spell."""
    async with (
        Client(build_server(toolbox, warm=False)) as memory,
        Client(params(), read_timeout_seconds=120) as stdio,
    ):
        out: dict[str, dict[str, float]] = {}
        for name, args in CALLS:
            method = getattr(toolbox, name)

            async def direct(method: Any = method, args: dict[str, Any] = args) -> Any:
                return method(**args)

            paths = {
                "in process": direct,
                "in-memory client": lambda name=name, args=args: memory.call_tool(name, args),
                "stdio": lambda name=name, args=args: stdio.call_tool(name, args),
            }
            for call in paths.values():  # warm: caches, the checker's live probe
                await timed(call)
            samples: dict[str, list[float]] = {path: [] for path in paths}
            for _ in range(rounds):
                for path, call in paths.items():
                    samples[path].append(await timed(call))
            out[name] = {path: median_ms(times) for path, times in samples.items()}
    return out


async def cold_start() -> tuple[float, float]:
    """(seconds to the handshake, seconds to the first search answered), from spawn."""
    t0 = time.perf_counter()
    async with Client(params(), read_timeout_seconds=120) as client:
        ready = time.perf_counter() - t0
        await client.call_tool("search_api", {"query": "parse a SMILES string", "k": 1})
        answered = time.perf_counter() - t0
    return ready, answered


def run(coro: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(coro())  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="timed calls per tool and path")
    parser.add_argument("--starts", type=int, default=3, help="cold starts of the server")
    args = parser.parse_args()

    starts = [run(cold_start) for _ in range(args.starts)]

    toolbox = Toolbox()
    toolbox.warm()
    medians = run(lambda: per_tool(toolbox, args.rounds))
    toolbox.close()

    print(f"sciagent MCP server: {args.rounds} calls per tool and path, medians (ms)\n")
    print(
        "| tool | in process | in-memory client | stdio | stdio / in process | stdio - in process |"
    )
    print("|---|---|---|---|---|---|")
    for name, _ in CALLS:
        d, m, s = (medians[name][p] for p in ("in process", "in-memory client", "stdio"))
        print(f"| {name} | {d:.1f} | {m:.1f} | {s:.1f} | {s / d:.1f}x | {s - d:+.1f} |")
    ready = statistics.median(s[0] for s in starts)
    answered = statistics.median(s[1] for s in starts)
    print(
        f"\ncold start over stdio ({args.starts} starts, median): handshake done {ready:.2f} s, "
        f"first search answered {answered:.2f} s"
    )
    print("solve: not timed (model-bound; see benchmarks/agent.py)")


if __name__ == "__main__":
    main()
