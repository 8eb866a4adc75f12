"""Checker honesty (issue 21, item 8): no claim the index cannot back.

Without the live probe the index is all the checker has, and it does not list
data (units, constants, instance attributes) nor names a module or class makes
on demand: such names are not claimed missing.  What the index could know (a
called function or class) is a warning that says it is unverified.
"""

from __future__ import annotations

import pytest

from sciagent import check_code
from sciagent.check import check_many

from .programs import CORRECT

UDEG = "import astropy.units as u\nx = 5 * u.deg\nprint(x.to(u.rad))\n"


@pytest.mark.parametrize("live", [False, True])
def test_unit_instances_are_no_false_alarm(searcher, live: bool) -> None:
    assert check_code(UDEG, searcher=searcher, live=live) == []


def test_index_only_mode_never_claims_what_it_cannot_know(searcher) -> None:
    """Every correct program: no error, and no warning that a value is missing."""
    found_all = check_many(list(CORRECT.values()), searcher=searcher, live=False)
    for name, found in zip(CORRECT, found_all, strict=True):
        assert all(f.severity == "warning" for f in found), (name, found)
        assert all("does not exist" not in f.message for f in found), (name, found)
        assert all("not verified" in f.message for f in found), (name, found)


@pytest.mark.parametrize(
    "code",
    [
        # data read as values, from modules and from instances, through each import form
        "from astropy.units import km, Mpc\nprint((3 * km).to(Mpc))\n",
        "from astropy.cosmology import Planck18\nprint(Planck18.H0, Planck18.Om0)\n",
        "from Bio.SeqRecord import SeqRecord\nfrom Bio.Seq import Seq\n"
        "r = SeqRecord(Seq('ACGT'), id='x')\nprint(r.id, r.description)\n",
        "from Bio.Data import IUPACData\nprint(IUPACData.protein_letters)\n",
    ],
)
def test_values_the_index_does_not_list_are_not_reported(searcher, code: str) -> None:
    assert check_code(code, searcher=searcher, live=False) == []


def test_called_invented_names_are_unverified_warnings(searcher) -> None:
    code = (
        "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\n"
        "from rdkit.Chem.Descriptors import MolecularWeight\n"
        "m = Chem.MolFromSmiles('CCO')\nprint(Descriptors.MolecularWeight(m), MolecularWeight(m))\n"
    )
    found = check_code(code, searcher=searcher, live=False)
    assert [f.line for f in found] == [3, 5], found
    for f in found:
        assert f.severity == "warning" and "not verified" in f.message, f
        assert "rdkit.Chem.Descriptors.MolWt" in f.suggestions, f


def test_live_mode_still_proves_invented_values_missing(searcher) -> None:
    """The honest index-only silence costs nothing live: the probe decides values."""
    code = "import astropy.units as u\nprint(5 * u.degre)\n"
    assert check_code(code, searcher=searcher, live=False) == []
    (finding,) = check_code(code, searcher=searcher, live=True)
    assert finding.severity == "error" and "does not exist" in finding.message
    assert (
        "astropy.units.deg" in finding.suggestions or "astropy.units.degree" in finding.suggestions
    )


# --------------------------------------------------- suggestions by meaning and type
SEQ = "from Bio.Seq import Seq\ns = Seq('ACGTGC')\n"
SKY = (
    "from astropy.coordinates import SkyCoord\n"
    "a = SkyCoord(1, 2, unit='deg')\nb = SkyCoord(1, 3, unit='deg')\n"
)


@pytest.mark.parametrize("live", [False, True])
def test_invented_method_gets_what_takes_the_receiver(searcher, live: bool) -> None:
    """A `Seq` has no gc_content: the fix is a function that takes a Seq, not another class."""
    (finding,) = check_code(SEQ + "print(s.gc_content())\n", searcher=searcher, live=live)
    assert "Bio.SeqUtils.gc_fraction" in finding.suggestions[:2], finding
    assert "PositionWeightMatrix" not in finding.message, finding
    assert "`Bio.SeqUtils.gc_fraction(s)`" in finding.message


def test_invented_method_gets_the_receivers_own_method_by_meaning(searcher) -> None:
    (finding,) = check_code(SKY + "print(a.angular_distance(b))\n", searcher=searcher)
    shown = [p.rsplit(".", 1)[-1] for p in finding.suggestions]
    assert "separation" in shown[:3], finding
    assert "galcen_distance" not in shown, finding
    for path in finding.suggestions:  # SkyCoord's own members, or functions that take one
        rec = searcher.lookup(path)
        assert path.rsplit(".", 2)[-2] == "SkyCoord" or (rec and rec.kind == "function"), path


def test_a_typo_still_gets_its_look_alike_first(searcher) -> None:
    (finding,) = check_code(SEQ + "print(s.reverse_complemnt())\n", searcher=searcher)
    assert finding.suggestions[0] == "Bio.Seq.Seq.reverse_complement", finding
