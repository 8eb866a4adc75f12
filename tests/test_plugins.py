"""Plugin discovery through entry points, pinning, and broken or missing plugins."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from sciagent import Library, NoPluginsError, Plugin, PluginError, load_plugins
from sciagent.plugin import PluginSet
from sciagent.retrieval import Searcher


def test_first_party_plugins_are_discovered():
    plugins = load_plugins()
    names = {p.name for p in plugins.plugins}
    assert {"chemistry", "biology", "astronomy"} <= names
    assert plugins.get("chemistry").libraries[0].import_name == "rdkit"
    assert plugins.get("chemistry").preload


def test_first_party_keywords_all_name_indexed_apis(searcher):
    """A keyword whose API was renamed or excluded would silently stop helping search."""
    by_plugin = {p.name: p for p in searcher.plugins.plugins}
    first_party = [
        ix for ix in searcher.indexes if ix.manifest.plugin in {"chemistry", "biology", "astronomy"}
    ]
    assert len(first_party) == 3
    for loaded in first_party:
        keywords = by_plugin[loaded.manifest.plugin].keywords
        assert keywords, loaded.manifest.plugin
        assert loaded.manifest.unresolved_keywords == [], loaded.manifest.library
    record = searcher.lookup("rdkit.Chem.MaeMolSupplier")
    assert record is not None and "Maestro" in record.keywords


def test_first_party_normalisers_key_their_own_answers_only():
    """Each domain claims its own answers and leaves the others' (and plain numbers) alone."""
    plugins = load_plugins()
    key = {name: plugins.get(name).normalisers[0] for name in ("chemistry", "biology", "astronomy")}
    assert key["chemistry"]("OCC") == key["chemistry"]("CCO") == "CCO"
    assert key["biology"]("atg gcc att") == "ATGGCCATT"
    assert key["astronomy"]("1.5 deg") == key["astronomy"]("5400 arcsec")
    for answer in ("180.16", "-3", "1e-3", ""):
        assert all(normalise(answer) is None for normalise in key.values()), answer
    assert key["chemistry"]("1.5 deg") is None and key["chemistry"]("MAIVMGR*") is None
    assert key["biology"]("OCC") is None and key["biology"]("1.5 deg") is None
    assert key["astronomy"]("OCC") is None and key["astronomy"]("ATGGCC") is None


def test_env_pins_which_plugins_load(monkeypatch):
    monkeypatch.setenv("SCIAGENT_PLUGINS", "biology")
    assert [p.name for p in load_plugins().plugins] == ["biology"]


def test_no_plugin_installed_is_a_clear_error(monkeypatch, settings):
    monkeypatch.setenv("SCIAGENT_PLUGINS", "")
    with pytest.raises(NoPluginsError) as err:
        Searcher(settings)
    assert "pip install" in str(err.value)


@pytest.fixture
def broken_distribution(tmp_path: Path, monkeypatch):
    """A real installed distribution (dist-info on sys.path) whose plugin raises on import."""
    pkg = tmp_path / "sciagent_broken"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("raise RuntimeError('this plugin is broken on purpose')\n")
    dist = tmp_path / "sciagent_broken-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: sciagent-broken\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(
        textwrap.dedent(
            """\
            [sciagent.plugins]
            broken = sciagent_broken:plugin
            notaplugin = json:dumps
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    sys.modules.pop("sciagent_broken", None)


def test_broken_plugins_are_reported_and_skipped(broken_distribution):
    plugins = load_plugins()
    failures = {f.name: f.error for f in plugins.failures}
    assert "this plugin is broken on purpose" in failures["broken"]
    assert "notaplugin" in failures
    assert {"chemistry", "biology", "astronomy"} <= {p.name for p in plugins.plugins}


def test_plugin_whose_library_is_missing_is_skipped(settings, searcher):
    ghost = Plugin(
        name="ghost",
        domain="ghostology",
        libraries=(
            Library(name="ghostlib", import_name="ghostlib", distribution="ghostlib-not-installed"),
        ),
    )
    real = load_plugins()
    s = Searcher(settings, PluginSet([*real.plugins, ghost], []), auto_build=False)
    assert any(
        "ghostlib" in msg and "pip install ghostlib-not-installed" in msg for msg in s.skipped
    )
    assert s.search("molecular weight", k=3)
    with pytest.raises(Exception) as err:
        Searcher(settings, PluginSet([ghost], []), auto_build=False)
    assert "ghostlib" in str(err.value)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": "", "domain": "x", "libraries": (Library("a", "a", "a"),)},
        {"name": "ok", "domain": "x", "libraries": ()},
        {
            "name": "ok",
            "domain": "x",
            "libraries": (Library("a", "a", "a"),),
            "boosts": {"a.b": -1},
        },
        {
            "name": "ok",
            "domain": "x",
            "libraries": (Library("a", "a", "a"),),
            "synonyms": {"a": "b"},
        },
        {
            "name": "ok",
            "domain": "x",
            "libraries": (Library("a", "a", "a"),),
            "normalisers": ("not a function",),
        },
        {
            "name": "ok",
            "domain": "x",
            "libraries": (Library("a", "a", "a"),),
            "keywords": {"a.f": ("not", "a", "string")},
        },
        {
            "name": "ok",
            "domain": "x",
            "libraries": (Library("a", "a", "a"),),
            "keywords": {"other.f": "an API of a library the plugin does not declare"},
        },
    ],
)
def test_bad_manifest_is_rejected_with_its_name(kwargs):
    with pytest.raises(PluginError):
        Plugin(**kwargs)
