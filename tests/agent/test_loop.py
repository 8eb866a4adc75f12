"""The agent loop, driven by *scripted* chat models (langchain-core's fakes).

The model's replies are fixed here so each path of the loop is exercised
deterministically; everything else is real: the index, the static checker,
the sandbox.  The embedded local model is tested end to end elsewhere.
"""

from __future__ import annotations

import json

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from sciagent.agent import Agent, Expect, extract_code


def scripted(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(r) for r in replies]))


def program(body: str) -> str:
    return f"Here it is:\n```python\n{body.strip()}\n```\n"


GOOD = program(
    """
from rdkit import Chem
from rdkit.Chem import Descriptors
mol = Chem.MolFromSmiles("CCO")
result = round(Descriptors.MolWt(mol), 2)
print(result)
"""
)


@pytest.fixture
def agent_for(searcher, tmp_path):
    def make(*replies: str, **kwargs) -> Agent:
        # these tests follow one program through its repairs; selection has its own file
        kwargs.setdefault("strategy", "repair")
        return Agent(scripted(*replies), searcher=searcher, timeout=60, **kwargs)

    return make


def test_invented_api_is_caught_statically_and_repaired(agent_for):
    invented = GOOD.replace("Descriptors.MolWt(mol)", "Descriptors.MolecularWeight(mol)")
    result = agent_for(invented, GOOD).run("molecular weight of ethanol")
    first, second = result.attempts
    assert first.findings and first.run is None, "invented code is not run"
    assert "MolecularWeight" in first.feedback and "MolWt" in first.feedback
    assert second.ok and result.ok
    assert result.value == pytest.approx(46.07) and result.answer == "46.07"
    assert any(
        u.qualname.endswith("Descriptors.MolWt") and u.library == "rdkit" for u in result.apis_used
    )


def test_runtime_error_is_fed_back_and_repaired(agent_for):
    crashing = program("values = []\nresult = sum(values) / len(values)\nprint(result)")
    result = agent_for(crashing, GOOD).run("molecular weight of ethanol")
    assert not result.attempts[0].ok
    assert result.attempts[0].run and result.attempts[0].run.error.type == "ZeroDivisionError"
    assert "ZeroDivisionError" in result.attempts[0].feedback
    assert result.ok and len(result.attempts) == 2


def test_name_error_triggers_a_new_retrieval(agent_for):
    missing = program(
        "from rdkit import Chem\nresult = Chem.MolFromSmiles('CCO').GetNumAtoms()\nprint(resulty)"
    )
    atoms = program(
        "from rdkit import Chem\nresult = Chem.MolFromSmiles('CCO').GetNumAtoms()\nprint(result)"
    )
    result = agent_for(missing, atoms, check=False).run("number of atoms of ethanol")
    assert result.attempts[0].run.error.type == "NameError"
    assert "These installed APIs may help" in result.attempts[0].feedback
    assert result.ok


def test_validation_failure_is_repaired(agent_for):
    wrong_type = program("result = 'about forty-six'\nprint(result)")
    expect = Expect(type=float, range=(10, 100))
    result = agent_for(wrong_type, GOOD).run("molecular weight of ethanol", expect=expect)
    assert result.attempts[0].validation and "should be float" in result.attempts[0].validation[0]
    assert result.ok and result.value == pytest.approx(46.07)


def test_reply_without_code(agent_for):
    result = agent_for("You could use RDKit's descriptor module for this.", GOOD).run(
        "molecular weight of ethanol"
    )
    assert result.attempts[0].code is None
    assert "no Python program" in result.attempts[0].feedback
    assert result.ok


def test_attempts_exhausted_says_what_happened(agent_for):
    bad = program("raise ValueError('still wrong')")
    result = agent_for(bad, bad, bad, max_attempts=3).run("molecular weight of ethanol")
    assert not result.ok and len(result.attempts) == 3
    assert "attempts used up" in result.error and "ValueError" in result.error


