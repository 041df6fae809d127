"""The sentence index: every sentence of every article, embedded once at ingest.

Why: the extractive answerer chooses sentences by their similarity to the question. Embedding
them at question time cost 100-500 ms per question (16 sentences through e5); stored with the
generation, answering embeds nothing but the question. The index lives beside the chunks in
`gen_<N>/` (spans in the records file, `record_tables`; vectors in `sentence_vectors.npy`), is written before the
manifest switch like everything else, and an unchanged file's sentences are copied, not
re-embedded, on the next ingest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import NamedTuple, Protocol

import numpy as np

from ..core.records import Article
from ..core.text import Span, split_sentences

MIN_WORDS = 4
"""Shorter lines (datelines, captions, "For reference:") are never quoted."""
EMBED_BATCH = 128
"""Sentences per `embed_passages` call (the progress step); the embedder cuts its own pieces."""
VECTORS_FILE = "sentence_vectors.npy"
COPY_ROWS = 65_536
"""Kept sentence vectors copied per block (100 MB of float32 at e5's 384 dimensions)."""


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

    def spans_by_article(self) -> dict[str, list[tuple[int, "SentenceSpan"]]]: ...


def article_sentences(article: Article) -> list[SentenceSpan]:
    """The quotable sentences of an article, with offsets into `article.text`."""
    return quotable_sentences(article, split_sentences(article.text, article.lang))


def quotable_sentences(article: Article, spans: list[Span]) -> list[SentenceSpan]:
    """`article_sentences` from the article's `split_sentences` already at hand."""
    return [SentenceSpan(article.id, s.start, s.end) for s in spans if len(s.text.split()) >= MIN_WORDS]


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

    def spans_by_article(self) -> dict[str, list[tuple[int, SentenceSpan]]]:
        """`of_article` for every article at once (what the next ingest copies from)."""
        return {article_id: [(row, self.spans[row]) for row in rows] for article_id, rows in self._by_article.items()}

    def save(self, directory: Path) -> None:
        """The vectors (`VECTORS_FILE`); the spans go into the generation's records file with the
        articles (`record_tables.write_records`)."""
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / VECTORS_FILE, self.vectors.astype(np.float32))


def build_sentence_index(articles: Iterable[Article], embed: Callable[[list[str]], np.ndarray],
                         previous: SentenceSource | None = None, reuse: frozenset[str] = frozenset(),
                         progress: Callable[[int, int], None] | None = None,
                         precomputed: Callable[[Article, list[SentenceSpan]], np.ndarray] | None = None,
                         split: Mapping[str, list[SentenceSpan]] | None = None,
                         ) -> tuple[SentenceIndex, int]:
    """Sentences of `articles` with vectors: copied from `previous` for the article ids in `reuse`
    (their files did not change), taken from `precomputed` when given (the benchmark's derived
    vectors), embedded otherwise. `split` gives an article's quotable sentences where the caller
    split it already. Returns the index and how many sentences were embedded.
    The previous spans are read in one pass and its vectors copied in blocks of `COPY_ROWS`: read
    and copied per article, they were a quarter of a one-file re-ingest at 100k passages."""
    copyable = previous.spans_by_article() if previous is not None and reuse else {}
    spans: list[SentenceSpan] = []
    copied_from: list[int] = []
    """Per sentence, its row in `previous`, or -1 when its vector comes from elsewhere."""
    given: list[tuple[int, np.ndarray]] = []
    """(first row, vectors) of the articles whose vectors `precomputed` gave."""
    todo: list[int] = []
    texts: list[str] = []
    for article in articles:
        copied = copyable.get(article.id, []) if article.id in reuse else []
        if copied:
            spans += [span for _, span in copied]
            copied_from += [row for row, _ in copied]
            continue
        own = split[article.id] if split is not None and article.id in split else article_sentences(article)
        if precomputed is not None:
            if own:
                given.append((len(spans), np.asarray(precomputed(article, own), dtype=np.float32)))
        else:
            todo += range(len(spans), len(spans) + len(own))
            texts += [article.text[span.start:span.end] for span in own]
        spans += own
        copied_from += [-1] * len(own)
    parts: list[tuple[np.ndarray, np.ndarray]] = [(np.arange(first, first + len(block)), block)
                                                  for first, block in given]
    for i in range(0, len(texts), EMBED_BATCH):
        parts.append((np.array(todo[i: i + EMBED_BATCH]), np.asarray(embed(texts[i: i + EMBED_BATCH]),
                                                                     dtype=np.float32)))
        if progress is not None:
            progress(min(i + EMBED_BATCH, len(texts)), len(texts))
    source = np.array(copied_from, dtype=np.int64)
    kept = source >= 0
    dims = [block.shape[1] for _, block in parts if len(block)]
    dim = int(previous.vectors.shape[1]) if previous is not None and kept.any() else (dims[0] if dims else 0)
    matrix = np.zeros((len(spans), dim), dtype=np.float32)
    if kept.any():
        assert previous is not None
        targets = np.flatnonzero(kept)
        for i in range(0, len(targets), COPY_ROWS):  # in blocks: a gather at once doubled the peak memory
            rows = targets[i: i + COPY_ROWS]
            matrix[rows] = previous.vectors[source[rows]]
    for rows, block in parts:
        matrix[rows] = block
    return SentenceIndex(spans, matrix), len(texts)
