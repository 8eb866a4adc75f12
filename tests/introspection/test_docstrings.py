"""Docstring parsers on real docstrings of the installed libraries."""

from __future__ import annotations

import pytest

from sciagent.introspection import docstrings as ds

rdkit = pytest.importorskip("rdkit")
from rdkit import Chem, DataStructs  # noqa: E402
from rdkit.Chem import AllChem, Descriptors, rdFingerprintGenerator, rdMolDescriptors  # noqa: E402


def test_boost_single_overload_with_optional_argument():
    parsed = ds.parse_boost("CalcExactMolWt", rdMolDescriptors.CalcExactMolWt.__doc__)
    assert len(parsed.signatures) == 1
    sig = parsed.signatures[0]
    assert sig.text == "(mol: Mol, onlyHeavy: bool = False) -> float"
    assert [p.name for p in sig.params] == ["mol", "onlyHeavy"]
    assert not sig.params[0].has_default and sig.params[1].has_default
    assert sig.returns == "float"
    assert "C++ signature" not in parsed.prose
    assert ds.summary(parsed.prose) == "returns the molecule's exact molecular weight"


def test_boost_keeps_every_overload():
    doc = DataStructs.TanimotoSimilarity.__doc__
    parsed = ds.parse_boost("TanimotoSimilarity", doc)
    headers = [ln for ln in doc.splitlines() if ln.strip().startswith("TanimotoSimilarity(")]
    assert len(parsed.signatures) == len(headers) >= 4  # C++ signature lines are not overloads
    types = {s.params[0].annotation for s in parsed.signatures}
    assert {"SparseBitVect", "ExplicitBitVect"} <= types


def test_boost_nested_optional_groups_and_leading_bracket():
    parsed = ds.parse_boost("GetMorganGenerator", rdFingerprintGenerator.GetMorganGenerator.__doc__)
    params = parsed.signatures[0].params
    names = [p.name for p in params]
    assert names[:2] == ["radius", "countSimulation"]
    assert "fpSize" in names
    assert all(p.has_default for p in params)  # "([ (int)radius=3 [, ...]])": all optional
    assert next(p for p in params if p.name == "fpSize").default == "2048"


def test_boost_container_defaults():
    parsed = ds.parse_boost("MolFromSmiles", Chem.MolFromSmiles.__doc__)
    assert len(parsed.signatures) == 2
    by_name = {p.name: p for p in parsed.signatures[1].params}
    assert by_name["replacements"].default == "{}"
    assert by_name["sanitize"].default == "True"
    params = ds._parse_boost_args("(Mol)mol [, (list)atoms=[] [, (dict)opts={}]]")
    assert [(p.name, p.default) for p in params] == [("mol", None), ("atoms", "[]"), ("opts", "{}")]


def test_boost_method_drops_self():
    parsed = ds.parse_boost("GetAtomWithIdx", Chem.Mol.GetAtomWithIdx.__doc__, drop_self=True)
    assert parsed.signatures[0].text == "(idx: int) -> Atom"


def test_boost_constructor_overloads():
    parsed = ds.parse_boost("__init__", Chem.Mol.__init__.__doc__, drop_self=True)
    texts = [s.text for s in parsed.signatures]
    assert "()" in texts, "the instance (object)arg1 is not an argument the caller passes"
    assert not any(t.endswith("-> None") for t in texts), "a constructor returns its instance"
    assert any("quickCopy: bool = False" in t for t in texts)


def test_boost_header_under_another_name():
    # exported as ToBitString, documented under its C++ name BitVectToText
    doc = DataStructs.ExplicitBitVect.ToBitString.__doc__
    assert ds.looks_like_boost("ToBitString", doc)
    assert ds.parse_boost("ToBitString", doc).signatures


def test_examples_from_doctest():
    examples = ds.examples(Descriptors.MolWt.__doc__)
    assert examples and examples[0].startswith(">>> MolWt(")


def test_first_line_signature_of_astropy_wcs():
    wcs = pytest.importorskip("astropy.wcs")
    sig = ds.parse_firstline("p2s", wcs.Wcsprm.p2s.__doc__)
    assert sig is not None and [p.name for p in sig.params] == ["pixcrd", "origin"]


def test_numpydoc_parameters():
    doc = """Do a thing.

    Parameters
    ----------
    x : float
        The value.
    unit : str, optional
        The unit. Default is 'm'.
    *args, **kwargs
        Passed on.

    Returns
    -------
    out : Quantity
        The result.
    """
    params = ds.parse_numpydoc_params(doc)
    assert [p.name for p in params] == ["x", "unit", "args", "kwargs"]
    assert params[1].has_default and params[0].description == "The value."
    assert params[2].kind == "VAR_POSITIONAL"
    assert ds.numpydoc_returns(doc) == "Quantity"


def test_deprecation_markers():
    assert ds.is_deprecated(".. deprecated:: 1.2\n   use other")
    assert ds.is_deprecated("This function is deprecated; use X")
    assert not ds.is_deprecated("Compute the deprecation-free value")


def test_all_chem_functions_parse():
    """Every Boost.Python function in AllChem yields at least one signature."""
    failures = []
    for name in dir(AllChem):
        obj = getattr(AllChem, name)
        if type(obj).__name__ == "function" and type(obj).__module__ == "Boost.Python":
            doc = obj.__doc__ or ""
            if ds.looks_like_boost(name, doc) and not ds.parse_boost(name, doc).signatures:
                failures.append(name)
    assert failures == []
