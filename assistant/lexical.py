"""The BM25 leg: bm25s over Snowball-stemmed terms (English or Russian per word)."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

from .text import stem_terms


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
        return cls(bm25s.BM25.load(str(directory)), size)

    def scores(self, query: str) -> np.ndarray:
        terms = stem_terms(query)
        if self._bm25 is None or not terms:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)
