"""Every command's ``--json``: one object on stdout, valid against the shipped schema.

The commands run as real subprocesses (a progress bar or a log line on stdout
would break ``| jq``), over a small third-party library's index that the first
test builds in an empty ``SCIAGENT_INDEX_DIR``.  ``run`` and ``demo`` run in
process with the stand-in agent of ``test_cli_run``: no model is loaded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from sciagent.cli import main
from sciagent.cli._json import SCHEMA_VERSION, schema

SCIAGENT = str(Path(sys.executable).with_name("sciagent"))
SCHEMA = schema()
PLUGIN = """
    from sciagent import Library, Plugin

    plugin = Plugin(
        name="jsonkit",
        domain="elements",
        libraries=(Library("periodictable", "periodictable", "periodictable"),),
    )
"""


def entry(name: str) -> dict[str, Any]:
    """The schema of one ``$defs`` entry, its references resolved in the shipped file."""
    return {"$schema": SCHEMA["$schema"], "$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{name}"}


def valid(command: str, stdout: str) -> dict[str, Any]:
    """stdout parsed as one JSON object, checked against the command's ``$defs`` entry."""
    data = json.loads(stdout)  # the whole of stdout: nothing printed around the JSON
    assert isinstance(data, dict) and data["schema_version"] == SCHEMA_VERSION
    jsonschema.validate(data, entry(command))
    jsonschema.validate(data, SCHEMA)  # and against the schema as a whole
    return data


def invalid(command: str, proc: subprocess.CompletedProcess[str], code: int = 1) -> str:
    """The error object of a failed command; returns its message."""
    assert proc.returncode == code, proc.stdout + proc.stderr
    data = valid(command, proc.stdout)
    assert set(data) == {"schema_version", "error", "error_type", "fix"}
    assert "Traceback" not in proc.stderr
    message: str = data["error"]
    return message


@pytest.fixture(scope="module")
def env(tmp_path_factory, settings) -> Iterator[dict[str, str]]:
    """A plugin over periodictable (a real distribution on PYTHONPATH), an empty index dir."""
    root = tmp_path_factory.mktemp("jsonkit")
    site = root / "site"
    (site / "jsonkit").mkdir(parents=True)
    (site / "jsonkit" / "__init__.py").write_text(textwrap.dedent(PLUGIN))
    info = site / "sciagent_jsonkit-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: sciagent-jsonkit\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[sciagent.plugins]\njsonkit = jsonkit:plugin\n")
    index = root / "index"
    index.mkdir()
    models = settings.index_dir / ".models"  # the ONNX export, not redone
    if models.exists():
        shutil.copytree(models, index / ".models")
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH")) if p)
    yield {
        "PYTHONPATH": path,
        "SCIAGENT_PLUGINS": "jsonkit",
        "SCIAGENT_INDEX_DIR": str(index),
        "HF_HUB_OFFLINE": "1",
        "COLUMNS": "100",
    }


def cli(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [SCIAGENT, *args],
        capture_output=True,
        text=True,
        timeout=300,
        input=stdin,
        env={**os.environ, **env},
    )


def test_search_that_must_build_the_index_prints_only_json(env):
    proc = cli(env, "search", "molar mass of a chemical formula", "-k", "3", "--json")
    assert proc.returncode == 0, proc.stderr
    hits = valid("search", proc.stdout)["hits"]
    assert len(hits) == 3 and {h["library"] for h in hits} == {"periodictable"}
    assert "periodictable" in proc.stderr, "the build's log and bar go to stderr"


def test_index_status_and_build(env):
    proc = cli(env, "index", "status", "--json")
    assert proc.returncode == 0, proc.stderr
    (row,) = valid("index_status", proc.stdout)["libraries"]
    assert row["state"] == "fresh" and row["n_records"] > 0
    assert isinstance(row["failed_modules"], list)
    proc = cli(env, "index", "build", "jsonkit", "--json")
    assert proc.returncode == 0, proc.stderr
    built = valid("index_build", proc.stdout)
    assert built["ok"] is True
    (library,) = built["libraries"]
    assert library["action"] == "fresh" and library["failed_modules"] == row["failed_modules"]


def test_plugins_list_check_and_new(env, tmp_path):
    proc = cli(env, "plugins", "list", "--json")
    assert proc.returncode == 0, proc.stderr
    plugins = valid("plugins_list", proc.stdout)["plugins"]
    listed = next(p for p in plugins if p["name"] == "jsonkit")
    assert listed["libraries"][0]["state"] == "fresh" and listed["n_recipes"] == 0
    proc = cli(env, "plugins", "check", "jsonkit", "--json")
    report = valid("plugins_check", proc.stdout)
    assert proc.returncode == (0 if report["ok"] else 1), proc.stderr
    assert report["n_errors"] == 0, report
    (args,) = report["unchecked_arguments"]  # the one library, its index fresh
    assert args["n_callables"] > 0 and 0 <= args["n_unchecked"] <= args["n_callables"]
    assert args["share"] == round(args["n_unchecked"] / args["n_callables"], 4)
    proc = cli(env, "plugins", "new", "elements", "--library", "periodictable", "--dir", str(tmp_path), "--json")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    made = valid("plugins_new", proc.stdout)
    assert "pyproject.toml" in made["files"] and Path(made["root"]).is_dir()
    # a second time is an error, as JSON
    again = cli(env, "plugins", "new", "elements", "--dir", str(tmp_path), "--json")
    assert "already exists" in invalid("plugins_new", again)


