"""`assistant serve` as a real subprocess on a free 127.0.0.1 port, for the API tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from .conftest import free_port, stop_process

TOKEN = "test-token-7f3a9c"


def server_env(index_dir: Path, corpus_dir: Path, **settings: str) -> dict[str, str]:
    """The test process's environment without the developer's ASSISTANT_/OPENAI_/CHROMA_ variables,
    plus the index and `ASSISTANT_<NAME>` for each keyword."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "OPENAI_", "CHROMA_"))}
    env.update({"ASSISTANT_INDEX_DIR": str(index_dir), "ASSISTANT_CORPUS_DIR": str(corpus_dir),
                "ANONYMIZED_TELEMETRY": "False"})
    env.update({f"ASSISTANT_{name.upper()}": value for name, value in settings.items()})
    return env


@contextmanager
def api_server(env: dict[str, str], cwd: Path, workers: int = 1) -> Iterator[str]:
    """Yields the base URL once /health answers (200, or 503 when there is no index)."""
    port = free_port()
    log_path = cwd / f"serve-{port}.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port), "--workers",
                                 str(workers), "--log-level", "warning"], env=env, cwd=cwd, stdout=log,
                                stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 90
            while True:
                try:
                    if httpx.get(f"{url}/health", timeout=2).status_code in (200, 503):
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None or time.time() > deadline:
                    pytest.fail(f"assistant serve did not start: {log_path.read_text()[-1500:]}")
                time.sleep(0.2)
            yield url
        finally:
            stop_process(proc)
    assert "Traceback" not in log_path.read_text(), log_path.read_text()[-3000:]
