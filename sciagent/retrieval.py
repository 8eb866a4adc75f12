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
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import numpy as np

from .config import Settings
from .errors import QueryError
from .index import embedding
from .index.lexical import LexicalIndex, score_union, top_k
from .index.loaded import LoadedIndexes, load_indexes
from .index.names import CALLABLE_KINDS, NameTable
from .index.store import LoadedIndex
from .plugin import Plugin, PluginSet, load_plugins
from .records import ApiRecord, Hit
from .vocabulary import GENERIC_SYNONYMS

if TYPE_CHECKING:  # the write side: only the compatibility call forms of Searcher build
    from .index.build import Progress

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "dense", "lexical"]
CANDIDATES = 100
MAX_QUERY_CHARS = 2000
AUTO_BUILD_ENV = "SCIAGENT_AUTO_BUILD"

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{3,}")
_KIND_PRIOR = {"module": 0.85, "property": 0.9, "attribute": 0.9}


@dataclass(frozen=True)
class Ranking:
    """The few knobs of fusion and priors, in one place."""

    rrf_k: int = 60  # Cormack et al.'s constant; robust across collections
    #: per extra level of the shortest public path: deep internals rank below
    #: the entry points a package re-exports near its top.
    depth_decay: float = 0.9
    #: weight of the query's library posterior (0 = off); see Searcher._library_weights
    library_weight: float = 1.0
    library_top: int = 30
    #: share of a recipe's score each API it names receives (main API: full share)
    recipe_lift: float = 1.0
    recipe_lift_secondary: float = 0.6
    recipe_top: int = 3  # recipes that may lift their APIs (10 -> 3: dev+heldout R@5 +0.03)
    #: weight of a third ranked list: APIs whose own name the request spells out
    #: ("strftime", "match_to_catalog_sky"), when that name is distinctive
    exact_name: float = 1.0
    exact_name_max_matches: int = 8


