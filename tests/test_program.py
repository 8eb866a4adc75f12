"""``sciagent.program``: the one reader of a program's imports (checker, validators, hints)."""

from __future__ import annotations

from sciagent.program import imported_packages, imports_of

PROGRAM = """\
import numpy
import astropy.units as u
import rdkit.Chem
from rdkit import Chem as C
from Bio.SeqUtils import *
from . import local
from ..pkg import thing as other


def f():
    from astropy.coordinates import SkyCoord
"""


def test_each_bound_name_with_its_path_package_and_statement():
    found = [(i.name, i.target, i.package, i.statement, i.line) for i in imports_of(PROGRAM)]
    assert found == [
        ("numpy", "numpy", "numpy", "import numpy", 1),
        ("u", "astropy.units", "astropy", "import astropy.units as u", 2),
        ("rdkit", "rdkit", "rdkit", "import rdkit.Chem", 3),
        ("C", "rdkit.Chem", "rdkit", "from rdkit import Chem as C", 4),
        ("*", "Bio.SeqUtils", "Bio", "from Bio.SeqUtils import *", 5),
        ("local", ".local", None, "from . import local", 6),
        ("other", "..pkg.thing", None, "from ..pkg import thing as other", 7),
        (
            "SkyCoord",
            "astropy.coordinates.SkyCoord",
            "astropy",
            "from astropy.coordinates import SkyCoord",
            11,
        ),
    ]
    assert [i.relative for i in imports_of(PROGRAM)].count(True) == 2


def test_packages_and_unparsable_programs():
    assert imported_packages(PROGRAM) == {"numpy", "astropy", "rdkit", "Bio"}
    assert imported_packages("import rdkit\nx = (") == frozenset()
    assert imports_of("x = (") == []
