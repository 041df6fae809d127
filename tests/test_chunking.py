from __future__ import annotations

from itertools import pairwise

from assistant.core.records import Article
from assistant.language.chunking import MAX_TOKENS, chunk_article, embed_text
from assistant.language.loaders import load_articles

from .conftest import CORPUS


def test_chunks_cover_the_article_with_exact_offsets_and_overlap(embedder) -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        for article in load_articles(path):
            chunks = chunk_article(article, embedder.token_count)
            assert chunks[0].start == 0 and chunks[-1].end == len(article.text)
            for chunk in chunks:
                assert article.text[chunk.start:chunk.end] == chunk.text
                assert embedder.token_count(embed_text(article.title, chunk.text)) <= MAX_TOKENS
            for prev, nxt in pairwise(chunks):
                assert nxt.start < prev.end, "consecutive chunks share at least one sentence"


def test_a_sentence_longer_than_the_window_is_cut(embedder) -> None:
    text = " ".join(f"word{i}" for i in range(1500)) + "."
    article = Article(id="long.txt", title="Long", text=text, source="long.txt")
    chunks = chunk_article(article, embedder.token_count)
    assert len(chunks) > 2
    assert all(embedder.token_count(embed_text("Long", c.text)) <= MAX_TOKENS for c in chunks)
    assert all(text[c.start:c.end] == c.text for c in chunks)
