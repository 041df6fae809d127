"""LLM answers through any OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp, LM Studio).

Sources go to the model inside <source n="..."> tags as untrusted data, and so does the chat
history (<turn> tags inside <history>) when a follow-up is rewritten; both are escaped so their
text cannot close a tag. The answer's citations are then checked (`citations.py`). Any failure
of the model — unreachable, timeout, 401, 429, a malformed reply, a stream cut off before the
model said it had finished — becomes one notice and an extractive answer, marked as such.
"""

from __future__ import annotations

import html
import queue
import re
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import httpx
import openai
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI

from ..core.errors import ModelError
from ..core.prompts import render
from ..core.records import Hit
from ..core.settings import Settings
from ..core.terminal import terminal_safe
from ..core.text import answer_language, detect_language
from ..index.embeddings import Embedder
from .answers import LANGUAGE_NAMES, Answer, frame
from .extractive import ExtractiveAnswerer
from .verdict import MAX_ANSWER_CHARS, Verdict, echoed, judge, strip_reasoning

LANGUAGE = LANGUAGE_NAMES["en"]
"""Language names as a prompt (written in English) names them."""
MAX_SOURCE_CHARS = 2500
MAX_TURN_CHARS = 600
MAX_CONDENSED = 300
"""A rewritten follow-up longer than this (and than three times the follow-up) is not a question."""
FINISHED = ("stop", "length")
"""finish_reason values that mean the model ended its answer itself (not a dropped stream)."""
STOP = ["<source", "</source", "Sources (untrusted", "<history", "Question:"]
"""Stop sequences: where a model starts echoing the prompt's delimiters, its answer is over.
Also applied to the text on our side, for servers that ignore `stop`."""


try:  # openai 3.x talks through its own copy of httpx; a cut stream may raise its errors raw
    import httpx2

    HTTP_ERRORS: tuple[type[BaseException], ...] = (httpx.HTTPError, httpx2.HTTPError)
except ImportError:  # pragma: no cover - older openai releases use httpx itself
    HTTP_ERRORS = (httpx.HTTPError,)

MODEL_UNREACHABLE: tuple[type[BaseException], ...] = (openai.OpenAIError, *HTTP_ERRORS)
"""What the OpenAI client raises when the model server cannot be reached or refuses a request."""
MODEL_FAILURES: tuple[type[BaseException], ...] = (*MODEL_UNREACHABLE, ModelError, ValueError, LookupError, TypeError,
                                                   AttributeError)
"""Every way a model call can fail, malformed replies included (no choices: IndexError; a usage or
a stream event of the wrong shape: AttributeError): each falls back to extractive mode."""
warnings.filterwarnings("ignore", message=r"(?s).*Pydantic serializer warnings")
"""A malformed reply (a number for the content) makes the OpenAI client's models warn on stderr
before the reply is refused; the refusal's one-line notice says it."""


class IncompleteStreamError(ModelError):
    """The stream ended without the model's finish_reason: the connection dropped midway."""


class BudgetExceeded(ModelError):
    """The model did not start (first-token timeout) or finish (total time budget) in time."""


class RejectedAnswer(ModelError):
    """The model's answer failed the grounding check (`verdict.judge`)."""

    def __init__(self, verdict: Verdict, offline: Answer | None = None) -> None:
        super().__init__(f"The model's answer was not used ({verdict.reason}).")
        self.verdict = verdict
        self.offline = offline
        """The offline answer, when the check already made it (a refusal it contradicts)."""


def make_chat_model(settings: Settings) -> ChatOpenAI:
    """The chat model, bounded: at most `max_tokens`, stopped where it starts echoing the prompt,
    and no single request longer than the time budget allows."""
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    # LangChain sends OpenAI's newer `max_completion_tokens`; llama.cpp's server and other local
    # ones read only `max_tokens`, so a custom base URL gets both.
    extra = {"max_tokens": settings.max_tokens} if settings.openai_base_url else None
    return ChatOpenAI(model=settings.model, api_key=key,  # type: ignore[arg-type, call-arg]
                      base_url=settings.openai_base_url, timeout=min(settings.request_timeout, settings.time_budget),
                      max_retries=0, temperature=0, max_tokens=settings.max_tokens, stop=STOP, extra_body=extra)


def cut_echo(text: str) -> str:
    """The text up to the first stop sequence (for servers that ignore `stop`)."""
    cuts = [text.find(marker) for marker in STOP if marker in text]
    return text[: min(cuts)] if cuts else text


