"""Fusion (pure) and filters (on the bundled index)."""

from __future__ import annotations

import pytest

from assistant.retrieval.search import HybridSearcher, SearchFilters, fuse


def test_fusion_ignores_bm25_for_chunks_in_another_language() -> None:
    dense = {"en1": 0.80, "ru1": 0.90, "en2": 0.70}
    lexical = {"en1": 12.0, "en2": 1.0}  # BM25 only scores same-language chunks
    langs = {"en1": "en", "en2": "en", "ru1": "ru"}
    fused = fuse(dense, lexical, langs, "en", bm25_weight=0.3)
    assert fused["ru1"] == pytest.approx(1.0)  # dense alone, not penalised for missing BM25
    assert fused["en1"] == pytest.approx(0.7 * 0.5 + 0.3 * 1.0)
    assert fused["en2"] == pytest.approx(0.0)
    only_dense = fuse(dense, {}, langs, "en", bm25_weight=0.0)
    assert max(only_dense, key=lambda c: only_dense[c]) == "ru1"


def test_fusion_within_one_language_rewards_agreement() -> None:
    dense = {"a": 0.90, "b": 0.89, "c": 0.80}
    lexical = {"b": 9.0, "c": 1.0}
    fused = fuse(dense, lexical, {k: "en" for k in dense}, "en", bm25_weight=0.3)
    assert sorted(fused, key=lambda c: fused[c], reverse=True)[0] == "b"



def test_language_filter(searcher: HybridSearcher) -> None:
    hits = searcher.search("science cooperation", 10, SearchFilters(languages=("ru",)))
    assert hits and {h.article.lang for h in hits} == {"ru"}


def test_date_filter_excludes_undated_articles(searcher: HybridSearcher) -> None:
    hits = searcher.search("cooperation", 20, SearchFilters(date_from="2015-01-01", date_to="2015-12-31"))
    assert hits and {h.article.id for h in hits} == {"002_d2e43f08deb5a06a.txt"}


def test_country_filter(searcher: HybridSearcher) -> None:
    hits = searcher.search("cooperation agreements", 20, SearchFilters(countries=("US",)))
    # the three US articles; "State Department of Foreign Affairs of Kenya" is not the US
    assert {h.article.id for h in hits} == {"000_19ae565fc95b50e5.txt", "002_d2e43f08deb5a06a.txt",
                                            "004_5f9d832c174a2bb2.txt"}


def test_hits_say_which_leg_found_them(searcher: HybridSearcher) -> None:
    hits = searcher.search("Estonia trade 2023", 3)
    assert hits[0].article.id == "003_13e68caafd3a2efa.txt#06"
    assert set(hits[0].legs) == {"dense", "bm25"} and hits[0].dense and hits[0].lexical


def test_langchain_retriever_returns_documents_with_metadata(searcher: HybridSearcher) -> None:
    from assistant.retrieval.retriever import HybridRetriever

    retriever = HybridRetriever(searcher=searcher, k=3, filters=SearchFilters(languages=("en",)))
    documents = retriever.invoke("Estonia trade 2023")
    assert len(documents) == 3 and documents[0].metadata["article_id"] == "003_13e68caafd3a2efa.txt#06"
    assert all(d.metadata["lang"] == "en" and d.page_content for d in documents)
