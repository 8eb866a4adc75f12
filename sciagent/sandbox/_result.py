"""What a program run returns: plain dataclasses with the field names the CLI prints."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class RunError:
    """Why a program did not finish normally.

    ``kind`` tells a repair loop what to do: ``syntax`` and ``exception`` are
    the program's fault and carry a line number; ``limit`` means a resource
    limit stopped it (``type`` names which); ``crash`` is a signal or an exit
    without a result; ``sandbox`` is an infrastructure failure (worker died).
    """

    type: str
    message: str
    kind: str = "exception"
    traceback: str = ""
    lineno: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RunError:
        return cls(
            type=str(d.get("type", "Error")),
            message=str(d.get("message", "")),
            kind=str(d.get("kind", "exception")),
            traceback=str(d.get("traceback", "")),
            lineno=d.get("lineno") if isinstance(d.get("lineno"), int) else None,
        )

    def __str__(self) -> str:
        where = f" (line {self.lineno})" if self.lineno else ""
        return f"{self.type}{where}: {self.message}"


#: optional libraries that sciagent ships an extra for: the module, the extra to install
EXTRAS = {"matplotlib": "plots", "pandas": "plots"}
_MISSING_MODULE = re.compile(r"No module named '([\w.]+)'")


def with_install_hint(error: RunError) -> RunError:
    """``error`` with how to install the module, when a program's import failed on a
    library that a sciagent extra provides (``pip install "sciagent[plots]"``).

    The sandbox runs the host's interpreter and site-packages, so the fix is an
    install on the host; the hint goes in the message, which every surface shows.
    """
    match = _MISSING_MODULE.search(error.message)
    if error.type != "ModuleNotFoundError" or match is None:
        return error
    extra = EXTRAS.get(match.group(1).split(".")[0])
    if extra is None or "pip install" in error.message:
        return error
    hint = f'{match.group(1).split(".")[0]} is not installed here: pip install "sciagent[{extra}]"'
    shown = error.traceback.rstrip("\n") + f"\n{hint}\n" if error.traceback else ""
    return replace(error, message=f"{error.message} ({hint})", traceback=shown)


@dataclass(frozen=True)
class OutputFile:
    """A file the program left in its working directory.

    ``content_b64`` is set while the run's content budget lasts, else None.
    """

    name: str
    size: int
    content_b64: str | None = None

    @property
    def content(self) -> bytes | None:
        return None if self.content_b64 is None else base64.b64decode(self.content_b64)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RunResult:
    """The outcome of one program run, serialisable with :meth:`to_dict`."""

    ok: bool
    stdout: str = ""
    stderr: str = ""
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    value: Any = None
    has_value: bool = False
    value_truncated: bool = False
    error: RunError | None = None
    files: list[OutputFile] = field(default_factory=list)
    files_truncated: bool = False
    duration_s: float = 0.0
    cpu_s: float = 0.0
    max_rss_mb: float = 0.0
    exit_code: int | None = None
    signal: int | None = None
    tier: str = ""
    warm: bool = True
    limits: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["error"] = self.error.to_dict() if self.error else None
        return d

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RunResult:
        err = d.get("error")
        return cls(
            **{k: v for k, v in d.items() if k not in ("error", "files")},
            error=RunError.from_dict(err) if isinstance(err, dict) else None,
            files=[OutputFile(**f) for f in d.get("files", [])],
        )

    def file(self, name: str) -> OutputFile:
        """The produced file called ``name`` (KeyError if absent)."""
        for f in self.files:
            if f.name == name:
                return f
        raise KeyError(name)

    def _repr_html_(self) -> str:
        from ..render.cards.runs import run_result_html

        return run_result_html(self)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        from ..render.cards.runs import run_result_text

        p.text(run_result_text(self))
