"""Writing a plugin's embedding seeds (see :mod:`sciagent.index.seeds`) from a built index."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import numpy as np

from ..index import embedding
from ..index.build import dense_texts
from ..index.seeds import seed_file
from ..index.store import EmbeddingCache, index_path
from ..plugin import Plugin
from ..records import ApiRecord


def write_seeds(index_dir: Path, plugin: Plugin, model: embedding.ModelRef) -> tuple[Path, int]:
    """Write the seeds of ``plugin``'s installed libraries from their built indexes.

    Takes the dense texts of each library's fresh index and their vectors
    from the index's embedding cache; returns the file and how many vectors
    it holds.  Raises FileNotFoundError naming what to build when an index or
    a vector is missing.
    """
    target = seed_file(plugin, model)
    if target is None:
        raise FileNotFoundError(f"plugin {plugin.name!r} declares no embedding_seeds directory")
    cache = EmbeddingCache(index_dir, model.key)
    keys: dict[bytes, np.ndarray] = {}
    for library in plugin.libraries:
        directory = index_path(index_dir, library.name, library.installed_version())
        records = directory / "records.jsonl"
        if not records.exists():
            raise FileNotFoundError(f"no index at {directory}: run `sciagent index build`")
        parsed = (
            ApiRecord.from_dict(json.loads(line)) for line in records.read_text().splitlines()
        )
        for text in dense_texts(parsed).values():
            key = embedding.text_hash(model, text)
            vector = cache.get(key)
            if vector is None:
                raise FileNotFoundError(
                    f"{library.name}: a card's vector is not in the index's embedding cache; "
                    "run `sciagent index build --force` first"
                )
            keys[key] = vector
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), -1)
    tmp = target.with_suffix(f".{uuid.uuid4().hex[:8]}.tmp.npz")
    np.savez_compressed(tmp, keys=rows, vectors=np.stack(list(keys.values())).astype(np.float32))
    os.replace(tmp, target)
    return target, len(keys)
