"""The HTTP API (`assistant serve`): the CLI's answers for scripts, tools and chat front ends.

    POST /ask                  `assistant ask --json`'s object (same serialisation, `json_line`)
    POST /summarize            `assistant summarize --json`'s object
    GET  /sources, /countries  the lines of `sources --json` / `countries --json`, as a JSON array
    GET  /sources/{id}         one article: its `sources --json` line and its `text` (the app's reader)
    GET  /health               the generation served, the mode, the worker's pid (no token needed)
    POST /v1/chat/completions  OpenAI-compatible, streamed or not (assistant/api/chat.py)
    GET  /docs                 the OpenAPI docs

Each worker process (`assistant serve --workers N`, or `uvicorn --factory assistant.api.server:create_app`)
builds one AnswerService when it starts and loads the index and the embedder then, not per
request. Every request asks the store for the current generation, which costs one stat of the
manifest and reloads only when an ingest has switched generations, so a new index is served
without a restart while requests on the old one finish on the snapshot they started with.

Errors are `{"error": {"message": <the CLI's one-line message>, "type": <kind>}}` with a status
that says whose fault it is: 400 a bad question or filter, 401/413/429 (guard.py), 404 an
unknown path, 502 the chat model failed, 503 no usable index (none yet, another embedder's,
the Chroma server down, locked), 500 a bug (its type only; the traceback goes to the log).
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError, StarletteHTTPException
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from ..answer.chain import AnswerService, build_service
from ..core.errors import (
    AssistantError,
    ConfigError,
    IndexLockedError,
    IndexMismatchError,
    IndexNotFoundError,
    InvalidQuestionError,
    ModelError,
    StoreUnreachableError,
    is_connection_failure,
    unreachable_store,
)
from ..core.sanitize import clean_question
from ..core.settings import Settings, load_settings
from .chat import ChatRequest, Filters, completion, question_and_history, stream_events
from .contracts import country_records, source_record, source_records, summary_result
from .guard import Guard, error_response, json_body, no_surrogates

log = logging.getLogger("assistant.api.server")

STATUS: list[tuple[type[AssistantError], int, str]] = [
    (InvalidQuestionError, 400, "invalid_request_error"),
    (IndexNotFoundError, 503, "index_unavailable"),
    (IndexMismatchError, 503, "index_unavailable"),
    (StoreUnreachableError, 503, "index_unavailable"),
    (IndexLockedError, 503, "index_unavailable"),
    (ModelError, 502, "model_error"),
    (ConfigError, 500, "configuration_error"),
]
"""Status and kind per error type, first match wins; any other AssistantError is a 400."""


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str


class AskRequest(Filters):
    """`assistant ask QUESTION --json [--country C]... [--lang L]... [--since D] [--until D]`."""

    question: str
    history: list[Turn] = Field(default_factory=list, description="earlier turns of the chat, oldest first")
    offline: bool = Field(False, description="answer with the offline extractive answerer even in LLM mode")


class SummarizeRequest(BaseModel):
    """`assistant summarize COUNTRY --json [--since D] [--until D]`."""

    model_config = ConfigDict(extra="forbid")
    country: str
    since: str | None = None
    until: str | None = None
    offline: bool = Field(False, description="the offline extractive summary even in LLM mode")
    full: bool = Field(False, description="also `relation` and, in LLM mode, `briefing` (the app's client)")


def json_response(data: Any, status: int = 200) -> Response:
    """The CLI's JSON serialisation (`json_line`: controls and bidi marks escaped), as a response."""
    return Response(json_body(data), status_code=status, media_type="application/json")


def error_for(err: BaseException, settings: Settings) -> Response:
    if isinstance(err, AssistantError):
        status, kind = next(((s, k) for cls, s, k in STATUS if isinstance(err, cls)), (400, "invalid_request_error"))
        return error_response(status, err.user_message(), kind)
    if settings.chroma_host and is_connection_failure(err):
        return error_response(503, unreachable_store(settings.chroma_host, settings.chroma_port).user_message(),
                              "index_unavailable")
    return error_response(500, f"internal error: {type(err).__name__} (the server's log has the details)",
                          "internal_error")


