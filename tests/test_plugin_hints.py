"""First-party plugins' run-error hints match the errors the real libraries raise."""

from __future__ import annotations

import pytest

from sciagent.agent._hints import hints_for, plugin_hints
from sciagent.plugin import load_plugins


def _error(code: str) -> str:
    """Run library code *in the test* (trusted, ours) and return 'Type: message'."""
    try:
        exec(code, {})
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    raise AssertionError("the snippet did not fail")


@pytest.fixture(scope="module")
def hints():
    return plugin_hints(load_plugins().plugins)


@pytest.mark.parametrize(
    ("library", "code", "words"),
    [
        ("astropy", "import astropy.units as u\n(1420 * u.MHz).to(u.cm)", "u.spectral()"),
        ("astropy", "x = 2.5\nx.to('pc')", "not an astropy Quantity"),
        (
            "astropy",
            "from astropy.coordinates import ICRS\nimport astropy.units as u\n"
            "ICRS(ra=1 * u.deg, dec=2 * u.deg).directional_offset_by(0, 1)",
            "SkyCoord(",
        ),
        ("astropy", "import astropy\nx = 3 * u.deg", "import astropy.units as u"),
        (
            "astropy",
            "from astropy.units import Unit\nu = Unit('m')\nx = 3 * u.deg",
            "not the units module",
        ),
        (
            "astropy",
            "from astropy.coordinates import SkyCoord\nSkyCoord(ra=10.68, dec=41.27)",
            "give each number its unit",
        ),
        ("rdkit", "from rdkit import Chem\nChem.AddHs(Chem.MolFromSmiles('ACDEF'))", "None"),
        ("Bio", "'ATGC'.reverse_complement()", "Seq(s)"),
        ("Bio", "from Bio.Seq import Seq\nSeq('ATGXYZ').translate()", "not nucleotides"),
        ("Bio", "'ATGTTTTAA'.translate(to_stop=True)", "Seq(s).translate()"),
        ("Bio", "'ATGTTTTAA'.translate()", "Seq(s).translate()"),
    ],
)
def test_real_errors_get_their_hint(hints, library: str, code: str, words: str) -> None:
    found = hints_for(_error(code), {library}, hints)
    assert any(words in h for h in found), found


def test_no_library_hint_without_the_library(hints) -> None:
    error = _error("import astropy.units as u\n(1420 * u.MHz).to(u.cm)")
    assert hints_for(error, {"rdkit"}, hints) == []


def test_a_bad_pattern_is_a_clear_plugin_error() -> None:
    from sciagent import Library, Plugin
    from sciagent.errors import PluginError

    with pytest.raises(PluginError, match="is not a regular expression"):
        Plugin(
            name="x",
            domain="x",
            libraries=(Library(name="x", import_name="x", distribution="x"),),
            error_hints={"(unclosed": "hint"},
        )
