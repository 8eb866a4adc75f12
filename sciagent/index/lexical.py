"""Identifier-aware lexical retrieval: tokens, a bm25s index per library, and
exact union scoring at query time.

Requests name things the way people write them ("exact mol wt", "tanimoto",
"sky coord"); APIs name them ``CalcExactMolWt`` or ``match_to_catalog_sky``.
Both sides are split at camelCase and snake_case boundaries, lowercased and
stemmed, and the whole identifier is kept as a token too.

bm25s builds and saves each library's index (pickle-free ``.npy`` arrays).  At
query time we read those arrays directly: it avoids bm25s's scipy import on the
cold path of a short-lived CLI, and it lets us re-weight each token's IDF over
the *union* of the loaded libraries so scores from different libraries compare.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import SciagentError

_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_WORD = re.compile(r"[A-Za-z0-9]+")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "get",
        "given",
        "how",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "please",
        "some",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "this",
        "to",
        "use",
        "using",
        "what",
        "when",
        "which",
        "with",
        "would",
        "you",
        "your",
        "want",
        "need",
        "let",
    ]
)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    """The Snowball English stemmer, required rather than optional.

    An index built with stemming and queried without it (or the reverse)
    silently loses most lexical matches ("molecules" never meets "molecule"):
    that is how a fresh install once ranked worse than the machine the
    benchmarks ran on.  So a missing stemmer is an error, not a fallback.
    """
    try:
        import Stemmer
    except ImportError:
        raise SciagentError(
            "the PyStemmer package is missing; lexical search needs it",
            fix="pip install PyStemmer (a dependency of sciagent: reinstall sciagent)",
        ) from None
    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def split_identifier(word: str) -> tuple[str, ...]:
    """``CalcExactMolWt`` -> (whole, calc, exact, mol, wt), lowercased."""
    parts = [p.lower() for p in _CAMEL.findall(word)]
    whole = word.lower()
    if len(parts) > 1 and whole not in parts:
        return (whole, *parts)
    return tuple(parts) or (whole,)


def tokenize(text: str) -> list[str]:
    """Words and identifier pieces, lowercased and stemmed, stopwords dropped."""
    tokens: list[str] = []
    for word in _WORD.findall(text.replace("_", " ")):
        tokens.extend(t for t in split_identifier(word) if t not in STOPWORDS)
    # keep snake_case identifiers whole too, e.g. "match_to_catalog_sky"
    tokens.extend(w.lower() for w in re.findall(r"\b[A-Za-z]\w*_\w+\b", text))
    return list(_stemmer().stemWords(tokens))


def build(texts: Sequence[str], out_dir: Path) -> None:
    """Tokenize ``texts`` and save a bm25s index into ``out_dir``."""
    import bm25s
    from bm25s.tokenization import Tokenized

    # bm25s sets its own logger to DEBUG on import, which floods any application
    # that configures logging; let its records follow the application's level
    logging.getLogger("bm25s").setLevel(logging.NOTSET)
    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(t, len(vocab)) for t in tokenize(text)] for text in texts]
    retriever = bm25s.BM25()
    retriever.index(Tokenized(ids=ids, vocab=vocab), show_progress=False)
    retriever.save(str(out_dir))


@dataclass
class LexicalIndex:
    """One library's saved bm25s index, read as plain arrays."""

    vocab: dict[str, int]
    data: np.ndarray  # idf(t) * tf-part(t, d), CSC by token
    indices: np.ndarray  # document ids
    indptr: np.ndarray  # column starts per token id
    n_docs: int
    k1: float

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        params = json.loads((directory / "params.index.json").read_text())
        vocab = json.loads((directory / "vocab.index.json").read_text())

        def arr(name: str) -> np.ndarray:
            return np.load(directory / name, allow_pickle=False)

        return cls(
            vocab=vocab,
            data=arr("data.csc.index.npy"),
            indices=arr("indices.csc.index.npy"),
            indptr=arr("indptr.csc.index.npy"),
            n_docs=int(params["num_docs"]),
            k1=float(params.get("k1", 1.5)),
        )

    def df(self, token: str) -> int:
        tid = self.vocab.get(token)
        return 0 if tid is None else int(self.indptr[tid + 1] - self.indptr[tid])


def _idf(n_docs: int, df: int) -> float:
    return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))  # Lucene's BM25 idf


def score_union(indexes: Sequence[LexicalIndex], query: str) -> list[np.ndarray]:
    """BM25 scores of every document of every index, with IDF over the union."""
    tokens = list(dict.fromkeys(tokenize(query)))
    total_docs = sum(ix.n_docs for ix in indexes)
    out = [np.zeros(ix.n_docs, dtype=np.float32) for ix in indexes]
    for token in tokens:
        df_union = sum(ix.df(token) for ix in indexes)
        if df_union == 0:
            continue
        idf_union = _idf(total_docs, df_union)
        for ix, scores in zip(indexes, out, strict=True):
            tid = ix.vocab.get(token)
            if tid is None:
                continue
            lo, hi = int(ix.indptr[tid]), int(ix.indptr[tid + 1])
            if lo == hi:
                continue
            local = _idf(ix.n_docs, hi - lo)
            scale = idf_union / local if local > 0 else 0.0
            scores[ix.indices[lo:hi]] += ix.data[lo:hi] * scale  # ids unique per token
    return out


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` best positive scores, best first."""
    positive = np.flatnonzero(scores > 0)
    if positive.size == 0:
        return positive
    if positive.size > k:
        part = np.argpartition(-scores[positive], k - 1)[:k]
        positive = positive[part]
    return positive[np.argsort(-scores[positive], kind="stable")]
