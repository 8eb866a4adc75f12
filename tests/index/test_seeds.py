"""Embedding seeds: vectors a plugin ships, so a first build embeds only what they lack."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import faiss
import numpy as np
import pytest

from sciagent.config import Settings
from sciagent.devtools.seeds import write_seeds
from sciagent.index import build as index_build
from sciagent.index import embedding, store
from sciagent.index.build import dense_texts
from sciagent.index.seeds import read_seeds, seed_file
from sciagent.plugin import load_plugins
from sciagent.records import ApiRecord


def _settings(index_dir: Path) -> Settings:
    return replace(Settings.from_env(), index_dir=index_dir)


def _build(index_dir: Path, plugin, force: bool = False):
    return index_build.build(
        _settings(index_dir), [(plugin, lib) for lib in plugin.libraries], force=force
    )


def _vectors(index_dir: Path, plugin) -> np.ndarray:
    lib = plugin.libraries[0]
    path = store.index_path(index_dir, lib.name, lib.installed_version())
    mapped = faiss.read_index(str(path / "dense.faiss"))  # ids -> the flat index's rows
    flat = faiss.downcast_index(mapped.index)
    vectors: np.ndarray = flat.reconstruct_n(0, flat.ntotal)
    return vectors


def test_a_build_from_seeds_embeds_nothing_and_equals_a_plain_build(
    small_index_dir: Path, small_plugin, tmp_path: Path
) -> None:
    (plain,) = _build(small_index_dir, small_plugin)
    assert plain.embedded > 0
    seeded_plugin = replace(small_plugin, embedding_seeds=str(tmp_path / "seeds"))
    model = embedding.resolve_model(_settings(small_index_dir).embedding_model)
    path, count = write_seeds(small_index_dir, seeded_plugin, model)
    assert path == seed_file(seeded_plugin, model) and count == plain.embedded

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (small_index_dir / ".models").rename(fresh / ".models")  # the same ONNX export, no re-export
    (from_seeds,) = _build(fresh, seeded_plugin)
    assert from_seeds.action == "built" and from_seeds.embedded == 0
    assert from_seeds.cached == plain.embedded + plain.cached
    np.testing.assert_array_equal(
        _vectors(fresh, seeded_plugin), _vectors(small_index_dir, small_plugin)
    )


def test_a_broken_seed_file_only_costs_time(
    small_index_dir: Path, small_plugin, tmp_path: Path
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    plugin = replace(small_plugin, embedding_seeds=str(seeds))
    model = embedding.resolve_model(_settings(small_index_dir).embedding_model)
    target = seed_file(plugin, model)
    assert target is not None
    target.write_bytes(b"not an npz file")
    assert read_seeds(plugin, model) == {}
    (report,) = _build(small_index_dir, plugin)
    assert report.action == "built" and report.embedded > 0


def test_first_party_seeds_cover_the_installed_libraries(searcher) -> None:
    """Fails after a library upgrade or a change to the card texts: rerun the seed script."""
    model = embedding.resolve_model(searcher.settings.embedding_model)
    plugins = [p for p in load_plugins().plugins if p.embedding_seeds]
    assert {p.domain for p in plugins} >= {"chemistry", "biology", "astronomy"}
    for plugin in plugins:
        seeds = read_seeds(plugin, model)
        for library in plugin.libraries:
            directory = store.index_path(
                searcher.settings.index_dir, library.name, library.installed_version()
            )
            lines = (directory / "records.jsonl").read_text().splitlines()
            texts = list(
                dense_texts(ApiRecord.from_dict(json.loads(line)) for line in lines).values()
            )
            covered = sum(embedding.text_hash(model, t) in seeds for t in texts) / len(texts)
            assert covered >= 0.9, (
                f"{plugin.name}'s seeds cover {covered:.0%} of {library.name}'s card texts: "
                "run `.venv/bin/python scripts/seed_embeddings.py` after `sciagent index build`"
            )


@pytest.mark.parametrize("value", [3, b"dir"])
def test_embedding_seeds_must_be_a_path(small_plugin, value) -> None:
    from sciagent.errors import PluginError

    with pytest.raises(PluginError, match="embedding_seeds"):
        replace(small_plugin, embedding_seeds=value)
