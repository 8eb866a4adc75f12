"""What the static checker reports: one :class:`Finding` per problem.

A finding is feedback for a language model as much as for a person, so its
``message`` is a full sentence with the nearest real names, and
``suggestions`` lists those names (full dotted paths) for programs to use.
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
]


@dataclass(slots=True)
class Finding:
    """One problem in a program, at a line and column of its source."""

    line: int
    col: int
    name: str  # the dotted name as written, resolved to its full path
    kind: FindingKind
    message: str
    suggestions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.line}: {self.message}"
