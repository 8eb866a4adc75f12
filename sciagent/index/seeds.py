"""Embedding seeds: vectors a plugin ships for its libraries' card texts.

Why: embedding is most of a first index build.  MiniLM on 2 cores embeds about
100 card texts a second, compute-bound (two threads or two processes give the
same), so the three first-party libraries' 9,350 texts took 95 s of a new
user's first command.  The vectors depend only on the embedding model and the
text, so a plugin can ship them: ``<plugin package>/embeddings/<model key>.npz``,
in the embedding cache's own format (:class:`~.store.EmbeddingCache`), keyed by
:func:`~.embedding.text_hash` (model and text).  A build then embeds only the
texts the seeds lack: none for the library version they were written from,
the changed cards for another.  A text's vector is the same either way, so an
index built from seeds equals one built without them.

A missing, unreadable or foreign seed file only costs time: the build embeds.
``scripts/seed_embeddings.py`` writes the first-party plugins' seeds from a
built index (:func:`sciagent.devtools.seeds.write_seeds`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..plugin import Plugin
from . import embedding
from .store import read_cache


def seed_file(plugin: Plugin, model: embedding.ModelRef) -> Path | None:
    """Where ``plugin`` keeps its seeds for ``model`` (None: it ships none)."""
    if not plugin.embedding_seeds:
        return None
    return Path(plugin.embedding_seeds) / f"{model.key}.npz"


def read_seeds(plugin: Plugin, model: embedding.ModelRef) -> dict[bytes, np.ndarray]:
    """The plugin's seed vectors by text key; empty when there are none or they are unreadable."""
    path = seed_file(plugin, model)
    return {} if path is None else read_cache(path)
