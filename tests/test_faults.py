"""Faults of the parts around the answer: the Chroma server unreachable or dying while the app
runs, and a model stream cut off midway. Real `chroma run` servers (some owned by the test so it
can kill and restart them), the real embedder, the loopback OpenAI stub for the model."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.answer.answers import Answer
from assistant.app.ui import plain_text
from assistant.cli import main

from .chroma_proc import ChromaProcess
from .conftest import ROOT, answer_shown, free_port, write_article
from .fake_openai import FakeOpenAI

pytestmark = pytest.mark.server

QUESTION = "What did Kazakhstan and Japan discuss in Astana?"
ESTONIA_Q = "What was the volume of trade between Kazakhstan and Estonia in 2023?"


def small_corpus(tmp_path: Path) -> None:
    write_article(tmp_path / "corpus", "japan.txt",
                  "Astana talks\nKazakhstan and Japan discussed trade and energy cooperation in Astana.\n")


@pytest.fixture
def own_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ChromaProcess]:
    """A `chroma run` this test may kill and restart (same data folder, same port)."""
    server = ChromaProcess(tmp_path / "chroma-data", free_port()).start()
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(server.port))
    yield server
    server.stop()


def unreachable_line(err: str, port: int) -> None:
    """The error says unreachable with host and port, on one line, and never suggests a rebuild."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "unreachable" in lines[0] and f"127.0.0.1:{port}" in lines[0]
    assert "missing" not in lines[0] and "ingest --rebuild" not in lines[0] and "Traceback" not in err