def bounded(start: Callable[[], Iterator[Any]], first_token_s: float, total_s: float) -> Iterator[Any]:
    """The items of the stream `start()` opens, read on a helper thread so that a silent server
    cannot hold us past `first_token_s` (until the first item with content) or `total_s` (in all):
    then BudgetExceeded is raised and the helper closes the stream at its next item."""
    items: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()

    def pump() -> None:
        stream = None
        try:
            stream = start()
            for item in stream:
                if stop.is_set():
                    break
                items.put(("item", item))
            items.put(("end", None))
        except BaseException as err:  # noqa: BLE001 - handed to the reading thread, which re-raises it
            items.put(("error", err))
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:  # noqa: BLE001 - closing a dead stream: nothing left to save
                    stop.set()

    threading.Thread(target=pump, name="llm-stream", daemon=True).start()
    started = time.monotonic()
    first = True
    try:
        while True:
            limit = min(first_token_s, total_s) if first else total_s
            remaining = started + limit - time.monotonic()
            try:
                if remaining <= 0:
                    raise queue.Empty
                kind, item = items.get(timeout=remaining)
            except queue.Empty:
                if first and first_token_s < total_s:
                    raise BudgetExceeded(f"The model wrote nothing within {first_token_s:g} s "
                                         "(ASSISTANT_FIRST_TOKEN_TIMEOUT).") from None
                raise BudgetExceeded(f"The model did not finish within its {total_s:g} s time budget "
                                     "(ASSISTANT_TIME_BUDGET).") from None
            if kind == "end":
                return
            if kind == "error":
                raise item
            if first and getattr(item, "content", None):
                first = False
            yield item
    finally:
        stop.set()


def describe_failure(err: BaseException) -> str:
    """One line saying what went wrong with the model and what to do."""
    if isinstance(err, openai.AuthenticationError):
        return "The model server rejected the API key (401): check OPENAI_API_KEY."
    if isinstance(err, openai.RateLimitError):
        return "The model server is rate-limiting requests (429): try again shortly."
    if isinstance(err, (BudgetExceeded, RejectedAnswer)):
        return str(err)
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


def model_text(text: str) -> str:
    """What a model wrote, as it may be shown and checked: without reasoning blocks, escape
    sequences and control characters (a model may be led to write "\x1b]0;…" by an article; the
    chat API, the CLI and the app would each pass it on). Read whole each time, so a sequence
    split across streamed pieces goes whole and what was shown stays a prefix."""
    return terminal_safe(strip_reasoning(text))


