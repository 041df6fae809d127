"""Fuzzing the two doors untrusted input comes through (issue 22), within a bounded time:

- the question path: any string up to the length limit gets an answer or a one-line refusal or
  error (an `AssistantError`), never a traceback;
- the file loaders: random bytes, truncated files and mixed encodings are loaded or skipped with
  a one-line reason (`ArticleFormatError`), never anything else.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.answer.chain import AnswerService
from assistant.cli import main
from assistant.core.errors import ArticleFormatError, AssistantError
from assistant.core.settings import Settings
from assistant.language.loaders import SUPPORTED_SUFFIXES, load_file

from .conftest import CORPUS

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
"""Bounded inside `make test`: a fixed set of 60 examples per test (derandomized, so a failure
reproduces), no per-example deadline on 2 busy cores."""

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u202e\u2066\u2069\u200e\u200f\u061c\u0301\u0336"
QUESTION_TEXT = st.one_of(
    st.text(max_size=1000),  # any Unicode (no lone surrogates: those come below)
    st.text(alphabet=st.sampled_from(INVISIBLE + "?!.,;: -–—\"'()[]{}<>#*_`~|\\/\t\n\x00\x1b"), max_size=1000),
    st.builds(lambda words, junk: junk.join(words),
              st.lists(st.sampled_from(["Who", "led", "Estonia", "trade", "2023", "Казахстан", "PRJ-1007",
                                        "Kerry", "-", "C5+1", "сколько", "?"]), max_size=30),
              st.sampled_from(["", " ", "\u200b", " \u202e", "\u0301 "])),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cs", "Co", "Cn", "So", "Mn"]), max_size=300),
)


@pytest.fixture(scope="module")
def service(bundled_index: Path, embedder: object) -> AnswerService:
    return AnswerService(Settings(index_dir=bundled_index), embedder=embedder)  # type: ignore[arg-type]


@FUZZ
@given(question=QUESTION_TEXT)
def test_any_question_gets_an_answer_or_one_line(service: AnswerService, question: str) -> None:
    try:
        answer = service.ask(question)
    except AssistantError as err:
        line = err.user_message()
        assert line and "\n" not in line
        return
    assert answer.refused or answer.citations
    assert answer.answer.strip()


@pytest.mark.parametrize("question", ["\udcff\udcfeWho led the delegation?", " - ", "--json", "-x Estonia"])
def test_odd_command_line_questions_get_an_answer_or_one_line(use_bundled: Path, question: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """What argv can carry: undecodable bytes (surrogate escapes), and questions that look like
    options once `--` says they are not."""
    code = main(["ask", "--json", "--", question])
    captured = capsys.readouterr()
    if code == 0:
        assert json.loads(captured.out)["question"]
    else:
        assert code == 2 and captured.err.startswith("error: ") and captured.err.count("\n") == 1


# -- the loaders ---------------------------------------------------------------------------------

def _real_file_bytes() -> list[bytes]:
    text = next(CORPUS.glob("*.txt")).read_text(encoding="utf-8")
    russian = "Министр иностранных дел Казахстана встретился с послом Эстонии в Астане.\n" * 5
    return [text.encode("utf-8"), text.encode("utf-16"), russian.encode("cp1251"), russian.encode("koi8_r"),
            json.dumps({"title": "Т", "text": russian}, ensure_ascii=False).encode("utf-8"),
            f"<html><head><meta charset='windows-1251'><title>T</title></head><body><p>{russian}</p></body>"
            "</html>".encode("cp1251", errors="replace")]


FILE_BYTES = st.one_of(
    st.binary(max_size=4000),
    st.builds(lambda data, cut: data[: max(0, int(len(data) * cut))],  # truncated anywhere (mid-character too)
              st.sampled_from(_real_file_bytes()), st.floats(0, 1)),
    st.builds(lambda parts: b"".join(parts), st.lists(st.sampled_from(_real_file_bytes()), min_size=2, max_size=4)),
    st.builds(lambda data, noise, at: data[:at] + noise + data[at:],  # mixed: real text with bytes spliced in
              st.sampled_from(_real_file_bytes()), st.binary(min_size=1, max_size=64), st.integers(0, 400)),
)


@FUZZ
@given(data=FILE_BYTES, suffix=st.sampled_from(SUPPORTED_SUFFIXES))
def test_any_file_is_loaded_or_skipped_with_a_one_line_reason(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzzed{suffix}"
    path.write_bytes(data)
    try:
        loaded = load_file(path)
    except ArticleFormatError as err:
        reason = str(err)
        assert reason.strip() and "\n" not in reason
        return
    assert loaded.encoding
    for article in loaded.articles:
        assert isinstance(article.text, str) and article.text.strip()
        assert "\x00" not in article.text


def test_a_folder_of_damaged_files_is_ingested_or_skipped_with_reasons(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The real ingest over such files: the good ones are indexed, each bad one is named once
    with a one-line reason, and the exit code says files were skipped."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    good = _real_file_bytes()
    (folder / "good.txt").write_bytes(good[0])
    (folder / "random.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "truncated.txt").write_bytes(good[1][:3])
    (folder / "mixed.html").write_bytes(good[5][:200] + b"\xff\xfe\x00\x00" + good[0][:300])
    (folder / "broken.json").write_bytes(good[4][: len(good[4]) // 2])
    code = main(["ingest", str(folder), "--json"])
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert code in (0, 3) and (code == 3) == bool(report["skipped"])
    skipped = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert "good.txt" not in skipped and report["articles"] >= 1
    assert {"random.txt", "broken.json"} <= set(skipped)
    for name, reason in skipped.items():
        assert reason.strip() and "\n" not in reason
        assert f"skipped {folder / name}: {reason}" in captured.err
