"""The BM25 leg: bm25s over Snowball-stemmed terms (English or Russian per word).

Each chunk's terms are saved with the index (`TOKENS_FILE`) so the next ingest builds the leg from
the kept chunks' saved rows instead of stemming them again (`saved_tokens`)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

import bm25s
import numpy as np
import orjson

from ..core.text import stem_terms
from .token_counts import TokenCounts, bm25_from_counts

TOKENS_FILE = "tokens.npz"
"""In the index's `bm25` folder: each chunk's stemmed terms with their counts (`TokenCounts.save`)."""


def lexical_tokens(texts: Iterable[str]) -> TokenCounts:
    """Each text's stemmed terms, counted: the rows the BM25 leg is built from."""
    return TokenCounts.of(stem_terms(text) for text in texts)


class LexicalIndex:
    """BM25 scores for every chunk, in the chunk order of the index generation."""

    def __init__(self, bm25: bm25s.BM25 | None, size: int, tokens: TokenCounts | None = None) -> None:
        self._bm25 = bm25
        self.size = size
        self._tokens = tokens

    @classmethod
    def build(cls, texts: list[str]) -> "LexicalIndex":
        return cls.from_tokens(lexical_tokens(texts))

    @classmethod
    def from_tokens(cls, tokens: TokenCounts) -> "LexicalIndex":
        """From each chunk's counted terms (`lexical_tokens`, or rows of an earlier generation's)."""
        tokens = tokens.pruned()
        return cls(bm25_from_counts(tokens) if len(tokens) else None, len(tokens), tokens)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        if self._bm25 is not None:
            self._bm25.save(str(directory))
        if self._tokens is not None:
            self._tokens.save(directory / TOKENS_FILE)

    @classmethod
    def load(cls, directory: Path, size: int) -> "LexicalIndex":
        if size == 0:
            return cls(None, 0)
        return cls(load_bm25(directory, size), size)

    def scores(self, query: str) -> np.ndarray:
        terms = stem_terms(query)
        if self._bm25 is None or not terms:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)


def saved_tokens(directory: Path | None, size: int) -> TokenCounts | None:
    """The counted terms a generation's `bm25` folder saved for its `size` chunks, or None when
    there are none to trust (written before they were kept, by another tokens version, damaged):
    the next ingest then stems every chunk again, which is only slower."""
    if directory is None:
        return None
    try:
        return TokenCounts.load(directory / TOKENS_FILE, size)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, orjson.JSONDecodeError):
        return None


def load_bm25(directory: Path, size: int) -> bm25s.BM25:
    """A saved bm25s index of `size` documents, checked: bm25s loads a truncated or retyped array
    without complaint and fails (or scores nonsense) only when asked, so the sparse matrix's
    dtypes, lengths and bounds are verified here (ValueError says what is wrong)."""
    bm25 = bm25s.BM25.load(str(directory))
    scores = bm25.scores
    data, indices, indptr = (np.asarray(scores[k]) for k in ("data", "indices", "indptr"))
    if scores.get("num_docs") != size:
        raise ValueError(f"{scores.get('num_docs')} documents, the generation has {size}")
    if data.ndim != 1 or indices.ndim != 1 or indptr.ndim != 1 or len(data) != len(indices) or not len(indptr):
        raise ValueError("arrays of the wrong shape")
    if data.dtype != np.dtype(bm25.dtype) or indices.dtype != np.dtype(bm25.int_dtype) \
            or indptr.dtype.kind not in "iu":
        raise ValueError("arrays of the wrong type")
    ids = list(bm25.vocab_dict.values())
    if not all(type(i) is int for i in ids) or (ids and (min(ids) < 0 or max(ids) >= len(indptr))):
        raise ValueError("a vocabulary that does not fit the arrays")
    if indptr[-1] != len(data) or np.any(np.diff(indptr) < 0) or (len(indices) and (
            indices.min() < 0 or indices.max() >= size)):
        raise ValueError("arrays out of bounds")
    return bm25
