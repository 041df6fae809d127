"""What stands in front of the API's endpoints: the bearer token, the request size limit and a
per-client rate limit, as one small ASGI middleware, and the API's error body.

Every refusal is the API's error JSON, `{"error": {"message": <one line>, "type": <kind>}}`, with
its status: 401 (no or wrong token), 408 (a body not sent within `BODY_SECONDS`), 413 (body too
large), 429 (too many requests, with Retry-After). The order is deliberate: a request without
the token is refused before anything else (and costs its client nothing), a too-large body is
refused before it is read, and only then does a request spend one of its client's tokens (a
wrong token spends one too, so that guessing the token is held to the rate). /health and the
OpenAPI docs stay open, so a load balancer and a curious reader need no token. The token is compared in constant time
(digests of equal length) and never logged: uvicorn's access log has no headers.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import math
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi.responses import Response

from ..core.terminal import json_line

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BODY_SECONDS = 30.0
"""How long a request's body may take to arrive, each part of it: a client that declares a body and
never sends it held its connection (and a worker's socket) for as long as it liked."""
OPEN_PATHS = frozenset({"/health", "/docs", "/docs/oauth2-redirect", "/openapi.json", "/redoc"})
"""Paths that need no token and spend no rate: liveness and the API's own description."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def no_surrogates(text: str) -> str:
    """`text` with each lone surrogate (JSON's `\\ud800` escapes carry them) as U+FFFD: they have no
    UTF-8 form, so the embedder and the response encoder would fail on them."""
    return _SURROGATE.sub("\ufffd", text)


def json_body(data: Any) -> bytes:
    """`json_line` (the CLI's JSON) as UTF-8, lone surrogates (an error may quote one back) as U+FFFD."""
    return no_surrogates(json_line(data)).encode("utf-8")


def error_response(status: int, message: str, kind: str, headers: dict[str, str] | None = None) -> Response:
    """The API's one error shape (OpenAI's, so an OpenAI client shows the message as it is)."""
    return Response(json_body({"error": {"message": message, "type": kind}}), status_code=status,
                    media_type="application/json", headers=headers)


class RateLimiter:
    """A token bucket per client: `burst` requests at once, then `rate` a second. Runs on the
    event loop's one thread, so it needs no lock; idle full buckets are dropped past 10,000
    clients so that memory stays bounded."""

    MAX_CLIENTS = 10_000

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.buckets: dict[str, tuple[float, float]] = {}

    def take(self, client: str) -> float:
        """0 when the request may go ahead (one token spent), else the seconds until it could."""
        now = self.clock()
        tokens, last = self.buckets.get(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if len(self.buckets) >= self.MAX_CLIENTS:
            self.buckets = {k: v for k, v in self.buckets.items() if v[0] + (now - v[1]) * self.rate < self.burst}
        if tokens >= 1:
            self.buckets[client] = (tokens - 1, now)
            return 0.0
        self.buckets[client] = (tokens, now)
        return (1 - tokens) / self.rate


def _digest(value: bytes) -> bytes:
    return hashlib.sha256(value).digest()


class Guard:
    """ASGI middleware: token, then size, then rate (see the module's docstring)."""

    def __init__(self, app: ASGIApp, token: str | None, max_body: int, rate: float, burst: int) -> None:
        self.app = app
        self.token_digest = _digest(token.encode("utf-8", "surrogateescape")) if token else None
        self.max_body = max_body
        self.limiter = RateLimiter(rate, burst) if rate > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        guarded = scope["path"] not in OPEN_PATHS
        authorization = next((v for k, v in scope.get("headers", []) if k.lower() == b"authorization"), b"")
        refusal = (self._unauthorized(authorization, scope) if guarded else None) or self._declared_too_large(headers)
        if refusal is None and guarded and self.limiter is not None:
            refusal = self._over_rate(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        if not guarded:  # an open path answers anyone, so it tells the details only to a token holder
            scope.setdefault("state", {})["authorized"] = self._token_matches(authorization)
        body: list[bytes] = []
        size, more = 0, True
        while more:  # read the body (bounded) now: a chunked one has no declared length
            try:
                message = await asyncio.wait_for(receive(), BODY_SECONDS)
            except TimeoutError:
                await error_response(408, f"The request's body did not arrive within {BODY_SECONDS:g} s; send it "
                                          "whole and try again.", "request_timeout")(scope, receive, send)
                return
            if message["type"] != "http.request":
                return  # the client went away
            size += len(message.get("body", b""))
            if size > self.max_body:  # the rest is never read, so its size is unknown
                await self._too_large(None)(scope, receive, send)
                return
            body.append(message.get("body", b""))
            more = bool(message.get("more_body"))
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()  # e.g. a streaming response listening for a disconnect
            replayed = True
            return {"type": "http.request", "body": b"".join(body), "more_body": False}

        await self.app(scope, replay, send)

    def _unauthorized(self, authorization: bytes, scope: Scope) -> Response | None:
        """The header's token is compared as the bytes sent (a client sends a non-ASCII token as
        UTF-8, as the server's ASSISTANT_API_TOKEN is encoded). A wrong token spends one of its
        client's requests, so guessing it is held to the rate; a missing one costs nothing."""
        if self.token_digest is None:
            return None
        scheme, _, given = authorization.partition(b" ")
        given = given.strip(b" \t")
        challenge = {"WWW-Authenticate": "Bearer"}
        if scheme.lower() != b"bearer" or not given:
            return error_response(401, "This API needs a token: send the header `Authorization: Bearer <token>` "
                                       "(the server's ASSISTANT_API_TOKEN).", "authentication_error", challenge)
        if not hmac.compare_digest(_digest(given), self.token_digest):
            return (self._over_rate(scope) if self.limiter is not None else None) or error_response(
                401, "The API token is wrong.", "authentication_error", challenge)
        return None

    def _token_matches(self, authorization: bytes) -> bool:
        """Does the header carry the token (or is none configured)? Spends nothing."""
        if self.token_digest is None:
            return True
        scheme, _, given = authorization.partition(b" ")
        given = given.strip(b" \t")
        return scheme.lower() == b"bearer" and bool(given) and hmac.compare_digest(_digest(given), self.token_digest)

    def _declared_too_large(self, headers: dict[str, str]) -> Response | None:
        declared = headers.get("content-length", "")
        return self._too_large(int(declared)) if declared.isdigit() and int(declared) > self.max_body else None

    def _too_large(self, size: int | None) -> Response:
        """`size` is the declared length; None for a body cut off as it streamed in (chunked)."""
        told = f"is {size} bytes" if size is not None else f"is over {self.max_body} bytes"
        return error_response(413, f"The request {told}; this API reads at most {self.max_body} "
                                   "(ASSISTANT_API_MAX_BODY_BYTES).", "request_too_large")

    def _over_rate(self, scope: Scope) -> Response | None:
        assert self.limiter is not None
        client = scope.get("client")
        wait = self.limiter.take(client[0] if client else "unknown")
        if not wait:
            return None
        limiter = self.limiter
        return error_response(429, f"Too many requests: at most {limiter.rate:g} a second ({limiter.burst} at once) "
                                   f"per client; try again in {math.ceil(wait)} s.", "rate_limit_error",
                              {"Retry-After": str(math.ceil(wait))})
