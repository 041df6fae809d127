"""Sentence-aware chunking bounded by the embedder's token window.

Why not a LangChain splitter: we need each chunk's exact character offsets in the article
(for highlighting) and the same sentence boundaries the extractive answerer quotes, so chunks
are packed from `text.split_sentences` spans. A sentence longer than the budget is cut at
word boundaries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .articles import Article
from .text import Span, split_sentences

TARGET_TOKENS = 300
MAX_TOKENS = 512
OVERLAP_TOKENS = 60


@dataclass(frozen=True)
class Chunk:
    article: Article
    index: int
    start: int
    end: int
    text: str

    @property
    def id(self) -> str:
        return f"{self.article.id}::{self.index}"



def embed_text(title: str, text: str) -> str:
    """What the embedder and BM25 see: the title gives every chunk its article's context."""
    return f"{title}\n{text}" if title else text


def _cut_long(span: Span, count: Callable[[str], int], budget: int) -> list[Span]:
    pieces: list[Span] = []
    words = span.text.split(" ")
    current: list[str] = []
    offset = span.start
    start = offset
    for word in words:
        if current and count(" ".join(current + [word])) > budget:
            text = " ".join(current)
            pieces.append(Span(start, start + len(text), text))
            start = start + len(text) + 1
            current = []
        current.append(word)
    if current:
        text = " ".join(current)
        pieces.append(Span(start, start + len(text), text))
    return pieces


def chunk_article(article: Article, count_tokens: Callable[[str], int], target: int = TARGET_TOKENS,
                  overlap: int = OVERLAP_TOKENS, max_tokens: int = MAX_TOKENS) -> list[Chunk]:
    """Pack whole sentences into chunks of about `target` tokens (never above the model's
    window with the title), repeating up to `overlap` tokens of trailing sentences."""
    title_tokens = count_tokens(article.title) if article.title else 0
    budget = max(32, min(target, max_tokens - title_tokens - 8))
    spans: list[tuple[Span, int]] = []
    for span in split_sentences(article.text, article.lang):
        n = count_tokens(span.text)
        if n > budget:
            spans.extend((piece, count_tokens(piece.text)) for piece in _cut_long(span, count_tokens, budget))
        else:
            spans.append((span, n))

    chunks: list[Chunk] = []
    current: list[tuple[Span, int]] = []

    def emit() -> None:
        start, end = current[0][0].start, current[-1][0].end
        chunks.append(Chunk(article, len(chunks), start, end, article.text[start:end]))

    for span, n in spans:
        if current and sum(t for _, t in current) + n > budget:
            emit()
            carried: list[tuple[Span, int]] = []
            for prev in reversed(current):
                if sum(t for _, t in carried) + prev[1] > overlap or len(carried) + 1 >= len(current):
                    break
                carried.insert(0, prev)
            current = carried
            if current and sum(t for _, t in current) + n > budget:
                current = []
        current.append((span, n))
    if current:
        emit()
    return chunks
