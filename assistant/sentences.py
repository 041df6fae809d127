"""The sentence index: every sentence of every article, embedded once at ingest.

Why: the extractive answerer chooses sentences by their similarity to the question. Embedding
them at question time cost 100-500 ms per question (16 sentences through e5); stored with the
generation, answering embeds nothing but the question. The index lives beside the chunks in
`gen_<N>/` (spans in `sentences.json`, vectors in `sentence_vectors.npy`), is written before the
manifest switch like everything else, and an unchanged file's sentences are copied, not
re-embedded, on the next ingest.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import orjson

from .records import Article
from .text import split_sentences

MIN_WORDS = 4
"""Shorter lines (datelines, captions, "For reference:") are never quoted."""
EMBED_BATCH = 128
"""Sentences per e5 call: larger batches cost less per sentence, same vectors (see ingest.EMBED_BATCH)."""
SPANS_FILE, VECTORS_FILE = "sentences.json", "sentence_vectors.npy"


class SentenceSpan(NamedTuple):
    """A quotable sentence: its article and offsets. A named tuple, not a dataclass: an index of
    100k passages loads about 450k of them, five times faster so."""

    article_id: str
    start: int
    end: int


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

    def rows(self, article_id: str, start: int = 0, end: int | None = None) -> list[int]:
        """Rows of the article's sentences that lie within [start, end)."""
        return [row for row in self._by_article.get(article_id, [])
                if self.spans[row].start >= start and (end is None or self.spans[row].end <= end)]

    def has(self, article_id: str) -> bool:
        return article_id in self._by_article

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        with open(directory / SPANS_FILE, "w", encoding="utf-8") as handle:
            json.dump([[s.article_id, s.start, s.end] for s in self.spans], handle, ensure_ascii=False)
        np.save(directory / VECTORS_FILE, self.vectors.astype(np.float32))

    @classmethod
    def load(cls, directory: Path) -> "SentenceIndex | None":
        """The generation's sentence index, or None for a generation written before it existed."""
        if not (directory / SPANS_FILE).exists():
            return None
        return cls(read_spans(directory), np.load(directory / VECTORS_FILE, mmap_mode="r"))  # rows read per answer


def read_spans(directory: Path) -> list[SentenceSpan]:
    """The generation's sentence spans (`SPANS_FILE`); ValueError when one is not [id, start, end]."""
    spans = [SentenceSpan(a, s, e) for a, s, e in orjson.loads((directory / SPANS_FILE).read_bytes())]
    if not all(isinstance(x.article_id, str) and type(x.start) is int and type(x.end) is int for x in spans):
        raise ValueError(f"{SPANS_FILE} holds a span that is not [article id, start, end]")
    return spans


def build_sentence_index(articles: Iterable[Article], embed: Callable[[list[str]], np.ndarray],
                         previous: SentenceIndex | None = None, reuse: frozenset[str] = frozenset(),
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
        copied = previous is not None and article.id in reuse and previous.has(article.id)
        if copied:
            assert previous is not None
            for row in previous.rows(article.id):
                spans.append(previous.spans[row])
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
