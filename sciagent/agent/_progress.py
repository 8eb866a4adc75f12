"""What the agent is doing right now, for surfaces that show it as it happens.

A request takes from seconds to minutes on a laptop CPU, most of it while the
model writes.  Without a sign of life a scientist cannot tell a slow model
from a hung one, so the agent reports each stage of each attempt (and, while
the model writes, a running token count) to an optional callback.  The
callback only observes: whatever it does or raises, the run goes on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

log = logging.getLogger(__name__)

Stage = Literal["retrieving", "writing", "checking", "running", "validating", "done"]


@dataclass(frozen=True)
class Progress:
    """One step of one attempt.

    ``candidate`` numbers the independent programs (0 is the greedy one),
    ``attempt`` counts every attempt of the request from 0, and ``tokens`` is
    how many tokens the model has written so far in this attempt (``writing``
    only, when the model streams).
    """

    stage: Stage
    seconds: float  # since the request started
    candidate: int = 0
    attempt: int = 0
    tokens: int = 0
    detail: str = ""


ProgressCallback = Callable[[Progress], None]


class Reporter:
    """Sends :class:`Progress` to a callback; never lets the callback break a run."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.started = time.perf_counter()

    @property
    def active(self) -> bool:
        return self.callback is not None

    def __call__(
        self,
        stage: Stage,
        *,
        candidate: int = 0,
        attempt: int = 0,
        tokens: int = 0,
        detail: str = "",
    ) -> None:
        if self.callback is None:
            return
        event = Progress(
            stage,
            round(time.perf_counter() - self.started, 3),
            candidate,
            attempt,
            tokens,
            detail,
        )
        try:
            self.callback(event)
        except Exception as exc:  # a display bug must not cost the answer
            log.warning("progress callback failed (ignored): %s: %s", type(exc).__name__, exc)
