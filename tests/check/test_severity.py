"""A checker warning is shown, never blocking: the agent runs the program, batch and MCP say ok.

Real index, real checker, real sandbox; the agent's model is scripted
(langchain-core's fake chat model) so that the path is deterministic.
"""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from sciagent.agent import Agent
from sciagent.batch._rows import Item
from sciagent.batch._worker import Options, WorkerState, _check
from sciagent.mcp_server._tools import Toolbox

#: a keyword astropy's Gaussian2D swallows through **kwargs: a warning (x_stddev)
TYPO = (
    "from astropy.modeling import models\n"
    "g = models.Gaussian2D(amplitude=1, x_mean=0, y_mean=0, x_stdev=1)\n"
    "print(g(0, 0))\n"
)
FIXED = TYPO.replace("x_stdev", "x_stddev")


def _reply(code: str) -> AIMessage:
    return AIMessage(f"```python\n{code}```\n")


def test_agent_runs_a_program_with_only_warnings_and_feeds_them_back(searcher) -> None:
    model = GenericFakeChatModel(messages=iter([_reply(TYPO), _reply(FIXED)]))
    agent = Agent(model, searcher=searcher, timeout=60, strategy="repair")
    result = agent.run("value of a 2D Gaussian at its centre")
    first, second = result.attempts
    assert [f.severity for f in first.findings] == ["warning"]
    assert first.run is not None, "a warning must not stop the program from running"
    assert not first.run.ok  # astropy rejects the keyword when it runs
    assert "warning: " in first.feedback and "did you mean `x_stddev`" in first.feedback
    assert second.findings == [] and second.ok and result.ok


def test_batch_and_mcp_check_are_ok_with_only_warnings(searcher) -> None:
    row = _check(WorkerState(), Item(id=1, text=TYPO), Options(mode="check", live=False))
    assert row["ok"] is True
    assert [f["severity"] for f in row["findings"]] == ["warning"]
    result = Toolbox(searcher).check_code(TYPO)
    assert result.ok is True
    (finding,) = result.findings
    assert finding.message.startswith("warning: ") and finding.suggestion == "x_stddev"
    bad = Toolbox(searcher).check_code(
        "from rdkit.Chem import Descriptors\nprint(Descriptors.MolecularWeight(None))\n"
    )
    assert bad.ok is False and not bad.findings[0].message.startswith("warning: ")
