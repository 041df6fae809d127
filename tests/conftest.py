"""Shared fixtures: real Chroma, the real bundled embedder, real files in temp folders.

Every test runs with a clean environment (no ASSISTANT_/OPENAI_/CHROMA_ variables from the
developer's shell) and its index under a temp folder, never the project's `vectorstore/`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "articles"

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("ASSISTANT_", "OPENAI_", "CHROMA_")):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(tmp_path / "corpus"))
    monkeypatch.setenv("ASSISTANT_FEEDBACK_PATH", str(tmp_path / "feedback.jsonl"))
    monkeypatch.chdir(tmp_path)  # no stray .env from the project folder


@pytest.fixture(scope="session")
def embedder():
    from assistant.core.settings import Settings
    from assistant.index.embeddings import get_embedder

    return get_embedder(Settings())


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> Path:
    """The bundled corpus ingested once; tests that only read it share it."""
    from assistant.core.settings import Settings
    from assistant.index.ingest import ingest
    from assistant.index.store import IndexStore
    from assistant.language.countries import tag_article

    root = tmp_path_factory.mktemp("bundled")
    settings = Settings(index_dir=root / "index", corpus_dir=CORPUS)
    report = ingest(IndexStore(settings, embedder), embedder, tagger=tag_article)
    assert not report.skipped
    return root / "index"


@pytest.fixture
def use_bundled(bundled_index: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(bundled_index))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(CORPUS))
    return bundled_index


@pytest.fixture
def searcher(use_bundled: Path, embedder: Any) -> Any:
    """The hybrid searcher over the bundled index, as `assistant ask` builds it."""
    from assistant.core.settings import Settings
    from assistant.index.store import IndexStore
    from assistant.retrieval.search import HybridSearcher

    return HybridSearcher(IndexStore(Settings(), embedder), embedder)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The loopback OpenAI-compatible stub (tests/fake_openai.py), configured as the model server."""
    from .fake_openai import FakeOpenAI

    with FakeOpenAI() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-123")
        monkeypatch.setenv("ASSISTANT_MODEL", "fake-model")
        yield server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real `chroma run` server on 127.0.0.1 for the session."""
    binary = Path(sys.executable).parent / "chroma"
    if not binary.exists():
        pytest.skip("the `chroma` command is not installed in this environment")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = open(path / "server.log", "w")
    proc = subprocess.Popen([str(binary), "run", "--path", str(path / "data"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"chroma run exited: {(path / 'server.log').read_text()[-500:]}")
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not start in 60 s")
    yield "127.0.0.1", port
    stop_process(proc)
    log.close()


@contextmanager
def streamlit_server(env: dict[str, str], cwd: Path) -> Iterator[str]:
    """`streamlit run streamlit_app.py` on a free 127.0.0.1 port with `env`, run from `cwd` (its log
    goes to cwd/streamlit.log); yields the URL once the server is healthy and stops it afterwards."""
    port = free_port()
    log_path = cwd / "streamlit.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
                                 "--server.address", "127.0.0.1", "--server.port", str(port),
                                 "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                                env=env, stdout=log, stderr=subprocess.STDOUT, cwd=cwd)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.time() + 60
            while time.time() < deadline:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if proc.poll() is not None:
                        pytest.fail(log_path.read_text()[-1000:])
                    time.sleep(0.3)
            else:
                pytest.fail("streamlit did not start in 60 s")
            yield url
        finally:
            stop_process(proc)


def stop_process(proc: subprocess.Popen) -> None:
    """Stop a server started by a fixture: politely, then for good."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def write_article(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def copy_corpus(target: Path) -> Path:
    shutil.copytree(CORPUS, target)
    return target


def answer_html_of(message: Any) -> str:
    """An AppTest chat message's answer text as the chat draws it: escaped HTML with a chip for
    each [n] (assistant/app/answer_html.py)."""
    return "\n".join(h.proto.body for h in message.get("html") if "cite-answer" in h.proto.body)


def answer_shown(message: Any) -> str:
    """What that answer reads as on the page: the chips' hidden cards left out, tags removed,
    entities unescaped (each chip reads "[n]")."""
    import html
    import re

    text = re.sub(r'<span class="cite-card".*?</span></span>', "", answer_html_of(message), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<br>|</p>|</li>", "\n", text)))
