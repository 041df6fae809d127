"""Hybrid retrieval: dense (Chroma, e5) fused with BM25, language-aware.

Fusion is a min-max weighted sum over each leg's candidates. BM25 only speaks for chunks
written in the question's language: across languages its matches are noise (names aside),
so a chunk in another language is ranked on its dense score alone. On XQuAD this keeps
the fused ranking at least as good as the better leg in every direction (see evals).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from .articles import Article
from .embeddings import Embedder
from .store import ChunkRecord, IndexStore, Snapshot, date_to_int
from .text import detect_language


@dataclass(frozen=True)
class SearchFilters:
    """Optional restrictions; dates are inclusive ISO strings and exclude undated articles."""

    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None

    def __post_init__(self) -> None:
        for value in (self.date_from, self.date_to):
            if value is not None:
                date.fromisoformat(value)

    @property
    def empty(self) -> bool:
        return not (self.countries or self.languages or self.date_from or self.date_to)

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
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def mask(self, snapshot: Snapshot) -> np.ndarray:
        keep = np.ones(len(snapshot.chunks), dtype=bool)
        if self.languages:
            keep &= np.isin(snapshot.chunk_lang, list(self.languages))
        if self.countries:
            wanted = set(self.countries)
            keep &= np.array([bool(wanted & set(snapshot.articles[c.article_id].countries))
                              for c in snapshot.chunks], dtype=bool)
        if self.date_from or self.date_to:
            keep &= snapshot.chunk_date > 0
        if self.date_from:
            keep &= snapshot.chunk_date >= date_to_int(self.date_from)
        if self.date_to:
            keep &= snapshot.chunk_date <= date_to_int(self.date_to)
        return keep


@dataclass
class Hit:
    chunk: ChunkRecord
    article: Article
    score: float
    dense: float | None = None
    """Cosine similarity of question and chunk (raw), if the dense leg found it."""
    lexical: float | None = None
    """BM25 score (raw), if the BM25 leg found it in the question's language."""
    legs: list[str] = field(default_factory=list)

    def to_document(self) -> Document:
        meta = {"chunk_id": self.chunk.id, "article_id": self.article.id, "source": self.article.source,
                "title": self.article.title, "date": self.article.date, "lang": self.article.lang,
                "start": self.chunk.start, "end": self.chunk.end, "score": self.score, "dense": self.dense,
                "lexical": self.lexical, "legs": list(self.legs), "countries": list(self.article.countries)}
        return Document(page_content=self.chunk.text, metadata=meta, id=self.chunk.id)


def _minmax(values: dict[str, float]) -> dict[str, float]:
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
    dense_n, lexical_n = _minmax(dense), _minmax(lexical)
    fused: dict[str, float] = {}
    for chunk_id in set(dense) | set(lexical):
        d = dense_n.get(chunk_id, 0.0)
        if chunk_lang[chunk_id] == query_lang:
            fused[chunk_id] = (1 - bm25_weight) * d + bm25_weight * lexical_n.get(chunk_id, 0.0)
        else:
            fused[chunk_id] = d
    return fused


class HybridSearcher:
    """Runs both legs against the store's current snapshot and fuses them."""

    def __init__(self, store: IndexStore, embedder: Embedder, candidates: int = 40, bm25_weight: float = 0.3,
                 mode: str = "hybrid") -> None:
        if mode not in ("hybrid", "dense", "bm25"):
            raise ValueError(f"unknown retrieval mode {mode!r}")
        self.store = store
        self.embedder = embedder
        self.candidates = candidates
        self.bm25_weight = bm25_weight
        self.mode = mode

    def search(self, question: str, k: int = 6, filters: SearchFilters | None = None,
               query_vector: np.ndarray | None = None) -> list[Hit]:
        snapshot = self.store.current()
        if not snapshot.chunks:
            return []
        filters = filters or SearchFilters()
        query_lang = detect_language(question)
        pool = max(k, self.candidates)
        dense: dict[str, float] = {}
        lexical: dict[str, float] = {}
        if self.mode in ("hybrid", "dense"):
            vector = query_vector if query_vector is not None else self.embedder.embed_query_vector(question)
            result = snapshot.collection.query(query_embeddings=[np.asarray(vector, dtype=np.float32)],
                                               n_results=min(pool, len(snapshot.chunks)),
                                               where=filters.chroma_where(), include=["distances"])
            for chunk_id, distance in zip(result["ids"][0], result["distances"][0]):
                if chunk_id in snapshot.position:
                    dense[chunk_id] = 1.0 - float(distance)
        if self.mode in ("hybrid", "bm25"):
            scores = snapshot.lexical.scores(question)
            keep = filters.mask(snapshot) & (scores > 0)
            if self.mode == "hybrid":
                keep &= snapshot.chunk_lang == query_lang
            top = np.flatnonzero(keep)
            top = top[np.argsort(-scores[top], kind="stable")[:pool]]
            lexical = {snapshot.chunks[i].id: float(scores[i]) for i in top}
        if self.mode == "dense":
            ranked = dense
        elif self.mode == "bm25":
            ranked = lexical
        else:
            langs = {cid: snapshot.chunk_lang[snapshot.position[cid]] for cid in set(dense) | set(lexical)}
            ranked = fuse(dense, lexical, langs, query_lang, self.bm25_weight)
        order = sorted(ranked, key=lambda cid: (-ranked[cid], snapshot.position[cid]))[:k]
        hits = []
        for chunk_id in order:
            chunk = snapshot.chunks[snapshot.position[chunk_id]]
            legs = [name for name, leg in (("dense", dense), ("bm25", lexical)) if chunk_id in leg]
            hits.append(Hit(chunk, snapshot.articles[chunk.article_id], ranked[chunk_id],
                            dense.get(chunk_id), lexical.get(chunk_id), legs))
        return hits


class HybridRetriever(BaseRetriever):
    """LangChain face of `HybridSearcher`: Documents carry article metadata and both leg scores."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: Any
    k: int = 6
    filters: SearchFilters | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun
                                ) -> list[Document]:
        return [hit.to_document() for hit in self.searcher.search(query, self.k, self.filters)]

