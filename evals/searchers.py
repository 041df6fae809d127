"""The retrieval variants only the benchmarks compare (`python -m evals.xquad --approaches`, the
README's cross-lingual table), kept out of the product's searcher.

`BenchSearcher` is `assistant.retrieval.search.HybridSearcher` with two more knobs:
- `mode`: `hybrid` (the product's), `dense` or `bm25` alone (each leg on its own);
- `language_merge`: `offset` (the product's), `zscore` (rank-transferred dense z-scores,
  `calibrated_keys`), `per-language` (each language's own min-max fused score, so each language's
  best scores 1) or `global` (the earlier single list: one dense query, one min-max, BM25 for the
  question's language only).
It overrides the searcher's `_search` and `_merge` seams; with `hybrid` and `offset` it ranks
exactly as the product does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.core.records import Hit
from assistant.core.text import detect_language
from assistant.index.store import IndexStore, Snapshot
from assistant.retrieval.search import HybridSearcher, SearchFilters, fuse, minmax

MODES = ("hybrid", "dense", "bm25")
LANGUAGE_MERGES = ("offset", "zscore", "per-language", "global")


def calibrated_keys(order: Sequence[str], dense: dict[str, float]) -> dict[str, float]:
    """Merge keys for one language's candidates, already in that language's fused order.

    Rank r gets the r-th highest z-score of the dense cosines in this language's list (mean and
    spread of that list), so the merge across languages compares how far each language's best
    passages stand out, not raw cosines. Ranks past the dense list (lexical-only finds) step
    down below its lowest z."""
    values = np.array(sorted(dense.values(), reverse=True), dtype=np.float64)
    if len(values) == 0:
        return {cid: -float(rank + 1) for rank, cid in enumerate(order)}
    spread = float(values.std())
    z = (values - values.mean()) / spread if spread > 1e-6 else np.zeros_like(values)
    keys: dict[str, float] = {}
    for rank, cid in enumerate(order):
        keys[cid] = float(z[rank]) if rank < len(z) else float(z[-1]) - 0.01 * (rank - len(z) + 1)
    return keys


class BenchSearcher(HybridSearcher):
    """`HybridSearcher` with the benchmark's retrieval modes and language merges (module docstring)."""

    def __init__(self, store: IndexStore, embedder: Any, candidates: int | None = None,
                 bm25_weight: float | None = None, mode: str = "hybrid", language_merge: str = "offset",
                 **tunables: Any) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}")
        if language_merge not in LANGUAGE_MERGES:
            raise ValueError(f"unknown language merge {language_merge!r}")
        super().__init__(store, embedder, candidates, bm25_weight, **tunables)
        self.mode = mode
        self.language_merge = language_merge

    def _search(self, snapshot: Snapshot, question: str, k: int, filters: SearchFilters | None,
                query_vector: np.ndarray | None) -> list[Hit]:
        if self.mode == "hybrid" and self.language_merge != "global":
            return super()._search(snapshot, question, k, filters, query_vector)
        if not snapshot.chunks:
            return []
        filters = filters or SearchFilters()
        query_lang = detect_language(question)
        pool = max(k, self.candidates)
        dense: dict[str, float] = {}
        lexical: dict[str, float] = {}
        if self.mode in ("hybrid", "dense"):
            vector = np.asarray(query_vector if query_vector is not None else
                                self.embedder.embed_query_vector(question), dtype=np.float32)
            dense = self._dense(snapshot, vector, filters.chroma_where(), min(pool, len(snapshot.chunks)),
                                filters.mask(snapshot), self._scores(snapshot, vector))
        if self.mode in ("hybrid", "bm25"):
            keep = filters.mask(snapshot)
            if self.mode == "hybrid":
                keep &= snapshot.chunk_lang == query_lang
            lexical = self._top(snapshot.lexical.scores(question), keep, snapshot, pool)
        if self.mode == "dense":
            ranked = dense
        elif self.mode == "bm25":
            ranked = lexical
        else:
            langs = {cid: snapshot.chunk_lang[snapshot.position[cid]] for cid in set(dense) | set(lexical)}
            ranked = fuse(dense, lexical, langs, query_lang, self.bm25_weight)
        order = sorted(ranked, key=lambda cid: (-ranked[cid], snapshot.position[cid]))[:k]
        return [self._hit(snapshot, cid, ranked[cid], dense, lexical, {}) for cid in order]

    def _merge(self, snapshot: Snapshot, question: str, query_lang: str, fused: dict[str, dict[str, float]],
               dense: dict[str, float]) -> dict[str, float]:
        if len(fused) == 1 or self.language_merge == "per-language":
            return {cid: score for scores in fused.values() for cid, score in scores.items()}
        if self.language_merge == "zscore":
            keys: dict[str, float] = {}
            for scores in fused.values():
                order = sorted(scores, key=lambda cid: (-scores[cid], snapshot.position[cid]))
                keys.update(calibrated_keys(order, {cid: dense[cid] for cid in order if cid in dense}))
            return minmax(keys)
        return super()._merge(snapshot, question, query_lang, fused, dense)