def test_check_findings_and_clean_code(env, tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import periodictable\nprint(periodictable.formula_weight('H2O'))\n")
    proc = cli(env, "check", str(bad), "--no-live", "--json")
    assert proc.returncode == 1, proc.stderr
    data = valid("check", proc.stdout)
    assert data["ok"] is False and data["findings"][0]["line"] == 2
    proc = cli(env, "check", "-", "--no-live", "--json", stdin="print(1)\n")
    assert proc.returncode == 0, proc.stderr
    assert valid("check", proc.stdout) == {"schema_version": "1", "ok": True, "findings": []}


def test_exec_doctor_and_batch(env, tmp_path):
    proc = cli(env, "doctor", "--json")
    doctor = valid("doctor", proc.stdout)
    assert proc.returncode == (0 if doctor["safe"] else 1)
    if not doctor["safe"]:
        pytest.skip(f"no sandbox tier here: {doctor['reasons']}")
    proc = cli(env, "exec", "-", "--json", stdin="print(6 * 7)\n")
    assert proc.returncode == 0, proc.stderr
    assert valid("exec", proc.stdout)["stdout"] == "42\n"

    rows = tmp_path / "in.jsonl"
    rows.write_text('{"id": 1, "code": "print(1)"}\n{"id": 2, "code": 5}\n')
    out = tmp_path / "out.jsonl"
    proc = cli(env, "batch", str(rows), "--out", str(out), "--json")
    assert proc.returncode == 1, proc.stderr  # row 2 is malformed
    summary = valid("batch", proc.stdout)
    assert (summary["n_rows"], summary["n_ok"], summary["n_errors"]) == (2, 1, 1)
    written = [json.loads(line) for line in out.read_text().splitlines()]
    for row in written:
        jsonschema.validate(row, entry("batch_row"))
    good = next(r for r in written if r["id"] == 1)
    # a row is the id plus exactly what `exec --json` prints, where its files were saved included
    assert set(good) - {"id"} == set(
        valid("exec", cli(env, "exec", "-", "--json", stdin="").stdout)
    )


def test_errors_are_json_on_stdout_and_text_without_json(env, tmp_path):
    assert "the request is empty" in invalid("search", cli(env, "search", "   ", "--json"))
    # a usage error (exit 2) too, whichever command it is
    assert "-k" in invalid("search", cli(env, "search", "x", "-k", "0", "--json"), code=2)
    missing = str(tmp_path / "missing.py")
    assert "does not exist" in invalid("check", cli(env, "check", missing, "--json"), code=2)
    binary = tmp_path / "blob.py"
    binary.write_bytes(b"\xff\xfe\x00\x01" * 10)
    assert "cannot be decoded" in invalid("exec", cli(env, "exec", str(binary), "--json"))
    # without --json: the error and its fix on stderr, stdout empty
    proc = cli(env, "search", "   ")
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("error: the request is empty") and "  fix: " in proc.stderr


def test_run_and_demo_json(monkeypatch):
    from test_cli_run import FakeAgent, agent_result

    import sciagent.agent

    FakeAgent.made, FakeAgent.results = [], [agent_result("unsure")]
    monkeypatch.setattr(sciagent.agent, "Agent", FakeAgent)
    runner = CliRunner()
    proc = runner.invoke(main, ["run", "GC content of ATGCGCGTATTA", "--json"])
    assert proc.exit_code == 3, proc.output
    data = valid("run", proc.stdout)
    assert data["status"] == "unsure" and data["candidates"][0]["chosen"] is True

    FakeAgent.results = [agent_result("ok"), agent_result("unsure"), agent_result("failed")]
    proc = runner.invoke(main, ["demo", "--json"])
    assert proc.exit_code == 0, proc.output
    demo = valid("demo", proc.stdout)
    assert (demo["n_ok"], demo["n_unsure"], demo["n_failed"]) == (1, 1, 1)
    assert [r["status"] for r in demo["results"]] == ["ok", "unsure", "failed"]

    proc = runner.invoke(main, ["run", "x", "--budget", "nan", "--json"])
    assert proc.exit_code == 2 and "--budget" in valid("run", proc.stdout)["error"]


def test_the_schema_is_valid_and_names_every_command():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    commands = {"search", "check", "exec", "doctor", "run", "demo", "batch"}
    commands |= {"index_build", "index_status", "plugins_list", "plugins_check", "plugins_new"}
    commands |= {"model_status", "model_install"}
    assert commands <= set(SCHEMA["$defs"])
    assert SCHEMA["$defs"]["schema_version"]["const"] == SCHEMA_VERSION


def test_model_status_and_install(env, tmp_path):
    """What is installed, the fix for what is not; an install with nothing to do says so."""
    status = valid("model_status", cli(env, "model", "status", "--json").stdout)
    roles = {part["role"] for part in status["parts"]}
    assert roles == {"embedding", "runtime", "code model"}
    for part in status["parts"]:
        assert (part["fix"] is None) == part["installed"]
    proc = cli(env, "model", "install", "no-such-model", "--json")
    assert proc.returncode == 2 and "no-such-model" in valid("model_install", proc.stdout)["error"]
    cached = [p for p in status["parts"] if p["role"] == "code model" and p["installed"]]
    if cached:  # already verified in the cache: no download, one line of JSON
        proc = cli(env, "model", "install", cached[0]["name"], "--json")
        assert proc.returncode == 0, proc.stderr
        done = valid("model_install", proc.stdout)
        assert [i["path"] for i in done["installed"]] == [cached[0]["path"]]
