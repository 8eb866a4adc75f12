"""Selection by execution: answers grouped after normalisation, agreement decides."""

from __future__ import annotations

import pytest

from sciagent.agent._select import answer_key, decide, group_answers


def upper(text: str) -> str | None:
    """A toy domain normaliser: words in brackets are one kind of answer, case-free."""
    return text[1:-1].upper() if text.startswith("[") and text.endswith("]") else None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("194.19", "194.194"),  # one program rounded, the other did not
        ("0.58", "0.5833"),
        ("6791.27", "6791.2712"),
        ("1e-3", "0.001"),
        ("3", "3.0"),
        ("maivmgr", "MAIVMGR"),  # sequences: case does not matter
        ("ATG  CCA", "ATG CCA"),
    ],
)
def test_equal_answers_share_a_key(a, b):
    assert answer_key(a).matches(answer_key(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("2", "3"),
        ("0.58", "0.61"),
        ("194.19", "180.04"),
        ("MAIVMGR", "MAIVMGR*"),  # the stop codon matters
        ("C8H10N4O2", "C8H10N4O3"),
        ("46.07", "46.07 g/mol"),  # a number and a text are not the same answer form
    ],
)
def test_different_answers_do_not(a, b):
    assert not answer_key(a).matches(answer_key(b))


def test_domain_normalisers_come_first_and_a_failing_one_is_skipped():
    def broken(text: str) -> str | None:
        raise ValueError("plugin bug")

    assert answer_key("[abc]", [broken, upper]).matches(answer_key("[ABC]", [upper]))
    assert answer_key("[abc]", [upper]).kind == "domain"


def test_agreeing_candidates_give_ok_with_the_share_as_confidence():
    groups = group_answers([(0, "46.07"), (1, "46.069"), (2, "12.0")])
    assert [g.count for g in groups] == [2, 1]
    decision = decide(groups, drawn=3)
    assert decision.status == "ok" and decision.chosen is groups[0]
    assert decision.confidence == pytest.approx(2 / 3, abs=1e-3)
    assert "2 of 3 programs agree on `46.07`" in decision.reason and "`12.0` (1)" in decision.reason


def test_a_tie_is_unsure_and_names_both_answers():
    decision = decide(group_answers([(0, "0.58"), (1, "58.3")]), drawn=2)
    assert decision.status == "unsure" and not decision.settled
    assert decision.chosen is not None and decision.chosen.answer == "0.58"
    assert "`0.58`" in decision.reason and "`58.3`" in decision.reason
    assert decision.confidence <= 0.5


def test_a_lone_answer_is_unsure_even_when_validated():
    decision = decide(group_answers([(0, "42")]), drawn=3)
    assert decision.status == "unsure"
    assert decision.confidence == pytest.approx(1 / 3, abs=1e-3)
    assert "only 1 of 3 programs" in decision.reason


def test_no_accepted_answer_is_failed():
    decision = decide([], drawn=2)
    assert decision.status == "failed" and decision.chosen is None and decision.confidence == 0


def test_agree_sets_how_many_programs_must_agree():
    groups = group_answers([(0, "7"), (1, "7")])
    assert decide(groups, drawn=2, agree=2).status == "ok"
    assert decide(groups, drawn=2, agree=3).status == "unsure"
