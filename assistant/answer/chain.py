"""The answer chain: validate -> retrieve -> answer, as a LangChain runnable, and the path every
caller runs.

`AnswerService` is what the CLI, the app and the evaluations hold: it owns the store, the
searcher, the retriever and the answerer, and its `ask`, `stream` and `batch` are the runnable's
`invoke`, `stream` and `batch` (`service.chain`). So a LangChain callback handler passed in
`config={"callbacks": [...]}` sees the retrieval (`on_retriever_start/end`, the documents) and the
answer, and a LangChain user can compose the chain, or just `service.retriever`, into their own.
The retriever is `retriever.HybridRetriever` (a `BaseRetriever` over the hybrid search); the
answerer (extractive or LLM) is wrapped as a runnable step, `AnswerStep`, that streams.
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda

from ..core.errors import InvalidQuestionError, ModelError
from ..core.records import Hit
from ..core.sanitize import clean_question
from ..core.settings import Settings, load_settings
from ..index.embeddings import Embedder, get_embedder
from ..index.store import IndexStore
from ..language.question import analyze
from ..retrieval.retriever import HybridRetriever, hits_of
from ..retrieval.search import HybridSearcher, SearchFilters
from .answerer import Answerer, StreamingAnswerer
from .answers import FRAME, Answer
from .extractive import ExtractiveAnswerer

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
    keys = ("refusal", "not_about", "no_year", "no_figure", "no_year_given", "covers_not", "no_relation",
            "no_relation_at_all")
    openings = [f[key].split("{")[0].strip() for f in FRAME.values() for key in keys]
    return bool(answers) and any(answers[-1].strip().startswith(o) for o in openings if o)


def _earlier_question(text: str, limit: int) -> str:
    """An earlier user turn as the subject of a follow-up, held to what a question may be: the
    history comes from the client as it likes (the API takes any turns), and a 60,000-character
    turn searched with the follow-up cost ~50 s; its control, bidi and zero-width characters
    would ride into the rewritten question. "" when nothing of a question is left."""
    try:
        return clean_question(text[:limit], limit)
    except InvalidQuestionError:
        return ""


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
    """`time.perf_counter()` when validation began."""
    timings_ms: dict[str, float] = field(default_factory=dict)
    """Milliseconds per step so far (`retrieve`)."""


def finish(result: Answer, retrieval: Retrieval, answer_ms: float) -> Answer:
    """Attach the rewritten question and the timings to an answer made from `retrieval`. The
    total is the sum of the steps, each timed where it ran, so a batch (every question retrieved
    before any is answered) reports each question's own time."""
    if retrieval.query != retrieval.question:  # answered as understood, reported as asked
        result.standalone_question = retrieval.query
        result.question = retrieval.question
    retrieve_ms = retrieval.timings_ms["retrieve"]
    result.timings_ms = {"retrieve": retrieve_ms, "answer": answer_ms, "total": retrieve_ms + answer_ms}
    return result


class AnswerStep(Runnable[Retrieval, Any]):
    """An answerer as the chain's last step: `invoke` gives the `Answer`; `stream` gives the
    text pieces as a streaming answerer writes them, then the final `Answer` (an answerer that
    writes at once, like the extractive one, streams only the `Answer`)."""

    def __init__(self, answerer: Answerer) -> None:
        self.answerer = answerer
        self.name = f"answer ({answerer.mode})"

    def invoke(self, input: Retrieval, config: RunnableConfig | None = None, **kwargs: Any) -> Answer:
        return cast(Answer, self._call_with_config(self._answer, input, config, run_type="chain"))

    def _answer(self, retrieval: Retrieval) -> Answer:
        started = time.perf_counter()
        result = self.answerer.answer(retrieval.query, retrieval.hits)
        return finish(result, retrieval, (time.perf_counter() - started) * 1000)

    def _pieces(self, inputs: Iterator[Retrieval]) -> Iterator[str | Answer]:
        for retrieval in inputs:  # one Retrieval: the retrieve step emits its result whole
            if not isinstance(self.answerer, StreamingAnswerer):
                yield self._answer(retrieval)
                continue
            started = time.perf_counter()
            for piece in self.answerer.stream(retrieval.question, retrieval.hits):
                yield (finish(piece, retrieval, (time.perf_counter() - started) * 1000)
                       if isinstance(piece, Answer) else piece)

    def transform(self, input: Iterator[Retrieval], config: RunnableConfig | None = None,
                  **kwargs: Any) -> Iterator[str | Answer]:
        yield from self._transform_stream_with_config(input, self._pieces, config, run_type="chain")

    def stream(self, input: Retrieval, config: RunnableConfig | None = None,
               **kwargs: Any) -> Iterator[str | Answer]:
        yield from self.transform(iter([input]), config, **kwargs)


