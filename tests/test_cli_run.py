"""``sciagent run`` and ``sciagent demo`` show unsure as unsure, without running a model.

The agent is replaced by a stand-in that returns hand-built ``AgentResult``s,
so these tests pin the wording, the colours and the exit codes only.
"""

from __future__ import annotations

import json
from dataclasses import fields, replace
from typing import ClassVar

import pytest
from click.testing import CliRunner

import sciagent.agent
from sciagent.agent import AgentResult, ApiUse, Attempt, Candidate, Progress
from sciagent.cli.agent import demo_cmd, demo_summary, exit_code, format_result, run_cmd
from sciagent.render.progress import progress_line
from sciagent.sandbox import RunResult

FRACTION = "s = 'ATGCGCGTATTA'\nprint(round((s.count('G') + s.count('C')) / len(s), 2))\n"
PERCENT = "s = 'ATGCGCGTATTA'\nprint(round(100 * (s.count('G') + s.count('C')) / len(s), 1))\n"
DISAGREE = (
    "programs disagree: `0.42` (1) vs `41.7` (1); picked `0.42`, the earliest of the tied "
    "answers (the greedy program's when it is among them)"
)


def attempt(index: int, code: str, answer: str | None, candidate: int) -> Attempt:
    run = RunResult(ok=answer is not None, stdout=f"{answer}\n" if answer else "", value=None)
    return Attempt(
        index=index,
        reply=f"```python\n{code}```",
        code=code,
        run=run,
        ok=answer is not None,
        candidate=candidate,
        answer=answer,
        feedback="" if answer else "The program printed nothing.",
    )


def agent_result(status: str, **kw) -> AgentResult:
    """An unsure (two programs disagree), ok (two of three agree) or failed result."""
    base: dict = dict(
        request="GC content of ATGCGCGTATTA",
        model="scripted",
        strategy="select",
        seconds=2.0,
        apis_used=[ApiUse("Bio.SeqUtils.gc_fraction", "biopython", "1.88")],
        value=None,
        status=status,
    )
    if status == "unsure":
        base |= dict(
            ok=False,
            code=FRACTION,
            stdout="0.42\n",
            answer="0.42",
            attempts=[attempt(0, FRACTION, "0.42", 0), attempt(1, PERCENT, "41.7", 1)],
            error=f"unsure: {DISAGREE}",
            confidence=0.5,
            reason=DISAGREE,
            candidates=[
                Candidate("0.42", 1, FRACTION, [0], chosen=True),
                Candidate("41.7", 1, PERCENT, [1]),
            ],
        )
    elif status == "ok":
        base |= dict(
            ok=True,
            code=FRACTION,
            stdout="0.42\n",
            answer="0.42",
            attempts=[
                attempt(0, FRACTION, "0.42", 0),
                attempt(1, FRACTION, "0.42", 1),
                attempt(2, PERCENT, "41.7", 2),
            ],
            confidence=0.667,
            reason="2 of 3 programs agree on `0.42`; other answers: `41.7` (1)",
            candidates=[
                Candidate("0.42", 2, FRACTION, [0, 1], chosen=True),
                Candidate("41.7", 1, PERCENT, [2]),
            ],
        )
    else:
        base |= dict(
            ok=False,
            code="print()\n",
            stdout="",
            answer=None,
            attempts=[attempt(0, "print()\n", None, 0)],
            error="the program printed no answer",
            reason="none of 1 program(s) gave an accepted answer",
        )
    base.update(kw)
    return AgentResult(**base)


class FakeAgent:
    """Stands in for ``sciagent.Agent``: records its options, replays prepared results."""

    made: ClassVar[list[dict]] = []
    results: ClassVar[list[AgentResult]] = []

    def __init__(self, model=None, **kwargs) -> None:
        FakeAgent.made.append({"model": model, **kwargs})

    def run(self, request, inputs=None, *, expect=None, domain=None) -> AgentResult:
        return FakeAgent.results.pop(0)


@pytest.fixture
def fake_agent(monkeypatch):
    FakeAgent.made, FakeAgent.results = [], []
    monkeypatch.setattr(sciagent.agent, "Agent", FakeAgent)
    return FakeAgent


