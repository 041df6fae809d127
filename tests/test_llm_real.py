"""LLM mode against a real model: llama.cpp's OpenAI-compatible server (`llama_cpp.server`) with
SmolLM2-135M-Instruct on 127.0.0.1. Run by `make test-llm` (marker `llm`, excluded from
`make test`), which installs the `llm` extra and fetches the model first.

Whatever the tiny model writes, the invariants must hold: an answer is either grounded (every
claim sentence carries a valid marker, every marker a citation, no unsupported sentence left in
the text), the model's refusal, or rejected with a verdict, a notice and the extractive answer.
No test asserts what the model says, but every test asserts that the model said something: the
session's server must first write a completion of its own (`local_llm.start_and_probe`), each
test needs at least one answer the model generated (`generated_chars` > 0), and "fallback: model
error" fails the suite. Otherwise a server that crashes on every request (a llama.cpp compiled
for the wrong CPU) would pass as a run of correct fallbacks.
"""

from __future__ import annotations

import collections
import importlib.util
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.answer.answers import MARKER, Answer, frame
from assistant.answer.chain import build_service
from assistant.answer.local_llm import LocalModelError, check_build, default_gguf, server_command, start_and_probe
from assistant.answer.verdict import echoed, is_claim
from assistant.cli import main
from assistant.core.settings import Settings
from assistant.core.text import split_sentences

from .conftest import answer_shown, free_port

pytestmark = pytest.mark.llm

QUESTIONS = [
    "What was the volume of trade between Kazakhstan and Estonia in 2023?",
    "Who led the delegation of the Siberian Branch of the Russian Academy of Sciences?",
    "What did Kazakhstan and the United States discuss?",
    "Каков был объём торговли между Казахстаном и Эстонией в 2023 году?",
    "Кто возглавлял делегацию Сибирского отделения Российской академии наук?",
    "What is the capital of Australia?",
]
VERDICTS: collections.Counter[str] = collections.Counter()


def gguf() -> Path:
    path = default_gguf(Settings())
    if not path.is_file():
        pytest.skip(f"{path} is missing: run `make test-llm` (it fetches the model)")
    return path


def start_server(port: int) -> subprocess.Popen[bytes]:
    """A real llama.cpp server that has already written one completion of its own: a server that
    starts but dies on its first request fails here, before any test can count a fallback."""
    if importlib.util.find_spec("llama_cpp") is None:  # not imported here: the server runs in its own process
        pytest.fail("llama-cpp-python is not installed: run `make test-llm` (it builds it)")
    # one thread: on a small machine shared with other work, OpenMP threads waiting on each other
    # made prompt evaluation several times slower
    try:
        proc, text = start_and_probe(server_command(gguf(), port, alias="smollm2", threads=1), port, "smollm2",
                                     quiet=True)
    except LocalModelError as err:
        pytest.fail(f"the real model never answered: {err}")
    assert text.strip(), "the probe returned the model's own text"
    return proc


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    port = free_port()
    proc = start_server(port)
    yield f"http://127.0.0.1:{port}/v1"
    proc.terminate()
    proc.wait(timeout=30)


def assert_generated(answers: list[dict[str, Any]]) -> None:
    """At least one of a test's answers holds text the model wrote itself (whatever its verdict)."""
    written = [a.get("generated_chars") for a in answers]
    assert any(n for n in written), f"the model wrote nothing for any question: {[a.get('verdict') for a in answers]}"


