"""The astronomy plugin's answer normaliser, on real astropy unit parsing."""

from __future__ import annotations

import pytest
from sciagent_astronomy import plugin
from sciagent_astronomy.normalisers import NORMALISERS, quantity_key


def test_plugin_declares_the_normalisers() -> None:
    assert plugin.normalisers == NORMALISERS == (quantity_key,)


@pytest.mark.parametrize(
    "answers",
    [
        ("1.5 deg", "5400 arcsec", "90 arcmin", "1.5 degrees", "1.5°", "1.5deg"),
        ("6791.27 Mpc", "6.79127 Gpc"),
        ("300000 km/s", "3e8 m / s", "300000 km / s"),
    ],
)
def test_one_quantity_in_several_units_shares_a_key(answers: tuple[str, ...]) -> None:
    keys = {quantity_key(a) for a in answers}
    assert len(keys) == 1 and None not in keys


def test_the_key_is_the_si_value_and_unit() -> None:
    assert quantity_key("1 km") == "1000 m"
    assert quantity_key("1.5 deg") != quantity_key("1.5 arcmin")
    assert quantity_key("1 pc") != quantity_key("1 Mpc")


@pytest.mark.parametrize(
    "answer",
    [
        "",
        "1.5",
        "-3",
        "194.08 C8H10N4O2",
        "0.58 % GC",
        "58 %",
        "12 mag",
        "10h20m30s",
        "2 a",
        "hello",
        "1 2 deg",
        "1e999 m",
        "deg",
        "\x00",
    ],
)
def test_plain_numbers_prose_and_unitless_answers_are_not_claimed(answer: str) -> None:
    assert quantity_key(answer) is None
