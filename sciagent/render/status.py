"""How every surface words an agent result's status: ok, unsure or failed.

The CLI (``sciagent run``), the notebook's text and HTML views and the
LangChain ``solve`` tool name a status, its confidence and the competing
answers with these helpers, so an unsure answer reads as unsure everywhere.

Nothing from sciagent is imported, not even for types: the helpers read a
result through the small protocols below, which
:class:`~sciagent.agent.AgentResult` and :class:`~sciagent.agent.Candidate`
satisfy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, Protocol

Status = Literal["ok", "unsure", "failed"]

#: how each status is named where it is shown in capitals (terminals, tools, text views)
STATUS_WORD: dict[str, str] = {"ok": "ok", "unsure": "UNSURE", "failed": "FAILED"}


class CandidateView(Protocol):
    """What the status text reads of a :class:`~sciagent.agent.Candidate`."""

    @property
    def answer(self) -> str: ...
    @property
    def count(self) -> int: ...
    @property
    def programs(self) -> Sequence[int]: ...
    @property
    def chosen(self) -> bool: ...


class ResultView(Protocol):
    """What the status text reads of an :class:`~sciagent.agent.AgentResult`.

    ``status`` is read when present (a result without one counts as "failed").
    """

    @property
    def ok(self) -> bool: ...
    @property
    def answer(self) -> str | None: ...
    @property
    def confidence(self) -> float: ...
    @property
    def candidates(self) -> Sequence[CandidateView]: ...


def status_of(result: ResultView) -> Status:
    """The status to show: "ok" only when both ``ok`` and ``status`` say so.

    A result built with only ``ok=True`` (as before ``status`` existed) keeps
    the default status "failed", so its ``ok`` decides; any other disagreement
    between the two shows as unsure, never as validated.
    """
    status = getattr(result, "status", "failed")
    if status == "unsure":
        return "unsure"
    if status == "ok":
        return "ok" if result.ok else "unsure"
    return "ok" if result.ok else "failed"


def confidence_text(result: ResultView) -> str | None:
    """``confidence 0.67``, or None where there is no answer to be confident about."""
    if status_of(result) == "failed" or (not result.confidence and not result.candidates):
        return None
    return f"confidence {result.confidence:.2f}"


def status_line(result: ResultView, details: Iterable[str]) -> str:
    """``UNSURE  answer: 0.58   (confidence 0.50, <details>)``: the headline of a text view.

    Each surface passes its own ``details`` (attempts, seconds, model); the
    confidence leads them when there is one.
    """
    confidence = confidence_text(result)
    meta = [confidence, *details] if confidence else list(details)
    return f"{STATUS_WORD[status_of(result)]}  answer: {result.answer}   ({', '.join(meta)})"


def programs_text(candidate: CandidateView) -> str:
    """``2 programs (#1, #3)``: how many programs reached an answer, numbered from 1."""
    n = candidate.count
    which = ", ".join(f"#{p + 1}" for p in candidate.programs)
    return f"{n} program{'s' if n != 1 else ''}" + (f" ({which})" if which else "")


def shows_candidates(result: ResultView) -> bool:
    """Competing answers are shown when unsure, and whenever programs reached more than one."""
    return bool(result.candidates) and (status_of(result) == "unsure" or len(result.candidates) > 1)


def one_line(text: str, limit: int = 80) -> str:
    """``text`` with its white space folded onto one line, cut to ``limit`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def candidate_lines(result: ResultView) -> list[str]:
    """One line per distinct answer, largest group first, the picked one marked.

    Shared by the notebook's text view, ``sciagent run`` and the LangChain
    ``solve`` tool so that every surface names the competing answers the same way.
    """
    answers = [one_line(c.answer, 60) for c in result.candidates]
    width = max((len(a) for a in answers), default=0)
    return [
        f"  {answer:<{width}}  {programs_text(c)}" + ("  <- picked" if c.chosen else "")
        for answer, c in zip(answers, result.candidates, strict=True)
    ]
