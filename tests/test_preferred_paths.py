"""Names people type (issue 21, item 6): one preferred path on every surface, a few
aliases, clean signatures, no test code in the index.

The rules are general (:mod:`sciagent.introspection.paths`); the cases here
check them on the real libraries and the real index, plus the pure rules on
paths no library has.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from sciagent import Library, Plugin
from sciagent.errors import PluginError
from sciagent.introspection import docstrings as ds
from sciagent.introspection.paths import (
    MAX_ALIASES,
    PathFacts,
    is_private,
    is_test_module,
    name_paths,
)

# ------------------------------------------------------------------ pure rules


@pytest.mark.parametrize(
    "module",
    [
        "pkg.tests",
        "pkg.test",
        "pkg.sub.test_io",
        "pkg.io_test",
        "pkg.conftest",
        "rdkit.TestRunner",
        "rdkit.Chem.ChemUtils.BulkTester",
        "rdkit.ML.Cluster.murtagh_test",
    ],
)
def test_test_modules_by_name(module):
    assert is_test_module(module)


@pytest.mark.parametrize(
    "module", ["numpy.testing", "scipy.stats.ttest", "pkg.contest", "pkg.latest", "pkg.attestation"]
)
def test_modules_that_only_contain_the_letters_are_api(module):
    assert not is_test_module(module)


def test_a_closure_qualname_is_not_a_public_path():
    assert is_private("astropy.TestRunnerBase.make_test_runner_in.<locals>.test")
    assert is_private("Bio.Seq._SeqAbstractBaseClass.translate")
    assert not is_private("Bio.Seq.Seq.translate")


def test_preferred_path_exported_shallow_then_defining_class():
    home = "lib.core.frames.Base.sep"
    paths = {
        home,
        "lib.core.Base.sep",  # the package re-exports Base
        "lib.core.Sub.sep",  # a subclass, same depth, shorter
        "lib.util.Base.sep",  # a module that imports Base for its own use
        "lib.x.sep",  # an instance of Base bound in lib.x (exported: its home)
    }
    facts = PathFacts(
        exported={home, "lib.core.Base.sep", "lib.core.Sub.sep", "lib.x.sep"},
        own={home, "lib.core.Base.sep", "lib.util.Base.sep"},
        via_class={home, "lib.core.Base.sep", "lib.core.Sub.sep", "lib.util.Base.sep"},
    )
    naming = name_paths(home, paths, facts)
    assert naming.path == "lib.x.sep", "shallowest exported path wins"
    facts.exported.discard("lib.x.sep")
    naming = name_paths(home, paths, facts)
    assert naming.path == "lib.core.Base.sep", "at one depth, the defining class"
    assert "lib.util.Base.sep" not in naming.aliases, "an incidental import is not shown"
    assert "lib.util.Base.sep" in naming.more_aliases, "but it still resolves"
    assert "lib.x.sep" in naming.more_aliases, "an instance path of a method is not shown"


def test_a_declared_forward_is_preferred_and_aliases_are_capped():
    home = "lib.frames.Frame.sep"
    subclasses = {f"lib.Frame{i}.sep" for i in range(20)}
    facts = PathFacts(
        exported={home, *subclasses, "lib.Coord.sep"},
        via_class={home, *subclasses, "lib.Coord.sep"},
        forwarded={"lib.Coord.sep"},
    )
    naming = name_paths(home, {home, *subclasses, "lib.Coord.sep"}, facts)
    assert naming.path == "lib.Coord.sep"
    assert naming.aliases[0] == "lib.Coord.sep"
    assert len(naming.aliases) == MAX_ALIASES
    assert set(naming.aliases) | set(naming.more_aliases) == {*subclasses, "lib.Coord.sep"}


def test_numpydoc_types_lose_rest_markup_and_optional():
    assert (
        ds.plain_type(
            ":class:`~astropy.units.Unit`, string, or tuple of `~astropy.units.Unit`, optional"
        )
        == "Unit, string, or tuple of Unit"
    )
    assert ds.plain_type(":class:`astropy.table.Table`") == "astropy.table.Table"
    assert ds.plain_type("bool, optional (default True)") == "bool"
    assert ds.plain_type("``int``") == "int"


# ---------------------------------------------------------------- real docstrings


def test_boost_generic_object_has_no_type_whatever_name_it_is_printed_under():
    """Once rdMolDescriptors is imported, Boost.Python prints ``boost::python::object``
    as ``AtomPairsParameters`` in every docstring: the C++ signature tells."""
    from rdkit import Chem
    from rdkit.Chem import rdMolDescriptors  # noqa: F401  (registers the misleading name)

    doc = Chem.MolFromSmiles.__doc__
    assert "(AtomPairsParameters)SMILES" in doc, "the trap this test is about"
    for sig in ds.parse_boost("MolFromSmiles", doc).signatures:
        smiles = sig.params[0]
        assert smiles.name == "SMILES" and smiles.annotation is None
        assert "AtomPairsParameters" not in sig.text
    params = ds.parse_boost("MolFromSmiles", doc).signatures[0].params
    assert params[1].annotation == "SmilesParserParams", "real classes keep their type"


# ---------------------------------------------------------------- the real index


def _records(searcher, library):
    ix = next(ix for ix in searcher.indexes if ix.manifest.library == library)
    return list(ix.records)


def test_no_test_module_or_testcase_class_is_indexed(searcher):
    assert searcher.lookup("rdkit.Chem.Recap.TestCase") is None
    assert searcher.lookup("rdkit.Chem.Recap.RecapDecompose") is not None
    for library in ("rdkit", "biopython", "astropy"):
        for rec in _records(searcher, library):
            if rec.kind == "recipe":
                continue
            modules = rec.qualname.split(".")
            assert not any(
                is_test_module(".".join(modules[: i + 1])) for i in range(len(modules) - 1)
            ), rec.qualname
            assert not re.search(r"(^|\.)TestCase(\.|$)", rec.qualname), rec.qualname
    hits = searcher.search("recap decomposition", k=10)
    assert not any("TestCase" in h.qualname for h in hits)


def test_signatures_carry_no_parser_noise(searcher):
    noise = re.compile(r"AtomPairsParameters|ForwardRef\(|`|:class:|, optional\b")
    for library in ("rdkit", "biopython", "astropy"):
        for rec in _records(searcher, library):
            for sig in rec.signatures:
                assert not noise.search(sig.text), f"{rec.qualname}{sig.text}"
                # Boost's (object): any Python object; a Python annotation may say object
                assert sig.source != "boost" or ": object" not in sig.text, rec.qualname
    mol = searcher.lookup("rdkit.Chem.MolFromSmiles")
    assert mol is not None
    assert [s.text.split(",")[0] for s in mol.signatures] == ["(SMILES", "(SMILES"]
    skycoord = searcher.lookup("astropy.coordinates.SkyCoord")
    assert skycoord is not None and "frame: BaseCoordinateFrame" in skycoord.signatures[0].text
    ctor = searcher.lookup("rdkit.Chem.SmilesParserParams")
    assert ctor is not None and ctor.signatures[0].text == "()"


def test_aliases_are_few_and_the_rest_still_resolve(searcher):
    many = 0
    for library in ("rdkit", "biopython", "astropy"):
        for rec in _records(searcher, library):
            assert len(rec.aliases) <= MAX_ALIASES, rec.qualname
            assert rec.preferred in {rec.qualname, *rec.aliases}
            if rec.more_aliases:
                many += 1
                extra = rec.more_aliases[-1]
                assert (
                    searcher.names.home(extra) == rec.qualname or searcher.lookup(extra) is not None
                )
    assert many > 100
    frame = searcher.lookup("astropy.coordinates.baseframe.BaseCoordinateFrame.separation")
    assert frame is not None
    hidden = next(p for p in frame.more_aliases if ".builtin_frames." in p)
    assert searcher.names.home(hidden) == frame.qualname


def test_forwarded_method_is_shown_under_the_forwarding_class(searcher):
    rec = searcher.lookup("astropy.coordinates.BaseCoordinateFrame.separation")
    assert rec is not None
    assert rec.path == "astropy.coordinates.SkyCoord.separation"
    assert searcher.names.preferred(rec.qualname) == rec.path
    assert searcher.names.home("astropy.coordinates.SkyCoord.separation") == rec.qualname
    # SkyCoord's own methods are not the frame's: no forward replaces them
    own = searcher.lookup("astropy.coordinates.SkyCoord.match_to_catalog_sky")
    assert own is not None and own.qualname.startswith(
        "astropy.coordinates.sky_coordinate.SkyCoord"
    )


def test_every_surface_shows_the_same_path(searcher):
    from sciagent.cli import main
    from sciagent.render.cards.hits import hit_html, hit_listing

    hits = searcher.search("angular separation between two sky coordinates", k=5)
    sep = next(h for h in hits if h.qualname.endswith("BaseCoordinateFrame.separation"))
    assert sep.path == "astropy.coordinates.SkyCoord.separation"
    assert sep.card().splitlines()[0].startswith(sep.path + " ")
    assert sep.card().splitlines()[1].strip().startswith("separation(")
    assert f"<b>{sep.path}</b>" in hit_html(sep)
    assert hit_listing(sep, 1)[0].endswith(sep.path)
    assert sep.to_dict()["path"] == sep.path
    result = CliRunner().invoke(
        main, ["search", "angular separation between two sky coordinates", "-k", "5", "--json"]
    )
    assert result.exit_code == 0, result.output
    by_qualname = {h["qualname"]: h for h in json.loads(result.output)["hits"]}
    assert by_qualname[sep.qualname]["path"] == sep.path
    mol = searcher.search("parse smiles", k=3)[0]
    assert mol.path == "rdkit.Chem.MolFromSmiles"


# ------------------------------------------------------------------ the contract


def test_forwards_are_validated_when_the_plugin_loads():
    lib = Library(name="astropy", import_name="astropy", distribution="astropy")
    with pytest.raises(PluginError, match="forward"):
        Plugin(name="p", domain="d", libraries=(lib,), forwards={"astropy.X": "numpy.Y"})
    with pytest.raises(PluginError, match="forwards map"):
        Plugin(name="p", domain="d", libraries=(lib,), forwards={"astropy.X": 3})  # type: ignore[dict-item]
    ok = Plugin(name="p", domain="d", libraries=(lib,), forwards={"astropy.X": "astropy.Y"})
    assert ok.forwards_for(lib) == {"astropy.X": "astropy.Y"}


def test_a_forward_changes_the_index_key(small_plugin):
    from dataclasses import replace

    from sciagent.index.state import spec_hash
    from sciagent.introspection.runner import spec_for

    lib = small_plugin.libraries[0]
    forwarding = replace(
        small_plugin, forwards={"platformdirs.PlatformDirs": "platformdirs.api.PlatformDirsABC"}
    )
    assert spec_hash(forwarding, lib) != spec_hash(small_plugin, lib)
    assert spec_for(forwarding, lib).forwards == forwarding.forwards
