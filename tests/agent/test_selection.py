"""Selection by execution in the agent loop, with scripted chat models.

The replies are fixed (langchain-core's fake chat model); the index, the
checker, the sandbox and the validators are real.
"""

from __future__ import annotations

import threading

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from sciagent.agent import Agent
from sciagent.plugin import installed_preload
from sciagent.sandbox import SandboxPool


def scripted(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(r) for r in replies]))


def program(body: str) -> str:
    return f"```python\n{body.strip()}\n```\n"


def weight(smiles: str, digits: int = 2, extra: str = "") -> str:
    return program(
        f"""
from rdkit import Chem
from rdkit.Chem import Descriptors
result = round(Descriptors.MolWt(Chem.MolFromSmiles("{smiles}")), {digits})
{extra}print(result)
"""
    )


REQUEST = "What is the molecular weight of ethanol, SMILES CCO? Print the number only."


@pytest.fixture
def agent_for(searcher):
    def make(*replies: str, **kwargs) -> Agent:
        return Agent(scripted(*replies), searcher=searcher, timeout=60, **kwargs)

    return make


def test_agreeing_programs_give_ok(agent_for):
    result = agent_for(weight("CCO"), weight("CCO", 3)).run(REQUEST)
    assert result.status == "ok" and result.ok
    assert result.answer == "46.07" and result.confidence == pytest.approx(1.0)
    (only,) = result.candidates
    assert only.count == 2 and only.chosen and only.programs == [0, 1]
    assert "2 of 2 programs agree" in result.reason
    assert [a.candidate for a in result.attempts] == [0, 1]


def test_disagreeing_programs_give_unsure_with_both_answers(agent_for):
    exact = program(
        "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\n"
        "print(round(Descriptors.ExactMolWt(Chem.MolFromSmiles('CCO')), 2))"
    )
    result = agent_for(weight("CCO"), exact, samples=2).run(REQUEST)
    assert result.status == "unsure" and not result.ok
    assert {c.answer for c in result.candidates} == {"46.07", "46.04"}
    assert result.answer == "46.07", "the greedy program's answer is picked on a tie"
    assert [c.chosen for c in result.candidates] == [True, False]
    assert result.error.startswith("unsure:") and "46.04" in result.reason
    assert result.confidence <= 0.5


def test_a_third_program_breaks_a_tie(agent_for):
    exact = program(
        "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\n"
        "print(round(Descriptors.ExactMolWt(Chem.MolFromSmiles('CCO')), 2))"
    )
    result = agent_for(weight("CCO"), exact, weight("CCO", 4), samples=3).run(REQUEST)
    assert result.status == "ok" and result.answer == "46.07"
    assert result.confidence == pytest.approx(2 / 3, abs=1e-3)
    assert [c.count for c in result.candidates] == [2, 1]


def test_a_retyped_smiles_is_caught_and_repaired(agent_for):
    retyped = weight("CCOc1ccccc1")
    result = agent_for(retyped, weight("CCO"), weight("CCO"), strategy="select").run(REQUEST)
    first = result.attempts[0]
    assert not first.ok and first.validation
    assert "CCO" in first.feedback
    assert result.status == "ok" and result.answer == "46.07"


def test_a_wrong_answer_form_is_repaired(agent_for):
    chatty = weight("CCO", extra="print('MW of ethanol:', result, 'g/mol')\n")
    chatty = chatty.replace("print(result)\n", "")
    result = agent_for(chatty, weight("CCO"), weight("CCO")).run(REQUEST)
    first = result.attempts[0]
    assert not first.ok and first.validation and "MW of ethanol" in first.feedback
    assert result.status == "ok" and result.answer == "46.07"


def test_a_failed_sample_gets_one_repair_and_stays_one_candidate(agent_for):
    chatty = weight("CCO", extra="print('MW of ethanol:', result, 'g/mol')\n")
    chatty = chatty.replace("print(result)\n", "")
    result = agent_for(weight("CCO"), chatty, weight("CCO", 3)).run(REQUEST)
    assert [a.candidate for a in result.attempts] == [0, 1, 1]
    sample, repaired = result.attempts[1:]
    assert not sample.ok and "MW of ethanol" in sample.feedback and repaired.ok
    assert result.status == "ok" and result.answer == "46.07"
    (only,) = result.candidates
    assert only.count == 2 and only.programs == [0, 1]


def test_the_prompt_binds_the_request_data(agent_for):
    agent = agent_for(weight("CCO"), weight("CCO"))
    result = agent.run(REQUEST)
    assert result.code.startswith("# data from the request")
    assert "'CCO'" in result.code.splitlines()[1]


def test_a_program_that_copies_the_prelude_binds_the_data_once(agent_for):
    copied = program("# data from the request\nsmiles_ethanol = 'CCO'\n" + weight("CCO")[10:-4])
    result = agent_for(copied, copied).run(REQUEST)
    assert result.status == "ok" and result.answer == "46.07"
    assert result.code.count("# data from the request") == 1
    assert result.code.count("smiles_ethanol = 'CCO'") == 1


def test_no_accepted_program_is_failed(agent_for):
    bad = program("raise ValueError('no')")
    result = agent_for(bad, bad, bad, max_attempts=1, samples=3).run(REQUEST)
    assert result.status == "failed" and not result.ok and result.candidates == []
    assert result.confidence == 0


class CountingPool:
    """A real pool that records how many programs it runs at once."""

    def __init__(self, pool: SandboxPool) -> None:
        self.pool = pool
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def run(self, code: str, **kwargs):
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            return self.pool.run(code, **kwargs)
        finally:
            with self.lock:
                self.running -= 1


def test_a_rounds_candidates_run_in_parallel_through_the_pool(agent_for):
    slow = weight("CCO", extra="import time\ntime.sleep(3)\n")
    crash = program("raise RuntimeError('first program fails')")
    with SandboxPool(2, preload=installed_preload()) as pool:
        counting = CountingPool(pool)
        result = agent_for(crash, slow, slow, max_attempts=1, samples=3, pool=counting).run(REQUEST)
    assert result.status == "ok" and result.answer == "46.07"
    assert counting.most == 2, "the two sampled programs of one round did not overlap"


def test_sampled_copies_of_the_local_model_get_their_own_seeds(tmp_path):
    """llama.cpp re-seeds every call alike: without a seed each "sample" is the same."""
    from sciagent.agent._agent import _sampling
    from sciagent.llm import ChatLlamaCpp

    greedy = ChatLlamaCpp(model_path=str(tmp_path / "model.gguf"))
    first, second = _sampling(greedy, 1), _sampling(greedy, 2)
    assert greedy.temperature == 0 and greedy.seed is None
    assert first.temperature == second.temperature == 0.7
    assert first.seed != second.seed
    assert first._params(None, {})["seed"] == first.seed
