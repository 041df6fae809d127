"""The Streamlit app, headless through AppTest, on real indexes."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.ui import answer_markdown, escape_markdown, plain_text

from .conftest import ROOT, write_article

APP = str(ROOT / "streamlit_app.py")


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    st.cache_resource.clear()  # cache_resource outlives AppTest runs in one process


def run_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120).run()


def test_chat_answers_with_expandable_sources(use_bundled: Path) -> None:
    at = run_app()
    assert not at.exception
    assert any("Offline extractive" in m.value for m in at.sidebar.markdown)
    assert at.sidebar.metric[0].value == "13"
    at.chat_input[0].set_value("What was the volume of trade between Kazakhstan and Estonia in 2023?").run()
    assert not at.exception
    answer = "\n".join(m.value for m in at.chat_message[1].markdown)
    assert "157\\.5" in answer and "**[1]**" in answer
    labels = [e.label for e in at.expander]
    assert any(label.startswith("[1] Kazakhstan and Estonia Reaffirm") for label in labels)
    assert any("157.5 million" in t.value for t in at.text)
    # history survives the rerun; a follow-up is answered too
    at.chat_input[0].set_value("And with Portugal?").run()
    assert len(at.chat_message) == 4


def test_app_builds_a_missing_index_with_progress(tmp_path: Path) -> None:
    write_article(tmp_path / "corpus", "a.txt", "Astana talks\nKazakhstan and Japan discussed trade in Astana.\n")
    at = run_app()
    assert not at.exception
    assert at.sidebar.metric[0].value == "1"


def test_errors_are_one_line_not_tracebacks(use_bundled: Path) -> None:
    at = run_app()
    at.chat_input[0].set_value("x" * 5000).run()
    assert not at.exception
    assert at.error and "limit is 1000" in at.error[0].value


def test_article_html_and_markdown_tricks_are_shown_as_text(tmp_path: Path) -> None:
    write_article(tmp_path / "corpus", "evil.txt",
                  "Kazakhstan and Narnia talk trade\nThe ministers of Kazakhstan and Narnia agreed on a trade "
                  "plan <script>alert('x')</script> and [click here](javascript:alert(1)) ![img](http://evil/x.png) "
                  "**bold** # heading.\n")
    at = run_app()
    at.chat_input[0].set_value("What did the ministers of Kazakhstan and Narnia agree on?").run()
    assert not at.exception
    rendered = "\n".join(m.value for m in at.chat_message[1].markdown)
    assert "trade plan" in rendered
    assert "<script>" not in rendered and "](javascript:" not in rendered and "![img](" not in rendered
    assert "\\<script\\>" in rendered


def test_escape_markdown_neutralises_links_images_and_html() -> None:
    text = "<b>x</b> [a](http://e) ![i](http://e/i.png) **s** `c` # h"
    escaped = escape_markdown(text)
    for raw in ("<b>", "[a](", "![i](", "**s**", "`c`"):
        assert raw not in escaped
    assert answer_markdown("Claim. [1]\n- Other [2]") == "Claim\\. **[1]**  \n- Other **[2]**"  # bullets kept


def test_why_this_answer_highlight_and_feedback(use_bundled: Path, tmp_path: Path) -> None:
    at = run_app()
    at.chat_input[0].set_value("What was the volume of trade between Kazakhstan and Estonia in 2023?").run()
    why = [e for e in at.expander if e.label == "Why this answer"][0]
    rows = why.dataframe[0].value
    assert rows.iloc[0]["article"] == "003_13e68caafd3a2efa.txt#06" and "dense" in rows.iloc[0]["found by"]
    at.toggle[0].set_value(True).run()
    highlighted = [m.value for m in at.markdown if ":orange-background[" in m.value]
    assert highlighted and "157\\.5" in highlighted[0].split(":orange-background[", 1)[1]
    at.feedback[0].set_value(1).run()
    lines = (tmp_path / "feedback.jsonl").read_text(encoding="utf-8").strip().splitlines()
    record = __import__("json").loads(lines[-1])
    assert record["rating"] == "up" and "Estonia" in record["question"]
    assert record["sources"][0]["article_id"] == "003_13e68caafd3a2efa.txt#06"


def test_sidebar_filters_restrict_the_sources(use_bundled: Path) -> None:
    at = run_app()
    at.sidebar.multiselect[1].set_value(["ru"]).run()
    question = "Who led the delegation of the Siberian Branch of the Russian Academy of Sciences?"
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    labels = [e.label for e in at.expander if e.label.startswith("[")]
    assert labels and all(label.endswith(", ru") for label in labels)


def test_corpus_page_lists_searches_and_rejects_a_bad_upload(use_bundled: Path, tmp_path: Path,
                                                             monkeypatch) -> None:  # type: ignore[no-untyped-def]
    at = run_app()
    at.sidebar.radio[0].set_value("Corpus").run()
    assert len(at.dataframe[0].value) == 13
    at.text_input[0].set_value("Kenya").run()
    assert list(at.dataframe[0].value["id"]) == ["003_13e68caafd3a2efa.txt#03"]
    at.file_uploader[0].upload("bad.jsonl", b"{not json", "application/json").run()
    at.button[0].click().run()
    assert at.error and "bad.jsonl" in plain_text(at.error[0].value) and "invalid JSON" in at.error[0].value
    assert "Nothing was changed" in at.info[0].value


def test_upload_adds_articles(tmp_path: Path) -> None:
    write_article(tmp_path / "corpus", "a.txt", "Astana talks\nKazakhstan and Japan discussed trade in Astana.\n")
    at = run_app()
    at.sidebar.radio[0].set_value("Corpus").run()
    at.file_uploader[0].upload("new.md", "# Kazakhstan and Chile\n\nThe ministers met in Santiago.\n".encode(),
                               "text/markdown").run()
    at.button[0].click().run()
    assert not at.exception and at.success and "1 added" in at.success[0].value
    assert (tmp_path / "corpus" / "new.md").exists()
    assert len(at.dataframe[0].value) == 2


def test_country_page_has_a_timeline_chart_and_coverage(use_bundled: Path) -> None:
    at = run_app()
    at.sidebar.radio[0].set_value("Country").run()
    at.selectbox[0].set_value("Estonia (1)").run()
    assert not at.exception
    assert [m.value for m in at.main.metric] == ["1", "1", "0"]
    assert any("Period: 2024-03-06 … 2024-03-06" in plain_text(c.value) for c in at.main.caption)
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def test_evaluation_page_shows_the_latest_report(use_bundled: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from evals.report import write_report

    monkeypatch.setenv("ASSISTANT_REPORTS_DIR", str(tmp_path / "reports"))
    at = run_app()
    at.sidebar.radio[0].set_value("Evaluation").run()
    assert "No evaluation report yet" in at.info[0].value
    write_report("reference", {"kind": "reference", "config": {"answerer": "extractive"},
                               "metrics": {"overall": {"fact_recall": 0.75}, "by_kind": {}}, "failures": []}, "# r")
    at.run()
    assert at.dataframe[0].value.iloc[0]["fact_recall"] == 0.75


def test_password_gate(use_bundled: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ASSISTANT_APP_PASSWORD", "open sesame")
    at = run_app()
    assert not at.sidebar.metric and not at.chat_input
    at.text_input[0].set_value("wrong").run()
    assert at.error[0].value == "Wrong password." and not at.chat_input
    at.text_input[0].set_value("open sesame").run()
    assert at.chat_input and at.sidebar.metric[0].value == "13"


def test_country_summary_markdown_is_structured_and_escaped() -> None:
    from assistant.ui import summary_markdown

    result = {"articles": [{"n": 1}], "mode": "extractive", "summary": "", "undated": [],
              "timeline": [{"date": "2024-01-02", "text": "Talks <b>[x](http://e)</b>", "n": 1}],
              "themes": {"trade": [{"text": "![i](http://e/i.png) grew", "n": 1}]}}
    text = summary_markdown(result)
    assert "#### Timeline" in text and "**Trade**" in text and "**[1]**" in text
    assert "<b>" not in text and "](http" not in text and "![i]" not in text


def test_evaluation_page_shows_the_bench_chart(use_bundled: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A bench report gets its chart and table; the reference report stays the page's evaluation."""
    from evals.report import write_report

    monkeypatch.setenv("ASSISTANT_REPORTS_DIR", str(tmp_path / "reports"))
    write_report("reference", {"kind": "reference", "config": {"answerer": "extractive"},
                               "metrics": {"overall": {"fact_recall": 0.75}, "by_kind": {}}, "failures": []}, "# r")
    at = run_app()
    at.sidebar.radio[0].set_value("Evaluation").run()
    assert not at.get("arrow_vega_lite_chart") and not at.get("vega_lite_chart")
    sizes = {str(n): {"passages": n, "ask_p50_ms": 30.0 + n / 1e4, "ask_p95_ms": 50.0, "retrieval_p50_ms": 20.0,
                      "answer_p50_ms": 5.0, "raw_embed_p50_ms": 25.0, "rss_after_load_mb": 300.0 + n / 100}
             for n in (1000, 10000)}
    write_report("bench", {"kind": "bench", "config": {}, "sizes": sizes, "once": {},
                           "targets": [{"target": "t", "value": 1.0, "limit": 2.0, "met": True}]}, "# b")
    at.run()
    assert not at.exception
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert any(s.value == "Scale benchmark" for s in at.subheader)
    tables = [d.value for d in at.dataframe]
    assert any("passages" in t.columns and list(t["passages"]) == [1000, 10000] for t in tables)
    assert any("fact_recall" in t.columns and t.iloc[0]["fact_recall"] == 0.75 for t in tables)
