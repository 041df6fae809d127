"""LLM answers through any OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp, LM Studio).

Sources go to the model inside <source n="..."> tags as untrusted data, and so does the chat
history (<turn> tags inside <history>) when a follow-up is rewritten; both are escaped so their
text cannot close a tag. The answer's citations are then checked (`citations.py`). Any failure
of the model — unreachable, timeout, 401, 429, a malformed reply, a stream cut off before the
model said it had finished — becomes one notice and an extractive answer, marked as such.
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterator, Sequence
from typing import Any

import httpx
import openai
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI

from .answers import LANGUAGE_NAMES, Answer, frame
from .citations import check_citations
from .embeddings import Embedder
from .errors import ModelError
from .extractive import ExtractiveAnswerer
from .prompts import render
from .search import Hit
from .settings import Settings
from .text import answer_language, detect_language

LANGUAGE = LANGUAGE_NAMES["en"]
"""Language names as a prompt (written in English) names them."""
MAX_SOURCE_CHARS = 2500
MAX_TURN_CHARS = 600
MAX_QUESTION_REWRITE = 1000
FINISHED = ("stop", "length")
"""finish_reason values that mean the model ended its answer itself (not a dropped stream)."""


try:  # openai 3.x talks through its own copy of httpx; a cut stream may raise its errors raw
    import httpx2

    HTTP_ERRORS: tuple[type[BaseException], ...] = (httpx.HTTPError, httpx2.HTTPError)
except ImportError:  # pragma: no cover - older openai releases use httpx itself
    HTTP_ERRORS = (httpx.HTTPError,)

MODEL_UNREACHABLE: tuple[type[BaseException], ...] = (openai.OpenAIError, *HTTP_ERRORS)
"""What the OpenAI client raises when the model server cannot be reached or refuses a request."""
MODEL_FAILURES: tuple[type[BaseException], ...] = (*MODEL_UNREACHABLE, ModelError, ValueError, KeyError, TypeError)
"""Every way a model call can fail, malformed replies included: each falls back to extractive mode."""


class IncompleteStreamError(ModelError):
    """The stream ended without the model's finish_reason: the connection dropped midway."""


def make_chat_model(settings: Settings) -> ChatOpenAI:
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    return ChatOpenAI(model=settings.model, api_key=key,  # type: ignore[arg-type]
                      base_url=settings.openai_base_url, timeout=settings.request_timeout, max_retries=0,
                      temperature=0)


def describe_failure(err: BaseException) -> str:
    """One line saying what went wrong with the model and what to do."""
    if isinstance(err, openai.AuthenticationError):
        return "The model server rejected the API key (401): check OPENAI_API_KEY."
    if isinstance(err, openai.RateLimitError):
        return "The model server is rate-limiting requests (429): try again shortly."
    if isinstance(err, IncompleteStreamError):
        return "The model's answer was cut off before it finished (the stream ended early)."
    if isinstance(err, openai.APITimeoutError):
        return "The model server did not answer in time: check it or raise ASSISTANT_REQUEST_TIMEOUT."
    if _dropped(err):
        return "The model server dropped the connection before its answer was complete."
    if isinstance(err, openai.APIConnectionError):
        return "The model server could not be reached: check OPENAI_BASE_URL and that the server is running."
    if isinstance(err, openai.APIStatusError):
        return f"The model server returned an error ({err.status_code})."
    return f"The model's reply could not be used ({type(err).__name__})."


def _dropped(err: BaseException) -> bool:
    """Whether a connection was cut mid-reply: a RemoteProtocolError/ReadError anywhere in the
    cause chain (matched by name: the openai client may use its own copy of httpx)."""
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if type(current).__name__ in ("RemoteProtocolError", "ReadError"):
            return True
        current = current.__cause__ or current.__context__
    return False


def format_sources(hits: list[Hit]) -> str:
    """Numbered, delimited sources. Article text is escaped so it cannot close its tag."""
    blocks = []
    for n, hit in enumerate(hits, start=1):
        a = hit.article
        text = html.escape(hit.chunk.text[:MAX_SOURCE_CHARS], quote=False)
        blocks.append(f'<source n="{n}" title="{html.escape(a.title)}" date="{a.date or "unknown"}" '
                      f'lang="{a.lang}">\n{text}\n</source>')
    return "\n".join(blocks)


