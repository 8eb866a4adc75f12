"""Shared fixtures: the real index of the installed plugins, built once per session.

Tests use the real libraries, the real embedding model (packaged MiniLM) and
real FAISS.  The index lives where sciagent puts it by default (``docs_index/``
or ``$SCIAGENT_INDEX_DIR``), so the README's search after the tests is instant.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def settings():
    from sciagent.config import Settings

    return Settings.from_env()


@pytest.fixture(scope="session")
def searcher(settings):
    from sciagent.retrieval import Searcher

    return Searcher(settings)


@pytest.fixture
def small_index_dir(tmp_path: Path, searcher) -> Path:
    """An empty index dir that shares the main index's ONNX export (no re-export)."""
    models = searcher.settings.index_dir / ".models"
    target = tmp_path / "index"
    target.mkdir()
    if models.exists():
        shutil.copytree(models, target / ".models")
    return target


@pytest.fixture
def small_plugin():
    """A real plugin over a small, pure-Python installed library."""
    from sciagent import Library, Plugin

    return Plugin(
        name="smalltest",
        domain="testing",
        libraries=(
            Library(name="platformdirs", import_name="platformdirs", distribution="platformdirs"),
        ),
    )