class AnswerService:
    def __init__(self, settings: Settings, store: IndexStore | None = None, embedder: Embedder | None = None,
                 answerer: Answerer | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or get_embedder(settings)
        self.store = store or IndexStore(settings, self.embedder)
        self.searcher = HybridSearcher(self.store, self.embedder, settings.candidates, settings.bm25_weight)
        self.retriever = HybridRetriever(searcher=self.searcher)
        self.extractive = ExtractiveAnswerer(self.embedder, settings.refusal_threshold, self.store.current,
                                             settings.answer_sentences)
        self.answerer: Answerer = answerer or self.extractive
        self._built: tuple[AnswerService, Answerer, Runnable[dict[str, Any], Any]] | None = None

    @property
    def mode(self) -> str:
        return str(self.answerer.mode)

    @property
    def chain(self) -> Runnable[dict[str, Any], Any]:
        """validate -> retrieve -> answer as one LangChain runnable. Input: `{"question": str,
        "history": [(role, text), ...], "filters": SearchFilters | None}` (only `question` is
        required); `invoke` gives an `Answer`, `stream` text pieces then the `Answer`. Built on
        first use and again whenever the answerer is swapped (or the service copied, `offline`):
        its steps are bound to this service and its answerer."""
        built = self._built
        if built is None or built[0] is not self or built[1] is not self.answerer:
            chain = (RunnableLambda(self._validate, name="validate")
                     | RunnableLambda(self._retrieve, name="retrieve")
                     | AnswerStep(self.answerer))
            built = self._built = (self, self.answerer, chain)
        return built[2]

    def _validate(self, inputs: dict[str, Any]) -> dict[str, Any]:
        return {**inputs, "question": clean_question(inputs["question"], self.settings.max_question_chars),
                "started": time.perf_counter()}

    def _retrieve(self, inputs: dict[str, Any], config: RunnableConfig) -> Retrieval:
        started = time.perf_counter()
        query = self.standalone(inputs["question"], inputs.get("history") or ())
        depth = self.settings.top_k * (2 if analyze(query).is_list else 1)  # a list needs breadth
        filters = inputs.get("filters")
        documents = self.retriever.invoke(query, config, k=depth, filters=filters)
        return Retrieval(inputs["question"], query, hits_of(documents), filters, inputs["started"],
                         {"retrieve": (time.perf_counter() - started) * 1000})

    def standalone(self, question: str, history: Sequence[Turn]) -> str:
        """The question to search with. In LLM mode the model rewrites a follow-up into a
        standalone question; otherwise (or if that fails) a short follow-up ("And their trade?")
        is searched together with the previous user question, which carries its subject."""
        previous = [text for role, text in history if role == "user"]
        if not previous:
            return question
        limit = self.settings.max_question_chars
        subject = _earlier_question(previous[-1], limit)
        if refers_back(subject) and len(previous) > 1:  # a follow-up of a follow-up: the chat's subject
            root = next((p for p in reversed(previous[:-1]) if not refers_back(p)), previous[0])
            joined = f"{_earlier_question(root, limit)} {subject}".strip()
            subject = joined if len(joined) <= limit else subject
        if isinstance(self.answerer, StreamingAnswerer):
            try:
                return str(self.answerer.condense(question, history))
            except ModelError:
                pass
        if not subject or not refers_back(question) or _after_refusal(history):
            return question
        return f"{subject} {question}"

    def offline(self) -> AnswerService:
        """This service with the offline extractive answerer (same store, embedder and searcher):
        what the app answers with when the user turns the model off for a chat."""
        if self.answerer is self.extractive:
            return self
        sibling = copy.copy(self)
        sibling.answerer = self.extractive
        return sibling

    @staticmethod
    def _inputs(question: str, history: Sequence[Turn], filters: SearchFilters | None) -> dict[str, Any]:
        return {"question": question, "history": list(history), "filters": filters}

    def ask(self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None,
            config: RunnableConfig | None = None) -> Answer:
        """`chain.invoke`: the cited answer (`config` carries LangChain callbacks, tags...)."""
        return cast(Answer, self.chain.invoke(self._inputs(question, history, filters), config))

    def stream(self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None,
               config: RunnableConfig | None = None) -> Iterator[str | Answer]:
        """`chain.stream`: text pieces as they are produced, then the final `Answer` (citations
        resolved). The extractive answerer produces its answer at once, so it yields only the `Answer`."""
        yield from self.chain.stream(self._inputs(question, history, filters), config)

    def batch(self, questions: Sequence[str], config: RunnableConfig | None = None) -> list[Answer]:
        """`chain.batch` over independent questions, in order; one at a time unless `config` sets
        `max_concurrency` (answers and timings then stay those of `ask`)."""
        config = {"max_concurrency": 1, **(config or {})}
        return cast(list[Answer], self.chain.batch([self._inputs(q, (), None) for q in questions], config))


def build_service(settings: Settings | None = None) -> AnswerService:
    """The service the CLI and the app use, with the answerer the settings select: an LLM when
    OPENAI_API_KEY or OPENAI_BASE_URL is set, the offline extractive answerer otherwise."""
    settings = settings or load_settings()
    service = AnswerService(settings)
    if settings.llm_enabled:
        from .llm import LLMAnswerer, make_chat_model

        service.answerer = LLMAnswerer(make_chat_model(settings), service.embedder, service.extractive,
                                       settings.model, settings.first_token_timeout, settings.time_budget)
    return service
