"""The BM25 leg: bm25s over Snowball-stemmed terms (English or Russian per word)."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

from ..core.text import stem_terms


class LexicalIndex:
    """BM25 scores for every chunk, in the chunk order of the index generation."""

    def __init__(self, bm25: bm25s.BM25 | None, size: int) -> None:
        self._bm25 = bm25
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> "LexicalIndex":
        tokens = [stem_terms(t) or ["\u2205"] for t in texts]  # bm25s needs a token per document
        if not tokens:
            return cls(None, 0)
        bm25 = bm25s.BM25()
        bm25.index(tokens, show_progress=False)
        return cls(bm25, len(tokens))

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        if self._bm25 is not None:
            self._bm25.save(str(directory))

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
