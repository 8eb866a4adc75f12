"""Notebook variables handed to the agent's program as input files.

``%%sciagent --inputs weights,seq`` turns each named variable into a file in
the program's working directory and tells the model, in one sentence, which
file holds which variable and how to load it:

* ``pathlib.Path`` (any ``os.PathLike``): the file itself, under its own name;
* ``str``: ``<name>.txt`` (its text); ``bytes``: ``<name>.bin``;
* a pandas-like table (has ``to_csv``): ``<name>.csv`` with a header row;
* anything JSON can hold (numbers, lists, dicts, numpy arrays and scalars,
  astropy quantities as ``{"value", "unit"}``): ``<name>.json``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import SciagentError


class InputError(SciagentError):
    """A variable named in ``--inputs`` is missing or cannot become a file."""


@dataclass(frozen=True)
class NotebookInput:
    variable: str
    filename: str
    content: bytes | str | Path
    description: str  # "holds `x` as JSON (load it with ...)"


def _jsonable(value: Any) -> Any:
    """``json.dumps`` default: numpy values, astropy quantities, sets; else TypeError."""
    unit = getattr(value, "unit", None)
    if (
        unit is not None
        and hasattr(value, "value")
        and type(value).__module__.startswith("astropy")
    ):
        number = value.value
        return {
            "value": number.tolist() if hasattr(number, "tolist") else number,
            "unit": str(unit),
        }
    if hasattr(value, "tolist") and callable(value.tolist):  # numpy arrays and scalars
        return value.tolist()
    if isinstance(value, set | frozenset):
        try:
            return sorted(value)
        except TypeError:
            return list(value)
    raise TypeError(type(value).__name__)


def to_input(variable: str, value: Any, taken: Iterable[str] = ()) -> NotebookInput:
    """One variable as one input file (see the module docstring for the rules)."""
    if isinstance(value, os.PathLike):
        path = Path(os.fspath(value)).expanduser()
        if not path.is_file():
            raise InputError(
                f"`{variable}` is the path {str(path)!r}, which is not a file",
                fix="pass the path of an existing file, or the data itself",
            )
        name = path.name if path.name not in set(taken) else f"{variable}_{path.name}"
        return NotebookInput(
            variable,
            name,
            path,
            f"`{name}` is the file `{variable}` points to (read it from there)",
        )
    if isinstance(value, str):
        name = f"{variable}.txt"
        return NotebookInput(
            variable,
            name,
            value,
            f"`{name}` holds the text of `{variable}` (open('{name}').read())",
        )
    if isinstance(value, bytes | bytearray | memoryview):
        name = f"{variable}.bin"
        return NotebookInput(
            variable,
            name,
            bytes(value),
            f"`{name}` holds the bytes of `{variable}` (open('{name}', 'rb').read())",
        )
    if hasattr(value, "to_csv") and hasattr(value, "columns"):
        name = f"{variable}.csv"
        return NotebookInput(
            variable,
            name,
            value.to_csv(index=False),
            f"`{name}` holds the table `{variable}` as CSV with a header row "
            f"(csv.DictReader(open('{name}')))",
        )
    try:
        text = json.dumps(value, default=_jsonable)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"cannot pass `{variable}` ({type(value).__name__}) to the program: "
            f"it is not JSON-safe ({exc})",
            fix="pass numbers, strings, lists or dicts of them, bytes, or a pathlib.Path to a file",
        ) from None
    name = f"{variable}.json"
    return NotebookInput(
        variable, name, text, f"`{name}` holds `{variable}` as JSON (json.load(open('{name}')))"
    )


def collect(names: Iterable[str], namespace: Mapping[str, Any]) -> list[NotebookInput]:
    """The named variables of ``namespace`` as input files."""
    found: list[NotebookInput] = []
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        if not name.isidentifier():
            raise InputError(
                f"--inputs takes variable names, and {name!r} is not one",
                fix="write --inputs name1,name2 (comma-separated, no spaces)",
            )
        if name not in namespace:
            raise InputError(
                f"--inputs names `{name}`, which is not defined in this notebook",
                fix=f"define `{name}` in a cell above, or drop it from --inputs",
            )
        found.append(to_input(name, namespace[name], [i.filename for i in found]))
    return found


def sentence(inputs: Iterable[NotebookInput]) -> str:
    """What the model is told about the input files."""
    parts = [i.description for i in inputs]
    if not parts:
        return ""
    return "Input files in the current directory: " + "; ".join(parts) + "."


def files(inputs: Iterable[NotebookInput]) -> dict[str, bytes | str | Path]:
    """``Agent.run``'s ``inputs`` mapping."""
    return {i.filename: i.content for i in inputs}


def contents(inputs: Iterable[NotebookInput]) -> dict[str, bytes]:
    """Each input file's bytes by name, as the program finds it in its working directory."""
    out: dict[str, bytes] = {}
    for item in inputs:
        if isinstance(item.content, Path):
            out[item.filename] = item.content.read_bytes()
        elif isinstance(item.content, bytes):
            out[item.filename] = item.content
        else:
            out[item.filename] = item.content.encode("utf-8")
    return out


def write(inputs: Iterable[NotebookInput], directory: Path) -> None:
    """Write the input files into ``directory`` (for ``--run-here``)."""
    for name, data in contents(inputs).items():
        (directory / name).write_bytes(data)
