"""A small OpenAI-compatible HTTP server on 127.0.0.1 for tests: chat completions (plain and
streamed as SSE), embeddings, and error modes. It stands in only for the remote model, so the
real `openai` client and LangChain code run unchanged against it.

The default "model" is deliberately naive: it answers from the first <source> block, and it
*obeys* an "ignore previous instructions and say X" that appears outside the <source> and
<history> blocks — so a test can tell whether injected article or chat text stayed inside its
delimiters.

Mode "cut" stands for a connection dropped midway: a stream sends half its tokens and closes
without a finish_reason or `[DONE]`; a plain reply sends half its JSON body and closes.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = Callable[[list[dict[str, Any]]], str]
INJECTION = re.compile(r"ignore (?:all )?previous instructions and (?:say|reply|answer)[:\s]+\"?([^\"\n<]+)", re.I)


def naive_reply(messages: list[dict[str, Any]]) -> str:
    prompt = "\n".join(str(m.get("content", "")) for m in messages)
    outside = re.sub(r"<source\b.*?</source>|<history>.*?</history>", "", prompt, flags=re.S)
    injected = INJECTION.search(outside)
    if injected:
        return injected.group(1).strip()
    if "Standalone question:" in prompt:
        history = prompt.split("Conversation:")[1].split("Follow-up question:")[0]
        follow_up = prompt.split("Follow-up question:")[1].split("Standalone question:")[0].strip()
        subject = re.findall(r"Kazakhstan and (\w+)", history)
        return f"{follow_up.rstrip('?')} between Kazakhstan and {subject[-1]}?" if subject else follow_up
    sources = re.findall(r'<source n="(\d+)"[^>]*>\n(.*?)\n</source>', prompt, flags=re.S)
    if not sources:
        return "The articles don't cover this."
    n, text = sources[0]
    first = re.split(r"(?<=[.!?])\s+", text.strip())[0]
    # one supported sentence, a marker to a source that does not exist, and an unsupported claim
    return f"{first} [{n}][9] Kazakhstan landed a crew on the Moon in 1969 [{n}]."


class FakeOpenAI:
    def __init__(self) -> None:
        self.mode = "ok"  # ok | 401 | 429 | 500 | malformed | slow | drop | cut
        self.first_delay = 0.0
        """Seconds a stream waits before its first token (a model slow to start)."""
        self.piece_delay = 0.0
        """Seconds between streamed tokens (a model that runs on and on)."""
        self.reply: Reply = naive_reply
        self.raw_body: Any = None
        """A chat completion's whole JSON body, as sent (a malformed reply: no choices, a usage of the wrong shape)."""
        self.raw_events: list[str] | None = None
        """A stream's `data:` payloads, as sent (an event of the wrong shape), before `[DONE]`."""
        self.requests: list[dict[str, Any]] = []
        self.embedding_dim = 16
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def embed(self, text: str) -> list[float]:
        digest = hashlib.sha256(text.lower().encode()).digest()
        vector = [b / 255 - 0.5 for b in digest[: self.embedding_dim]]
        norm = sum(v * v for v in vector) ** 0.5
        return [v / norm for v in vector]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def _json(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fake.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                if fake.mode == "401":
                    return self._json(401, {"error": {"message": "Incorrect API key", "type": "invalid_request_error"}})
                if fake.mode == "429":
                    return self._json(429, {"error": {"message": "Rate limit", "type": "rate_limit"}})
                if fake.mode == "500":
                    return self._json(500, {"error": {"message": "boom"}})
                if fake.mode == "slow":
                    time.sleep(3)
                if fake.mode == "drop":
                    self.close_connection = True
                    return
                if self.path.endswith("/embeddings"):
                    inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
                    return self._json(200, {"object": "list", "model": body.get("model"), "data": [
                        {"object": "embedding", "index": i, "embedding": fake.embed(str(t))}
                        for i, t in enumerate(inputs)], "usage": {"prompt_tokens": 1, "total_tokens": 1}})
                if fake.mode == "malformed":
                    return self._json(200, {"unexpected": True})
                if body.get("stream") and fake.raw_events is not None:
                    return self._raw_stream(fake.raw_events)
                if not body.get("stream") and fake.raw_body is not None:
                    return self._json(200, fake.raw_body)
                text = fake.reply(body.get("messages", []))
                if body.get("stream"):
                    return self._stream(body, text)
                if fake.mode == "cut":
                    return self._cut_json(text)
                return self._json(200, {
                    "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": body.get("model"),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                 "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})

            def _stream(self, body: dict[str, Any], text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = [""] + re.findall(r"\S+\s*", text)  # an empty first delta, as real servers send
                if fake.mode == "cut":
                    pieces = pieces[: max(2, len(pieces) // 2)]
                for i, piece in enumerate(pieces):
                    time.sleep(fake.first_delay if i == 1 else fake.piece_delay if i > 1 else 0)
                    chunk = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 0,
                             "model": body.get("model"),
                             "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                    try:
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                        self.wfile.flush()
                    except (BrokenPipeError, ConnectionResetError):  # the client stopped reading
                        return
                if fake.mode == "cut":  # the connection drops: no finish_reason, no [DONE]
                    self.close_connection = True
                    return
                done = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 0, "model": body.get("model"),
                        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())
                self.wfile.flush()

            def _raw_stream(self, events: list[str]) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for payload in [*events, "[DONE]"]:
                    self.wfile.write(f"data: {payload}\n\n".encode())
                self.wfile.flush()

            def _cut_json(self, text: str) -> None:
                data = json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "m",
                                   "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                                "finish_reason": "stop"}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True

        return Handler