def test_model_failure_is_a_result_not_an_exception(searcher):
    class Broken(GenericFakeChatModel):
        def _generate(self, *args, **kwargs):
            raise ConnectionError("service unavailable")

    result = Agent(Broken(messages=iter([])), searcher=searcher).run("molecular weight of ethanol")
    assert not result.ok and "service unavailable" in result.error


def test_best_of_n_picks_the_valid_candidate(agent_for):
    bad = program("result = None\nprint('no idea')")
    result = agent_for(bad, GOOD, GOOD, strategy="best-of-n", n=3).run(
        "molecular weight of ethanol", expect=Expect(type=float)
    )
    assert result.ok and result.strategy == "best-of-n"
    assert [a.ok for a in result.attempts] == [False, True]
    assert result.code == extract_code(GOOD)


def test_trajectories_are_exported(agent_for, tmp_path):
    path = tmp_path / "traj.jsonl"
    crashing = program("raise RuntimeError('first try')")
    result = agent_for(crashing, GOOD, trajectory_path=path).run("molecular weight of ethanol")
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(lines) == len(result.attempts) == 2
    assert [line["reward"] for line in lines] == [0.25, 1.0]
    assert all(line["request"] == "molecular weight of ethanol" for line in lines)


def test_prompt_is_small_and_carries_cards(agent_for):
    result = agent_for(GOOD).run("molecular weight of ethanol")
    assert result.ok
    assert 100 < result.prompt_tokens_estimate < 2500
    assert result.attempts[0].retrieved


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("```python\nx = 1\nprint(x)\n```", "x = 1\nprint(x)\n"),
        ("text\n```\nimport math\nprint(math.pi)\n```\nmore", "import math\nprint(math.pi)\n"),
        ("```python\nimport os\nprint(1)", "import os\nprint(1)\n"),  # unterminated fence
        ("import math\nprint(math.e)", "import math\nprint(math.e)\n"),
        ("Use the descriptor module.", None),
    ],
)
def test_extract_code(reply, expected):
    assert extract_code(reply) == expected


def test_a_repeated_program_is_called_out(agent_for):
    bad = program("raise ValueError('wrong approach')")
    result = agent_for(bad, bad, GOOD, max_attempts=3).run("molecular weight of ethanol")
    assert "same program as before" in result.attempts[1].feedback
    assert result.ok and len(result.attempts) == 3


def test_run_error_feedback_carries_the_library_hint_and_notices_a_repeat(agent_for):
    # a real Astropy error: frequency to wavelength without the spectral equivalency
    no_equivalency = program(
        "import astropy.units as u\nprint((1420.4 * u.MHz).to(u.cm))\n# variant {n}"
    )
    first, second = (no_equivalency.replace("{n}", str(n)) for n in (1, 2))
    result = agent_for(first, second, max_attempts=2).run("21 cm line wavelength in cm")
    a, b = result.attempts
    assert a.run.error.type == "UnitConversionError"
    assert "Hint:" in a.feedback and "u.spectral()" in a.feedback
    assert "same error" not in a.feedback
    assert "same error as in your previous attempt" in b.feedback
    assert not result.ok


def test_library_hints_stay_with_their_library(agent_for):
    # an RDKit hint must not reach a program that does not use RDKit
    no_rdkit = program("def f(x):\n    return x.missing\nprint(f(None))")
    result = agent_for(no_rdkit, max_attempts=1).run("anything")
    feedback = result.attempts[0].feedback
    assert "'NoneType' object has no attribute" in feedback
    assert "Hint: A value is None" in feedback and "MolFromSmiles" not in feedback


def test_the_budget_bounds_a_repair_chain(agent_for):
    """Past budget_s no new program is written, repairs included."""
    crashing = program("values = []\nresult = sum(values) / len(values)\nprint(result)")
    result = agent_for(crashing, crashing, GOOD, max_attempts=3, budget_s=0.0).run(
        "molecular weight of ethanol"
    )
    assert len(result.attempts) == 1 and not result.ok
    unbounded = agent_for(crashing, crashing, GOOD, max_attempts=3, budget_s=None)
    assert len(unbounded.run("molecular weight of ethanol").attempts) == 3
