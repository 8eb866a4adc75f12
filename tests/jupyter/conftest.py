"""Notebooks executed by a real IPython kernel (nbclient) running this venv's python.

The kernel spec is written into a temporary prefix and points at
``sys.executable``, so the kernel is this interpreter whatever other
``python3`` kernels the machine has.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

KERNEL = "sciagent-test"


@pytest.fixture(scope="session")
def kernel_specs(tmp_path_factory: pytest.TempPathFactory) -> KernelSpecManager:
    from ipykernel.kernelspec import install

    prefix = tmp_path_factory.mktemp("kernels")
    install(kernel_name=KERNEL, prefix=str(prefix), display_name="sciagent tests")
    manager = KernelSpecManager(kernel_dirs=[str(prefix / "share" / "jupyter" / "kernels")])
    spec = manager.get_kernel_spec(KERNEL)
    assert spec.argv[0] == sys.executable, spec.argv
    return manager


class Executed:
    """An executed notebook plus the kernel's execute replies (payloads live there)."""

    def __init__(self, nb: nbformat.NotebookNode, replies: dict[int, dict[str, Any]]):
        self.nb = nb
        self.replies = replies

    def outputs(self, index: int) -> list[dict[str, Any]]:
        return list(self.nb.cells[index].get("outputs", []))

    def html(self, index: int) -> str:
        return "\n".join(
            "".join(o["data"]["text/html"])
            for o in self.outputs(index)
            if "data" in o and "text/html" in o["data"]
        )

    def text(self, index: int) -> str:
        parts = []
        for o in self.outputs(index):
            if o.get("output_type") == "stream":
                parts.append("".join(o["text"]))
            elif "data" in o and "text/plain" in o["data"]:
                parts.append("".join(o["data"]["text/plain"]))
            elif o.get("output_type") == "error":
                parts.append("\n".join(o.get("traceback", [])))
        return "\n".join(parts)

    def everything(self, index: int) -> str:
        return self.text(index) + "\n" + self.html(index)


@pytest.fixture(scope="session")
def execute(kernel_specs: KernelSpecManager) -> Callable[..., Executed]:
    def run(nb: nbformat.NotebookNode, cwd: Path, timeout: int = 600) -> Executed:
        replies: dict[int, dict[str, Any]] = {}

        def keep(cell: Any, cell_index: int, execute_reply: dict[str, Any]) -> None:
            replies[cell_index] = execute_reply

        km = KernelManager(kernel_name=KERNEL, kernel_spec_manager=kernel_specs)
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            resources={"metadata": {"path": str(cwd)}},
            on_cell_executed=keep,
        )
        client.execute()
        return Executed(nb, replies)

    return run


def notebook(*sources: str) -> nbformat.NotebookNode:
    """A notebook of code cells."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {
        "name": KERNEL,
        "display_name": "sciagent tests",
        "language": "python",
    }
    return nb


@pytest.fixture(scope="session")
def make_notebook() -> Callable[..., nbformat.NotebookNode]:
    return notebook
