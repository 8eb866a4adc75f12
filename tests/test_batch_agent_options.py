"""``sciagent batch --mode run`` takes ``sciagent run``'s agent options and the rows obey them.

The CLI runs in process (so the model can be langchain-core's scripted
``FakeListChatModel``, named ``fake:...`` on the command line); the index, the
static check, the sandbox and the agent's strategies are real.  Each option is
seen in what it changes: how many programs a row's result holds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from sciagent.batch import Options
from sciagent.cli import main
from sciagent.cli.agent import agent_settings
from sciagent.sandbox import detect_tier

pytestmark = pytest.mark.skipif(
    not detect_tier().safe, reason="no sandbox isolation tier on this machine"
)

#: a program that passes the static check and fails when run: no answer, so nothing settles
NO_ANSWER = "```python\nimport math\nraise ValueError('no answer ' + str(math.pi))\n```"
REQUEST = "the square root of two, to 3 decimals"


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--model fake:...`` resolves to a scripted model that always fails to answer."""
    import sciagent.llm

    real = sciagent.llm.resolve_chat_model

    def resolve(model: object = None, **kwargs: object) -> BaseChatModel:
        if isinstance(model, str) and model.startswith("fake:"):
            return FakeListChatModel(responses=[NO_ANSWER])
        return real(model, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sciagent.llm, "resolve_chat_model", resolve)


def run_batch(tmp_path: Path, *options: str) -> dict:
    """The one row of a one-request ``--mode run`` batch with ``options``."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "q", "request": REQUEST}) + "\n")
    out = tmp_path / f"out-{len(list(tmp_path.iterdir()))}.jsonl"
    args = ["batch", str(src), "--out", str(out), "--mode", "run", "--model", "fake:x"]
    result = CliRunner().invoke(main, [*args, "--no-save", *options])
    assert result.exit_code == 1, result.output  # the scripted model never answers
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert row["id"] == "q" and row["request"] == REQUEST and row["status"] == "failed", row
    return row


def candidates(row: dict) -> list[int]:
    return [a["candidate"] for a in row["attempts"]]


def test_strategy_n_and_attempts_reach_the_agent(scripted: None, tmp_path: Path) -> None:
    row = run_batch(tmp_path, "--strategy", "best-of-n", "-n", "2", "--attempts", "1")
    assert row["strategy"] == "best-of-n"
    assert candidates(row) == [0, 1], "-n 2 candidates, no repair round with --attempts 1"
    row = run_batch(tmp_path, "--strategy", "repair", "--attempts", "2")
    assert row["strategy"] == "repair" and candidates(row) == [0, 0], "one program, repaired once"


def test_samples_and_budget_reach_the_agent(scripted: None, tmp_path: Path) -> None:
    row = run_batch(tmp_path, "--samples", "3", "--attempts", "1")
    assert row["strategy"] == "select" and sorted(candidates(row)) == [0, 1, 2]
    # past the budget at once: no program after the first
    row = run_batch(tmp_path, "--samples", "3", "--attempts", "1", "--budget", "0.001")
    assert candidates(row) == [0]


def test_bad_agent_options_are_usage_errors(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "q", "request": REQUEST}) + "\n")
    args = ["batch", str(src), "--out", str(tmp_path / "o.jsonl"), "--mode", "run"]
    for bad in (["--budget", "nan"], ["--budget", "0"], ["-n", "0"], ["--samples", "11"]):
        result = CliRunner().invoke(main, [*args, *bad])
        assert result.exit_code == 2, (bad, result.output)
    assert not (tmp_path / "o.jsonl").exists(), "nothing ran"


def test_the_options_map_to_the_agent_as_run_maps_them() -> None:
    """A batch worker builds its Agent with what ``sciagent run`` would pass."""
    options = Options(mode="run", strategy="best-of-n", samples=5, attempts=2, budget=42.0, n=4)
    assert options.agent_settings() == agent_settings("best-of-n", 5, 42.0, 2, 4)
    assert Options(mode="run", budget=1.0).agent_key() != Options(mode="run").agent_key()