@pytest.fixture
def real(server: str, use_bundled: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("OPENAI_BASE_URL", server)
    monkeypatch.setenv("OPENAI_API_KEY", "local")
    monkeypatch.setenv("ASSISTANT_MODEL", "smollm2")
    monkeypatch.setenv("ASSISTANT_TOP_K", "3")  # a CPU-sized prompt: half the sources, half the wait
    # every test needs the model's own words: on a busy 2-core machine the first token of a long
    # prompt has taken over a minute, so the time limits here are wide (the budget test sets its own)
    monkeypatch.setenv("ASSISTANT_FIRST_TOKEN_TIMEOUT", "240")
    monkeypatch.setenv("ASSISTANT_TIME_BUDGET", "300")
    monkeypatch.setenv("ASSISTANT_REQUEST_TIMEOUT", "300")  # one non-streamed request (--json) gets as long
    return server


def assert_invariants(answer: dict[str, Any]) -> None:
    """Grounded, refused, or rejected with verdict + notice + extractive fallback; nothing else.
    A model error is a failure here: the real server must answer."""
    assert answer["verdict"] != "fallback: model error", answer.get("notice")
    assert isinstance(answer.get("generated_chars"), int), "an LLM-mode answer says how much the model wrote"
    VERDICTS[answer["verdict"].split(":")[0] if answer["verdict"].startswith("fallback") else answer["verdict"]] += 1
    cited = {c["n"] for c in answer["citations"]}
    assert {int(n) for n in MARKER.findall(answer["answer"])} == cited, \
        "every marker has a citation, every citation is used"
    if answer["verdict"] == "grounded":
        assert answer["mode"] == "llm" and not answer["refused"] and cited and "notice" not in answer
        assert not echoed(answer["answer"])
        lang = answer["lang"]
        for sentence in split_sentences(answer["answer"], lang):
            assert not is_claim(sentence.text) or MARKER.search(sentence.text), sentence.text
        for s in answer["unsupported"]:
            assert s not in answer["answer"], "an unsupported sentence is left in the text"
    elif answer["verdict"] == "refused":
        assert answer["refused"] and answer["mode"] == "llm" and not cited
    else:
        assert re.match(r"(rejected|fallback): \w", answer["verdict"]), answer["verdict"]
        assert answer["mode"] == "extractive"
        assert answer["notice"].endswith("Answered offline from the articles instead.")
        assert answer["refused"] or cited


@pytest.mark.parametrize("question", QUESTIONS)
def test_json_answers_are_grounded_or_rejected(real: str, capsys, question: str) -> None:
    assert main(["ask", question, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert_invariants(answer)
    assert_generated([answer])
    with capsys.disabled():
        print(f"\n  [{answer['verdict']}] {question[:60]} -> {answer['answer'][:100]!r}")


@pytest.mark.parametrize("question", QUESTIONS[:2] + QUESTIONS[3:4])
def test_streamed_answers_end_with_the_checked_answer(real: str, capsys, question: str) -> None:
    pieces = list(build_service().stream(question))
    final = pieces[-1]
    assert isinstance(final, Answer) and all(isinstance(p, str) for p in pieces[:-1])
    assert_invariants(final.to_json())
    assert_generated([final.to_json()])
    # the CLI's own run may be judged differently (a timeout on a busy machine): check its output alone
    assert main(["ask", question]) == 0
    out = capsys.readouterr().out
    # the sources header and the refusal are in the question's language (Sources: / Источники:)
    lang = final.lang if final.lang in ("en", "ru") else "en"
    sources, refusal = frame(lang, "sources") + ":", frame(lang, "refusal")
    if "was discarded" in out:
        tail = out.rsplit("was discarded", 1)[1]
        shown = tail.split("]", 1)[1]  # what follows the "[... was discarded ...]" line
        # the offline answer: cited (with its sources) or a refusal (no markers)
        assert "Answered offline" in shown and (sources in shown or not MARKER.search(shown)), shown
    elif "[checked answer" in out:
        tail = out.rsplit("[checked answer", 1)[1]
        assert (sources in tail or tail.startswith(": the model found no answer")) and not echoed(tail)
    else:  # grounded as streamed (sources follow), a refusal, or nothing streamed before a fallback
        assert sources in out or refusal in out


def test_app_shows_only_the_checked_answer(real: str) -> None:
    """Streamlit (AppTest) against the real model: whatever streamed, the chat ends on the checked
    answer: grounded with sources, the model's refusal, or the offline answer with the notice."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from assistant.app.ui import plain_text

    from .conftest import ROOT

    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300).run()
    assert any("smollm2" in plain_text(m.value) for m in at.sidebar.markdown)
    at.chat_input[0].set_value(QUESTIONS[1]).run()
    assert not at.exception
    shown = answer_shown(at.chat_message[1])  # the answer's text as it reads, each chip "[n]"
    notices = [plain_text(w.value) for w in at.chat_message[1].warning]
    sources = {int(m.group(1)) for b in at.chat_message[1].get("popover")  # the source chips
               if (m := re.match(r"\[(\d+)\]", b.proto.popover.label))}
    assert not echoed(shown)
    assert {int(n) for n in MARKER.findall(shown)} == sources, "every marker shown is a listed source, and back"
    if notices:  # rejected or failed: the offline answer, with the reason in one line
        assert len(notices) == 1 and "Answered offline" in notices[0], notices
    else:  # grounded (cited) or the model's own refusal, said in our words
        assert sources or frame("en", "refusal") in shown, shown
    st.cache_resource.clear()


def test_follow_up_is_condensed_or_falls_back(real: str) -> None:
    service = build_service()
    history = [("user", "What did Kazakhstan and Estonia discuss?"), ("assistant", "They discussed trade [1].")]
    query = service.standalone("And what was their trade in 2023?", history)
    assert query and "\n" not in query and not echoed(query) and len(query) <= 300
    fallback = "What did Kazakhstan and Estonia discuss? And what was their trade in 2023?"
    assert query == fallback or "<" not in query
    answer = service.ask("And what was their trade in 2023?", history=history)
    assert_invariants(answer.to_json())
    assert_generated([answer.to_json()])


def test_country_summary_completes(real: str, capsys) -> None:
    from assistant.answer.summary import summarize
    from assistant.index.store import IndexStore
    from assistant.language.countries import resolve_country

    assert main(["countries", "--json"]) == 0
    counts = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    snapshot = IndexStore(Settings()).current()
    # the least-covered partner that has an article about it (a partner only mentioned in passing has none)
    fewest = next(c for c in sorted(counts, key=lambda c: c["articles"]) if not c["home"] and c["articles"]
                  and summarize(snapshot, resolve_country(c["code"])).citations)
    assert main(["summarize", fewest["code"], "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["mode"] == "llm" or result["notice"].endswith("Summarised offline from the articles instead.")
    assert result["articles"] and result["summary"]
    used = {int(n) for n in MARKER.findall(result["summary"])}
    assert used <= {a["n"] for a in result["articles"]}


def test_tiny_time_budget_falls_back(real: str, capsys, monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_TIME_BUDGET", "0.05")
    assert main(["ask", QUESTIONS[0], "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["verdict"] == "fallback: time budget" and "time budget" in answer["notice"]
    assert_invariants(answer)
    assert main(["ask", QUESTIONS[0]]) == 0
    out = capsys.readouterr().out
    assert "0.05 s time budget" in out and "Answered offline" in out and "Sources:" in out


def test_server_killed_mid_stream_falls_back(use_bundled: Path, monkeypatch) -> None:
    port = free_port()
    proc = start_server(port)
    try:
        monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
        monkeypatch.setenv("OPENAI_API_KEY", "local")
        monkeypatch.setenv("ASSISTANT_TOP_K", "3")
        monkeypatch.setenv("ASSISTANT_MAX_TOKENS", "2000")  # long enough that the kill lands mid-answer
        pieces: list[str] = []
        final: Answer | None = None
        for piece in build_service().stream(QUESTIONS[0]):
            if isinstance(piece, Answer):
                final = piece
            else:
                pieces.append(piece)
                if len(pieces) == 1:
                    proc.kill()
        assert final is not None
        if not pieces:  # no text came (first-token timeout on a busy machine, or only prompt echo): no kill
            assert final.mode == "extractive" and final.notice, final.verdict
            return
        assert final.mode == "extractive" and final.verdict == "fallback: model error", final.verdict
        assert final.notice and "Answered offline" in final.notice and (final.citations or final.refused)
    finally:
        proc.kill()
        proc.wait(timeout=30)


def test_installed_build_is_portable() -> None:
    """The llama.cpp under test was compiled for the portable baseline (the Makefile's flags), not
    for this CPU: a native AVX-512/AMX build crashed on a Xeon."""
    info = check_build()
    assert "AVX2 = 1" in info and "AVX512" not in info.replace("AVX512 = 0", ""), info


def test_report_verdicts(capsys) -> None:
    """Prints how the real model's answers were judged (run last in this file)."""
    with capsys.disabled():
        print(f"\n  verdicts of the real model's answers: {dict(VERDICTS)}")
