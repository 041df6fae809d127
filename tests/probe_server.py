"""A stand-in for llama.cpp's server in its failure modes, run as its own process
(`python -m tests.probe_server PORT MODE`): it lists a model on /v1/models like a server that
started, then on the first chat completion either dies of SIGSEGV (`crash`: what a llama.cpp
compiled for another CPU did on every request), replies with no text (`empty`), or answers (`ok`).
A real server will not crash on demand, so `local_llm.start_and_probe` is tested against this."""

from __future__ import annotations

import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


def main() -> None:
    port, mode = int(sys.argv[1]), sys.argv[2]

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def _send(self, body: dict[str, object]) -> None:
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self._send({"object": "list", "data": [{"id": "probe", "object": "model"}]})

        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if mode == "crash":
                os.kill(os.getpid(), signal.SIGSEGV)
            content = "" if mode == "empty" else "Hello there!"
            self._send({"choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                     "finish_reason": "stop"}]})

    HTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
