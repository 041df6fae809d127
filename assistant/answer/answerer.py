"""The answerer seam: what `AnswerService` needs from whatever writes the answer.

`ExtractiveAnswerer` (offline, quotes the articles) and `LLMAnswerer` (a chat model) both meet
`Answerer`; the LLM one also meets `StreamingAnswerer` (tokens as they come, and follow-ups
rewritten into standalone questions).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

from ..core.records import Hit
from .answers import Answer


class Answerer(Protocol):
    """Turns a question and its retrieved passages into a cited `Answer`."""

    @property
    def mode(self) -> str:
        """`extractive` or `llm`: the `mode` of the answers it writes."""
        ...

    def answer(self, question: str, hits: list[Hit]) -> Answer: ...


@runtime_checkable
class StreamingAnswerer(Answerer, Protocol):
    """An answerer that streams its text and can rewrite a follow-up (raising `ModelError` on failure)."""

    def stream(self, question: str, hits: list[Hit]) -> Iterator[str | Answer]: ...

    def condense(self, question: str, history: Sequence[tuple[str, str]]) -> str: ...
