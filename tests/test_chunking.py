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


def test_an_ingest_splits_each_article_once_and_indexes_the_same_sentences(embedder, tmp_path, monkeypatch) -> None:
    """pysbd runs once per article: the chunker's split is the sentence index's."""
    import assistant.index.ingest as ingest_module
    import assistant.language.chunking as chunking_module
    import assistant.language.sentences as sentences_module
    from assistant.core import text as text_module
    from assistant.core.settings import Settings
    from assistant.index.store import IndexStore
    from assistant.language.sentences import article_sentences

    calls: list[str] = []

    def counted(text: str, lang: str) -> list[text_module.Span]:
        calls.append(text)
        return text_module.split_sentences(text, lang)

    for module in (ingest_module, chunking_module, sentences_module):
        monkeypatch.setattr(module, "split_sentences", counted)
    paths = sorted(CORPUS.glob("*.txt"))[:3]
    for path in paths:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=tmp_path)
    report = ingest_module.ingest(IndexStore(settings, embedder), embedder, [tmp_path])
    assert report.articles >= 3 and len(calls) == report.articles, "one split per article"
    monkeypatch.undo()
    snapshot = IndexStore(settings, embedder).current()
    assert snapshot.sentences is not None
    for article_id, rows in snapshot.sentences.spans_by_article().items():
        assert [span for _, span in rows] == article_sentences(snapshot.articles[article_id])