def invoke(fake_agent, result: AgentResult, *args: str, color: bool = False):
    fake_agent.results.append(result)
    return CliRunner().invoke(run_cmd, ["GC content of ATGCGCGTATTA", *args], color=color)


@pytest.mark.parametrize(("status", "code"), [("ok", 0), ("failed", 1), ("unsure", 3)])
def test_exit_code_per_status(status, code):
    assert exit_code(agent_result(status)) == code


def test_unsure_shows_both_answers_the_pick_and_why(fake_agent):
    proc = invoke(fake_agent, agent_result("unsure"))
    assert proc.exit_code == 3, proc.output
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("UNSURE  answer: 0.42   (confidence 0.50, 2 attempt(s)")
    assert f"why: {DISAGREE}" in lines
    picked = next(line for line in lines if "<- picked" in line)
    assert "0.42" in picked and "1 program (#1)" in picked
    other = next(line for line in lines if line.strip().startswith("41.7"))
    assert "1 program (#2)" in other and "picked" not in other
    assert "--- picked program (unconfirmed) ---" in lines
    assert not any(line.startswith("ok") for line in lines)
    assert "error:" not in proc.stderr, "the reason is on stdout once, not repeated as an error"


def test_ok_and_failed_look_as_before(fake_agent):
    proc = invoke(fake_agent, agent_result("ok"))
    assert proc.exit_code == 0
    first = proc.stdout.splitlines()[0]
    assert first.startswith("ok  answer: 0.42   (confidence 0.67, 3 attempt(s)")
    assert "why: 2 of 3 programs agree on `0.42`" in proc.stdout
    assert "--- final program ---" not in proc.stdout, "an ok program is shown with -v only"
    assert "Bio.SeqUtils.gc_fraction (biopython 1.88)" in proc.stdout

    proc = invoke(fake_agent, agent_result("failed"))
    assert proc.exit_code == 1
    assert proc.stdout.startswith("FAILED  answer: None   (1 attempt(s)")
    assert "confidence" not in proc.stdout.splitlines()[0]
    assert "--- attempt 1 feedback ---" in proc.stdout
    assert "error: the program printed no answer" in proc.stderr


def test_status_word_is_coloured(fake_agent):
    assert invoke(fake_agent, agent_result("unsure"), color=True).stdout.startswith(
        "\x1b[33mUNSURE\x1b[0m"
    )
    assert invoke(fake_agent, agent_result("ok"), color=True).stdout.startswith("\x1b[32mok\x1b[0m")
    assert invoke(fake_agent, agent_result("failed"), color=True).stdout.startswith(
        "\x1b[31mFAILED\x1b[0m"
    )


def test_json_has_every_field_and_the_unsure_exit_code(fake_agent):
    proc = invoke(fake_agent, agent_result("unsure"), "--json")
    assert proc.exit_code == 3
    data = json.loads(proc.stdout)
    assert set(data) == {"schema_version", "saved", *(f.name for f in fields(AgentResult))}
    assert data["saved"] == {"dir": None, "files": [], "skipped": []}  # the program wrote none
    assert data["status"] == "unsure" and data["ok"] is False and data["confidence"] == 0.5
    assert data["reason"] == DISAGREE and data["error"].startswith("unsure: ")
    assert [(c["answer"], c["count"], c["chosen"]) for c in data["candidates"]] == [
        ("0.42", 1, True),
        ("41.7", 1, False),
    ]
    assert set(data["candidates"][0]) == {f.name for f in fields(Candidate)}
    assert [(a["candidate"], a["answer"]) for a in data["attempts"]] == [(0, "0.42"), (1, "41.7")]


def test_options_reach_the_agent(fake_agent):
    invoke(fake_agent, agent_result("ok"))
    made = fake_agent.made[-1]
    assert (made["strategy"], made["samples"], made["budget_s"]) == ("select", 4, 300.0)
    invoke(
        fake_agent, agent_result("ok"), "--strategy", "repair", "--samples", "2", "--budget", "12.5"
    )
    made = fake_agent.made[-1]
    assert (made["strategy"], made["samples"], made["budget_s"]) == ("repair", 2, 12.5)