class LLMAnswerer:
    """Answers from the model, each judged before it is shown (`verdict.judge`): a grounded one is
    kept, the model's refusal becomes a refusal, anything else falls back to the extractive answer
    with a notice saying why. Streams are bounded by a first-token timeout and a time budget."""

    mode = "llm"

    def __init__(self, chat: Any, embedder: Embedder, fallback: ExtractiveAnswerer, model_name: str,
                 first_token_timeout: float = 60.0, time_budget: float = 120.0) -> None:
        self.chat = chat
        self.embedder = embedder
        self.fallback = fallback
        self.model_name = model_name
        self.first_token_timeout = first_token_timeout
        self.time_budget = time_budget

    def _messages(self, question: str, hits: list[Hit], lang: str) -> list[Any]:
        values = {"refusal": frame(lang, "refusal"), "language": LANGUAGE.get(lang, "English")}
        return [SystemMessage(render("system", **values)),
                HumanMessage(render("answer", sources=format_sources(hits), question=question, **values))]

    def _finish(self, question: str, text: str, hits: list[Hit], lang: str, started: float) -> Answer:
        """The judged answer; raises RejectedAnswer when it may not be shown as grounded."""
        timings = {"answer": (time.perf_counter() - started) * 1000}
        if not hits:
            return Answer(question=question, answer=frame(lang, "refusal"), refused=True, mode=self.mode, lang=lang,
                          hits=hits, timings_ms=timings, verdict="refused")  # the model was not asked
        verdict = judge(cut_echo(model_text(text)), hits, self.embedder, lang)
        if verdict.status == "refused":
            offline = self.fallback.answer(question, hits)
            if not offline.refused:  # "not covered" is a claim too: the offline answerer found the answer here
                raise RejectedAnswer(Verdict("rejected", "a refusal, but the articles answer it"), offline)
            return Answer(question=question, answer=frame(lang, "refusal"), refused=True, mode=self.mode, lang=lang,
                          hits=hits, timings_ms=timings, verdict=verdict.label, generated_chars=len(text))
        if verdict.status != "grounded":
            raise RejectedAnswer(verdict)
        return Answer(question=question, answer=verdict.text, refused=False, mode=self.mode,
                      citations=verdict.citations, lang=lang, unsupported=verdict.unsupported, hits=hits,
                      repointed=verdict.repointed, timings_ms=timings, verdict=verdict.label, generated_chars=len(text))

    def _fallback(self, question: str, hits: list[Hit], err: BaseException, started: float,
                  generated: str = "") -> Answer:
        if isinstance(err, openai.APITimeoutError) and time.perf_counter() - started >= 0.95 * self.time_budget:
            err = BudgetExceeded(f"The model did not finish within its {self.time_budget:g} s time budget "
                                 "(ASSISTANT_TIME_BUDGET).")  # the request timeout was cut to the budget
        offline = err.offline if isinstance(err, RejectedAnswer) else None
        answer = offline or self.fallback.answer(question, hits)
        answer.notice = f"{describe_failure(err)} Answered offline from the articles instead."
        if isinstance(err, RejectedAnswer):
            answer.verdict = err.verdict.label
        elif isinstance(err, BudgetExceeded):
            answer.verdict = "fallback: time budget"
        else:
            answer.verdict = "fallback: model error"
        answer.generated_chars = len(generated)
        return answer

    def _lang(self, question: str) -> str:
        return answer_language(detect_language(question))

    def answer(self, question: str, hits: list[Hit]) -> Answer:
        started = time.perf_counter()
        lang = self._lang(question)
        if not hits:
            return self._finish(question, "", hits, lang, started)
        text = ""
        try:
            reply = self.chat.invoke(self._messages(question, hits, lang))
            text = str(reply.content or "")
            if time.perf_counter() - started > self.time_budget:
                raise BudgetExceeded(f"The model did not finish within its {self.time_budget:g} s time budget "
                                     "(ASSISTANT_TIME_BUDGET).")
            return self._finish(question, text, hits, lang, started)
        except MODEL_FAILURES as err:
            return self._fallback(question, hits, err, started, text)

    def stream(self, question: str, hits: list[Hit]) -> Iterator[str | Answer]:
        """Text pieces as the model produces them, then the judged `Answer` (or the fallback).
        The stream stops at a stop sequence seen on our side, and at the time limits."""
        started = time.perf_counter()
        lang = self._lang(question)
        if not hits:
            yield self._finish(question, "", hits, lang, started)
            return
        text = ""  # everything the model wrote, reasoning included (the time budget counts it)
        sent = ""  # what was streamed: the answer without reasoning blocks
        finish: str | None = None
        try:
            messages = self._messages(question, hits, lang)
            for chunk in bounded(lambda: self.chat.stream(messages), self.first_token_timeout, self.time_budget):
                finish = (getattr(chunk, "response_metadata", None) or {}).get("finish_reason") or finish
                piece = chunk.content if isinstance(chunk.content, str) else ""
                if not piece:
                    continue
                text += piece
                answer = model_text(text)
                if len(answer) > MAX_ANSWER_CHARS:  # a runaway answer: what the check reads ends here
                    finish = "length"
                    break
                shown = cut_echo(answer)
                if shown.startswith(sent) and len(shown) > len(sent):
                    yield shown[len(sent):]
                    sent = shown
                if len(shown) < len(answer):  # an echo began: the answer is over
                    text, finish = shown, "stop"
                    break
            if finish not in FINISHED:  # no [DONE]/finish_reason: the stream was cut, the text is partial
                raise IncompleteStreamError(f"The stream ended without a finish_reason ({finish}).")
            yield self._finish(question, text, hits, lang, started)
        except MODEL_FAILURES as err:
            yield self._fallback(question, hits, err, started, text)

    def condense(self, question: str, history: Sequence[tuple[str, str]]) -> str:
        """The follow-up rewritten as a standalone question. Raises ModelError when the model fails
        or its rewrite is unusable (an echo of the prompt, another language, a paragraph rather
        than a question), so the caller searches with the history instead."""
        lang = self._lang(question)
        prompt = render("condense", history=format_history(history), question=question,
                        language=LANGUAGE.get(lang, "English"))
        try:
            reply = self.chat.invoke([HumanMessage(prompt)])
        except MODEL_UNREACHABLE as err:
            raise ModelError(describe_failure(err)) from None
        text = str(reply.content or "").strip()
        if not text or echoed(text):
            raise ModelError("The model's rewrite of the follow-up echoed the prompt or was empty.")
        line = re.sub(r"^(?:standalone question|question)\s*:\s*", "", text.splitlines()[0], flags=re.I)
        line = line.strip().strip('"«»').strip()
        if not line or len(line) > max(MAX_CONDENSED, 3 * len(question)) or detect_language(line) != lang:
            raise ModelError("The model's rewrite of the follow-up was not a standalone question.")
        return line
