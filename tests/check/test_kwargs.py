"""Keywords a ``**kwargs`` callable swallows: a look-alike of a documented one is a warning.

Real index, real astropy; the docstring parser is also run on the three styles
(numpydoc, Google, reST) other libraries write.
"""

from __future__ import annotations

import pytest

from sciagent import check_code
from sciagent.check import check_many
from sciagent.check._kwargs import documented_keywords
from sciagent.plugin import load_plugins

from .programs import CORRECT

TABLE = "from astropy.table import Table\n"
MODELS = "from astropy.modeling import models\n"


@pytest.mark.parametrize("live", [False, True])
def test_misspelt_keyword_of_a_kwargs_callable_is_a_warning(searcher, live: bool) -> None:
    (f,) = check_code(
        TABLE + "t = Table.read('x.csv', fromat='csv')\n", searcher=searcher, live=live
    )
    assert (f.kind, f.severity, f.line, f.suggestions) == (
        "undocumented-keyword",
        "warning",
        2,
        ["format"],
    )
    assert "takes **kwargs" in f.message and "a warning, not an error" in f.message
    assert "it documents `format`, `units`, `descriptions`" in f.message
    assert "did you mean `format`?" in f.message
    assert str(f).startswith("2: warning: ")


def test_a_closed_list_names_the_closest_documented_keyword(searcher) -> None:
    code = MODELS + "g = models.Gaussian2D(amplitude=1, x_mean=0, y_mean=0, x_stdev=1)\n"
    (f,) = check_code(code, searcher=searcher)
    assert f.suggestions[0] == "x_stddev" and f.severity == "warning"
    assert "may take keywords its documentation leaves out" in f.message


@pytest.mark.parametrize(
    "call",
    [
        # documented, or handed on and unlike any documented keyword
        TABLE + "t = Table.read('x.csv', format='ascii.csv', units={'a': 'm'}, delimiter=',')\n",
        # keywords the docstring leaves out but the base classes take
        MODELS + "g = models.Gaussian2D(1, 0, 0, 1, 1, name='g', bounds={'theta': (0, 1)})\n",
        "from astropy.coordinates import Latitude\nimport astropy.units as u\n"
        "x = Latitude(10, unit=u.deg, copy=False, dtype=float)\n",
        "from astropy.coordinates import TEME\nimport astropy.units as u\n"
        "f = TEME(x=1 * u.km, y=2 * u.km, z=3 * u.km, representation_type='cartesian')\n",
    ],
)
def test_keywords_that_are_no_look_alike_are_left_alone(searcher, call: str) -> None:
    assert check_code(call, searcher=searcher) == []


def test_no_warning_on_any_correct_program_or_recipe(searcher) -> None:
    recipes = [r.code for p in load_plugins().plugins for r in p.recipes if r.code]
    programs = [*CORRECT.values(), *recipes]
    for live in (False, True):
        found = check_many(programs, searcher=searcher, live=live)
        assert [f for fs in found for f in fs if f.kind == "undocumented-keyword"] == []


def test_docstring_styles() -> None:
    numpy = (
        "Do it.\n\nParameters\n----------\nformat : str\n    The format.\na, b : int\n"
        "    Two.\n\nOther Parameters\n----------------\nverbose : bool\n    Talk.\n\n"
        "Returns\n-------\nout : int\n    Never a keyword.\n"
    )
    google = (
        "Do it.\n\n    Args:\n        path (str): Where.\n        mode: How,\n"
        "            on two lines: still mode.\n\n    Keyword Args:\n        strict (bool): Be.\n"
        "\n    Returns:\n        int: Not a keyword.\n"
    )
    rest = (
        "Do it.\n\n:param str path: Where.\n:param mode: How.\n:keyword strict: Be.\n:returns: x\n"
    )
    assert documented_keywords(numpy).names == ("format", "a", "b", "verbose")
    assert documented_keywords(google).names == ("path", "mode", "strict")
    assert documented_keywords(rest).names == ("path", "mode", "strict")
    assert not any(documented_keywords(d).forwards for d in (numpy, google, rest))


@pytest.mark.parametrize(
    "tail",
    [
        "\n**kwargs : dict\n    Whatever.\n",
        "\nNotes\n-----\nOther keyword arguments are passed to the reader.\n",
        "\nNotes\n-----\nExtra options are forwarded to ``open``.\n",
    ],
)
def test_forwarding_is_read_from_the_docstring(tail: str) -> None:
    doc = "Do it.\n\nParameters\n----------\nformat : str\n    The format.\n" + tail
    documented = documented_keywords(doc)
    assert documented.forwards and "format" in documented.names