@pytest.mark.parametrize(
    "args",
    [
        ["--budget", "nan"],
        ["--budget", "inf"],
        ["--budget", "0"],
        ["--budget", "-5"],
        ["--budget", "soon"],
        ["--samples", "0"],
        ["--samples", "11"],
        ["--strategy", "vote"],
    ],
)
def test_bad_options_are_usage_errors(fake_agent, args):
    proc = CliRunner().invoke(run_cmd, ["a request", *args])
    assert proc.exit_code == 2, proc.output
    assert not fake_agent.made, "no agent is built for a usage error"


def test_help_documents_the_exit_codes():
    text = CliRunner().invoke(run_cmd, ["--help"]).stdout
    assert "3  unsure" in text and "1  failed" in text and "0  ok" in text
    assert "--samples" in text and "--budget" in text and "select|repair|best-of-n" in text


def test_format_result_marks_only_the_picked_answer():
    lines = format_result(agent_result("ok"), verbose=True)
    assert lines[0].startswith("ok  ")
    assert [line for line in lines if "<- picked" in line] == [
        "  0.42  2 programs (#1, #2)  <- picked"
    ]
    assert "  41.7  1 program (#3)" in lines, "an ok answer still names the minority answer"
    assert "--- final program ---" in lines, "-v shows the program"


def test_demo_counts_unsure_apart(fake_agent):
    fake_agent.results += [agent_result("ok"), agent_result("unsure"), agent_result("failed")]
    proc = CliRunner().invoke(demo_cmd, [])
    assert proc.exit_code == 0, proc.output
    assert proc.stdout.rstrip().splitlines()[-1].startswith("1 ok, 1 unsure, 1 failed in ")
    assert "validated" not in proc.stdout
    starts = [line.split()[0] for line in proc.stdout.splitlines() if "  answer: " in line]
    assert starts == ["ok", "UNSURE", "FAILED"]


def test_demo_summary():
    assert demo_summary(["ok", "ok", "unsure"], 95.2) == "2 ok, 1 unsure, 0 failed in 95 s"


class TalkingAgent(FakeAgent):
    """A stand-in that reports the stages a real run goes through."""

    def run(self, request, inputs=None, *, expect=None, domain=None) -> AgentResult:
        report = FakeAgent.made[-1]["on_progress"]
        report(Progress("retrieving", 0.1))
        report(Progress("writing", 2.0, candidate=1, attempt=3, tokens=48))
        report(Progress("running", 9.0, candidate=1, attempt=3))
        report(Progress("done", 9.5, detail="ok"))
        return FakeAgent.results.pop(0)


@pytest.fixture
def talking_agent(monkeypatch):
    FakeAgent.made, FakeAgent.results = [], []
    monkeypatch.setattr(sciagent.agent, "Agent", TalkingAgent)
    return TalkingAgent


def test_progress_goes_to_stderr_and_json_stays_clean(talking_agent):
    proc = invoke(talking_agent, agent_result("ok"), "--json")
    assert json.loads(proc.stdout)["status"] == "ok"
    assert "program 2, attempt 4: running in the sandbox" in proc.stderr
    assert "finding the APIs" in proc.stderr and "done: ok" in proc.stderr
    # off a terminal, token counts would flood a log: one line per stage
    assert "48 tokens" not in proc.stderr


def test_quiet_hides_progress(talking_agent):
    proc = invoke(talking_agent, agent_result("ok"), "--quiet")
    assert proc.exit_code == 0 and proc.stderr == ""


def test_progress_line_names_stage_program_and_tokens():
    line = progress_line(Progress("writing", 12.4, candidate=0, attempt=1, tokens=48))
    assert line == "  12 s  program 1, attempt 2: writing (48 tokens)"


def test_unsafe_reaches_the_agent_and_tier_d_is_said(fake_agent):
    result = agent_result("ok")
    for a in result.attempts:
        if a.run is not None:
            a.run = replace(a.run, tier="D")
    proc = invoke(fake_agent, result, "--unsafe")
    assert fake_agent.made[-1]["unsafe"] is True
    assert "WITHOUT isolation (tier D" in proc.stderr
    invoke(fake_agent, agent_result("ok"))
    assert fake_agent.made[-1]["unsafe"] is False
