"""The agent: a request in plain words becomes a checked, sandboxed, validated program."""

from __future__ import annotations

from ._agent import Agent, export_trajectory, run
from ._code import extract_code
from ._expect import Expect
from ._progress import Progress, ProgressCallback
from ._result import AgentResult, ApiUse, Attempt, Candidate

__all__ = [
    "Agent",
    "AgentResult",
    "ApiUse",
    "Attempt",
    "Candidate",
    "Expect",
    "Progress",
    "ProgressCallback",
    "export_trajectory",
    "extract_code",
    "run",
]
