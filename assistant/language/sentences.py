"""The sentence index: every sentence of every article, embedded once at ingest.

Why: the extractive answerer chooses sentences by their similarity to the question. Embedding
them at question time cost 100-500 ms per question (16 sentences through e5); stored with the
generation, answering embeds nothing but the question. The index lives beside the chunks in
`gen_<N>/` (spans in the records file, `record_tables`; vectors in `sentence_vectors.npy`), is written before the
manifest switch like everything else, and an unchanged file's sentences are copied, not
re-embedded, on the next ingest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple, Protocol

import numpy as np

from ..core.records import Article
from ..core.text import split_sentences

MIN_WORDS = 4
"""Shorter lines (datelines, captions, "For reference:") are never quoted."""
EMBED_BATCH = 128
"""Sentences per e5 call: larger batches cost less per sentence, same vectors (see ingest.EMBED_BATCH)."""
VECTORS_FILE = "sentence_vectors.npy"


class SentenceSpan(NamedTuple):
    """A quotable sentence: its article and offsets. A named tuple, not a dataclass: an index of
    100k passages loads about 450k of them, five times faster so."""

    article_id: str
    start: int
    end: int


class SentenceSource(Protocol):
    """What reads a sentence index: the one an ingest builds (`SentenceIndex`) or a generation's
    on disk (`record_tables.StoredSentences`)."""

    vectors: np.ndarray

    def __len__(self) -> int: ...

    def of_article(self, article_id: str) -> list[tuple[int, "SentenceSpan"]]: ...


def article_sentences(article: Article) -> list[SentenceSpan]:
    """The quotable sentences of an article, with offsets into `article.text`."""
    return [SentenceSpan(article.id, s.start, s.end) for s in split_sentences(article.text, article.lang)
            if len(s.text.split()) >= MIN_WORDS]


class SentenceIndex:
    """Sentence spans and their unit vectors, grouped by article for lookup by chunk range."""

    def __init__(self, spans: list[SentenceSpan], vectors: np.ndarray) -> None:
        if len(spans) != len(vectors):
            raise ValueError(f"{len(spans)} sentences but {len(vectors)} vectors")
        self.spans = spans
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self._by_article: dict[str, list[int]] = {}
        for row, span in enumerate(spans):
            self._by_article.setdefault(span.article_id, []).append(row)

    def __len__(self) -> int:
        return len(self.spans)

    def of_article(self, article_id: str) -> list[tuple[int, SentenceSpan]]:
        """(row, span) of the article's quotable sentences, in order ([] for an article without)."""
        return [(row, self.spans[row]) for row in self._by_article.get(article_id, [])]

    def save(self, directory: Path) -> None:
        """The vectors (`VECTORS_FILE`); the spans go into the generation's records file with the
        articles (`record_tables.write_records`)."""
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / VECTORS_FILE, self.vectors.astype(np.float32))


def build_sentence_index(articles: Iterable[Article], embed: Callable[[list[str]], np.ndarray],
                         previous: SentenceSource | None = None, reuse: frozenset[str] = frozenset(),
                         progress: Callable[[int, int], None] | None = None,
                         precomputed: Callable[[Article, list[SentenceSpan]], np.ndarray] | None = None,
                         ) -> tuple[SentenceIndex, int]:
    """Sentences of `articles` with vectors: copied from `previous` for the article ids in `reuse`
    (their files did not change), taken from `precomputed` when given (the benchmark's derived
    vectors), embedded otherwise. Returns the index and how many sentences were embedded."""
    spans: list[SentenceSpan] = []
    vectors: list[np.ndarray | None] = []
    todo: list[int] = []
    texts: list[str] = []
    for article in articles:
        copied = previous.of_article(article.id) if previous is not None and article.id in reuse else []
        if copied:
            assert previous is not None
            for row, span in copied:
                spans.append(span)
                vectors.append(previous.vectors[row])
            continue
        if precomputed is not None:
            own = article_sentences(article)
            spans += own
            vectors += list(precomputed(article, own)) if own else []
            continue
        for span in article_sentences(article):
            todo.append(len(spans))
            texts.append(article.text[span.start:span.end])
            spans.append(span)
            vectors.append(None)
    for i in range(0, len(texts), EMBED_BATCH):
        embedded = embed(texts[i: i + EMBED_BATCH])
        for row, vector in zip(todo[i: i + EMBED_BATCH], embedded, strict=True):
            vectors[row] = vector
        if progress is not None:
            progress(min(i + EMBED_BATCH, len(texts)), len(texts))
    dim = next((len(v) for v in vectors if v is not None), 0)
    matrix = np.stack([v for v in vectors if v is not None]) if spans else np.zeros((0, dim), dtype=np.float32)
    return SentenceIndex(spans, matrix), len(texts)
