"""The APIs a program uses, as the checker resolves them (an agent result's ``apis_used``)."""

from __future__ import annotations

from sciagent.check import apis_of, check_code, check_program

PROGRAM = """\
from rdkit import Chem
from rdkit.Chem import Descriptors
import astropy.units as u
mol = Chem.MolFromSmiles("CCO")
print(Descriptors.MolWt(mol), mol.GetNumAtoms(), (3 * u.m).to(u.cm))
"""


def test_apis_named_through_imports_longest_path_first(searcher):
    found = [r.qualname for r in apis_of(PROGRAM, searcher=searcher)]
    assert found[0] == "rdkit.Chem.Descriptors.MolWt"
    assert "rdkit.Chem.rdmolfiles.MolFromSmiles" in found and "astropy.units.m" in found
    # modules are not APIs used; members reached through a value are not listed
    assert not any(q in found for q in ("rdkit.Chem", "astropy.units"))
    assert not any(q.endswith("GetNumAtoms") for q in found)
    assert all(r.library and r.version for r in apis_of(PROGRAM, searcher=searcher))


def test_check_program_returns_the_same_findings_and_apis(searcher):
    checked = check_program(PROGRAM, searcher=searcher, live=False)
    assert checked.findings == check_code(PROGRAM, searcher=searcher, live=False)
    assert checked.apis == apis_of(PROGRAM, searcher=searcher)


def test_nothing_for_a_program_that_does_not_parse(searcher):
    assert apis_of("from rdkit import Chem\nx = (", searcher=searcher) == []
    assert check_program("x = (", searcher=searcher, live=False).apis == []
