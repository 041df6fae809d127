"""README "Troubleshooting / Answers, app and model": each message listed there is the one the
code prints, and following its remedy makes the next command work."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.cli import main

from .chroma_proc import ChromaProcess
from .conftest import ROOT, free_port, write_article
from .fake_openai import FakeOpenAI

QUESTION = "What did Kazakhstan and Japan discuss in Astana?"
ESTONIA_Q = "What was the volume of trade between Kazakhstan and Estonia in 2023?"


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("### Answers, app and model", 1)[1].split("\n## ", 1)[0]


def listed(message: str) -> None:
    """The message (its first sentence, host and port generalised) is in the README's table."""
    first = re.split(r"(?<=[.)])\s", message.strip(), maxsplit=1)[0]
    first = re.sub(r"127\.0\.0\.1:\d+", "HOST:PORT", first)
    first = re.sub(r"'[^']*'", "'…'", first)
    assert first in section(), first


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ChromaProcess]:
    write_article(tmp_path / "corpus", "japan.txt",
                  "Astana talks\nKazakhstan and Japan discussed trade and energy cooperation in Astana.\n")
    chroma = ChromaProcess(tmp_path / "chroma-data", free_port()).start()
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(chroma.port))
    assert main(["ingest"]) == 0
    yield chroma
    chroma.stop()


def error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err
    return err[len("error: "):]


@pytest.mark.server
def test_unreachable_server_remedy_start_it_and_ask_again(server: ChromaProcess, capsys) -> None:  # type: ignore[no-untyped-def]
    server.stop()
    capsys.readouterr()
    assert main(["ask", QUESTION]) == 2
    listed(error_line(capsys))
    server.start()  # remedy: start it with its data folder
    assert main(["ask", QUESTION, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["citations"]


@pytest.mark.server
def test_missing_collection_remedy_rebuild(server: ChromaProcess, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    server.stop()
    other = ChromaProcess(tmp_path / "another-folder", server.port).start()  # wrong --path: the server is empty
    try:
        capsys.readouterr()
        assert main(["ask", QUESTION]) == 2
        message = error_line(capsys)
        assert "missing" in message and "ingest --rebuild" in message
        listed(message)
        assert main(["ingest", "--rebuild"]) == 0  # remedy
        capsys.readouterr()
        assert main(["ask", QUESTION, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["citations"]
    finally:
        other.stop()


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("ASSISTANT_MODEL", "fake-model")
        yield fake


def test_cut_stream_remedy_ask_again(use_bundled: Path, model: FakeOpenAI, capsys) -> None:  # type: ignore[no-untyped-def]
    model.mode = "cut"
    assert main(["ask", ESTONIA_Q]) == 0
    out = capsys.readouterr().out
    assert "[the model's answer above is incomplete and was discarded]" in section()
    listed(re.search(r"\n\((The model's answer was cut off[^\n]*)\)", out).group(1))  # type: ignore[union-attr]
    model.mode = "ok"  # remedy: the model server is fine again -> ask again
    assert main(["ask", ESTONIA_Q]) == 0
    out = capsys.readouterr().out
    assert "incomplete" not in out and "Answered offline" not in out and "Sources:" in out


def test_dropped_reply_remedy_ask_again(use_bundled: Path, model: FakeOpenAI, capsys) -> None:  # type: ignore[no-untyped-def]
    model.mode = "cut"
    assert main(["ask", ESTONIA_Q, "--json"]) == 0
    listed(json.loads(capsys.readouterr().out)["notice"])
    model.mode = "ok"
    assert main(["ask", ESTONIA_Q, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["mode"] == "llm"


def test_unreachable_model_remedy_fix_the_url(use_bundled: Path, model: FakeOpenAI, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    assert main(["ask", ESTONIA_Q, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["mode"] == "extractive"
    listed(answer["notice"])
    monkeypatch.setenv("OPENAI_BASE_URL", model.base_url)  # remedy
    assert main(["ask", ESTONIA_Q, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["mode"] == "llm"
