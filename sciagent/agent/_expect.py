"""The caller's expectations of an answer: type, unit, range, a predicate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Expect:
    """What a correct answer looks like; each miss becomes feedback for a repair.

    ``type`` is checked against the program's ``result`` (JSON-safe: numbers,
    strings, lists, dicts; an astropy Quantity arrives as ``{"value", "unit"}``),
    ``unit`` against a Quantity's unit string, ``range`` as inclusive bounds,
    ``predicate`` gets the value and returns True or a message.
    """

    type: type | tuple[type, ...] | None = None
    unit: str | None = None
    range: tuple[float | None, float | None] | None = None
    predicate: Callable[[Any], bool | str] | None = None
    description: str = ""

    def check(self, value: Any, has_value: bool) -> list[str]:
        if not has_value:
            return [
                "the program set no `result`; assign the final answer to a variable named result"
            ]
        messages: list[str] = []
        number = value
        if isinstance(value, dict) and {"value", "unit"} <= set(value):
            number = value["value"]
            if self.unit is not None and str(value["unit"]).replace(" ", "") != self.unit.replace(
                " ", ""
            ):
                messages.append(f"the result is in {value['unit']!r}, expected {self.unit!r}")
        elif self.unit is not None:
            messages.append(
                f"the result should be a quantity in {self.unit!r}, got {type(value).__name__}"
            )
        if self.type is not None and not isinstance(number, self.type):
            wanted = self.type if isinstance(self.type, tuple) else (self.type,)
            names = " or ".join(t.__name__ for t in wanted)
            messages.append(
                f"the result should be {names}, got {type(number).__name__}: {number!r:.80}"
            )
        if self.range is not None and isinstance(number, int | float):
            low, high = self.range
            if (low is not None and number < low) or (high is not None and number > high):
                messages.append(
                    f"the result {number!r} is outside the expected range {low}..{high}"
                )
        if self.predicate is not None:
            try:
                verdict = self.predicate(value)
            except Exception as exc:  # a caller's predicate must not crash the run
                verdict = f"the expectation check raised {type(exc).__name__}: {exc}"
            if verdict is not True:
                messages.append(
                    verdict if isinstance(verdict, str) else "the result failed the caller's check"
                )
        return messages