class Searcher:
    """Loaded indexes of every installed plugin, ready to answer queries.

    ``Searcher(indexes=load_indexes(...))`` ranks over indexes already loaded
    and never builds.  The other call forms load the indexes themselves, as
    :func:`sciagent.defaults.load_searcher` does (building what is not fresh
    unless ``auto_build=False`` or ``SCIAGENT_AUTO_BUILD=0``): they are kept
    for code written before the read and write sides of the index split.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        plugins: PluginSet | None = None,
        *,
        indexes: LoadedIndexes | None = None,
        auto_build: bool | None = None,
        progress: Progress | None = None,
        ranking: Ranking | None = None,
    ) -> None:
        self.ranking = ranking or Ranking()
        if indexes is not None and (settings, plugins, auto_build, progress) != (None,) * 4:
            raise TypeError(
                "Searcher(indexes=...) ranks over indexes already loaded with their own "
                "settings and plugins: pass either indexes, or settings/plugins/auto_build/progress"
            )
        if indexes is None:
            indexes = _load(
                settings or Settings.from_env(), plugins or load_plugins(), auto_build, progress
            )
        self.settings = indexes.settings
        self.plugins = indexes.plugins
        self.indexes: list[LoadedIndex] = indexes.indexes
        self._owners: list[Plugin] = indexes.owners
        self.skipped: list[str] = indexes.skipped  # libraries that are not installed
        self.priors: list[np.ndarray] = [
            _priors(p, ix, self.ranking) for p, ix in zip(self._owners, self.indexes, strict=True)
        ]
        self.model = embedding.resolve_model(self.settings.embedding_model)
        self._encoder: embedding.OnnxEncoder | embedding.TorchEncoder | None = None
        self._lock = threading.Lock()
        self._synonym_words: dict[str, list[str]] = {
            phrase: list(words) for phrase, words in GENERIC_SYNONYMS.items()
        }
        for plugin in self.plugins.plugins:
            for phrase, words in plugin.synonyms.items():
                self._synonym_words.setdefault(phrase.lower(), []).extend(words)
        phrases = sorted(self._synonym_words, key=len, reverse=True)
        self._synonyms: re.Pattern[str] | None = (
            re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, phrases)) + r")(?![\w-])")
            if phrases
            else None
        )

    def set_ranking(self, ranking: Ranking) -> None:
        """Change fusion and prior settings (benchmarks compare them in one run)."""
        self.ranking = ranking
        self.priors = [
            _priors(p, ix, ranking) for p, ix in zip(self._owners, self.indexes, strict=True)
        ]

    @property
    def domains(self) -> list[str]:
        return sorted({ix.manifest.domain for ix in self.indexes})

    def _encode(self, query: str) -> np.ndarray:
        with self._lock:
            if self._encoder is None:
                self._encoder = embedding.load_encoder(
                    self.settings.index_dir, self.model, export=False, threads=1
                )
        return self._encoder.encode([query])[0]

    # ------------------------------------------------------------------- search
    def search(
        self,
        query: str,
        k: int = 10,
        domain: str | None = None,
        *,
        mode: Mode = "hybrid",
        recipes: bool = False,
    ) -> list[Hit]:
        """The ``k`` best APIs for ``query``.

        ``recipes=True`` also returns the plugins' recipe records (kind
        ``"recipe"``, with the APIs they use in ``Hit.apis``); either way a
        recipe that matches lifts the APIs it names.
        """
        query = _validate(query, k)
        selected = self._select(domain)
        cfg = self.ranking
        expanded = self._expand(query)
        fused: dict[tuple[int, int], float] = {}
        if mode in ("hybrid", "dense"):
            for rank, key in enumerate(self._dense(expanded, selected)):
                fused[key] = fused.get(key, 0.0) + 1.0 / (cfg.rrf_k + rank + 1)
        if mode in ("hybrid", "lexical"):
            for rank, key in enumerate(self._lexical(expanded, selected)):
                fused[key] = fused.get(key, 0.0) + 1.0 / (cfg.rrf_k + rank + 1)
        if mode == "hybrid" and cfg.exact_name > 0:
            for key in self._named(query, set(selected)):
                fused[key] = fused.get(key, 0.0) + cfg.exact_name / (cfg.rrf_k + 1)
        scores = {key: score * float(self.priors[key[0]][key[1]]) for key, score in fused.items()}
        lifted_by = self._lift_recipes(scores, set(selected))
        scored = sorted(((score, key) for key, score in scores.items()), key=lambda t: -t[0])
        if cfg.library_weight > 0 and len(selected) > 1:
            weights = self._library_weights(scored)
            scored = sorted(
                ((score * weights[key[0]], key) for score, key in scored), key=lambda t: -t[0]
            )
        hits = []
        for score, (i, j) in scored:
            if not recipes and self.indexes[i].records.kinds[j] == "recipe":
                continue
            hits.append(self._hit(i, j, score, lifted_by.get((i, j), [])))
            if len(hits) == k:
                break
        return hits

    def _expand(self, query: str) -> str:
        """Append the plugins' domain words for phrases the request uses."""
        if self._synonyms is None:
            return query
        extra = [
            w
            for m in self._synonyms.finditer(query.lower())
            for w in self._synonym_words[m.group(0)]
        ]
        return f"{query} ({' '.join(dict.fromkeys(extra))})" if extra else query

    def _named(self, query: str, selected: set[int]) -> list[tuple[int, int]]:
        """Records whose own name the request spells out, if few records share it."""
        found: list[tuple[int, int]] = []
        for word in dict.fromkeys(w.lower() for w in _IDENTIFIER.findall(query)):
            named = self.names.named(word, CALLABLE_KINDS)
            matches = [key for key in named if key[0] in selected]
            if 0 < len(matches) <= self.ranking.exact_name_max_matches:
                found.extend(matches)
        return found

    def _lift_recipes(
        self, scores: dict[tuple[int, int], float], selected: set[int]
    ) -> dict[tuple[int, int], list[str]]:
        """A matching recipe adds its score to the APIs it names."""
        cfg = self.ranking
        lifted_by: dict[tuple[int, int], list[str]] = {}
        recipes = [
            (score, key)
            for key, score in scores.items()
            if self.indexes[key[0]].records.kinds[key[1]] == "recipe"
        ]
        for score, (i, j) in sorted(recipes, reverse=True)[: cfg.recipe_top]:
            record = self.indexes[i].records[j]
            for n, api in enumerate(record.apis):
                target = self._locate(api)
                if target is None or target[0] not in selected:
                    continue
                share = cfg.recipe_lift if n == 0 else cfg.recipe_lift_secondary
                scores[target] = scores.get(target, 0.0) + score * share
                lifted_by.setdefault(target, []).append(record.summary)
        return lifted_by

    @cached_property
    def names(self) -> NameTable:
        """Where each qualname and alias of the loaded indexes lives (built on first use).

        The checker's catalog shares it (:func:`sciagent.check._catalog.catalog_for`).
        """
        return NameTable(self.indexes)

    def _locate(self, name: str) -> tuple[int, int] | None:
        return self.names.locate(name)

    def _library_weights(self, scored: list[tuple[float, tuple[int, int]]]) -> dict[int, float]:
        """Which library is the request about?  Read it off the first ranking.

        The share of fused score each library holds among the top candidates
        is a cheap posterior; records of libraries the request is plainly not
        about ("compounds in an SD file" is not astropy) are scaled down.
        """
        cfg = self.ranking
        mass: dict[int, float] = {}
        for score, (i, _) in scored[: cfg.library_top]:
            mass[i] = mass.get(i, 0.0) + score
        total = sum(mass.values()) or 1.0
        return {
            i: (1.0 - cfg.library_weight) + cfg.library_weight * (0.5 + mass.get(i, 0.0) / total)
            for i in range(len(self.indexes))
        }

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
            if index.ntotal == 0:
                continue
            scores, ids = index.search(vector, min(CANDIDATES, index.ntotal))
            found.extend(
                (float(s), (i, int(j))) for s, j in zip(scores[0], ids[0], strict=True) if j >= 0
            )
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

    def _hit(self, i: int, j: int, score: float, lifted_by: list[str] | None = None) -> Hit:
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
            apis=list(rec.apis),
            recipes=list(lifted_by or []),
            example=rec.examples[0] if rec.examples else "",
            path=rec.preferred,
        )

    def lookup(self, name: str) -> ApiRecord | None:
        """The record whose qualname or alias is ``name``, if any."""
        found = self._locate(name)
        return None if found is None else self.indexes[found[0]].records[found[1]]


