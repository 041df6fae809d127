"""Token rows as arrays: what the BM25 legs are built from and what a re-ingest reuses."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import pytest

from assistant.language.lexical import LexicalIndex, lexical_tokens, saved_tokens
from assistant.language.token_counts import EMPTY, TokenCounts, bm25_from_counts

ROWS = [["a", "b", "a"], [], ["c"], ["b", "b", "d", "a"]]


def test_rows_round_trip_through_take_join_and_prune() -> None:
    counts = TokenCounts.of(ROWS)
    assert [counts.row(i) for i in range(len(counts))] == [{"a": 2, "b": 1}, {}, {"c": 1}, {"b": 2, "d": 1, "a": 1}]
    taken = counts.take(np.array([3, 0, 3]))
    assert [taken.row(i) for i in range(3)] == [{"b": 2, "d": 1, "a": 1}, {"a": 2, "b": 1}, {"b": 2, "d": 1, "a": 1}]
    joined = counts.joined(TokenCounts.of([["e", "a"]]))
    assert joined.row(4) == {"e": 1, "a": 1} and joined.row(3) == counts.row(3)
    pruned = joined.take(np.array([2, 4])).pruned()
    assert sorted(pruned.vocabulary) == ["a", "c", "e"]
    assert [pruned.row(i) for i in range(2)] == [{"c": 1}, {"e": 1, "a": 1}]
    assert dict(zip(pruned.vocabulary, pruned.frequency().tolist(), strict=True)) == {"a": 1, "c": 1, "e": 1}


def test_the_bm25_matrix_from_counts_is_the_one_bm25s_builds_from_token_lists() -> None:
    rng = random.Random(7)
    words = [f"w{i}" for i in range(200)]
    docs = [[rng.choice(words[: rng.randint(3, 200)]) for _ in range(rng.randint(0, 30))] for _ in range(300)]
    reference = bm25s.BM25()
    reference.index([d or [EMPTY] for d in docs], show_progress=False)
    built = bm25_from_counts(TokenCounts.of(docs))
    assert any(not d for d in docs)
    for query in (["w1", "w2"], ["w199", "w5", "w5"], [EMPTY], ["unknown"], words[:40]):
        expected = np.asarray(reference.get_scores(query))
        assert np.array_equal(np.asarray(built.get_scores(query)), expected)
    assert np.asarray(reference.get_scores(words[:40])).any()


TEXTS = ["Kazakhstan and China signed 12 agreements in Astana.", "Казахстан и Китай подписали соглашения.",
         "", "The ministers discussed trade; trade grew by 12 percent."]


def test_a_lexical_index_from_saved_rows_scores_as_one_from_the_texts(tmp_path: Path) -> None:
    LexicalIndex.build(TEXTS).save(tmp_path)
    saved = saved_tokens(tmp_path, len(TEXTS))
    assert saved is not None and saved_tokens(tmp_path, len(TEXTS) + 1) is None
    changed = [*TEXTS[:3], "Uzbekistan and Kyrgyzstan agreed on water."]
    source = saved.joined(lexical_tokens(changed[3:]))
    rebuilt = LexicalIndex.from_tokens(source.take(np.array([0, 1, 2, 4])))
    fresh = LexicalIndex.build(changed)
    for question in ("trade agreements China", "water Uzbekistan", "соглашения Китай", "percent"):
        assert np.array_equal(rebuilt.scores(question), fresh.scores(question))
    assert fresh.scores("water").any() and not fresh.scores("percent").any()  # the replaced text is gone


@pytest.mark.parametrize("damage", ["truncated", "version", "counts"])
def test_saved_rows_that_cannot_be_trusted_are_not_used(tmp_path: Path, damage: str) -> None:
    LexicalIndex.build(TEXTS).save(tmp_path)
    path = tmp_path / "tokens.npz"
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:40])
    elif damage == "version":
        path.with_suffix(".json").write_text('{"tokens": 0, "vocabulary": []}')
    else:
        with np.load(path) as npz:
            arrays = {k: npz[k] for k in npz.files}
        np.savez(path, **{**arrays, "counts": np.zeros_like(arrays["counts"])})
    assert saved_tokens(tmp_path, len(TEXTS)) is None


def _article(article_id: str, text: str) -> Any:
    from assistant.core.records import Article

    return Article(id=article_id, title=article_id, text=text, lang="en", source=f"{article_id}.txt")


def test_kept_sentences_are_copied_in_blocks_and_the_others_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A re-ingest's sentence index: the kept articles' rows copied from the previous index (in
    blocks, here of two rows), the changed article's sentences embedded, in article order."""
    from assistant.language import sentences as sentence_module
    from assistant.language.sentences import SentenceIndex, article_sentences, build_sentence_index

    texts = {"a": "First sentence of article a here. Second sentence of article a here. Third one of a here.",
             "b": "Only sentence of article b is here.",
             "c": "Article c says one thing here. Article c says another thing here."}
    articles = [_article(k, v) for k, v in texts.items()]
    spans = [span for article in articles for span in article_sentences(article)]
    old_vectors = np.arange(len(spans) * 4, dtype=np.float32).reshape(len(spans), 4)
    previous = SentenceIndex(spans, old_vectors)
    embedded: list[str] = []

    def embed(batch: list[str]) -> np.ndarray:
        embedded.extend(batch)
        return np.full((len(batch), 4), -1.0, dtype=np.float32)

    monkeypatch.setattr(sentence_module, "COPY_ROWS", 2)
    changed = [articles[0], _article("b", "A new sentence of article b is here."), articles[2]]
    index, count = build_sentence_index(changed, embed, previous, frozenset({"a", "c"}))
    assert count == 1 and embedded == ["A new sentence of article b is here."]
    assert [s.article_id for s in index.spans] == ["a", "a", "a", "b", "c", "c"]
    assert np.array_equal(index.vectors[:3], old_vectors[:3]) and np.array_equal(index.vectors[4:], old_vectors[4:])
    assert np.array_equal(index.vectors[3], np.full(4, -1.0, dtype=np.float32))
