"""README "Troubleshooting / Answers, app and model": each message listed there is the one the
code prints, and following its remedy makes the next command work."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
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
def test_unreachable_server_remedy_start_it_and_ask_again(server: ChromaProcess, capsys) -> None:
    server.stop()
    capsys.readouterr()
    assert main(["ask", QUESTION]) == 2
    listed(error_line(capsys))
    server.start()  # remedy: start it with its data folder
    assert main(["ask", QUESTION, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["citations"]


@pytest.mark.server
def test_missing_collection_remedy_rebuild(server: ChromaProcess, tmp_path: Path, capsys) -> None:
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


def test_cut_stream_remedy_ask_again(use_bundled: Path, model: FakeOpenAI, capsys) -> None:
    model.mode = "cut"
    assert main(["ask", ESTONIA_Q]) == 0
    out = capsys.readouterr().out
    assert "[the model's answer above is incomplete and was discarded]" in section()
    listed(re.search(r"\n\((The model's answer was cut off[^\n]*)\)", out).group(1))  # type: ignore[union-attr]
    model.mode = "ok"  # remedy: the model server is fine again -> ask again
    assert main(["ask", ESTONIA_Q]) == 0
    out = capsys.readouterr().out
    assert "incomplete" not in out and "Answered offline" not in out and "Sources:" in out


def test_dropped_reply_remedy_ask_again(use_bundled: Path, model: FakeOpenAI, capsys) -> None:
    model.mode = "cut"
    assert main(["ask", ESTONIA_Q, "--json"]) == 0
    listed(json.loads(capsys.readouterr().out)["notice"])
    model.mode = "ok"
    assert main(["ask", ESTONIA_Q, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["mode"] == "llm"


def test_unreachable_model_remedy_fix_the_url(use_bundled: Path, model: FakeOpenAI, monkeypatch, capsys) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    assert main(["ask", ESTONIA_Q, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["mode"] == "extractive"
    listed(answer["notice"])
    monkeypatch.setenv("OPENAI_BASE_URL", model.base_url)  # remedy
    assert main(["ask", ESTONIA_Q, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["mode"] == "llm"


# -- issue 22: the messages added to both tables, each remedy followed -----------------------------

def listed_in(message: str, heading: str) -> None:
    """The message's first sentence, with paths, generation numbers and the parenthesised detail
    generalised as the README writes them (`…/gen_NNNN`, `(…)`), is in the table under `heading`."""
    first = re.split(r"(?<=[.)])\s", message.strip(), maxsplit=1)[0]
    first = re.sub(r"/\S*/", "…/", first)
    first = re.sub(r"gen_\d+", "gen_NNNN", first)
    first = re.sub(r"\b\d+ characters long; the limit is", "N characters long; the limit is", first)
    general = re.sub(r"(?<=chroma\.sqlite3: )[^)]*", "…", first)
    if general == first:
        general = re.sub(r"\([^()]*\)(?=\.?$)", "(…)", first)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split(heading, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    assert any(f"`{c}`" in table for form in (first, general) for c in (form, form.removesuffix("."))), first


SIBERIA = "Who led the delegation of the Siberian Branch of the Russian Academy of Sciences?"


@pytest.mark.parametrize("question", ["?!...,;:!!??", "x" * 1001])
def test_wordless_or_long_question_remedy_ask_in_words(use_bundled: Path, question: str, capsys) -> None:
    assert main(["ask", question]) == 2
    listed_in(error_line(capsys), "### Answers, app and model")
    assert main(["ask", SIBERIA, "--json"]) == 0  # remedy: a question in words, within the limit
    assert json.loads(capsys.readouterr().out)["citations"]


@pytest.mark.parametrize("damage", ["gen_file", "catalogue"])
def test_damaged_index_file_remedy_rebuild(use_bundled: Path, tmp_path: Path, monkeypatch, capsys,
                                           damage: str) -> None:
    from .conftest import CORPUS

    index = tmp_path / "copy"
    shutil.copytree(use_bundled, index)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index))
    if damage == "gen_file":
        (next(index.glob("gen_*")) / "token_sets.npz").write_bytes(b"PK\x03\x04 cut short")
    else:
        (index / "chroma" / "chroma.sqlite3").write_bytes(b"garbage " * 512)
    assert main(["ask", SIBERIA]) == 2
    message = error_line(capsys)
    assert "internal error" not in message and "ingest --rebuild" in message
    listed_in(message, "### Index and ingest")
    assert main(["ingest", "--rebuild", str(CORPUS)]) == 0  # remedy
    capsys.readouterr()
    assert main(["ask", SIBERIA, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["citations"]
    assert len(list(index.glob("chroma.damaged-*"))) == (damage == "catalogue"), "kept aside, not deleted"


def _cli(index: Path, *args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(index)}
    env.pop("PYTEST_CURRENT_TEST", None)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "assistant", *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=index.parent)


def test_locked_index_remedy_stop_the_other_process(use_bundled: Path, tmp_path: Path) -> None:
    index = tmp_path / "copy"
    shutil.copytree(use_bundled, index)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\ndb = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "db.execute('BEGIN EXCLUSIVE')\nprint('locked', flush=True)\ntime.sleep(120)\n",
         str(index / "chroma" / "chroma.sqlite3")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        result = _cli(index, "ask", SIBERIA)
        assert result.returncode == 2 and result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
        listed_in(result.stderr[len("error: "):], "### Answers, app and model")
    finally:
        holder.kill()  # remedy: the other process stops (or the ingest finishes)
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    again = _cli(index, "ask", SIBERIA, "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["citations"]


def test_damaged_wordfreq_data_remedy_reinstall(use_bundled: Path, tmp_path: Path) -> None:
    """A copy of the installed wordfreq package, first on the path, with its English list cut short:
    every question read it. Reinstalling (here: putting the file back) is the remedy."""
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    assert spec is not None and spec.submodule_search_locations
    installed = Path(next(iter(spec.submodule_search_locations)))
    site = tmp_path / "site"
    copy = site / "wordfreq"
    shutil.copytree(installed, copy, ignore=shutil.ignore_patterns("data"))
    (copy / "data").mkdir()
    for item in (installed / "data").iterdir():
        (copy / "data" / item.name).symlink_to(item)
    damaged = copy / "data" / "small_en.msgpack.gz"
    damaged.unlink()
    damaged.write_bytes((installed / "data" / "small_en.msgpack.gz").read_bytes()[:5000])

    result = _cli(use_bundled, "ask", SIBERIA, pythonpath=site)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert str(damaged) in result.stderr and "pip install --force-reinstall" in result.stderr
    listed_in(result.stderr[len("error: "):], "### Answers, app and model")

    damaged.unlink()  # remedy: reinstall (the package's own file again)
    shutil.copyfile(installed / "data" / "small_en.msgpack.gz", damaged)
    again = _cli(use_bundled, "ask", SIBERIA, "--json", pythonpath=site)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["citations"]
