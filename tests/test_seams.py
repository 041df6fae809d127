"""The test seams: a deterministic fake embedder (tests/fakes.py), an `IndexStore` over an
in-memory Chroma client, and the verdict rules called directly (no CLI, no model server)."""

from __future__ import annotations

from pathlib import Path

import chromadb
import numpy as np
import pytest

from assistant.answer.verdict import Verdict, judge
from assistant.core.records import Article, ChunkRecord, Hit
from assistant.core.settings import Settings
from assistant.index.embeddings import Embedder
from assistant.index.ingest import ingest
from assistant.index.store import IndexStore
from assistant.retrieval.search import HybridSearcher, SearchFilters

from .conftest import write_article
from .fakes import HashEmbedder

ESTONIA = ("Kazakhstan and Estonia\nIn 2023, the volume of mutual trade between Kazakhstan and Estonia "
           "increased by 29% and amounted to 157.5 million US dollars.\n")
KENYA = ("Kazakhstan and Kenya\nBarlybay Sadykov, Ambassador of Kazakhstan to Kenya, met Abraham Korir "
         "SingOei in Nairobi to discuss a memorandum on diplomatic consultations.\n")


def test_the_fake_embedder_is_deterministic_and_meets_the_protocol() -> None:
    one, two = HashEmbedder(), HashEmbedder()
    embedder: Embedder = one  # the protocol the index and the answerers need
    a, b = embedder.embed_passages(["trade with Estonia", "trade with Estonia"])
    assert np.array_equal(a, b) and np.array_equal(a, two.embed_query_vector("Trade with ESTONIA"))
    assert abs(float(np.linalg.norm(a)) - 1.0) < 1e-6
    assert float(a @ one.embed_query_vector("Nairobi memorandum")) == 0.0  # no shared word, orthogonal
    assert float(a @ one.embed_query_vector("Estonia")) > 0.5
    assert one.embed_passages([]).shape == (0, 64) and one.token_count("a b, c") == 3


def test_index_store_over_an_in_memory_chroma_client(tmp_path: Path) -> None:
    """Ingest and search through `chromadb.EphemeralClient()`: Chroma writes no file, the rest of
    the index (articles, BM25, vectors) is real files, and a second store on the same client reads it."""
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=tmp_path / "corpus")
    write_article(settings.corpus_dir, "estonia.txt", ESTONIA)
    write_article(settings.corpus_dir, "kenya.txt", KENYA)
    embedder, client = HashEmbedder(), chromadb.EphemeralClient()
    store = IndexStore(settings, embedder, client=client)
    report = ingest(store, embedder)
    assert sorted(report.added) and report.chunks == 2
    assert not (settings.index_dir / "chroma").exists(), "the injected client keeps Chroma in memory"
    live = store.current().generation
    names = [c.name for c in client.list_collections()]
    assert names == [store.collection_name(live)] == [store.current().collection_name]

    fresh = IndexStore(settings, embedder, client=client)
    searcher = HybridSearcher(fresh, embedder)
    assert searcher.search("memorandum Nairobi Sadykov", 1)[0].article.id == "kenya.txt"
    assert searcher.search("trade Estonia 2023", 1)[0].article.id == "estonia.txt"
    assert searcher.search("trade", 5, SearchFilters(exclude_articles=("estonia.txt",)))[0].article.id == "kenya.txt"
    calls = embedder.calls
    assert ingest(fresh, embedder).unchanged and embedder.calls == calls, "nothing is embedded again"


def _hit(text: str, lang: str = "en") -> Hit:
    article = Article(id="a.txt", title="Kazakhstan and Estonia", text=text, source="a.txt", lang=lang, path="a.txt")
    return Hit(ChunkRecord("a.txt", "a.txt", 0, 0, len(text), text), article, 1.0)


ESTONIA_HIT = _hit("In 2023, the volume of mutual trade between Kazakhstan and Estonia increased by 29% "
                   "and amounted to 157.5 million US dollars.")


@pytest.mark.parametrize(("answer", "label"), [
    ("", "rejected: empty answer"),
    ("<think>the trade was large</think>", "rejected: empty answer"),
    ("You are a careful research assistant. Trade grew [1].", "rejected: prompt echo"),
    ("The provided articles do not cover this.", "refused"),
    ("В статьях нет информации об этом.", "refused"),
    ("Trade between Kazakhstan and Estonia grew by 29% in 2023 [7].", "rejected: no citations"),
    ("Trade between Kazakhstan and Estonia grew by 29% in 2023.", "rejected: no citations"),
])
def test_verdict_rules_directly(answer: str, label: str) -> None:
    """Each rule of `verdict.judge` trips on plain text, with no model server and no CLI."""
    verdict = judge(answer, [ESTONIA_HIT], HashEmbedder(), "en")
    assert isinstance(verdict, Verdict) and verdict.label == label


def test_a_long_text_that_mentions_no_information_is_not_a_refusal() -> None:
    """A refusal is short and uncited; a long uncited answer is judged as an answer (rejected)."""
    text = "Trade grew between Kazakhstan and Estonia in many sectors. " * 8 + "There is no information about Chile."
    assert judge(text, [ESTONIA_HIT], HashEmbedder(), "en").label == "rejected: no citations"


def test_wrong_language_is_rejected_and_a_grounded_answer_keeps_its_citation() -> None:
    embedder = HashEmbedder()
    russian = "Товарооборот между Казахстаном и Эстонией в 2023 году вырос на 29 процентов [1]."
    assert judge(russian, [ESTONIA_HIT], embedder, "en").label == "rejected: wrong language"
    grounded = judge("In 2023, the volume of mutual trade between Kazakhstan and Estonia increased by 29% [1].",
                     [ESTONIA_HIT], embedder, "en")
    assert grounded.label == "grounded" and [c.article_id for c in grounded.citations] == ["a.txt"]
    assert grounded.text.endswith("[1].") and grounded.unsupported == []
