"""`POST /v1/chat/completions`: the assistant as an OpenAI-compatible "model".

The last user message is the question; the user and assistant turns before it are the chat
history (a follow-up is searched together with the question it leans on, as in the app);
system messages are ignored (the answerer has its own instructions); an extra `filters` field
takes /ask's filters. The reply's text is the
answer with its `[n]` markers. Two fields are added to the OpenAI shape, documented in the
README: `citations` (what each `[n]` points to, as in `assistant ask --json`) and `answer`
(the whole `ask --json` object). Streamed, they ride on the last chunk, before `data: [DONE]`.

Streaming: in LLM mode the model's tokens go out as they come; when the answer check then
changes the text (unsupported sentences taken out, a rejected answer replaced), the checked
answer follows a `[checked answer]` line, so what was streamed is never left as the final
word. The offline answerer writes its answer at once; it is sent in pieces of a few words.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Iterator, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..answer.answers import Answer
from ..answer.chain import AnswerService, Turn
from ..app.ui import model_markdown
from ..core.errors import AssistantError, InvalidQuestionError
from ..core.terminal import terminal_safe
from ..retrieval.search import SearchFilters
from .contracts import search_filters
from .guard import json_body, no_surrogates

log = logging.getLogger("assistant.api.server")
MODEL_ID = "articles-assistant"
CHECKED = "\n\n[checked answer]\n\n"
_PIECE = re.compile(r"(?:\S+\s*){1,4}|\s+")
"""Up to four words with the spaces after them: the pieces an answer written at once is sent in."""


class Filters(BaseModel):
    """`assistant ask`'s --country/--lang/--since/--until."""

    model_config = ConfigDict(extra="forbid")
    country: list[str] = Field(default_factory=list, description="names or codes, e.g. 'United States', 'EU'")
    lang: list[Literal["en", "ru", "kk"]] = Field(default_factory=list)
    since: str | None = Field(default=None, description="YYYY-MM-DD")
    until: str | None = Field(default=None, description="YYYY-MM-DD")

    @field_validator("country", "lang", mode="before")
    @classmethod
    def one_as_a_list(cls, value: Any) -> Any:
        """`"country": "US"` is read as `["US"]`: one value needs no brackets; null is no filter."""
        return [value] if isinstance(value, str) else [] if value is None else value

    def search_filters(self) -> SearchFilters:
        return search_filters(self.country, self.lang, self.since, self.until)


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: str
    content: str | list[dict[str, Any]] | None = None
    """A string, or OpenAI's list of parts (only the `text` parts are read)."""


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # temperature, max_tokens...: accepted, not used
    model: str | None = None
    messages: list[ChatMessage]
    stream: bool = False
    n: int = Field(default=1, ge=1, le=1, description="one answer per question: only 1")
    """OpenAI's number of choices: the assistant has one answer, so more is refused, not ignored."""
    filters: Filters | None = None
    """An extra of this API: the same filters as /ask."""
    markdown: bool = True
    """An extra of this API: the reply's text as inert Markdown (the default: OpenAI front ends
    render it, and article text may hold links, images or HTML), or, false, as it is (for a
    client that escapes it itself, like the app's)."""


_MARKER = re.compile(r"\*\*\[(\d{1,3})\]\*\*")


def chat_markdown(text: str) -> str:
    """The answer as a chat front end renders it: `ui.model_markdown` (bold, italics, bullets
    and `[n]` kept; any link, image, HTML, heading or auto-link in the quoted article text shown
    literally), with the `[n]` markers as they are in the answer rather than bold, and no terminal
    escape or control character (an OpenAI client's `print(reply.choices[0].message.content)`)."""
    return _MARKER.sub(r"[\1]", model_markdown(terminal_safe(text)))


def message_text(message: ChatMessage) -> str:
    if isinstance(message.content, list):
        return "".join(str(part.get("text", "")) for part in message.content if part.get("type") == "text")
    return message.content or ""


def question_and_history(messages: Sequence[ChatMessage]) -> tuple[str, list[Turn]]:
    """The last user message, and the user/assistant turns before it."""
    last = max((i for i, m in enumerate(messages) if m.role == "user"), default=None)
    if last is None:
        raise InvalidQuestionError("The request has no user message: the last one is the question.",
                                   hint='Send messages like [{"role": "user", "content": "..."}].')
    history = [(m.role, no_surrogates(message_text(m))) for m in messages[:last] if m.role in ("user", "assistant")]
    return message_text(messages[last]), history


def _envelope(kind: Literal["chat.completion", "chat.completion.chunk"], completion_id: str,
              created: int) -> dict[str, Any]:
    return {"id": completion_id, "object": kind, "created": created, "model": MODEL_ID}


def _extras(answer: Answer) -> dict[str, Any]:
    data = answer.to_json()
    return {"citations": data["citations"], "answer": data}


def completion(answer: Answer, markdown: bool = True) -> dict[str, Any]:
    """A non-streamed chat completion carrying `answer`."""
    content = chat_markdown(answer.answer) if markdown else answer.answer
    return {**_envelope("chat.completion", f"chatcmpl-{uuid.uuid4().hex}", int(time.time())),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}, **_extras(answer)}


def stream_events(service: AnswerService, question: str, history: list[Turn],
                  filters: SearchFilters | None, markdown: bool = True) -> Iterator[bytes]:
    """Server-sent events: `data: <chunk>` lines, then `data: [DONE]`. An error after the
    stream has begun (the status is already sent) is one `data: {"error": ...}` event, followed
    by `data: [DONE]` as well."""
    head = _envelope("chat.completion.chunk", f"chatcmpl-{uuid.uuid4().hex}", int(time.time()))

    def event(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> bytes:
        chunk = {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
        return b"data: " + json_body(chunk) + b"\n\n"

    def failed(message: str) -> Iterator[bytes]:
        """The error as one event, then the end a client waits for."""
        yield b"data: " + json_body({"error": {"message": message, "type": "assistant_error"}}) + b"\n\n"
        yield b"data: [DONE]\n\n"

    yield event({"role": "assistant", "content": ""})
    streamed: list[str] = []
    final: Answer | None = None
    held = ""  # Markdown: the word still arriving, escaped once whole ("https:" + "//evil" is one link)
    try:
        for piece in service.stream(question, history, filters):
            if isinstance(piece, Answer):
                final = piece
            elif piece:
                streamed.append(piece)
                if not markdown:
                    yield event({"content": piece})
                    continue
                held += piece
                cut = max(held.rfind(" "), held.rfind("\n")) + 1
                if cut:
                    yield event({"content": chat_markdown(held[:cut])})
                    held = held[cut:]
        if held:
            yield event({"content": chat_markdown(held)})
    except Exception as err:  # noqa: BLE001 - the status is sent: the error can only be an event now
        if not isinstance(err, AssistantError):
            log.error("internal error in a stream", exc_info=err)
        yield from failed(err.user_message() if isinstance(err, AssistantError)
                          else f"internal error: {type(err).__name__}")
        return
    if final is None:  # the answerer's stream ends with its Answer; one that does not is our fault
        log.error("a stream ended without its answer")
        yield from failed("internal error: the answer was cut off")
        return
    if not streamed:
        for piece in _PIECE.findall(chat_markdown(final.answer) if markdown else final.answer):
            yield event({"content": piece})
    elif "".join(streamed).strip() != final.answer.strip():
        yield event({"content": CHECKED + (chat_markdown(final.answer) if markdown else final.answer)})
    yield event({}, "stop", **_extras(final))
    yield b"data: [DONE]\n\n"
