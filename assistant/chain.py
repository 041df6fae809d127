"""The answer chain: validate -> retrieve -> answer, as a LangChain runnable.

`AnswerService` is what the CLI and the app hold: it owns the store, the searcher and the
answerer, and exposes `ask()` plus the runnable itself (`chain`), so the extractive answerer
can be swapped for an LLM one without touching the callers. The runnable is composed of the
same three steps `ask()` runs, and built on first use: importing LangChain's runnables costs
about 0.4 s, which `assistant ask` (cold start, <= 1.5 s) does not pay.
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .answerer import Answerer, StreamingAnswerer
from .answers import FRAME, Answer
from .embeddings import Embedder, get_embedder
from .errors import ModelError
from .extractive import ExtractiveAnswerer
from .question import analyze
from .records import Hit
from .sanitize import clean_question
from .search import HybridSearcher, SearchFilters
from .settings import Settings
from .store import IndexStore

if TYPE_CHECKING:
    from langchain_core.runnables import Runnable

Turn = tuple[str, str]
"""(role, text) with role "user" or "assistant"."""

_REFERS_BACK = re.compile(
    r"^\W*(?:and|but|also|so|what about|how about|and what|а|и|но|также|тогда|а как|а что|что насчёт|"
    r"что насчет)\b|\b(?:it|its|they|them|their|theirs|this|that|these|those|he|him|his|she|her|there|then|"
    r"the same|он|она|оно|они|его|её|ее|их|ему|ей|им|этот|эта|это|эти|этого|этой|этих|том|там|тогда|туда)\b",
    re.IGNORECASE)
"""A question that points back at the conversation: "And when was that?", "What did they sign?",
"А сколько их было?". Only such a question is searched together with the previous one."""


def refers_back(question: str) -> bool:
    """Does the question lean on an earlier one (a pronoun, "and…", "what about…")? Short is not
    enough: "Who is Kerry?" after a question on trade is a new question."""
    return bool(_REFERS_BACK.search(question))


def _after_refusal(history: Sequence[tuple[str, str]]) -> bool:
    """Was the last answer a refusal? Its question found nothing, so it must not steer the next."""
    answers = [text for role, text in history if role != "user"]
    keys = ("refusal", "not_about", "no_year", "no_figure", "covers_not", "no_relation")
    openings = [f[key].split("{")[0].strip() for f in FRAME.values() for key in keys]
    return bool(answers) and any(answers[-1].strip().startswith(o) for o in openings if o)


@dataclass
class Retrieval:
    """What the chain's retrieve step hands to the answer step."""

    question: str
    """The validated question, as the user asked it."""
    query: str
    """What was searched: the question, or a follow-up made standalone from the history."""
    hits: list[Hit]
    filters: SearchFilters | None
    started: float
    """`time.perf_counter()` when validation began (the answer's total time counts from it)."""
    timings_ms: dict[str, float] = field(default_factory=dict)
    """Milliseconds per step so far (`retrieve`)."""


