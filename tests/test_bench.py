"""The scale benchmark: its corpus writer, the dense leg it made local, and a smoke run of
`make bench` at a tiny size (real e5, real Chroma embedded and `chroma run`, real subprocesses).
No timing is asserted: the targets live in the report."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from assistant.core.settings import Settings
from assistant.index.store import CHUNK_VECTORS, IndexStore
from assistant.retrieval.search import HybridSearcher, SearchFilters
from evals import bench_corpus as corpus


def test_precomputed_vectors_go_through_the_ingest_path_unchanged(tmp_path: Path, embedder) -> None:
    from assistant.index.ingest import index_articles

    pool = corpus.sentence_pool(embedder, limit=6, cache=tmp_path / "cache")
    articles, composition = corpus.make_articles(pool, 30)
    vectors = corpus.DerivedVectors(pool, composition)
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=tmp_path / "none")
    report = index_articles(IndexStore(settings, embedder), embedder, articles, label="<bench>", vectors=vectors)
    assert report.embedded_chunks == 0 and report.embedded_sentences == 0  # nothing went through e5
    snapshot = IndexStore(settings, embedder).current()
    assert len(snapshot.chunks) >= 30 and {a.lang for a in snapshot.articles.values()} == {"en", "ru"}
    saved = np.load(settings.index_dir / f"gen_{snapshot.generation:04d}" / CHUNK_VECTORS)
    stored = snapshot.collection.get(ids=snapshot.store_ids, include=["embeddings"])
    by_id = dict(zip(stored["ids"], stored["embeddings"], strict=True))
    assert np.allclose(saved, np.stack([by_id[store_id] for store_id in snapshot.store_ids]), atol=1e-6)
    assert np.allclose(np.linalg.norm(saved, axis=1), 1.0, atol=1e-5)
    assert snapshot.sentences is not None and len(snapshot.sentences) > len(snapshot.chunks)
    # a derived passage vector stays close to the real vectors of its own sentences
    first = snapshot.chunks[0]
    own = pool.vectors[composition[first.article_id]]
    assert float(np.max(own @ saved[0])) > 0.85


@pytest.mark.parametrize("filters", [SearchFilters(), SearchFilters(languages=("ru",)),
                                     SearchFilters(countries=("KZ", "EE")),
                                     SearchFilters(date_from="2024-03-01", date_to="2024-03-31")])
def test_local_dense_leg_ranks_as_chroma_does(use_bundled: Path, embedder, filters: SearchFilters) -> None:
    """The numpy dense leg (default) and Chroma's own (`dense_search=chroma`) give the same passages
    in the same order for the same filters; only float rounding of the cosines differs."""
    store = IndexStore(Settings(), embedder)
    local = HybridSearcher(store, embedder)
    chroma = HybridSearcher(store, embedder)
    chroma.dense_search = "chroma"
    for question in ("Kazakhstan trade with Estonia", "Визит президента в Китай", "investment agreement 2023"):
        a, b = local.search(question, 8, filters), chroma.search(question, 8, filters)
        assert [h.chunk.id for h in a] == [h.chunk.id for h in b]
        assert all(math.isclose(x.dense or 0, y.dense or 0, abs_tol=1e-5) for x, y in zip(a, b, strict=True))


def test_bench_smoke_writes_a_complete_report(tmp_path: Path, capsys) -> None:
    from assistant.app.bench_view import latest_bench, rows
    from evals.bench import TABLE_COLUMNS, run

    data = run(sizes=(120,), asks=3, pool_limit=6, cache=tmp_path / "cache", per_level=2, levels=(1, 2),
               reports_dir=tmp_path / "reports", ingest_files=3, cli_runs=1)
    row = data["sizes"]["120"]
    assert row["passages"] >= 120 and row["sentences"] > row["passages"]
    for column in TABLE_COLUMNS:
        assert isinstance(row[column], (int, float)) and math.isfinite(row[column]) and row[column] > 0, column
    assert row["rss_after_load_mb"] >= row["rss_before_load_mb"] > 50
    assert math.isclose(row["ask_p50_x"], row["ask_p50_ms"] / row["raw_embed_p50_ms"], rel_tol=0.02)
    once = data["once"]
    assert once["ingest"]["files"] == 3 and once["ingest"]["sentences"] > 0
    reingest = once["reingest"]
    assert reingest["updated"] == 1 and 0 < reingest["embedded_chunks"] <= 2
    assert reingest["reused_chunks"] == reingest["passages"] - reingest["embedded_chunks"]
    assert set(once["server"]) == {"embedded", "server"}
    assert all(v > 0 for mode in once["server"].values() for v in mode.values())
    assert set(once["concurrency"]) == {"engines_1", "engines_2"}
    assert all(set(levels) == {"1", "2"} for levels in once["concurrency"].values())
    assert {t["target"] for t in data["targets"]} >= {"ask p95 / embed at 120", "ingest overhead over raw e5"}
    found = latest_bench(tmp_path / "reports")
    assert found is not None and found[1] == json.loads(json.dumps(data))
    assert [r["passages"] for r in rows(found[1])] == [row["passages"]]
    assert found[0].with_suffix(".md").read_text(encoding="utf-8").startswith("# Scale benchmark")
    assert "| passages |" in capsys.readouterr().out
