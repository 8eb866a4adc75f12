"""The plugin kit: the manifest contract, broken plugins reported by name,
``sciagent plugins list|check|new``, and a real third-party plugin round trip.

Broken plugins come from a real distribution written into ``tmp_path`` (a
``*.dist-info`` with ``entry_points.txt``, found by importlib.metadata on
``sys.path``), not from mocks.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata as md
import importlib.util
import json
import os
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from sciagent import Example, Library, Plugin, PluginError, Recipe, load_plugins
from sciagent.config import Settings
from sciagent.devtools.health import (
    check,
    check_plugin,
    list_plugins,
    probe_imports,
    unchecked_arguments,
)
from sciagent.devtools.scaffold import create, render, validate_name
from sciagent.index import build as index_build

SCIAGENT = str(Path(sys.executable).with_name("sciagent"))
LIB = Library("platformdirs", "platformdirs", "platformdirs")


def cli(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCIAGENT, *args],
        capture_output=True,
        text=True,
        timeout=600,
        input=stdin,
        env={**os.environ, **(env or {})},
    )


# ------------------------------------------------------------------ the contract


def _ok_validator(output):
    return []


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"name": "bad name"}, "'bad name'"),
        ({"libraries": ()}, "'kit' declares no libraries"),
        ({"validators": (_ok_validator, "not callable")}, "'kit': validator 'not callable'"),
        ({"normalisers": (str.upper, "not callable")}, "'kit': normaliser 'not callable'"),
        ({"normalisers": str.upper}, "'kit': normalisers must be a tuple"),
        ({"boosts": {"platformdirs.user_data_dir": 0}}, "'kit': boost"),
        ({"recipes": ("a recipe as text",)}, "'kit': recipes must be Recipe"),
    ],
)
def test_manifest_errors_name_the_plugin(kwargs, needle):
    with pytest.raises(PluginError) as err:
        Plugin(**{"name": "kit", "domain": "testing", "libraries": (LIB,), **kwargs})
    assert needle in err.value.message


def test_recipe_and_example_validate_themselves():
    with pytest.raises(PluginError, match="at least one API"):
        Recipe(title="Where to keep data", description="...", apis=())
    with pytest.raises(PluginError, match="needs apis or an answer"):
        Example(request="where do I keep data")
    # a complete minimal manifest is accepted as it is
    plugin = Plugin(
        name="kit",
        domain="testing",
        libraries=(LIB,),
        recipes=(
            Recipe("Per-user data dir", "where an app keeps data", ("platformdirs.user_data_dir",)),
        ),
        validators=(_ok_validator,),
        examples=(Example("where do I keep data", apis=("platformdirs.user_data_dir",)),),
    )
    assert plugin.recipes[0].apis == ("platformdirs.user_data_dir",)


# ------------------------------------------------- a distribution of test plugins

MODULES = {
    "good": """
        from sciagent import Issue, Library, Plugin, Recipe

        def paths_are_absolute(output):
            if not output.uses("platformdirs"):
                return []
            return [] if output.answer.startswith("/") else [Issue("not an absolute path")]

        plugin = Plugin(
            name="kit_good",
            domain="kitgood",
            libraries=(Library("platformdirs", "platformdirs", "platformdirs"),),
            recipes=(
                Recipe(
                    "Per-user data directory of an application",
                    "where an application keeps its data files for this user",
                    ("platformdirs.user_data_dir",),
                ),
            ),
            validators=(paths_are_absolute,),
            preload=("platformdirs",),
        )
    """,
    "importerror": "import kit_module_that_does_not_exist\n",
    "notaplugin": "plugin = {'name': 'kit_notaplugin'}\n",
    "badmanifest": """
        from sciagent import Plugin
        plugin = Plugin(name="kit_badmanifest", domain="x", libraries=())
    """,
    "nolib": """
        from sciagent import Library, Plugin
        plugin = Plugin(
            name="kit_nolib",
            domain="ghosts",
            libraries=(Library("ghostlib", "ghostlib", "ghostlib-not-installed"),),
            preload=("ghostlib",),
        )
    """,
    "badvalidator": """
        from sciagent import Library, Plugin

        def raises(output):
            return [output.value["smiles"]]  # None["smiles"]: TypeError

        def nags(output):
            return ["no molecule printed"]

        def yields_numbers(output):
            return [42]

        def fine(output):
            return ()

        plugin = Plugin(
            name="kit_badvalidator",
            domain="kitvalidators",
            # a library of its own: two plugins may not declare one library
            libraries=(Library("packaging", "packaging", "packaging"),),
            validators=(raises, nags, yields_numbers, fine),
            preload=("packaging.no_such_module",),
        )
    """,
}
KIT = [f"kit_{m}" for m in MODULES]


@pytest.fixture
def kit_dist(tmp_path: Path) -> Path:
    """A distribution ``sciagent-kit`` with one entry point per module above."""
    root = tmp_path / "site"
    pkg = root / "kitplugins"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    for module, source in MODULES.items():
        (pkg / f"{module}.py").write_text(textwrap.dedent(source))
    info = root / "sciagent_kit-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: sciagent-kit\nVersion: 0.1\n")
    lines = [f"kit_{m} = kitplugins.{m}:plugin" for m in MODULES]
    (info / "entry_points.txt").write_text("[sciagent.plugins]\n" + "\n".join(lines) + "\n")
    return root


@pytest.fixture
def kit_env(kit_dist: Path, small_index_dir: Path, monkeypatch) -> Iterator[dict[str, str]]:
    """The kit plugins (and chemistry) enabled in this process, an empty index dir."""
    env = {
        "SCIAGENT_PLUGINS": ",".join([*KIT, "chemistry"]),
        "SCIAGENT_INDEX_DIR": str(small_index_dir),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.syspath_prepend(str(kit_dist))
    yield {**env, "PYTHONPATH": str(kit_dist)}
    for name in [m for m in sys.modules if m.split(".")[0] == "kitplugins"]:
        del sys.modules[name]


def _by_topic(report, status="error"):
    return {c.topic: c for c in report.checks if c.status == status}


def test_broken_plugins_are_reported_by_name_and_skipped(kit_env):
    loaded = load_plugins()
    failures = {f.name: f.error for f in loaded.failures}
    assert set(failures) == {"kit_importerror", "kit_notaplugin", "kit_badmanifest"}
    assert "kit_module_that_does_not_exist" in failures["kit_importerror"]
    assert "gave dict, not sciagent.Plugin" in failures["kit_notaplugin"]
    assert "'kit_badmanifest' declares no libraries" in failures["kit_badmanifest"]
    # the rest works: the good, the ones broken at run time, and a first-party plugin
    names = {p.name for p in loaded.plugins}
    assert names == {"kit_good", "kit_nolib", "kit_badvalidator", "chemistry"}

    infos = {p.name: p for p in list_plugins()}
    assert {n for n, p in infos.items() if p.status == "failed"} == set(failures)
    assert infos["kit_importerror"].package == "sciagent-kit 0.1"
    assert infos["kit_nolib"].libraries[0].version is None
    assert infos["kit_nolib"].libraries[0].state == "library-missing"
    good = infos["kit_good"].libraries[0]
    assert (good.version, good.state) == (md.version("platformdirs"), "missing")
    assert (infos["kit_good"].recipes, infos["kit_good"].validators) == (1, 1)


@pytest.mark.parametrize(
    ("name", "message", "fix"),
    [
        ("kit_importerror", "kit_module_that_does_not_exist", "import kitplugins.importerror"),
        ("kit_notaplugin", "gave dict", "`kit_notaplugin = kitplugins.notaplugin:plugin`"),
        ("kit_badmanifest", "declares no libraries", "gives a sciagent.Plugin"),
        ("kit_absent", "no plugin named 'kit_absent'", "sciagent plugins new kit_absent"),
    ],
)
def test_check_of_a_plugin_that_does_not_load(kit_env, name, message, fix):
    report = check_plugin(name)
    assert not report.ok
    (problem,) = report.problems
    assert problem.topic == "load" and message in problem.message and fix in problem.fix


def test_check_of_a_plugin_left_out_by_the_pin(kit_env, monkeypatch):
    monkeypatch.setenv("SCIAGENT_PLUGINS", "chemistry")
    (problem,) = check_plugin("kit_good").problems
    assert "leaves it out" in problem.message and "SCIAGENT_PLUGINS" in problem.fix
    assert "kit_good" in {p.name for p in list_plugins() if p.status == "disabled"}


def test_check_reports_missing_library(kit_env):
    report = check_plugin("kit_nolib")
    errors = _by_topic(report)
    assert not report.ok
    assert errors["library"].fix == "pip install ghostlib-not-installed"
    assert "ghostlib" in errors["preload"].message  # the preload cannot import either
    assert "import" not in errors  # a missing library is not also "installed but broken"


def test_check_reports_broken_validators_and_preload(kit_env):
    report = check_plugin("kit_badvalidator")
    assert not report.ok
    by_validator = {c.message.split()[1]: c for c in report.checks if c.topic == "validator"}
    raises = by_validator["kitplugins.badvalidator.raises"]
    assert raises.status == "error" and "TypeError" in raises.message
    assert "never raise" in raises.fix
    assert by_validator["kitplugins.badvalidator.nags"].status == "warning"
    assert by_validator["kitplugins.badvalidator.yields_numbers"].status == "error"
    assert by_validator["kitplugins.badvalidator.fine"].status == "ok"
    preload = _by_topic(report)["preload"]
    assert (
        "packaging.no_such_module" in preload.message and "ModuleNotFoundError" in preload.message
    )
    # every problem says how to fix it
    assert all(c.fix for c in report.problems)


def test_check_good_plugin_before_and_after_indexing(kit_env, small_index_dir):
    report = check_plugin("kit_good")
    assert [(c.topic, c.status) for c in report.problems] == [("index", "error")]
    assert report.problems[0].fix == "sciagent index build kit_good"
    assert any(c.topic == "recipe" and c.status == "skipped" for c in report.checks)

    plugin = load_plugins().get("kit_good")
    settings = Settings.from_env()
    assert settings.index_dir == small_index_dir
    (built,) = index_build.build(settings, [(plugin, plugin.libraries[0])])
    assert built.action == "built", built.error
    report = check_plugin("kit_good")
    assert report.ok and not report.problems, report.problems
    assert {c.topic for c in report.checks} >= {"load", "library", "import", "index", "coverage"}
    assert any("recipes: 1/1 APIs resolve" in c.message for c in report.checks)

    # a changed recipe changes the index key: stale, with the command that fixes it
    typo = Recipe("Data dir", "where an app keeps data", ("platformdirs.user_data_dri",))
    changed = dataclasses.replace(plugin, recipes=(typo,))
    stale = _by_topic(check(changed, settings))["index"]
    assert "stale" in stale.message and stale.fix == "sciagent index build kit_good"
    # rebuilt (every embedding but the recipe's is cached), the typo is named with a fix
    index_build.build(settings, [(changed, changed.libraries[0])])
    bad = _by_topic(check(changed, settings))["recipe"]
    assert "platformdirs.user_data_dri is not in the index" in bad.message
    # example APIs are not part of the index key: checked against the same index
    wrong = dataclasses.replace(
        changed, recipes=(), examples=(Example("keep data", apis=("platformdirs.nope",)),)
    )
    index_build.build(settings, [(wrong, wrong.libraries[0])])
    assert "none of its APIs" in _by_topic(check(wrong, settings), "warning")["example"].message


def test_deep_check_runs_snippets_and_answers_in_the_sandbox():
    from sciagent.devtools.deep import deep_check
    from sciagent.devtools.health import HealthReport
    from sciagent.sandbox import detect_tier

    if not detect_tier().safe:
        pytest.skip("no sandbox tier here")
    plugin = Plugin(
        name="kit_deep",
        domain="kit",
        libraries=(Library("kitjson", "json", "sciagent"),),
        recipes=(
            Recipe("dump", "JSON text of a number", ("json.dumps",), code="print(1)"),
            Recipe("boom", "fails", ("json.nope",), code="raise ValueError('boom')"),
        ),
        synonyms={"Upper Case": ("x",)},
        examples=(Example("two please", apis=("json.loads",), answer=2.0, solution="print(1)"),),
    )
    report = HealthReport(plugin.name)
    deep_check(plugin, report)
    errors = [c.message for c in report.errors]
    assert any("API json.nope does not resolve" in m for m in errors), errors
    assert any("'boom': snippet failed: ValueError" in m for m in errors), errors
    assert any("not a trimmed lowercase phrase" in m for m in errors), errors
    assert any("reference program: printed 1, outside" in m for m in errors), errors
    assert any("examples with an answer" in c.message for c in report.warnings)
    assert all(c.fix for c in report.problems)


def test_import_probe_survives_a_crashing_import(tmp_path, monkeypatch):
    (tmp_path / "kit_crash.py").write_text("import os\nos._exit(3)\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    found = probe_imports(["json", "kit_crash"])
    assert "exit code 3" in (found["kit_crash"] or "")
    assert probe_imports(["json", "kit_missing_mod"]) == {
        "json": None,
        "kit_missing_mod": "ModuleNotFoundError: No module named 'kit_missing_mod'",
    }


def test_plugins_cli_list_and_check(kit_env):
    proc = cli("plugins", "list", "--json", env=kit_env)
    assert proc.returncode == 0, proc.stderr
    listed = {p["name"]: p for p in json.loads(proc.stdout)["plugins"]}
    assert listed["kit_importerror"]["status"] == "failed"
    assert listed["chemistry"]["libraries"][0]["distribution"] == "rdkit"
    assert listed["kit_good"]["libraries"][0]["state"] == "missing"

    proc = cli("plugins", "list", env=kit_env)
    assert proc.returncode == 0, proc.stderr
    assert "kit_notaplugin  FAILED to load  [sciagent-kit 0.1]" in proc.stdout
    assert "platformdirs" in proc.stdout and "index missing" in proc.stdout

    proc = cli("plugins", "check", "kit_badvalidator", env=kit_env)
    assert proc.returncode == 1
    assert "FAIL  validator  validator kitplugins.badvalidator.raises" in proc.stdout
    assert "fix:" in proc.stdout and "Traceback" not in proc.stderr

    proc = cli("plugins", "check", "kit_nolib", "--json", env=kit_env)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["ok"] is False and report["n_errors"] == 2  # the library and its preload

    proc = cli("plugins", "check", "chemistry", env=kit_env)
    assert proc.returncode == 1  # rdkit's index is missing in this empty index dir
    assert "fix: sciagent index build chemistry" in proc.stdout


def test_share_of_callables_whose_arguments_cannot_be_checked(searcher):
    """Real indexes: (*args, **kwargs) wrappers and doc-read signatures count, C++ ones do not."""
    by_library = {ix.manifest.library: ix for ix in searcher.indexes}
    astropy = by_library["astropy"].records
    found = unchecked_arguments("astropy", astropy)
    callables = [r for r in astropy if r.kind in {"function", "method", "class"}]
    assert 0 < found.n_unchecked < found.n_callables <= len(callables)
    assert found.share == round(found.n_unchecked / found.n_callables, 4)
    read = next(r for r in astropy if r.qualname.endswith("table.Table.read"))
    transform = next(r for r in astropy if r.qualname.endswith("SkyCoord.transform_to"))
    assert unchecked_arguments("astropy", [read, transform]).n_unchecked == 1  # Table.read's
    assert not any(e.endswith(("Error", "Warning")) for e in found.examples)
    rdkit = unchecked_arguments("rdkit", by_library["rdkit"].records)
    assert rdkit.share < found.share  # Boost.Python signatures are checked


# ------------------------------------------------------------------- scaffolding


@pytest.mark.parametrize("name", ["Periodic", "class", "my-plugin", "1x", "", "a b"])
def test_scaffold_rejects_bad_names(name):
    with pytest.raises(PluginError, match="not a lowercase Python identifier"):
        validate_name(name)


def test_scaffold_renders_a_valid_package(tmp_path):
    files = render("bio_seq", library="biopython", import_name="Bio", domain="biology")
    assert set(files) == {
        "pyproject.toml",
        "README.md",
        "sciagent_bio_seq/__init__.py",
        "tests/test_plugin.py",
    }
    meta = tomllib.loads(files["pyproject.toml"])
    assert meta["project"]["name"] == "sciagent-bio-seq"
    assert meta["project"]["dependencies"] == ["sciagent", "biopython"]
    assert meta["project"]["entry-points"]["sciagent.plugins"] == {
        "bio_seq": "sciagent_bio_seq:plugin"
    }
    for path, text in files.items():
        if path.endswith(".py"):
            compile(text, path, "exec")
    # the manifest is a valid Plugin as generated
    module = tmp_path / "manifest.py"
    module.write_text(files["sciagent_bio_seq/__init__.py"])
    spec = importlib.util.spec_from_file_location("kit_manifest", module)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    plugin = mod.plugin
    assert (plugin.name, plugin.domain) == ("bio_seq", "biology")
    (lib,) = plugin.libraries
    assert (lib.name, lib.import_name, lib.distribution) == ("biopython", "Bio", "biopython")
    assert lib.wants("Bio.SeqIO") and not lib.wants("Bio.tests.test_seq")
    assert plugin.recipes == () and plugin.validators == () and plugin.normalisers == ()


def test_scaffold_refuses_to_overwrite(tmp_path):
    root = create("periodic", library="periodictable", directory=tmp_path)
    marker = root / "pyproject.toml"
    marker.write_text("# mine\n")
    proc = cli("plugins", "new", "periodic", "--library", "periodictable", "--dir", str(tmp_path))
    assert proc.returncode == 1
    assert "already exists" in proc.stderr and "Traceback" not in proc.stderr
    assert marker.read_text() == "# mine\n"
    proc = cli("plugins", "new", "Periodic", "--dir", str(tmp_path))
    assert proc.returncode == 1 and "not a lowercase Python identifier" in proc.stderr


# ------------------------------------------------- a real third-party round trip


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", *args, "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_third_party_plugin_round_trip(tmp_path, small_index_dir):
    try:
        md.distribution("sciagent-periodic")
        pytest.skip("sciagent-periodic is already installed here; not touching it")
    except md.PackageNotFoundError:
        pass
    env = {"SCIAGENT_INDEX_DIR": str(small_index_dir), "SCIAGENT_PLUGINS": "periodic"}
    args = ["--library", "periodictable", "--import-name", "periodictable", "--domain", "elements"]
    proc = cli("plugins", "new", "periodic", *args, "--dir", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    root = tmp_path / "sciagent-periodic"
    assert (root / "sciagent_periodic" / "__init__.py").is_file()

    # the venv's setuptools builds it (offline); without one, pip's isolated build
    isolation = ["--no-build-isolation"] if importlib.util.find_spec("setuptools") else []
    try:
        proc = _pip("install", "--no-deps", *isolation, "-e", str(root))
        assert proc.returncode == 0, proc.stdout + proc.stderr

        proc = cli("plugins", "list", "--json", env=env)
        assert proc.returncode == 0, proc.stderr
        plugins = json.loads(proc.stdout)["plugins"]
        (listed,) = [p for p in plugins if p["status"] != "disabled"]  # the pin leaves the rest out
        assert (listed["name"], listed["status"], listed["domain"]) == (
            "periodic",
            "loaded",
            "elements",
        )
        assert listed["package"] == "sciagent-periodic 0.1.0"
        assert listed["libraries"][0]["state"] == "missing"

        proc = cli("index", "build", "periodic", env=env)
        assert proc.returncode == 0, proc.stderr
        assert "periodic/periodictable" in proc.stdout and "built" in proc.stdout

        proc = cli("search", "molar mass of a chemical formula", "-k", "5", "--json", env=env)
        assert proc.returncode == 0, proc.stderr
        hits = json.loads(proc.stdout)["hits"]  # the CLI's JSON contract: one object
        assert hits and {h["library"] for h in hits} == {"periodictable"}
        assert any(h["qualname"].startswith("periodictable.formulas.") for h in hits)

        proc = cli("plugins", "check", "periodic", env=env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "periodic: healthy" in proc.stdout

        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(root / "tests")],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=root,
            env={**os.environ, **env},
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "5 passed" in proc.stdout

        from sciagent.sandbox import detect_tier

        if detect_tier().safe:  # elsewhere the sandbox tests say why
            code = "import periodictable\nprint(periodictable.formula('H2O').mass)\n"
            proc = cli("exec", "-", env=env, stdin=code)
            assert proc.returncode == 0, proc.stderr
            assert float(proc.stdout.strip()) == pytest.approx(18.015, abs=1e-3)
    finally:
        proc = _pip("uninstall", "-y", "sciagent-periodic")
        assert proc.returncode == 0, proc.stdout + proc.stderr
    with pytest.raises(md.PackageNotFoundError):
        md.distribution("sciagent-periodic")
