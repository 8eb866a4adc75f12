"""The agent's progress on stderr, so a slow model is never mistaken for a hung one.

On a terminal one live line shows the stage and the tokens written so far;
elsewhere (a log file, CI) one plain line per stage.  stdout stays the
answer's, or the JSON's.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console
from rich.status import Status

from ..render.progress import progress_line

if TYPE_CHECKING:  # the agent loads LangChain: not at CLI start-up
    from ..agent import Progress


class ProgressPrinter:
    """A callback for ``Agent(on_progress=...)``; use it as a context manager."""

    def __init__(self, console: Console | None = None, enabled: bool = True) -> None:
        self.console = console or Console(stderr=True)
        self.enabled = enabled
        self._live: Status | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> ProgressPrinter:
        if self.enabled and self.console.is_terminal:
            self._live = self.console.status("starting")
            self._live.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def __call__(self, event: Progress) -> None:
        if not self.enabled:
            return
        with self._lock:
            if self._live is not None:
                self._live.update(progress_line(event))
            elif not (event.stage == "writing" and event.tokens):
                # not a terminal: a line per stage, not one per token count
                self.console.print(progress_line(event), highlight=False, soft_wrap=True)
