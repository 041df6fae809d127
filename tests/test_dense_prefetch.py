"""When Chroma answers the dense leg (a Chroma server), each language's filter is applied as a
mask to one unfiltered query (`search.PREFETCH`), falling back to a query filtered by the chunks'
ids only when that list may be too short. The hits must be those of the per-language `where`
queries, and the hot path must send no filter at all when the list is long enough."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.core.settings import Settings
from assistant.index.store import IndexStore
from assistant.retrieval import search
from assistant.retrieval.search import HybridSearcher, SearchFilters

QUESTIONS = [
    ("Who led the delegation of the Siberian Branch of the Russian Academy of Sciences?", None),
    ("Когда были установлены дипломатические отношения между Казахстаном и Кенией?", None),
    ("What did the ministers discuss about green hydrogen?", SearchFilters(languages=("en",))),
    ("trade turnover", SearchFilters(countries=("US",))),
    ("научное сотрудничество", SearchFilters(date_from="2020-01-01")),
]


def ranked(searcher: HybridSearcher) -> list[list[tuple[str, float, float | None]]]:
    return [[(h.chunk.id, round(h.score, 6), None if h.dense is None else round(h.dense, 6))
             for h in searcher.search(q, 6, f)] for q, f in QUESTIONS]


class WhereCounter:
    """The real collection, with the `where` of each query it answers noted down."""

    def __init__(self, collection: Any) -> None:
        self.collection, self.wheres = collection, []  # type: ignore[var-annotated]

    def query(self, **kwargs: Any) -> Any:
        self.wheres.append(kwargs.get("where") or ("ids" if kwargs.get("ids") else None))
        return self.collection.query(**kwargs)


@pytest.mark.parametrize("prefetch", [10, 2])  # 2: 12 of the 28 chunks, so some languages fall back to where
def test_masked_unfiltered_query_gives_the_filtered_hits(use_bundled: Path, embedder, monkeypatch,
                                                         prefetch: int) -> None:
    searcher = HybridSearcher(IndexStore(Settings(dense_search="chroma"), embedder), embedder, candidates=2)
    snapshot = searcher.store.current()
    counter = WhereCounter(snapshot.collection)
    monkeypatch.setattr(type(snapshot), "collection", property(lambda self: counter))
    monkeypatch.setattr(search, "PREFETCH", prefetch)
    masked = ranked(searcher)
    hot = counter.wheres[:]
    monkeypatch.setattr(search, "PREFETCH", 0)  # every language through Chroma's where (the earlier path)
    monkeypatch.setattr(search, "ID_FILTER_MAX", 0)
    counter.wheres.clear()
    assert ranked(searcher) == masked
    assert counter.wheres and all(w is not None for w in counter.wheres), "PREFETCH 0 is the where path"
    if prefetch == 10:
        assert hot and all(w is None for w in hot), "no filter on the hot path"
    else:
        assert None in hot and "ids" in hot, "a short list falls back to a query filtered by the chunks' ids"
        assert all(w in (None, "ids") for w in hot), "never a metadata where when the ids are few"
