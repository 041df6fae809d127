"""Sentence-aware chunking bounded by the embedder's token window.

Why not a LangChain splitter: we need each chunk's exact character offsets in the article
(for highlighting) and the same sentence boundaries the extractive answerer quotes, so chunks
are packed from `text.split_sentences` spans. A sentence longer than the budget is cut at
word boundaries (inside a run without spaces if it must). Every step is linear in the text's
length: sentences are at most `text.MAX_PIECE_CHARS` long and each is counted about once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.records import Article
from ..core.text import Span, split_sentences

TARGET_TOKENS = 300
MAX_TOKENS = 512
OVERLAP_TOKENS = 60
LONG_SENTENCE_CHARS_PER_TOKEN = 4
"""A sentence over this many characters per budget token is cut without being counted whole
(real sentences run 2-3 characters per e5 token), so hostile text is tokenized only once."""


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


def _cut_long(span: Span, chars_per_token: float, count: Callable[[str], int],
              budget: int) -> list[tuple[Span, int]]:
    """Cut a sentence into pieces of at most `budget` tokens, at spaces where there are any, else
    inside the run (a 1 MB "word" is cut too). Each piece is counted about once, its length
    guessed from the characters per token seen so far, so the work is linear."""
    text = span.text
    pieces: list[tuple[Span, int]] = []
    pos = 0
    while pos < len(text):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        length = max(1, int(budget * chars_per_token * 0.9))
        while True:
            end = min(len(text), pos + length)
            if end < len(text):
                space = max(text.rfind(" ", pos + 1, end + 1), text.rfind("\t", pos + 1, end + 1))
                if space > pos:
                    end = space
            piece = text[pos:end].rstrip()
            n = count(piece)
            if n <= budget or end - pos <= 1:
                break
            length = max(1, min(end - pos - 1, int((end - pos) * budget / n * 0.9)))
        chars_per_token = max(len(piece) / max(n, 1), 0.25)
        pieces.append((Span(span.start + pos, span.start + pos + len(piece), piece), n))
        pos = end
    return pieces


def chunk_article(article: Article, count_tokens: Callable[[str], int], target: int = TARGET_TOKENS,
                  overlap: int = OVERLAP_TOKENS, max_tokens: int = MAX_TOKENS,
                  sentences: list[Span] | None = None) -> list[Chunk]:
    """Pack whole sentences into chunks of about `target` tokens (never above the model's
    window with the title), repeating up to `overlap` tokens of trailing sentences. `sentences`:
    the article's `split_sentences`, where the caller has them already."""
    title_tokens = count_tokens(article.title) if article.title else 0
    budget = max(32, min(target, max_tokens - title_tokens - 8))
    spans: list[tuple[Span, int]] = []
    for span in sentences if sentences is not None else split_sentences(article.text, article.lang):
        # each at most MAX_PIECE_CHARS long
        if len(span.text) > LONG_SENTENCE_CHARS_PER_TOKEN * budget:  # surely too long: cut, count the pieces
            spans.extend(_cut_long(span, 1.5, count_tokens, budget))
            continue
        n = count_tokens(span.text)
        if n > budget:
            spans.extend(_cut_long(span, len(span.text) / n, count_tokens, budget))
        else:
            spans.append((span, n))

    chunks: list[Chunk] = []
    current: list[tuple[Span, int]] = []
    total = 0

    def emit() -> None:
        start, end = current[0][0].start, current[-1][0].end
        chunks.append(Chunk(article, len(chunks), start, end, article.text[start:end]))

    for span, n in spans:
        if current and total + n > budget:
            emit()
            carried: list[tuple[Span, int]] = []
            for prev in reversed(current):
                if sum(t for _, t in carried) + prev[1] > overlap or len(carried) + 1 >= len(current):
                    break
                carried.insert(0, prev)
            current = carried
            total = sum(t for _, t in current)
            if current and total + n > budget:
                current, total = [], 0
        current.append((span, n))
        total += n
    if current:
        emit()
    return chunks
