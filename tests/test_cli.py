"""The ``sciagent`` command, run as a real subprocess where it matters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

from sciagent import Hit

SCIAGENT = str(Path(sys.executable).with_name("sciagent"))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCIAGENT, *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


def test_search_json_uses_hit_field_names(searcher):
    proc = run("search", "parse a FASTA file", "-k", "4", "--json")
    assert proc.returncode == 0, proc.stderr
    hits = json.loads(proc.stdout)["hits"]
    assert len(hits) == 4
    assert set(hits[0]) == {f.name for f in fields(Hit)}


def test_search_text_output(searcher):
    proc = run(
        "search", "angular separation between two sky positions", "-k", "3", "--domain", "astronomy"
    )
    assert proc.returncode == 0, proc.stderr
    assert " 1. astropy." in proc.stdout


def test_errors_are_one_readable_message(searcher):
    proc = run("search", "   ")
    assert proc.returncode == 1
    assert "error: the request is empty" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("search", "weight", "--domain", "geology")
    assert proc.returncode == 1 and "unknown domain" in proc.stderr


def test_index_status_reports_every_library(searcher):
    proc = run("index", "status", "--json")
    assert proc.returncode == 0, proc.stderr
    status = json.loads(proc.stdout)
    states = {row["library"]: row["state"] for row in status["libraries"]}
    assert states == {"rdkit": "fresh", "biopython": "fresh", "astropy": "fresh"}
    rdkit = next(r for r in status["libraries"] if r["library"] == "rdkit")
    assert rdkit["coverage"] >= 0.95


def test_index_build_when_fresh_is_a_no_op(searcher):
    proc = run("index", "build", "chemistry")
    assert proc.returncode == 0, proc.stderr
    assert "already fresh" in proc.stdout


def test_no_plugins_message(searcher):
    proc = run("search", "weight", env={"SCIAGENT_PLUGINS": ""})
    assert proc.returncode == 1
    assert "no sciagent domain plugin is installed" in proc.stderr


def test_manifest_of_the_wrong_shape_is_reported_and_rebuilt(searcher, tmp_path):
    """Valid JSON of the wrong shape in a manifest: status, list and search say corrupt; build mends it."""
    import shutil

    index_dir = tmp_path / "index"
    source = searcher.settings.index_dir
    (bio,) = [p for p in source.glob("biopython-*") if p.is_dir()]
    shutil.copytree(bio, index_dir / bio.name)
    for shared in (".models", ".cache"):  # no re-export, no re-embedding
        shutil.copytree(source / shared, index_dir / shared)
    manifest_path = index_dir / bio.name / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"]["records.jsonl"] = 12345
    manifest_path.write_text(json.dumps(manifest))
    env = {"SCIAGENT_INDEX_DIR": str(index_dir), "SCIAGENT_PLUGINS": "biology"}

    proc = run("index", "status", "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    (row,) = json.loads(proc.stdout)["libraries"]
    assert row["state"] == "corrupt" and "malformed" in row["message"]
    proc = run("plugins", "list", env=env)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "corrupt" in proc.stdout
    proc = run("search", "parse a FASTA file", env={**env, "SCIAGENT_AUTO_BUILD": "0"})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "error: " in proc.stderr and "malformed" in proc.stderr
    proc = run("index", "build", "biology", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "biology/biopython" in proc.stdout and ": built:" in proc.stdout
    manifest_path.write_text(json.dumps([manifest]))  # a list: --force mends it too
    proc = run("index", "build", "--force", "biology", env=env)
    assert proc.returncode == 0 and ": built:" in proc.stdout, proc.stderr
