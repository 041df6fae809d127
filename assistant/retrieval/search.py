"""Hybrid retrieval: dense (Chroma, e5) fused with BM25, language-aware and language-balanced.

Each language of the corpus is searched on its own, so one language cannot crowd out the other
by script bias alone: under a mask over the generation's vectors (numpy), or, when Chroma answers
the dense leg (a Chroma server), as a mask over one unfiltered query (`PREFETCH`). Within a language, fusion is a
min-max weighted sum: BM25 for chunks in the question's language, the script-bridging leg
(names, numbers, international words; `crosslingual.py`) for chunks in another language.
The languages' lists are then merged on keys that correct e5's script bias and add absolute
lexical evidence (`crosslingual.merge_keys`; the alternatives the benchmark compares live in
`evals/searchers.py`, overriding `HybridSearcher._merge`).
With only the question's language in play (a language filter, a monolingual corpus) the result
is exactly the single fused list. On XQuAD the fused ranking is at least as good as the
better leg in every direction (README, "Cross-lingual retrieval").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from ..core.records import Hit
from ..core.text import detect_language, stem_terms
from ..index.embeddings import Embedder
from ..index.store import CHUNK_VECTORS, IndexStore, Snapshot, damaged, date_to_int
from ..language.crosslingual import BridgeIndex, bridge_tokens, merge_keys


@dataclass(frozen=True)
class SearchFilters:
    """Optional restrictions; dates are inclusive ISO strings and exclude undated articles."""

    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    exclude_articles: tuple[str, ...] = ()
    """Article ids left out (the benchmark drops a paragraph's same-language copy with it)."""

    def __post_init__(self) -> None:
        for value in (self.date_from, self.date_to):
            if value is not None:
                date.fromisoformat(value)

    @property
    def empty(self) -> bool:
        return not (self.countries or self.languages or self.date_from or self.date_to or self.exclude_articles)

    def chroma_where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if self.languages:
            clauses.append({"lang": {"$in": list(self.languages)}})
        if self.countries:
            ors = [{f"country_{c}": True} for c in self.countries]
            clauses.append(ors[0] if len(ors) == 1 else {"$or": ors})
        if self.date_from:
            clauses.append({"date_int": {"$gte": date_to_int(self.date_from)}})
        if self.date_to or self.date_from:
            clauses.append({"date_int": {"$gt": 0}})
        if self.date_to:
            clauses.append({"date_int": {"$lte": date_to_int(self.date_to)}})
        if self.exclude_articles:
            clauses.append({"article_id": {"$nin": list(self.exclude_articles)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def mask(self, snapshot: Snapshot) -> np.ndarray:
        keep = np.ones(len(snapshot.chunks), dtype=bool)
        if self.languages:
            keep &= np.isin(snapshot.chunk_lang, list(self.languages))
        if self.countries:
            tagged = np.zeros(len(snapshot.chunks), dtype=bool)
            for code in self.countries:
                tagged[snapshot.country_rows(code)] = True
            keep &= tagged
        if self.date_from or self.date_to:
            keep &= snapshot.chunk_date > 0
        if self.date_from:
            keep &= snapshot.chunk_date >= date_to_int(self.date_from)
        if self.date_to:
            keep &= snapshot.chunk_date <= date_to_int(self.date_to)
        if self.exclude_articles:
            for article_id in self.exclude_articles:
                keep[snapshot.article_rows(article_id)] = False
        return keep


def minmax(values: dict[str, float]) -> dict[str, float]:
    """Values scaled to 0..1 (all 1 when they are equal)."""
    if not values:
        return {}
    low, high = min(values.values()), max(values.values())
    if high - low < 1e-9:
        return {key: 1.0 for key in values}
    return {key: (value - low) / (high - low) for key, value in values.items()}


def fuse(dense: dict[str, float], lexical: dict[str, float], chunk_lang: dict[str, str], query_lang: str,
         bm25_weight: float) -> dict[str, float]:
    """Fused score per chunk id (pure; see module docstring). `lexical` holds only chunks in the
    question's language; a same-language chunk missing from a leg scores 0 on that leg."""
    dense_n, lexical_n = minmax(dense), minmax(lexical)
    fused: dict[str, float] = {}
    for chunk_id in set(dense) | set(lexical):
        d = dense_n.get(chunk_id, 0.0)
        if chunk_lang[chunk_id] == query_lang:
            fused[chunk_id] = (1 - bm25_weight) * d + bm25_weight * lexical_n.get(chunk_id, 0.0)
        else:
            fused[chunk_id] = d
    return fused


PREFETCH = 10
"""When Chroma answers the dense leg, one unfiltered query asks for this many times the candidate
pool, and each language's (and the user's) filter is applied to it as a mask (see `_masked`)."""
ID_FILTER_MAX = 20_000
"""A filter that admits at most this many chunks is sent to Chroma as their ids rather than as a
`where` on metadata (cheaper on a server; past this the list of ids itself grows too costly)."""


class HybridSearcher:
    """Runs the legs against the store's current snapshot and fuses them (see module docstring).

    Unset tunables come from `Settings`; `bridge_weight` 0 turns the script-bridging BM25 leg off."""

    def __init__(self, store: IndexStore, embedder: Embedder, candidates: int | None = None,
                 bm25_weight: float | None = None, bridge_weight: float | None = None,
                 crosslingual_offset: float | None = None, overlap_weight: float | None = None,
                 bridge_overlap_weight: float | None = None) -> None:
        defaults = store.settings  # the one settings object, as the store holds it; explicit arguments win
        self.store = store
        self.embedder = embedder
        self.candidates = defaults.candidates if candidates is None else candidates
        self.bm25_weight = defaults.bm25_weight if bm25_weight is None else bm25_weight
        self.bridge_weight = defaults.bridge_weight if bridge_weight is None else bridge_weight
        self.crosslingual_offset = defaults.crosslingual_offset if crosslingual_offset is None else crosslingual_offset
        self.overlap_weight = defaults.overlap_weight if overlap_weight is None else overlap_weight
        self.bridge_overlap_weight = (defaults.bridge_overlap_weight if bridge_overlap_weight is None
                                      else bridge_overlap_weight)
        self.dense_search = defaults.dense_search
        if self.dense_search == "auto":
            self.dense_search = "chroma" if defaults.chroma_host else "local"
        if self.dense_search not in ("local", "chroma"):
            raise ValueError(f"unknown dense search {self.dense_search!r}")
        self._bridge: tuple[Snapshot, BridgeIndex] | None = None

    def bridge_index(self, snapshot: Snapshot) -> BridgeIndex:
        """The snapshot's script-bridging index, built on first use and kept until the index changes."""
        if self._bridge is None or self._bridge[0] is not snapshot:
            self._bridge = (snapshot, snapshot.bridge())
        return self._bridge[1]

    def _dense(self, snapshot: Snapshot, vector: np.ndarray, where: dict[str, Any] | None,
               n: int, keep: np.ndarray | None = None, scores: np.ndarray | None = None) -> dict[str, float]:
        """The n chunks closest to `vector` among those `where` (Chroma's filter) and `keep` (the
        same filter as a mask over the snapshot's chunks) admit, with their cosines. With the
        generation's chunk vectors at hand (`dense_search` "local") they are scored with numpy
        under the mask: exact, and a filter costs nothing, where Chroma's `where` costs 120 ms at
        100k passages (and every search filters on language). Otherwise Chroma answers."""
        if n <= 0:
            return {}
        if scores is not None and keep is not None:
            rows = np.flatnonzero(keep)
            if n < len(rows):
                rows = rows[np.argpartition(-scores[rows], n - 1)[:n]]
            rows = rows[np.argsort(-scores[rows], kind="stable")]
            return {snapshot.chunk_ids[i]: float(scores[i]) for i in rows}
        if keep is not None and where is not None and 0 < int(keep.sum()) <= ID_FILTER_MAX:
            # the same filter as the chunks' ids: a Chroma server answers it several times faster
            # than a metadata `where` (13 against 63 ms at 10k passages)
            store_ids = snapshot.store_ids
            ids = [store_ids[i] for i in np.flatnonzero(keep)]
            result = snapshot.collection.query(query_embeddings=[vector], n_results=n, ids=ids, include=["distances"])
        else:
            result = snapshot.collection.query(query_embeddings=[vector], n_results=n, where=where,
                                               include=["distances"])
        # the collection is shared with the generations before and after this one: a record that
        # is not this generation's (a changed chunk's other version, while an ingest runs) is not
        # its answer, and must not push one of its own out of the n: asked again for n plus every
        # record that is not this generation's
        own = snapshot.store_position
        if any(sid not in own for sid in result["ids"][0]):
            extra = max(0, snapshot.collection.count() - len(own))
            result = snapshot.collection.query(query_embeddings=[vector], n_results=n + extra, where=where,
                                               include=["distances"])
        found = {snapshot.chunk_ids[own[sid]]: 1.0 - float(dist)
                 for sid, dist in zip(result["ids"][0], result["distances"][0], strict=True) if sid in own}
        return dict(list(found.items())[:n])

    def _nearest_unfiltered(self, snapshot: Snapshot, vector: np.ndarray, pool: int
                            ) -> tuple[dict[str, float], bool]:
        """When Chroma answers the dense leg: one query with no `where`, for `PREFETCH` times the
        pool, nearest first, and whether it may have been cut short (the collection holds more).
        A Chroma server answers a `where` query several times slower than a plain one (86 ms
        against a few at 10k passages), and every search filters at least on language."""
        n = min(len(snapshot.chunks), PREFETCH * pool)
        return self._dense(snapshot, vector, None, n), n < len(snapshot.chunks)

    @staticmethod
    def _masked(nearest: tuple[dict[str, float], bool], snapshot: Snapshot, keep: np.ndarray,
                n: int) -> dict[str, float] | None:
        """The n nearest chunks that `keep` admits, taken from the unfiltered list: the same chunks
        a filtered query returns, as long as the list holds n of them; None when it may not (the
        filter is then sent to Chroma)."""
        found, cut = nearest
        kept = {cid: score for cid, score in found.items() if keep[snapshot.position[cid]]}
        if len(kept) < n and cut:
            return None
        return dict(list(kept.items())[:n])

    def _scores_locally(self, snapshot: Snapshot) -> bool:
        """Whether the dense leg is scored here with numpy (Chroma is then never asked)."""
        return snapshot.vectors is not None and self.dense_search == "local"

    def _scores(self, snapshot: Snapshot, vector: np.ndarray) -> np.ndarray | None:
        """Cosine of every chunk to `vector` (one matrix-vector product), or None when Chroma is
        to answer the dense leg (`dense_search` "chroma", or a generation without its vectors)."""
        if snapshot.vectors is None or not self._scores_locally(snapshot):
            return None
        # einsum, not `@`: OpenBLAS's threaded sgemv spins against the e5 engine and other work on a
        # small machine (13 ms at 10k passages on 2 busy cores; numpy's own loop: 1.5 ms)
        scores = np.asarray(np.einsum("ij,j->i", snapshot.vectors, vector), dtype=np.float32)
        if not np.isfinite(scores).all():  # a NaN or inf in the vector file: every ranking would be garbage
            raise damaged(snapshot.directory, CHUNK_VECTORS, "vectors that are not numbers")
        return scores

    def _top(self, scores: np.ndarray, keep: np.ndarray, snapshot: Snapshot, pool: int) -> dict[str, float]:
        top = np.flatnonzero(keep & (scores > 0))
        top = top[np.argsort(-scores[top], kind="stable")[:pool]]
        return {snapshot.chunk_ids[i]: float(scores[i]) for i in top}

    def search(self, question: str, k: int | None = None, filters: SearchFilters | None = None,
               query_vector: np.ndarray | None = None) -> list[Hit]:
        """The k best passages (`Settings.top_k` unless given). An ingest that switches generations
        mid-search may delete the old collection under us (a full build): the search then runs
        again, once, on the new generation."""
        k = self.store.settings.top_k if k is None else k
        snapshot = self.store.current()
        if self._scores_locally(snapshot):  # no Chroma call that a generation switch could cut off
            return self._search(snapshot, question, k, filters, query_vector)
        from chromadb.errors import NotFoundError  # the collection is opened: chromadb is loaded anyway

        try:
            return self._search(self.store.current(), question, k, filters, query_vector)
        except NotFoundError:
            return self._search(self.store.current(), question, k, filters, query_vector)

    def _search(self, snapshot: Snapshot, question: str, k: int, filters: SearchFilters | None,
                query_vector: np.ndarray | None) -> list[Hit]:
        if not snapshot.chunks:
            return []
        filters = filters or SearchFilters()
        return self._search_balanced(snapshot, question, detect_language(question), k, max(k, self.candidates),
                                     filters, query_vector)

    def _search_balanced(self, snapshot: Snapshot, question: str, query_lang: str, k: int, pool: int,
                         filters: SearchFilters, query_vector: np.ndarray | None) -> list[Hit]:
        """One candidate list per language (dense + that language's lexical leg), merged on
        the offset keys (`_merge`); a single list is used as it is (the earlier fused ranking when it
        is the question's language, dense + bridge leg when it is another)."""
        vector = np.asarray(query_vector if query_vector is not None else self.embedder.embed_query_vector(question),
                            dtype=np.float32)
        keep = filters.mask(snapshot)
        base_where = filters.chroma_where()
        cosines = self._scores(snapshot, vector)
        nearest = self._nearest_unfiltered(snapshot, vector, pool) if cosines is None else None
        lexical_scores: np.ndarray | None = None
        bridge_scores: np.ndarray | None = None
        dense: dict[str, float] = {}
        lexical: dict[str, float] = {}
        bridge: dict[str, float] = {}
        fused: dict[str, dict[str, float]] = {}
        for lang in (str(code) for code in np.unique(snapshot.chunk_lang[keep])):
            in_lang = keep & (snapshot.chunk_lang == lang)
            where: dict[str, Any] = {"lang": lang} if base_where is None else {"$and": [base_where, {"lang": lang}]}
            n = min(pool, int(in_lang.sum()))
            dense_l = self._masked(nearest, snapshot, in_lang, n) if nearest is not None else None
            if dense_l is None:
                dense_l = self._dense(snapshot, vector, where, n, in_lang, cosines)
            if lang == query_lang:
                if lexical_scores is None:
                    lexical_scores = snapshot.lexical.scores(question)
                leg, weight = self._top(lexical_scores, in_lang, snapshot, pool), self.bm25_weight
                lexical.update(leg)
            elif self.bridge_weight > 0:
                if bridge_scores is None:
                    bridge_scores = self.bridge_index(snapshot).scores(question)
                leg, weight = self._top(bridge_scores, in_lang, snapshot, pool), self.bridge_weight
                bridge.update(leg)
            else:
                leg, weight = {}, 0.0
            dense.update(dense_l)
            # fuse() weighs its lexical leg only where chunk and "question" language agree: here
            # every chunk of the list is in `lang`, so the leg (BM25 or bridge) applies to all.
            fused[lang] = fuse(dense_l, leg, {cid: lang for cid in set(dense_l) | set(leg)}, lang, weight)
        ranked = self._merge(snapshot, question, query_lang, fused, dense)
        order = sorted(ranked, key=lambda cid: (-ranked[cid], snapshot.position[cid]))[:k]
        return [self._hit(snapshot, cid, ranked[cid], dense, lexical, bridge) for cid in order]

    def _merge(self, snapshot: Snapshot, question: str, query_lang: str, fused: dict[str, dict[str, float]],
               dense: dict[str, float]) -> dict[str, float]:
        """One ranking from the languages' fused lists: a single list as it is, several on the
        offset keys. The seam the benchmark's alternative merges override (evals/searchers.py)."""
        if len(fused) == 1:
            return {cid: score for scores in fused.values() for cid, score in scores.items()}
        return minmax(self._offset_keys(snapshot, question, query_lang, fused, dense))

    def _offset_keys(self, snapshot: Snapshot, question: str, query_lang: str, fused: dict[str, dict[str, float]],
                     dense: dict[str, float]) -> dict[str, float]:
        """The default merge (`crosslingual.merge_keys`): cosine + absolute lexical evidence, with
        e5's script bias offset for chunks in another language than the question's."""
        index = self.bridge_index(snapshot)
        terms, bridges = stem_terms(question), bridge_tokens(question)
        keys: dict[str, float] = {}
        for lang, scores in fused.items():
            same = lang == query_lang
            ids = sorted(scores, key=snapshot.position.__getitem__)
            shares = index.overlap("terms" if same else "bridge", terms if same else bridges,
                                   [snapshot.position[cid] for cid in ids])
            weight = self.overlap_weight if same else self.bridge_overlap_weight
            keys.update(merge_keys({cid: dense[cid] for cid in ids if cid in dense},
                                   dict(zip(ids, shares, strict=True)), same, self.crosslingual_offset, weight))
        return keys

    @staticmethod
    def _hit(snapshot: Snapshot, chunk_id: str, score: float, dense: dict[str, float], lexical: dict[str, float],
             bridge: dict[str, float]) -> Hit:
        chunk = snapshot.chunks[snapshot.position[chunk_id]]
        legs = [name for name, leg in (("dense", dense), ("bm25", lexical), ("bridge", bridge)) if chunk_id in leg]
        return Hit(chunk, snapshot.articles[chunk.article_id], score, dense.get(chunk_id), lexical.get(chunk_id),
                   legs, bridge.get(chunk_id))

