"""The index's read side never writes; building is the caller's policy (factory and CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sciagent import IndexMissingError
from sciagent.config import Settings
from sciagent.defaults import load_searcher
from sciagent.index.loaded import load_indexes
from sciagent.plugin import PluginSet
from sciagent.retrieval import Searcher


def _settings(index_dir: Path, searcher: Searcher) -> Settings:
    return Settings(index_dir=index_dir, embedding_model=searcher.settings.embedding_model)


def test_read_side_raises_the_fix_and_writes_nothing(small_index_dir, small_plugin, searcher):
    settings = _settings(small_index_dir, searcher)
    before = sorted(small_index_dir.rglob("*"))
    with pytest.raises(IndexMissingError) as err:
        load_indexes(settings, PluginSet([small_plugin], []))
    assert err.value.fix == "sciagent index build smalltest"
    assert sorted(small_index_dir.rglob("*")) == before, "the read side wrote something"


def test_factory_builds_then_a_searcher_takes_the_loaded_indexes(
    small_index_dir, small_plugin, searcher
):
    settings = _settings(small_index_dir, searcher)
    plugins = PluginSet([small_plugin], [])
    built = load_searcher(settings, plugins)  # the auto-build policy: on by default
    loaded = load_indexes(settings, plugins)  # now fresh: loads without building
    again = Searcher(indexes=loaded)
    assert [ix.manifest.library for ix in again.indexes] == ["platformdirs"]
    query = "directory for user configuration files"
    assert [h.qualname for h in again.search(query, k=3)] == [
        h.qualname for h in built.search(query, k=3)
    ]
    assert again.lookup("platformdirs.user_cache_dir") is not None
    with pytest.raises(TypeError, match="either indexes"):
        Searcher(settings, indexes=loaded)
