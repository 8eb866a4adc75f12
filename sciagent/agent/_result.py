"""What an agent run returns: the final program and every attempt on the way.

Field names are the ones ``sciagent run --json`` prints.  An attempt keeps the
checker's :class:`~sciagent.check.Finding` objects and the sandbox's
:class:`~sciagent.sandbox.RunResult`; :meth:`AgentResult.to_dict` turns them
into the dicts of their own ``to_dict`` (``dataclasses.asdict`` recurses).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from ..check import Finding
from ..sandbox import RunResult


@dataclass
class Attempt:
    """One round: the model's program, what the checks and the run said, the feedback."""

    index: int
    reply: str  # the model's raw reply
    code: str | None  # the program extracted from it (None: the reply had no code)
    findings: list[Finding] = field(default_factory=list)  # static-check findings
    run: RunResult | None = None  # the sandboxed run, when the program ran
    validation: list[str] = field(default_factory=list)  # validator/expectation errors
    warnings: list[str] = field(default_factory=list)  # checker and validator warnings, not failing
    fixes: list[str] = field(default_factory=list)  # imports sciagent fixed before judging
    feedback: str = ""  # what was sent back to the model for the next round
    ok: bool = False
    reward: float = 0.0  # 1 valid, 0.5 ran but invalid, 0.25 checked but failed, 0 otherwise
    retrieved: list[str] = field(default_factory=list)  # qualnames on the cards shown
    tokens: dict[str, int] = field(default_factory=dict)  # as the model reports them
    seconds: float = 0.0
    candidate: int = 0  # which independent program (0: the greedy one) this attempt belongs to
    answer: str | None = None  # the accepted answer line, when ok


@dataclass
class ApiUse:
    qualname: str
    library: str
    version: str


@dataclass
class Candidate:
    """One distinct answer the programs reached, how many reached it, and one program."""

    answer: str
    count: int
    code: str
    programs: list[int] = field(default_factory=list)  # candidate numbers behind it
    chosen: bool = False


@dataclass
class AgentResult:
    """The outcome of ``Agent.run``: never raised, always explained."""

    ok: bool  # True only when status is "ok"
    request: str
    code: str | None
    stdout: str
    value: Any
    answer: str | None  # the last printed line, or the program's ``result``
    attempts: list[Attempt]
    apis_used: list[ApiUse]
    model: str
    strategy: str
    seconds: float
    tokens: dict[str, int] = field(default_factory=dict)
    error: str | None = None  # why it failed or is unsure, in one sentence, when ok is False
    prompt_tokens_estimate: int = 0
    #: "ok" (checked, and enough independent programs agree), "unsure" (an answer,
    #: but nothing corroborates it or programs disagree) or "failed" (no answer)
    status: Literal["ok", "unsure", "failed"] = "failed"
    confidence: float = 0.0  # 0..1: the share of programs behind the answer
    reason: str = ""  # why this status, in words: who agreed, what competed
    candidates: list[Candidate] = field(default_factory=list)  # distinct answers, largest first

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), default=str, **kwargs)

    def _repr_html_(self) -> str:
        from ..render.cards.agent import agent_result_html

        return agent_result_html(self)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        from ..render.cards.agent import agent_result_text

        p.text(agent_result_text(self))
