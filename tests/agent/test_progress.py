"""The agent reports what it is doing (a broken display costs nothing) and runs where asked."""

from __future__ import annotations

import itertools
import threading

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from sciagent.agent import Agent, Progress

PROGRAM = """```python
from rdkit import Chem
from rdkit.Chem import Descriptors
result = round(Descriptors.MolWt(Chem.MolFromSmiles("CCO")), 2)
print(result)
```
"""
REQUEST = "What is the molecular weight of ethanol, SMILES CCO? Print the number only."


def scripted(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(r) for r in replies]))


def test_each_stage_of_each_program_is_reported_in_order(searcher):
    events: list[Progress] = []
    lock = threading.Lock()

    def record(event: Progress) -> None:
        with lock:
            events.append(event)

    agent = Agent(scripted(PROGRAM, PROGRAM), searcher=searcher, on_progress=record)
    result = agent.run(REQUEST)
    assert result.status == "ok" and result.answer == "46.07"
    assert events[0].stage == "retrieving"
    assert (events[-1].stage, events[-1].detail) == ("done", "ok")
    first = [e.stage for e in events if e.candidate == 0 and e.stage != "writing"]
    assert first[:4] == ["retrieving", "checking", "running", "validating"]
    second = [e.stage for e in events if e.candidate == 1]
    assert second[0] == "writing" and second[-3:] == ["checking", "running", "validating"]
    streamed = [e.tokens for e in events if e.stage == "writing" and e.candidate == 0]
    assert streamed[0] == 0 and max(streamed) >= 16, "no live token count while writing"
    assert all(
        b.seconds >= a.seconds for a, b in itertools.pairwise(events) if a.candidate == b.candidate
    )


def test_a_failing_progress_callback_does_not_break_the_run(searcher):
    def broken(event: Progress) -> None:
        raise RuntimeError("display crashed")

    agent = Agent(scripted(PROGRAM, PROGRAM), searcher=searcher, on_progress=broken)
    result = agent.run(REQUEST)
    assert result.status == "ok" and result.answer == "46.07"


def test_streamed_reply_is_the_same_program_as_invoked(searcher):
    quiet = Agent(scripted(PROGRAM, PROGRAM), searcher=searcher).run(REQUEST)
    loud = Agent(scripted(PROGRAM, PROGRAM), searcher=searcher, on_progress=lambda e: None).run(
        REQUEST
    )
    assert [a.reply for a in loud.attempts] == [a.reply for a in quiet.attempts]
    assert loud.code == quiet.code


def test_unsafe_is_passed_to_the_sandbox(searcher, monkeypatch):
    import sciagent.sandbox

    real = sciagent.sandbox.run_code
    seen: list[bool] = []

    def recording(code, **kwargs):
        seen.append(kwargs.get("unsafe", False))
        return real(code, **kwargs)

    monkeypatch.setattr(sciagent.sandbox, "run_code", recording)
    Agent(scripted(PROGRAM), searcher=searcher, unsafe=True, strategy="repair").run(REQUEST)
    Agent(scripted(PROGRAM), searcher=searcher, strategy="repair").run(REQUEST)
    assert seen == [True, False]
