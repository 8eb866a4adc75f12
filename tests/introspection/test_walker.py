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


def test_biopython_generated_enzyme_classes_collapse_to_their_bases(bio_api):
    _, recs = bio_api
    assert "Bio.Restriction.Restriction.EcoRI" not in recs  # one of ~1,100 generated leaves
    assert "Bio.Restriction.Restriction.RestrictionBatch" in recs
    assert "Bio.Restriction.Restriction.AbstractCut.search" in recs
    assert "Bio.Restriction.Restriction.Ov5.catalyse" in recs


def test_import_failures_are_recorded_not_fatal(bio_api):
    result, _ = bio_api
    assert result.modules > 100
    assert all({"module", "error"} <= set(f) for f in result.failures)


@pytest.fixture(scope="module")
def astropy_api():
    return _records("astronomy")


def test_astropy_module_level_instances_and_their_methods(astropy_api):
    _, recs = astropy_api
    planck = recs["astropy.cosmology.Planck18"]
    assert planck.kind == "attribute" and "FlatLambdaCDM" in planck.summary
    # a method through an instance resolves, but is not among the aliases shown
    by_alias = {a: r for r in recs.values() for a in (*r.aliases, *r.more_aliases)}
    assert by_alias["astropy.cosmology.Planck18.luminosity_distance"].kind == "method"
    assert recs["astropy.constants.c"].kind == "attribute"
    assert not any(q.startswith("astropy.units.km") for q in recs), "thousands of units skipped"


def test_astropy_aliases_through_the_defining_class_come_first(astropy_api):
    _, recs = astropy_api
    to = recs["astropy.units.quantity.Quantity.to"]
    assert to.aliases[0] == "astropy.units.Quantity.to"


def test_inherited_methods_keep_their_paths_through_subclasses(astropy_api):
    """``Unit.to_string`` lives on ``UnitBase``; dozens of unit instances reach
    it too, and the alias list is capped: the subclass paths come first."""
    _, recs = astropy_api
    to_string = recs["astropy.units.core.UnitBase.to_string"]
    assert "astropy.units.Unit.to_string" in to_string.aliases
    assert "astropy.units.NamedUnit.to_string" in to_string.aliases


def test_names_missing_from_all_but_importable_are_known(astropy_api):
    _, recs = astropy_api
    assert "astropy.io.fits.FITSDiff" in recs["astropy.io.fits.diff.FITSDiff"].aliases


def test_astropy_descriptor_and_numpydoc_signatures(astropy_api):
    _, recs = astropy_api
    read = recs["astropy.table.table.Table.read"]  # a callable descriptor
    assert read.kind == "method" and read.signatures
    assert "astropy.table.Table.read" in read.aliases
    icrs = recs["astropy.coordinates.builtin_frames.icrs.ICRS"]
    assert icrs.signatures[0].source == "numpydoc"  # (*args, **kwargs) + documented params
    assert "ra" in [p.name for p in icrs.signatures[0].params]


def test_walker_ignores_a_package_planted_in_the_working_directory(
    tmp_path, monkeypatch, small_plugin
):
    """The walker imports the installed library, never a look-alike in the caller's cwd,
    and sees none of the caller's secrets."""
    from sciagent.introspection.runner import introspect

    marker = tmp_path / "planted-ran"
    planted = tmp_path / "platformdirs"
    planted.mkdir()
    (planted / "__init__.py").write_text(
        "import os, pathlib\n"
        f"pathlib.Path({str(marker)!r}).write_text(os.environ.get('OPENAI_API_KEY', 'none'))\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret")
    found = introspect(small_plugin, small_plugin.libraries[0])
    assert not marker.exists(), "a package planted in the working directory was imported"
    assert any(r.qualname == "platformdirs.user_data_dir" for r in found.records)
