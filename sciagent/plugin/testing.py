"""Helpers for a plugin's own tests: judge hand-made program outputs with its validators.

Every first-party plugin's suite uses these, and so can yours::

    from sciagent.plugin.testing import assert_declares, errors, judge_with
    from sciagent_mylib import plugin
    from sciagent_mylib.validators import VALIDATORS

    judge = judge_with(VALIDATORS)

    def test_plugin_declares_the_validators():
        assert_declares(plugin, validators=VALIDATORS)

    def test_negative_mass_is_rejected():
        verdict = judge("Mass of X?", "print(-1.0)", "-1.0\\n")
        assert any("negative" in m for m in errors(verdict))

Plain functions, no pytest dependency: a failed assertion raises
``AssertionError`` with what differs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..validation import Normaliser, ProgramOutput, Validator, Verdict, run_validators
from ._contract import Plugin

__all__ = ["Judge", "assert_declares", "errors", "judge", "judge_with", "warnings"]

#: ``judge(request, code, stdout, value=None, has_value=False)`` -> the validators' verdict
Judge = Callable[..., Verdict]


def judge(
    validators: Sequence[Validator],
    request: str,
    code: str,
    stdout: str,
    value: object = None,
    has_value: bool = False,
) -> Verdict:
    """Run ``validators`` on one program output, as the agent does after a run."""
    return run_validators(ProgramOutput(request, code, stdout, value, has_value), validators)


def judge_with(validators: Sequence[Validator]) -> Judge:
    """``judge`` bound to a plugin's validators: ``judge(request, code, stdout, value, has_value)``."""

    def bound(
        request: str, code: str, stdout: str, value: object = None, has_value: bool = False
    ) -> Verdict:
        return judge(validators, request, code, stdout, value, has_value)

    return bound


def errors(verdict: Verdict) -> list[str]:
    """The messages of a verdict's errors (the issues that fail an answer)."""
    return [i.message for i in verdict.errors]


def warnings(verdict: Verdict) -> list[str]:
    """The messages of a verdict's warnings (reported, never failing)."""
    return [i.message for i in verdict.warnings]


def assert_declares(
    plugin: Plugin,
    *,
    validators: Sequence[Validator] | None = None,
    normalisers: Sequence[Normaliser] | None = None,
) -> None:
    """The plugin declares exactly these validators (each callable and documented,
    since its docstring is what a health check and a failed run show) and these
    normalisers."""
    if validators is not None:
        if tuple(plugin.validators) != tuple(validators):
            raise AssertionError(
                f"plugin {plugin.name!r} declares validators {plugin.validators!r}, "
                f"not {tuple(validators)!r}"
            )
        undocumented = [v for v in validators if not (callable(v) and v.__doc__)]
        if undocumented:
            raise AssertionError(f"validators without a docstring: {undocumented!r}")
    if normalisers is not None and tuple(plugin.normalisers) != tuple(normalisers):
        raise AssertionError(
            f"plugin {plugin.name!r} declares normalisers {plugin.normalisers!r}, "
            f"not {tuple(normalisers)!r}"
        )