class AnswerService:
    def __init__(self, settings: Settings, store: IndexStore | None = None, embedder: Embedder | None = None,
                 answerer: Answerer | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or get_embedder(settings)
        self.store = store or IndexStore(settings, self.embedder)
        self.searcher = HybridSearcher(self.store, self.embedder, settings.candidates, settings.bm25_weight)
        self.extractive = ExtractiveAnswerer(self.embedder, settings.refusal_threshold, self.store.current,
                                             settings.answer_sentences)
        self.answerer: Answerer = answerer or self.extractive
        self._chain: Runnable[dict[str, Any], Answer] | None = None

    @property
    def mode(self) -> str:
        return str(self.answerer.mode)

    @property
    def chain(self) -> "Runnable[dict[str, Any], Answer]":
        """validate -> retrieve -> answer as a LangChain runnable (built on first use)."""
        if self._chain is None:
            from langchain_core.runnables import RunnableLambda

            self._chain = (RunnableLambda(self._validate, name="validate")
                           | RunnableLambda(self._retrieve, name="retrieve")
                           | RunnableLambda(self._answer, name="answer"))
        return self._chain

    def _validate(self, inputs: dict[str, Any]) -> dict[str, Any]:
        return {**inputs, "question": clean_question(inputs["question"], self.settings.max_question_chars),
                "started": time.perf_counter()}

    def _retrieve(self, inputs: dict[str, Any]) -> Retrieval:
        started = time.perf_counter()
        query = self.standalone(inputs["question"], inputs.get("history") or ())
        depth = self.settings.top_k * (2 if analyze(query).is_list else 1)  # a list needs breadth
        filters = inputs.get("filters")
        hits = self.searcher.search(query, depth, filters)
        return Retrieval(inputs["question"], query, hits, filters, inputs["started"],
                         {"retrieve": (time.perf_counter() - started) * 1000})

    def _answer(self, retrieval: Retrieval) -> Answer:
        return self._finish(self.answerer.answer(retrieval.query, retrieval.hits), retrieval)

    @staticmethod
    def _finish(result: Answer, retrieval: Retrieval) -> Answer:
        """Attach the rewritten question and the timings to an answer made from `retrieval`."""
        if retrieval.query != retrieval.question:  # answered as understood, reported as asked
            result.standalone_question = retrieval.query
            result.question = retrieval.question
        total = (time.perf_counter() - retrieval.started) * 1000
        retrieve_ms = retrieval.timings_ms["retrieve"]
        result.timings_ms = {"retrieve": retrieve_ms, "answer": total - retrieve_ms, "total": total}
        return result

    def standalone(self, question: str, history: Sequence[Turn]) -> str:
        """The question to search with. In LLM mode the model rewrites a follow-up into a
        standalone question; otherwise (or if that fails) a short follow-up ("And their trade?")
        is searched together with the previous user question, which carries its subject."""
        previous = [text for role, text in history if role == "user"]
        if not previous:
            return question
        if isinstance(self.answerer, StreamingAnswerer):
            try:
                return str(self.answerer.condense(question, history))
            except ModelError:
                pass
        if not refers_back(question) or _after_refusal(history):
            return question
        return f"{previous[-1]} {question}"

    def offline(self) -> AnswerService:
        """This service with the offline extractive answerer (same store, embedder and searcher):
        what the app answers with when the user turns the model off for a chat."""
        if self.answerer is self.extractive:
            return self
        sibling = copy.copy(self)
        sibling.answerer = self.extractive
        sibling._chain = None  # the chain's steps are bound to the service that built it: build anew
        return sibling

    def ask(self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None) -> Answer:
        """The chain's steps, run directly (`chain.invoke` gives the same answer)."""
        return self._answer(self._retrieve(self._validate({"question": question, "history": list(history),
                                                           "filters": filters})))

    def stream(self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None
               ) -> Iterator[str | Answer]:
        """Text pieces as they are produced, then the final `Answer` (citations resolved).
        The extractive answerer produces its answer at once, so it yields only the `Answer`."""
        if not isinstance(self.answerer, StreamingAnswerer):
            yield self.ask(question, history, filters)
            return
        retrieval = self._retrieve(self._validate({"question": question, "history": list(history),
                                                   "filters": filters}))
        for piece in self.answerer.stream(retrieval.question, retrieval.hits):
            yield self._finish(piece, retrieval) if isinstance(piece, Answer) else piece


def build_service(settings: Settings | None = None) -> AnswerService:
    """The service the CLI and the app use, with the answerer the settings select: an LLM when
    OPENAI_API_KEY or OPENAI_BASE_URL is set, the offline extractive answerer otherwise."""
    settings = settings or Settings()
    service = AnswerService(settings)
    if settings.llm_enabled:
        from .llm import LLMAnswerer, make_chat_model

        service.answerer = LLMAnswerer(make_chat_model(settings), service.embedder, service.extractive,
                                       settings.model, settings.first_token_timeout, settings.time_budget)
    return service
