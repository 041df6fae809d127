"""Issue 22: what an adversarial run found, each on real parts (the real CLI, a real index, a real
process holding the SQLite lock, the real exports and chart specs).

- work before validation: a 100,000-character question was embedded (170 s) before being refused;
- junk answered: punctuation, emoji or invisible characters got unrelated quotes;
- a false "not mentioned" for a code-like identifier (PRJ-1007) the top hit names;
- a hang while another process holds Chroma's SQLite catalogue locked;
- bidi controls in titles reaching the timeline tooltip and both summary exports; a timeline as
  tall as 28 px per article.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from assistant.app.charts import TIMELINE_AXIS_PX, TIMELINE_MAX_POINTS, TIMELINE_MAX_PX, timeline_chart, timeline_rows
from assistant.cli import main
from assistant.core.sanitize import BIDI_CONTROLS

from .conftest import ROOT, write_article

SIBERIA = "Who led the delegation of the Siberian Branch of the Russian Academy of Sciences?"
BIDI = "\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert err.startswith("error: ") and "\n" not in err, err
    assert not captured.out
    return err


# -- 1. validation before any costly work ------------------------------------------------------

def test_an_oversized_question_is_refused_before_any_embedding_or_index_load(
        use_bundled: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.index.embeddings import E5Embeddings
    from assistant.index.store import IndexStore

    calls: list[str] = []

    def spy(real: Any, name: str) -> Any:
        def counted(*a: Any, **k: Any) -> Any:
            calls.append(name)
            return real(*a, **k)
        return counted

    for cls, name in ((E5Embeddings, "embed_query_vector"), (E5Embeddings, "embed_passages"),
                      (IndexStore, "current")):
        real = getattr(cls, name)
        monkeypatch.setattr(cls, name, spy(real, name))
    for extra in ([], ["--json"]):
        assert main(["ask", "x" * 100_000, *extra]) == 2
        assert "100000 characters long; the limit is 1000" in one_error_line(capsys)
    time.sleep(0.2)  # an embedding thread, had one started, would have called by now
    assert calls == []


# -- 2. junk is refused with one line; invisible characters are removed, not answered ----------

JUNK = {
    "punctuation": "?!...,;:!!??",
    "emoji": "🤔🔥👀🙈",
    "bidi marks": "\u202e\u200f" * 500,
    "zero-width": "\u200b\u200c\u200d\u2060\ufeff" * 200,
    "combining": "\u0301\u0308\u0336" * 333,
}


@pytest.mark.parametrize("question", list(JUNK.values()), ids=list(JUNK))
def test_a_question_without_words_gets_one_line_asking_for_a_question(
        use_bundled: Path, capsys: pytest.CaptureFixture[str], question: str) -> None:
    assert main(["ask", question, "--json"]) == 2
    line = one_error_line(capsys)
    assert "Ask a question about the articles" in line or "The question is empty" in line


def test_a_question_broken_up_by_zero_width_spaces_is_answered_as_the_clean_question(
        use_bundled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = "\u200b".join(SIBERIA[:20]) + "\u2060" + SIBERIA[20:].replace(" ", " \u200d")
    assert main(["ask", broken, "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert main(["ask", SIBERIA, "--json"]) == 0
    clean = json.loads(capsys.readouterr().out)
    assert got["question"] == SIBERIA
    assert not got["refused"] and got["answer"] == clean["answer"]
    assert [c["article_id"] for c in got["citations"]] == [c["article_id"] for c in clean["citations"]]


def test_the_app_refuses_junk_with_one_line_and_keeps_the_chat_clean(use_bundled: Path) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    at.chat_input[0].set_value("?!...,;:!!??").run()
    assert not at.exception
    assert at.error and "Ask a question about the articles" in at.error[0].value
    assert not at.chat_message  # nothing was appended, nothing answered


# -- 3. a code-like identifier is matched as written -------------------------------------------

@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Path:
    """Two articles: one names project PRJ-1007, one has a title full of bidi controls."""
    from assistant.core.settings import Settings
    from assistant.index.ingest import ingest
    from assistant.index.store import IndexStore
    from assistant.language.countries import tag_article

    root = tmp_path_factory.mktemp("adversarial")
    corpus = root / "corpus"
    write_article(corpus, "projects.txt",
                  "Research projects in Astana\nProject PRJ-1007 is led by Aigerim Nurlanova, a chemist at "
                  "Nazarbayev University. Project PRJ-2210 studies water management in the Aral Sea basin.\n")
    write_article(corpus, "estonia.md",
                  f"---\ntitle: Estonia {BIDI}talks{BIDI[0]} in Tallinn\ndate: 2023-05-04\n---\n"
                  "Kazakhstan and Estonia discussed digital government and trade in Tallinn.\n")
    settings = Settings(index_dir=root / "index", corpus_dir=corpus)
    report = ingest(IndexStore(settings, embedder), embedder, tagger=tag_article)
    assert not report.skipped
    return root / "index"


def test_an_identifier_the_top_hit_names_is_not_reported_missing(
        small_index: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(small_index))
    assert main(["ask", "Who leads project PRJ-1007?", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert not answer["refused"], answer["answer"]
    assert "Nurlanova" in answer["answer"] and answer["citations"][0]["source"] == "projects.txt"
    # and one the articles do not name is still refused, by that name
    assert main(["ask", "Who leads project PRJ-1008?", "--json"]) == 0
    missing = json.loads(capsys.readouterr().out)
    assert missing["refused"] and "PRJ-1008" in missing["answer"]


# -- 4. a locked catalogue: bounded wait, one line, then the remedy works ----------------------

@pytest.fixture
def locked_catalogue(bundled_index: Path, tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """A copy of the bundled index whose chroma.sqlite3 another process holds under BEGIN EXCLUSIVE."""
    index = tmp_path / "locked-index"
    shutil.copytree(bundled_index, index)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "db.execute('BEGIN EXCLUSIVE')\nprint('locked', flush=True)\ntime.sleep(120)\n",
         str(index / "chroma" / "chroma.sqlite3")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    yield index, holder
    holder.kill()
    holder.wait()
    holder.stdout.close()


def run_cli(index: Path, *args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(index)}
    env.pop("PYTEST_CURRENT_TEST", None)
    return subprocess.run([sys.executable, "-m", "assistant", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=index.parent)


def test_a_catalogue_locked_by_another_process_is_reported_not_waited_on(
        locked_catalogue: tuple[Path, subprocess.Popen[str]]) -> None:
    index, holder = locked_catalogue
    started = time.monotonic()
    result = run_cli(index, "ask", SIBERIA)  # hung without end before
    elapsed = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    line = result.stderr.strip()
    assert "\n" not in line and "locked by another process" in line and "Traceback" not in line
    assert "Wait for the running `assistant ingest` to finish" in line and "do not rebuild" in line
    assert elapsed < 60
    holder.kill()  # the remedy: the other process ends
    holder.wait()
    again = run_cli(index, "ask", SIBERIA, "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["citations"]


# -- 6. bidi controls never reach a display; the timeline is bounded ---------------------------

def test_bidi_controls_in_a_title_reach_no_tooltip_or_export(small_index: Path) -> None:
    from assistant.answer.summary import summarize
    from assistant.app.export import summary_json, summary_markdown_export
    from assistant.app.summary_render import summary_markdown, summary_object
    from assistant.core.settings import Settings
    from assistant.core.terminal import terminal_safe
    from assistant.index.store import IndexStore
    from assistant.language.countries import resolve_country

    snapshot = IndexStore(Settings(index_dir=small_index)).current()
    assert any(BIDI_CONTROLS.search(a.title) for a in snapshot.articles.values()), "the title is stored as written"
    result = summarize(snapshot, resolve_country("Estonia"))
    rows = timeline_rows(result)
    assert rows and all("talks in Tallinn" in r["source"] for r in rows)
    spec = json.dumps(timeline_chart(result).to_dict(), ensure_ascii=False)
    markdown = summary_markdown_export(result)
    exported = summary_json(result)
    for shown in (spec, markdown, exported, terminal_safe(summary_markdown(result))):
        assert not BIDI_CONTROLS.search(shown), shown
    assert "Estonia" in markdown and "\\u202e" in exported  # JSON keeps the data, escaped: it displays inert
    assert json.loads(exported) == summary_object(result)
    from assistant.answer.chain import AnswerService
    from assistant.app.ui import retrieval_rows

    answer = AnswerService(Settings(index_dir=small_index)).ask("What did Kazakhstan and Estonia discuss in Tallinn?")
    titles = [row["title"] for row in retrieval_rows(answer.hits)]  # the app's "Why this answer" table
    assert "Estonia talks in Tallinn" in titles and not any(BIDI_CONTROLS.search(t) for t in titles)


def test_a_timeline_of_two_thousand_articles_stays_a_few_hundred_pixels_high() -> None:
    from assistant.core.records import CountrySummary, SummaryEvent

    events = tuple(SummaryEvent(n=i + 1, date=f"20{10 + i % 14}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                text=f"Event {i}", title=f"Article {i}") for i in range(2000))
    result = CountrySummary(country="Estonia", code="EE", relation="Kazakhstan – Estonia", citations=(),
                            events=events, themes=())
    spec = timeline_chart(result).to_dict()
    values = spec["data"]["values"]
    assert spec["height"] <= TIMELINE_MAX_PX
    assert len(values) == TIMELINE_MAX_POINTS
    assert "300 of 2,000" in spec["title"] and "1,700" in spec["title"]
    latest = max(str(e.date) for e in events)
    assert any(v["date"] == latest for v in values), "the latest articles are the ones drawn"
    small = timeline_chart(replace(result, events=events[:5])).to_dict()
    assert small["height"] == 160 + TIMELINE_AXIS_PX and not small.get("title")  # rows, and room for the axis


def test_an_unknown_country_is_echoed_on_one_bounded_line(use_bundled: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["summarize", "Atlantis\n" * 20_000], ["ask", SIBERIA, "--country", "Atlantis\n" * 20_000]):
        assert main(argv) == 2
        line = one_error_line(capsys)
        assert "Unknown country or organisation 'Atlantis Atlantis" in line and len(line) < 400


def test_look_alike_letters_of_the_other_script_are_answered_as_the_clean_question(
        use_bundled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Cyrillic а/о/е/с inside English words (or Latin ones inside Russian words) are folded into
    the word's own script before anything is matched: the same answer as the clean question."""
    spoofed = SIBERIA.translate(str.maketrans("aoec", "аоес"))  # every a, o, e, c made Cyrillic
    assert spoofed != SIBERIA
    assert main(["ask", spoofed, "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert main(["ask", SIBERIA, "--json"]) == 0
    clean = json.loads(capsys.readouterr().out)
    assert got["question"] == SIBERIA and got["answer"] == clean["answer"]
