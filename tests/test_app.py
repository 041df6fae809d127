"""The Streamlit app, headless through AppTest, on real indexes."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.ui import answer_markdown, escape_markdown

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
    assert answer_markdown("Claim. [1]\n- Other [2]") == "Claim\\. **[1]**  \n\\- Other **[2]**"
