"""Hybrid retrieval over the loaded library indexes.

Dense search finds paraphrases ("read sequences from a FASTA file"); lexical
search finds exact identifiers ("Tanimoto", "match_to_catalog_sky").  Neither
alone is enough, so their rankings are fused by reciprocal rank fusion (RRF),
which needs no score calibration between the two.  Plugin boosts and a few
priors (deprecated names, exception classes) then adjust the fused score.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .config import Settings
from .errors import (
    IndexCorruptError,
    IndexMissingError,
    IndexStaleError,
    QueryError,
)
from .index import build as index_build
from .index import embedding
from .index.lexical import LexicalIndex, score_union, top_k
from .index.store import LoadedIndex, index_path, load_index
from .plugin import Plugin, PluginSet, load_plugins
from .records import ApiRecord, Hit

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "dense", "lexical"]
RRF_K = 60  # the constant from Cormack et al.; robust across collections
CANDIDATES = 100
MAX_QUERY_CHARS = 2000
AUTO_BUILD_ENV = "SCIAGENT_AUTO_BUILD"

_KIND_PRIOR = {"module": 0.85, "property": 0.9, "attribute": 0.9}




class Searcher:
    """Loaded indexes of every installed plugin, ready to answer queries."""

    def __init__(
        self,
        settings: Settings | None = None,
        plugins: PluginSet | None = None,
        *,
        auto_build: bool | None = None,
        progress: index_build.Progress | None = None,
    ) -> None:
        self.settings = settings or Settings.from_env()
        self.plugins = plugins or load_plugins()
        self.plugins.require_any()
        if auto_build is None:
            auto_build = os.environ.get(AUTO_BUILD_ENV, "1") != "0"
        self.indexes: list[LoadedIndex] = []
        self.priors: list[np.ndarray] = []
        self.skipped: list[str] = []  # libraries that are not installed
        self._load(auto_build, progress)
        self.model = embedding.resolve_model(self.settings.embedding_model)
        self._encoder: embedding.OnnxEncoder | embedding.TorchEncoder | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ loading
    def _load(self, auto_build: bool, progress: index_build.Progress | None) -> None:
        targets = []
        for plugin, library in self.plugins.libraries():
            state = index_build.state_of(self.settings, plugin, library, verify=False)
            if state.state == "library-missing":
                log.warning("skipping %s: %s", library.name, state.message)
                self.skipped.append(f"{plugin.name}/{library.name}: {state.message}")
                continue
            targets.append((plugin, library, state))
        needed = [(p, lib) for p, lib, s in targets if s.state != "fresh"]
        if needed:
            if not auto_build:
                _raise_for(targets)
            log.warning("building %d index(es): %s", len(needed), ", ".join(lib.name for _, lib in needed))
            index_build.build(self.settings, needed, progress=progress)
        for plugin, library, _ in targets:
            version = library.installed_version()
            path = index_path(self.settings.index_dir, library.name, version)
            expected = index_build.expected_for(self.settings, plugin, library)
            try:
                loaded = load_index(path, expected)
            except (IndexCorruptError, IndexStaleError, IndexMissingError) as exc:
                if not auto_build:
                    raise
                log.warning("rebuilding %s: %s", library.name, exc.message)
                index_build.build(self.settings, [(plugin, library)], force=True, progress=progress)
                loaded = load_index(path, expected)
            self.indexes.append(loaded)
            self.priors.append(_priors(plugin, loaded))
        if not self.indexes:
            raise IndexMissingError(
                "no index could be loaded: " + "; ".join(self.skipped),
                fix="install the plugins' libraries, then `sciagent index build`",
            )

    @property
    def domains(self) -> list[str]:
        return sorted({ix.manifest.domain for ix in self.indexes})

    def _encode(self, query: str) -> np.ndarray:
        with self._lock:
            if self._encoder is None:
                self._encoder = embedding.load_encoder(self.settings.index_dir, self.model, export=False)
        return self._encoder.encode([query])[0]

    # ------------------------------------------------------------------- search
    def search(
        self, query: str, k: int = 10, domain: str | None = None, *, mode: Mode = "hybrid"
    ) -> list[Hit]:
        query = _validate(query, k)
        selected = self._select(domain)
        fused: dict[tuple[int, int], float] = {}
        if mode in ("hybrid", "dense"):
            for rank, key in enumerate(self._dense(query, selected)):
                fused[key] = fused.get(key, 0.0) + 1.0 / (RRF_K + rank + 1)
        if mode in ("hybrid", "lexical"):
            for rank, key in enumerate(self._lexical(query, selected)):
                fused[key] = fused.get(key, 0.0) + 1.0 / (RRF_K + rank + 1)
        scored = [(score * float(self.priors[i][j]), (i, j)) for (i, j), score in fused.items()]
        scored.sort(key=lambda item: -item[0])
        return [self._hit(i, j, score) for score, (i, j) in scored[:k]]

    def _select(self, domain: str | None) -> list[int]:
        if domain is None:
            return list(range(len(self.indexes)))
        chosen = [i for i, ix in enumerate(self.indexes) if ix.manifest.domain == domain]
        if not chosen:
            raise QueryError(
                f"unknown domain {domain!r}",
                fix=f"use one of: {', '.join(self.domains)} (or no domain)",
            )
        return chosen

    def _dense(self, query: str, selected: Sequence[int]) -> list[tuple[int, int]]:
        vector = self._encode(query).astype(np.float32)[None, :]
        found: list[tuple[float, tuple[int, int]]] = []
        for i in selected:
            index = self.indexes[i].dense
            scores, ids = index.search(vector, min(CANDIDATES, index.ntotal))
            found.extend((float(s), (i, int(j))) for s, j in zip(scores[0], ids[0], strict=True) if j >= 0)
        found.sort(key=lambda item: -item[0])
        return [key for _, key in found[:CANDIDATES]]

    def _lexical(self, query: str, selected: Sequence[int]) -> list[tuple[int, int]]:
        lexicals: list[LexicalIndex] = [self.indexes[i].lexical for i in selected]
        per_index = score_union(lexicals, query)
        found: list[tuple[float, tuple[int, int]]] = []
        for i, scores in zip(selected, per_index, strict=True):
            found.extend((float(scores[j]), (i, int(j))) for j in top_k(scores, CANDIDATES))
        found.sort(key=lambda item: -item[0])
        return [key for _, key in found[:CANDIDATES]]

    def _hit(self, i: int, j: int, score: float) -> Hit:
        rec = self.indexes[i].records[j]
        return Hit(
            qualname=rec.qualname,
            aliases=list(rec.aliases),
            kind=rec.kind,
            signature=rec.signature,
            summary=rec.summary,
            library=rec.library,
            version=rec.version,
            score=round(score, 6),
            domain=rec.domain,
            signatures=[f"{rec.name}{s.text}" for s in rec.signatures],
            deprecated=rec.deprecated,
        )

    def lookup(self, name: str) -> ApiRecord | None:
        """The record whose qualname or alias is ``name``, if any."""
        for ix in self.indexes:
            table = ix.records
            for j, qualname in enumerate(table.qualnames):
                if qualname == name or name in table.aliases[j]:
                    return table[j]
        return None


def _priors(plugin: Plugin, index: LoadedIndex) -> np.ndarray:
    """Per-record score multipliers: kind, deprecation, exceptions, plugin boosts."""
    table = index.records
    out = np.ones(len(table), dtype=np.float32)
    for j, (qualname, kind) in enumerate(zip(table.qualnames, table.kinds, strict=True)):
        factor = _KIND_PRIOR.get(kind, 1.0)
        if table.deprecated[j]:
            factor *= 0.7
        if kind == "class" and qualname.endswith(("Error", "Warning", "Exception")):
            factor *= 0.6
        out[j] = factor * plugin.boost_for(qualname, table.aliases[j])
    return out


def _validate(query: object, k: object) -> str:
    if not isinstance(query, str):
        raise QueryError(f"the request must be text, not {type(query).__name__}")
    text = " ".join(query.split())
    if not text:
        raise QueryError("the request is empty", fix='describe what you want, e.g. "parse a FASTA file"')
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the request is {len(text)} characters long (limit {MAX_QUERY_CHARS})",
            fix="shorten it to the task itself",
        )
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= 200:
        raise QueryError(f"k must be a whole number from 1 to 200, not {k!r}")
    return text


def _raise_for(targets: list[tuple[Plugin, object, index_build.IndexState]]) -> None:
    for _, _, state in targets:
        if state.state == "missing":
            raise IndexMissingError(state.message, fix=f"sciagent index build {state.plugin}")
        if state.state in ("stale",):
            raise IndexStaleError(state.message, fix=f"sciagent index build {state.plugin}")
        if state.state == "corrupt":
            raise IndexCorruptError(state.message, fix=f"sciagent index build --force {state.plugin}")
