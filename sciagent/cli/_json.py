"""The CLI's JSON contract: one object per command on stdout, versioned, errors included.

With ``--json`` a command prints exactly one JSON object on stdout and nothing
else there (progress, logs and index-build bars go to stderr).  Every object
carries ``schema_version``; an error is ``{"schema_version", "error",
"error_type", "fix"}`` with a non-zero exit.  ``schema.json`` beside this
module is the JSON Schema (draft 2020-12) of every command's output, one
``$defs`` entry per command.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import click

#: bumped when a field changes meaning or type, or goes away; new fields do not bump it
SCHEMA_VERSION = "1"
#: the schema file shipped with the package, beside this module
SCHEMA_FILE = "schema.json"


def versioned(payload: Mapping[str, Any]) -> dict[str, Any]:
    """``payload`` with ``schema_version`` first."""
    return {"schema_version": SCHEMA_VERSION, **payload}


def emit(payload: Mapping[str, Any]) -> None:
    """Print ``payload`` (with ``schema_version``) as the command's one JSON object on stdout."""
    click.echo(json.dumps(versioned(payload), indent=2, default=str))


def error_payload(message: str, fix: str | None, error_type: str) -> dict[str, Any]:
    """The object an error prints with ``--json``: the message, its fix (or null), its class."""
    return versioned({"error": message, "error_type": error_type, "fix": fix or None})


def emit_error(message: str, fix: str | None, error_type: str) -> None:
    click.echo(json.dumps(error_payload(message, fix, error_type), indent=2))


def schema() -> dict[str, Any]:
    """The JSON Schema of every command's ``--json`` output (``$defs`` per command)."""
    from importlib.resources import files

    text = files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded
