"""What the static checker reports: one :class:`Finding` per problem.

A finding is feedback for a language model as much as for a person, so its
``message`` is a full sentence with the nearest real names, and
``suggestions`` lists those names (full dotted paths) for programs to use.
``severity`` says how sure the checker is: an ``"error"`` is proven (by the
index or the live libraries) and the program will fail or misbehave there; a
``"warning"`` is likely but unproven (a keyword a ``**kwargs`` callable's
documentation does not name, a name the index lacks when the live check is
off), so callers report it without failing the program on it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

FindingKind = Literal[
    "unknown-name",
    "unknown-module",
    "bad-keyword",
    "arity",
    "syntax",
    "not-imported",
    "rebound-import",  # an imported name rebound, then used as the import again
    "undocumented-keyword",  # a keyword a **kwargs callable's docstring does not name
]
Severity = Literal["error", "warning"]


@dataclass(slots=True)
class Finding:
    """One problem in a program, at a line and column of its source."""

    line: int
    col: int
    name: str  # the dotted name as written, resolved to its full path
    kind: FindingKind
    message: str
    suggestions: list[str] = field(default_factory=list)
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        prefix = "" if self.is_error else "warning: "
        return f"{self.line}: {prefix}{self.message}"
