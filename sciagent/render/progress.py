"""One line for what the agent is doing right now, the same in a terminal and a notebook.

Reads an event through :class:`ProgressView` (``sciagent.agent.Progress``
satisfies it), so this leaf imports nothing of sciagent.
"""

from __future__ import annotations

from typing import Protocol

STAGE_WORDS = {
    "retrieving": "finding the APIs",
    "writing": "writing",
    "checking": "checking against the installed libraries",
    "running": "running in the sandbox",
    "validating": "validating the answer",
    "done": "done",
}


class ProgressView(Protocol):
    @property
    def stage(self) -> str: ...
    @property
    def seconds(self) -> float: ...
    @property
    def candidate(self) -> int: ...
    @property
    def attempt(self) -> int: ...
    @property
    def tokens(self) -> int: ...
    @property
    def detail(self) -> str: ...


def progress_line(event: ProgressView) -> str:
    """``  12 s  program 2, attempt 1: writing (48 tokens)``."""
    words = STAGE_WORDS.get(event.stage, event.stage)
    if event.stage == "writing" and event.tokens:
        words += f" ({event.tokens} tokens)"
    if event.stage in ("retrieving", "done"):
        where = ""
    else:
        where = f"program {event.candidate + 1}, attempt {event.attempt + 1}: "
    detail = f": {event.detail}" if event.detail and event.stage == "done" else ""
    return f"{event.seconds:4.0f} s  {where}{words}{detail}"