def format_history(history: Sequence[tuple[str, str]]) -> str:
    """The last turns as delimited, escaped data: one <turn role="..."> per message inside
    <history>. Text is escaped so an earlier answer (which quotes articles) cannot close its tag
    and pose as an instruction."""
    turns = []
    for role, text in history[-6:]:
        who = "user" if role == "user" else "assistant"
        turns.append(f'<turn role="{who}">{html.escape(text[:MAX_TURN_CHARS], quote=False)}</turn>')
    return "<history>\n" + "\n".join(turns) + "\n</history>"


class LLMAnswerer:
    mode = "llm"

    def __init__(self, chat: Any, embedder: Embedder, fallback: ExtractiveAnswerer, model_name: str) -> None:
        self.chat = chat
        self.embedder = embedder
        self.fallback = fallback
        self.model_name = model_name

    def _messages(self, question: str, hits: list[Hit], lang: str) -> list[Any]:
        values = {"refusal": frame(lang, "refusal"), "language": LANGUAGE.get(lang, "English")}
        return [SystemMessage(render("system", **values)),
                HumanMessage(render("answer", sources=format_sources(hits), question=question, **values))]

    def _finish(self, question: str, text: str, hits: list[Hit], lang: str, started: float) -> Answer:
        text = text.strip()
        if not text:
            raise ModelError("The model returned an empty answer.")
        refusal = frame(lang, "refusal")
        if not hits or text.rstrip(".") == refusal.rstrip(".") or (refusal in text and "[" not in text):
            return Answer(question=question, answer=refusal, refused=True, mode=self.mode, lang=lang, hits=hits,
                          timings_ms={"answer": (time.perf_counter() - started) * 1000})
        cleaned, citations, unsupported = check_citations(text, hits, self.embedder, lang)
        return Answer(question=question, answer=cleaned, refused=False, mode=self.mode, citations=citations,
                      lang=lang, unsupported=unsupported, hits=hits,
                      timings_ms={"answer": (time.perf_counter() - started) * 1000})

    def _fallback(self, question: str, hits: list[Hit], err: BaseException) -> Answer:
        answer = self.fallback.answer(question, hits)
        answer.notice = f"{describe_failure(err)} Answered offline from the articles instead."
        return answer

    def _lang(self, question: str) -> str:
        return answer_language(detect_language(question))

    def answer(self, question: str, hits: list[Hit]) -> Answer:
        started = time.perf_counter()
        lang = self._lang(question)
        if not hits:
            return self._finish(question, frame(lang, "refusal"), hits, lang, started)
        try:
            reply = self.chat.invoke(self._messages(question, hits, lang))
            return self._finish(question, str(reply.content or ""), hits, lang, started)
        except MODEL_FAILURES as err:
            return self._fallback(question, hits, err)

    def stream(self, question: str, hits: list[Hit]) -> Iterator[str | Answer]:
        """Text pieces as the model produces them, then the checked `Answer`."""
        started = time.perf_counter()
        lang = self._lang(question)
        if not hits:
            yield self._finish(question, frame(lang, "refusal"), hits, lang, started)
            return
        pieces: list[str] = []
        finish: str | None = None
        try:
            for chunk in self.chat.stream(self._messages(question, hits, lang)):
                finish = (getattr(chunk, "response_metadata", None) or {}).get("finish_reason") or finish
                piece = chunk.content if isinstance(chunk.content, str) else ""
                if not piece:
                    continue
                pieces.append(piece)
                yield piece
            if finish not in FINISHED:  # no [DONE]/finish_reason: the stream was cut, the text is partial
                raise IncompleteStreamError(f"The stream ended without a finish_reason ({finish}).")
            yield self._finish(question, "".join(pieces), hits, lang, started)
        except MODEL_FAILURES as err:
            yield self._fallback(question, hits, err)

    def condense(self, question: str, history: Sequence[tuple[str, str]]) -> str:
        """The follow-up rewritten as a standalone question (raises ModelError on failure)."""
        lang = self._lang(question)
        prompt = render("condense", history=format_history(history), question=question,
                        language=LANGUAGE.get(lang, "English"))
        try:
            reply = self.chat.invoke([HumanMessage(prompt)])
        except MODEL_UNREACHABLE as err:
            raise ModelError(describe_failure(err)) from None
        text = str(reply.content or "").strip().strip('"').strip()
        return text.splitlines()[0][:MAX_QUESTION_REWRITE] if text else question