def test_nothing_listening_is_unreachable_not_missing(chroma_server: tuple[str, int], tmp_path: Path,
                                                      monkeypatch, capsys) -> None:
    host, port = chroma_server
    monkeypatch.setenv("CHROMA_HOST", host)
    monkeypatch.setenv("CHROMA_PORT", str(port))
    monkeypatch.setenv("ASSISTANT_COLLECTION", f"faults{uuid.uuid4().hex[:8]}")
    small_corpus(tmp_path)
    assert main(["ingest"]) == 0
    dead = free_port()
    monkeypatch.setenv("CHROMA_PORT", str(dead))
    for command in (["ask", QUESTION], ["sources"], ["ask", QUESTION, "--json"]):
        capsys.readouterr()
        assert main(command) == 2
        unreachable_line(capsys.readouterr().err, dead)
    from assistant.core.errors import StoreUnreachableError
    from assistant.core.settings import Settings
    from assistant.index.store import IndexStore

    started = time.perf_counter()
    with pytest.raises(StoreUnreachableError):
        IndexStore(Settings()).current()
    elapsed = time.perf_counter() - started
    assert 0.8 < elapsed < 2.2, f"3 tries with backoff, not more ({elapsed:.2f} s)"
    monkeypatch.setenv("CHROMA_PORT", str(port))  # the remedy: the right server is up -> it works
    assert main(["ask", QUESTION, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["citations"][0]["source"] == "japan.txt"


def test_stopped_server_is_unreachable_and_works_once_restarted(own_server: ChromaProcess, tmp_path: Path,
                                                                capsys) -> None:
    small_corpus(tmp_path)
    assert main(["ingest"]) == 0
    own_server.stop()
    for command in (["ask", QUESTION], ["sources"]):
        capsys.readouterr()
        assert main(command) == 2
        unreachable_line(capsys.readouterr().err, own_server.port)
    assert (tmp_path / "index" / "manifest.json").exists(), "nothing was removed"
    own_server.start()  # the README's remedy: start the server, ask again
    capsys.readouterr()
    assert main(["ask", QUESTION, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["citations"][0]["source"] == "japan.txt"


def test_server_dying_mid_session_in_the_cli_service_is_one_line(own_server: ChromaProcess, tmp_path: Path) -> None:
    """A service that already holds the snapshot (as the app does) meets a dead server mid-query."""
    from assistant.answer.chain import build_service
    from assistant.core.errors import is_connection_failure

    small_corpus(tmp_path)
    assert main(["ingest"]) == 0
    service = build_service()
    assert service.ask(QUESTION).citations
    own_server.stop()
    with pytest.raises(Exception) as caught:
        service.ask(QUESTION)
    assert is_connection_failure(caught.value)
    own_server.start()
    assert service.ask(QUESTION).citations, "the same service recovers when the server is back"


def test_app_shows_one_line_and_recovers_when_chroma_returns(own_server: ChromaProcess, tmp_path: Path) -> None:
    small_corpus(tmp_path)
    assert main(["ingest"]) == 0
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    assert not at.exception
    at.chat_input[0].set_value(QUESTION).run()
    assert not at.exception and not at.error and answer_shown(at.chat_message[1])

    own_server.stop()
    at.chat_input[0].set_value(QUESTION).run()
    assert not at.exception, "no stack trace on the page"
    assert len(at.error) == 1
    message = plain_text(at.error[0].value)
    assert "\n" not in message and "unreachable" in message and f"127.0.0.1:{own_server.port}" in message
    assert "Start it" in message and "ingest --rebuild" not in message
    assert len(at.session_state["messages"]) == 2, "the failed question is not left in the history"

    own_server.start()  # the next rerun works again
    at.chat_input[0].set_value(QUESTION).run()
    assert not at.exception and not at.error
    assert len(at.chat_message) == 4
    assert any(plain_text(b.proto.popover.label).startswith("[1] Astana talks") for b in at.get("popover"))


def test_app_started_while_chroma_is_down_recovers(own_server: ChromaProcess, tmp_path: Path) -> None:
    small_corpus(tmp_path)
    assert main(["ingest"]) == 0
    own_server.stop()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    assert not at.exception and len(at.error) == 1 and "unreachable" in plain_text(at.error[0].value)
    assert not at.chat_input, "nothing else is shown, and no ingest was started"
    assert (tmp_path / "index" / "manifest.json").exists()
    own_server.start()
    at.run()
    assert not at.exception and not at.error and at.chat_input


# --- a model stream cut off midway ------------------------------------------------------------

@pytest.fixture
def cut_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        server.mode = "cut"
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("ASSISTANT_MODEL", "fake-model")
        yield server


def test_cut_stream_is_a_failure_in_the_cli(use_bundled: Path, cut_model: FakeOpenAI, capsys) -> None:
    assert main(["ask", ESTONIA_Q]) == 0
    out = capsys.readouterr().out
    assert cut_model.requests[-1]["body"]["stream"] is True
    assert "incomplete and was discarded" in out
    assert "cut off before it finished" in out and "Answered offline" in out
    answer_part = out.split("was discarded]", 1)[1]
    assert "157.5" in answer_part and "Sources:" in answer_part
    assert "[1] Kazakhstan and Estonia Reaffirm" in answer_part


def test_cut_reply_is_a_failure_in_json(use_bundled: Path, cut_model: FakeOpenAI, capsys) -> None:
    assert main(["ask", ESTONIA_Q, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["mode"] == "extractive" and "dropped the connection" in answer["notice"]
    assert answer["citations"][0]["article_id"] == "003_13e68caafd3a2efa.txt#06"


def test_cut_stream_through_the_service_falls_back(use_bundled: Path, cut_model: FakeOpenAI) -> None:
    from assistant.answer.chain import build_service

    pieces = list(build_service().stream(ESTONIA_Q))
    final = pieces[-1]
    assert any(isinstance(p, str) for p in pieces[:-1]), "some tokens did stream before the cut"
    assert isinstance(final, Answer)
    assert final.mode == "extractive" and "cut off" in (final.notice or "") and final.citations


def test_complete_stream_is_still_accepted(use_bundled: Path, cut_model: FakeOpenAI) -> None:
    from assistant.answer.chain import build_service

    cut_model.mode = "ok"
    final = list(build_service().stream(ESTONIA_Q))[-1]
    assert isinstance(final, Answer)
    assert final.mode == "llm" and not final.notice