def _validation_message(err: RequestValidationError) -> str:
    """Pydantic's complaints as one line: `field: problem; field: problem`."""
    parts = []
    for item in err.errors()[:3]:
        where = ".".join(str(p) for p in item.get("loc", ())[1:]) or "body"
        parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "The request is not valid: " + "; ".join(parts) + "."


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API for one worker process (uvicorn calls this once per worker)."""
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = build_service(settings)
        try:  # load once now, not on the first request; a missing index is reported, not fatal
            generation = service.store.current().generation
            service.embedder.embed_query_vector("warm-up")
            log.info("worker %d serves generation %d (%s mode)", os.getpid(), generation, service.mode)
        except AssistantError as err:
            log.warning("worker %d has no index yet: %s", os.getpid(), err.user_message())
        app.state.service = service
        yield

    app = FastAPI(title="articles-assistant", version="0.1.0", lifespan=lifespan,
                  description="Answers questions about news articles, with numbered citations.")
    token = settings.api_token.get_secret_value().strip() or None if settings.api_token else None
    app.add_middleware(Guard, token=token, max_body=settings.api_max_body_bytes, rate=settings.api_rate,
                       burst=settings.api_burst)

    @app.exception_handler(AssistantError)
    async def on_assistant_error(request: Request, err: AssistantError) -> Response:
        return error_for(err, settings)

    @app.exception_handler(Exception)  # a bug or a dropped server: answered, then Starlette logs the traceback
    async def on_error(request: Request, err: Exception) -> Response:
        return error_for(err, settings)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, err: RequestValidationError) -> Response:
        return error_response(400, _validation_message(err), "invalid_request_error")

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, err: StarletteHTTPException) -> Response:
        where = f"{request.method} {request.url.path}"
        if err.status_code == 404:
            return error_response(404, f"There is no {request.url.path} here; /docs lists the endpoints.",
                                  "not_found_error")
        if err.status_code == 405:
            return error_response(405, f"{where} is not allowed; /docs lists the endpoints.", "invalid_request_error")
        return error_response(err.status_code, str(err.detail), "invalid_request_error")

    def service(request: Request) -> AnswerService:
        return request.app.state.service

    @app.post("/ask", summary="Answer a question with citations (`assistant ask --json`)")
    def ask(body: AskRequest, request: Request) -> Response:
        question = clean_question(body.question, settings.max_question_chars)
        filters = body.search_filters()
        answering = service(request).offline() if body.offline else service(request)
        answer = answering.ask(question, [(t.role, no_surrogates(t.content)) for t in body.history], filters)
        return json_response(answer.to_json())

    @app.post("/summarize", summary="Kazakhstan's relations with a country (`assistant summarize --json`)")
    def summarize(body: SummarizeRequest, request: Request) -> Response:
        return json_response(summary_result(settings, service(request).store.current, body.country, body.since,
                                            body.until, body.offline, body.full))

    @app.get("/sources", summary="The indexed articles (`assistant sources --json`)")
    def sources(request: Request) -> Response:
        return json_response(source_records(service(request).store.current()))

    @app.get("/sources/{article_id:path}", summary="One article with its text (the app's reader and source dialog)")
    def article(article_id: str, request: Request) -> Response:
        found = service(request).store.current().articles.get(article_id)
        if found is None:
            return error_response(404, "There is no such article in the index; GET /sources lists them.",
                                  "not_found_error")
        return json_response({**source_record(found), "text": found.text})

    @app.get("/countries", summary="Countries with article counts (`assistant countries --json`)")
    def countries(request: Request) -> Response:
        return json_response(country_records(service(request).store.current(), settings.home_country))

    @app.api_route("/health", methods=["GET", "HEAD"], summary="The index generation this worker serves, and "
                   "the mode (HEAD too: load balancers probe with it)")
    async def health(request: Request) -> Response:  # not in the thread pool, which stalled streams may fill
        try:
            snapshot = service(request).store.current()
        except AssistantError as err:  # open to anyone: no path or host for a caller without the token
            if getattr(request.state, "authorized", True):
                raise
            status = error_for(err, settings).status_code
            return error_response(status, "This worker has no usable index; a request with the API token "
                                          "(or the server's log) says why.", "index_unavailable")
        mode = service(request).mode
        return json_response({"status": "ok", "generation": snapshot.generation, "mode": mode,
                              "articles": len(snapshot.articles), "chunks": len(snapshot.chunks),
                              "pid": os.getpid(),
                              "model": settings.model if mode == "llm" and getattr(request.state, "authorized", True)
                              else None})

    @app.get("/v1/models", summary="The one model this API offers (for OpenAI clients that list them)")
    def models() -> Response:
        return json_response({"object": "list", "data": [{"id": "articles-assistant", "object": "model",
                                                          "created": 0, "owned_by": "articles-assistant"}]})

    @app.post("/v1/chat/completions", summary="OpenAI-compatible chat (streamed with `stream: true`)")
    def chat(body: ChatRequest, request: Request) -> Response:
        text, history = question_and_history(body.messages)
        question = clean_question(text, settings.max_question_chars)
        filters = body.filters.search_filters() if body.filters else None
        answering = service(request)
        if body.stream:
            answering.store.current()  # no index: a 503 now, before the stream's 200
            return StreamingResponse(stream_events(answering, question, history, filters, body.markdown),
                                     media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
        return json_response(completion(answering.ask(question, history, filters), body.markdown))

    return app
