"""The walker on the real installed libraries (one subprocess per library)."""

from __future__ import annotations

import pytest

from sciagent.introspection.runner import introspect
from sciagent.plugin import load_plugins


def _records(plugin_name: str):
    plugin = load_plugins().get(plugin_name)
    result = introspect(plugin, plugin.libraries[0])
    return result, {r.qualname: r for r in result.records}


@pytest.fixture(scope="module")
def rdkit_api():
    return _records("chemistry")


@pytest.fixture(scope="module")
def bio_api():
    return _records("biology")


def test_rdkit_home_module_and_aliases(rdkit_api):
    _, recs = rdkit_api
    rec = recs["rdkit.Chem.rdmolfiles.MolFromSmiles"]
    assert rec.kind == "function"
    assert "rdkit.Chem.MolFromSmiles" in rec.aliases
    assert "rdkit.Chem.AllChem.MolFromSmiles" in rec.aliases
    assert len(rec.signatures) >= 2 and all(s.source == "boost" for s in rec.signatures)
    assert rec.version and rec.library == "rdkit"


def test_rdkit_lambda_descriptor_gets_real_signature(rdkit_api):
    _, recs = rdkit_api
    rec = recs["rdkit.Chem.Descriptors.MolWt"]  # a lambda *x, **y forwarding to Boost
    sig = rec.signatures[0]
    assert sig.source != "none"
    assert sig.params[0].name == "mol"
    assert rec.examples, "the doctest example is kept"


def test_rdkit_methods_and_constructors(rdkit_api):
    _, recs = rdkit_api
    method = recs["rdkit.Chem.rdchem.Mol.GetAtomWithIdx"]
    assert method.kind == "method" and method.signatures[0].text == "(idx: int) -> Atom"
    assert "rdkit.Chem.Mol.GetAtomWithIdx" in method.aliases
    mol = recs["rdkit.Chem.rdchem.Mol"]
    assert mol.kind == "class" and len(mol.signatures) >= 3


def test_rdkit_signature_coverage_at_least_95_percent(rdkit_api):
    from sciagent.index.build import coverage

    result, _ = rdkit_api
    cov = coverage(result.records)
    assert cov["ratio"] >= 0.95, cov


def test_rdkit_excluded_modules_are_not_walked(rdkit_api):
    _, recs = rdkit_api
    assert not any(q.startswith("rdkit.sping") for q in recs)


def test_biopython_inherited_public_method_from_private_base(bio_api):
    _, recs = bio_api
    translate = recs["Bio.Seq.Seq.translate"]  # defined on Bio.Seq._SeqAbstractBaseClass
    assert "Bio.Seq.MutableSeq.translate" in translate.aliases
    names = [p.name for p in translate.signatures[0].params]
    assert names[:2] == ["table", "stop_symbol"]
    assert "self" not in names


def test_biopython_restriction_enzymes_are_dropped_but_machinery_kept(bio_api):
    _, recs = bio_api
    assert "Bio.Restriction.Restriction.EcoRI" not in recs
    assert "Bio.Restriction.Restriction.RestrictionBatch" in recs


def test_import_failures_are_recorded_not_fatal(bio_api):
    result, _ = bio_api
    assert result.modules > 100
    assert all({"module", "error"} <= set(f) for f in result.failures)


def test_astropy_descriptor_and_numpydoc_signatures():
    _, recs = _records("astronomy")
    read = recs["astropy.table.table.Table.read"]  # a callable descriptor
    assert read.kind == "method" and read.signatures
    assert "astropy.table.Table.read" in read.aliases
    icrs = recs["astropy.coordinates.builtin_frames.icrs.ICRS"]
    assert icrs.signatures[0].source == "numpydoc"  # (*args, **kwargs) + documented params
    assert "ra" in [p.name for p in icrs.signatures[0].params]