def _public_depth(qualname: str, aliases: list[str], kind: str) -> int:
    """Levels below the package of the shortest public path (methods count their class)."""
    depth = min(p.count(".") for p in (qualname, *aliases))
    return depth - (1 if kind in {"method", "property"} else 0)


def _priors(plugin: Plugin, index: LoadedIndex, ranking: Ranking) -> np.ndarray:
    """Per-record score multipliers: path depth, kind, deprecation, exceptions, boosts."""
    table = index.records
    out = np.ones(len(table), dtype=np.float32)
    for j, (qualname, kind) in enumerate(zip(table.qualnames, table.kinds, strict=True)):
        depth = _public_depth(qualname, table.aliases[j], kind)
        factor = ranking.depth_decay ** max(0, depth - 2)
        factor *= _KIND_PRIOR.get(kind, 1.0)
        if table.deprecated[j]:
            factor *= 0.7
        if kind == "class" and qualname.endswith(("Error", "Warning", "Exception")):
            factor *= 0.6
        out[j] = factor * plugin.boost_for(qualname, table.aliases[j])
    return out


_SURROGATES = re.compile("[\ud800-\udfff]")


def _validate(query: object, k: object) -> str:
    if not isinstance(query, str):
        raise QueryError(f"the request must be text, not {type(query).__name__}")
    # lone surrogates (undecodable argv bytes arrive as U+DC80..U+DCFF) cannot be
    # encoded, so the tokenizers would fail on them: they carry no words, drop them
    text = " ".join(_SURROGATES.sub(" ", query).split())
    if not text and query.strip():
        raise QueryError(
            "the request has no readable text (its bytes are not valid in this locale's encoding)",
            fix="write the request in plain words, in UTF-8",
        )
    if not text:
        raise QueryError(
            "the request is empty", fix='describe what you want, e.g. "parse a FASTA file"'
        )
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the request is {len(text)} characters long (limit {MAX_QUERY_CHARS})",
            fix="shorten it to the task itself",
        )
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= 200:
        raise QueryError(f"k must be a whole number from 1 to 200, not {k!r}")
    return text


def auto_build_enabled(auto_build: bool | None = None) -> bool:
    """The auto-build policy: ``auto_build`` when given, else ``SCIAGENT_AUTO_BUILD`` (on by default)."""
    if auto_build is None:
        return os.environ.get(AUTO_BUILD_ENV, "1") != "0"
    return auto_build


def _load(
    settings: Settings, plugins: PluginSet, auto_build: bool | None, progress: Progress | None
) -> LoadedIndexes:
    """The indexes for the call forms of :class:`Searcher` that load them themselves."""
    if not auto_build_enabled(auto_build):
        return load_indexes(settings, plugins)
    from .index.build import rebuilder

    return load_indexes(settings, plugins, rebuild=rebuilder(settings, progress))
