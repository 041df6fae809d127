"""The app's own modules without a browser: the chat store, the first screen's scope line and
examples (asked for real against the bundled index), the source reader's HTML, copy text,
plain-language errors and feedback reasons."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from assistant.app.chats import ChatStore, chat_title, new_chat_id, new_profile_id, valid_chat_id, valid_profile
from assistant.app.html_parts import (
    HIGHLIGHT_BACKGROUND,
    HIGHLIGHT_TEXT,
    PAGE_BACKGROUND,
    article_html,
    contrast,
    quote_html,
)
from assistant.app.scope import example_questions, follow_ups, scope_line
from assistant.app.ui import plain_words
from assistant.core.records import Article


def test_chats_are_kept_per_profile_and_never_shown_to_another(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "chats.sqlite3")
    mine, theirs, chat = new_profile_id(), new_profile_id(), new_chat_id()
    messages: list[dict[str, Any]] = [{"role": "user", "content": "What did Kazakhstan and Estonia discuss?"},
                {"role": "assistant", "content": "Trade [1].", "citations": [{"n": 1, "title": "T"}]}]
    store.save(mine, chat, messages)
    assert store.load(mine, chat) == messages
    assert [c.title for c in store.chats(mine)] == ["What did Kazakhstan and Estonia discuss?"]
    assert store.load(theirs, chat) is None and store.chats(theirs) == []  # a shared chat id opens nothing
    assert not store.rename(theirs, chat, "stolen") and not store.delete(theirs, chat)
    assert store.rename(mine, chat, "  Estonia   trade ") and store.chats(mine)[0].title == "Estonia trade"
    store.save(mine, chat, messages + [{"role": "user", "content": "And Kenya?"}])
    assert store.chats(mine)[0].title == "Estonia trade"  # a rename survives later answers
    assert len(store.load(mine, chat) or []) == 3
    assert store.delete(mine, chat) and store.load(mine, chat) is None
    with sqlite3.connect(tmp_path / "chats.sqlite3") as db:  # deleted from the file, not hidden
        assert db.execute("SELECT COUNT(*) FROM chats").fetchone()[0] == 0


def test_profile_and_chat_ids_are_checked() -> None:
    assert valid_profile(new_profile_id()) and valid_chat_id(new_chat_id())
    for bad in ("", "x" * 32, "../../etc/passwd", None, 42, "ABCDEF0123456789ABCDEF0123456789"):
        assert valid_profile(bad) is None and valid_chat_id(bad) is None
    assert chat_title("word " * 40).endswith("…") and len(chat_title("word " * 40)) <= 81


def article(lang: str, date: str | None, countries: tuple[str, ...] = (), title: str = "t") -> Article:
    return Article(id=title, title=title, text="x", source="s.txt", date=date, lang=lang, countries=countries)


def test_scope_line_says_how_many_articles_languages_and_period() -> None:
    assert scope_line([]) == "No articles yet."
    assert scope_line([article("en", None)]) == "1 article in English (1 undated)"
    items = [article("en", "2015-11-02"), article("en", "2024-03-07"), article("ru", None)]
    assert scope_line(items) == "3 articles in English (2) and Russian (1), 2015–2024 (1 undated)"


def test_examples_are_answered_and_include_russian_and_cross_language(use_bundled: Path) -> None:
    from assistant.answer.chain import build_service
    from assistant.core.settings import Settings

    service = build_service(Settings())
    snapshot = service.store.current()
    asked: list[str] = []

    def cited(question: str) -> list[str] | None:
        asked.append(question)
        answer = service.ask(question)
        return None if answer.refused else [c.lang for c in answer.citations]

    examples = example_questions(list(snapshot.articles.values()), "KZ", cited)
    assert 4 <= len(examples) <= 6 and len(asked) <= 40
    for example in examples:  # every example shown is one the answerer answers
        assert not service.ask(example.question).refused, example
    assert any(e.lang == "ru" and not e.note for e in examples)  # Russian, answered from Russian articles
    crossing = [e for e in examples if e.note.startswith("answered from")]
    assert crossing and all(e.lang not in (cited(e.question) or [e.lang]) for e in crossing)
    nexts = follow_ups(examples[0].question, list(snapshot.articles.values())[:3], examples, "en", "KZ")
    assert 2 <= len(nexts) <= 3 and examples[0].question not in nexts


def test_article_html_escapes_everything_and_highlights_strongly() -> None:
    hostile = 'Intro <img src=x onerror="alert(1)">\nThe <b>passage</b> & more\nOutro <script>x()</script>'
    start = hostile.index("The")
    html = article_html(hostile, start, hostile.index("\nOutro"), "ru")
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html and "&lt;script&gt;" in html
    assert html.startswith('<div lang="ru"')
    passage = html.split('class="cited-passage"', 1)[1].split("</mark>", 1)[0]
    assert "&lt;b&gt;passage&lt;/b&gt; &amp; more" in passage and "Intro" not in passage
    assert contrast(HIGHLIGHT_BACKGROUND, PAGE_BACKGROUND) >= 3  # the passage stands out from the page
    assert contrast(HIGHLIGHT_TEXT, HIGHLIGHT_BACKGROUND) >= 4.5  # and reads on its background
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert 'lang="' not in quote_html("<i>q</i>", 'x" onload="y') and "&lt;i&gt;" in quote_html("<i>q</i>", "en")


def test_copy_text_has_the_answer_and_its_sources_without_control_characters() -> None:
    from assistant.app.chat import copy_text

    message = {"content": "Trade grew \x1b[31m[1].", "citations": [
        {"n": 1, "title": "Kazakhstan and\nEstonia \u202eReaffirm", "date": None, "lang": "ru", "source": "a.txt",
         "quote": "Trade   grew."}]}
    text = copy_text(message)
    assert text == ("Trade grew [31m[1].\n\nSources:\n[1] Kazakhstan and Estonia Reaffirm (undated, Russian) — a.txt\n"
                    "    “Trade grew.”")
    moved = copy_text({**message, "repointed": ["Trade\ngrew \u202eby 29%."]})
    assert moved.startswith("Trade grew [31m[1].\n\nCited to the source that states it (the model cited another):\n"
                            "- Trade grew by 29%.\n\nSources:"), moved


def test_messages_name_no_settings() -> None:
    line = ("Your question is too long (5000 characters; the limit is 1000). "
            "Shorten it (ASSISTANT_MAX_QUESTION_CHARS sets the limit).")
    assert plain_words(line) == "Your question is too long (5000 characters; the limit is 1000). Shorten it."
    assert plain_words("Cannot reach the store. Set CHROMA_HOST to a server.") == "Cannot reach the store."
    assert plain_words("OPENAI_API_KEY is missing.") == "Something went wrong; please try again."


def test_feedback_keeps_a_reason_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    from assistant.app.feedback import record_feedback

    path = tmp_path / "f.jsonl"
    record_feedback(path, question="q", answer="a", citations=[], rating="down", mode="extractive",
                    reason="wrong-language", answer_id="abc")
    assert json.loads(path.read_text(encoding="utf-8"))["reason"] == "wrong-language"
    with pytest.raises(ValueError):
        record_feedback(path, question="q", answer="a", citations=[], rating="down", mode="extractive", reason="x")


def test_evaluation_page_words() -> None:
    from assistant.app.evaluation import config_line, failure_rows, plain_metric

    assert plain_metric("fact_recall") == "Facts found" and plain_metric("hit_rate_at_5") == "Hit rate at 5"
    assert config_line({"dataset": "/home/me/evals/seed.jsonl", "cases": 10}) == "dataset: seed.jsonl, cases: 10"
    rows = failure_rows([{"id": "q1", "kind": "fact", "question": "How much?", "expected": ["a.txt"],
                          "refused": False, "answer": "Ten [1]."},
                         {"id": "q2", "kind": "refusal", "question": "Who?", "expected": "refusal", "refused": True}],
                        [{"id": "q1", "key_facts": ["157.5 million"]}])
    assert rows[0]["expected"] == "cite: a.txt; facts: 157.5 million" and rows[0]["answer given"] == "Ten [1]."
    assert rows[1]["answer given"] == "(refused)"


def test_country_page_parts() -> None:
    from assistant.app.charts import partner_map
    from assistant.app.sources import short_title, strip_agency

    assert strip_agency("ASTANA. KAZINFORM – The minister met") == "The minister met"
    assert strip_agency("NATO Secretary General met") == "NATO Secretary General met"  # not an agency
    assert strip_agency("МОСКВА, ТАСС. Министр") == "Министр"
    assert strip_agency("ASTANA, June 25 – Kazakh and U.S. officials met") == "Kazakh and U.S. officials met"
    assert strip_agency("UN – a body") == "UN – a body" and strip_agency("ASTANA – ") == "ASTANA – "
    spec = partner_map([], chosen='EE"; alert(1); "').to_dict()
    assert spec["encoding"]["strokeWidth"]["condition"]["test"] == 'datum.code === "EE\\"; alert(1); \\""'
    assert short_title("Kazakhstan and Estonia Reaffirm Commitment to Strengthening Partnership") \
        == "Kazakhstan and Estonia Reaffirm…"


def test_answer_html_draws_each_citation_as_a_named_chip_with_its_card_and_escapes_everything() -> None:
    from html.parser import HTMLParser

    from assistant.app.answer_html import answer_html

    hostile = '"><img src=x onerror=alert(1)>\u202e'
    citations = [{"n": 1, "title": f"Trade {hostile}", "date": "2024-03-06", "lang": "en",
                  "quote": "<script>alert(1)</script> trade grew"},
                 {"n": 2, "title": "Визит", "date": None, "lang": "ru", "quote": "Визит состоялся."}]
    text = ("According to the articles:\n- Trade grew **29%** <b>x</b> [1]\n- Unsupported claim [2] [7]\n\n"
            "[link](javascript:alert(1)) ![i](http://e/i.png)")
    html = answer_html(text, citations, "cite-3", unsupported=["Unsupported claim"])

    tags: list[tuple[str, dict[str, str | None]]] = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: tags.append((tag, dict(attrs)))  # type: ignore[method-assign]
    parser.feed(html)
    assert {t for t, _ in tags} <= {"div", "p", "ul", "li", "span", "strong", "em", "br"}  # no img, script, a
    assert not any(k.startswith("on") or k in ("src", "href", "style") for _, a in tags for k in a)
    chips = [a for t, a in tags if a.get("class") == "cite-chip"]
    assert [(c["data-cite"], c["tabindex"], c["role"]) for c in chips] == [("1", "0", "button"), ("2", "0", "button")]
    assert chips[0]["aria-label"] == 'Source [1]: Trade "><img src=x onerror=alert(1)>'  # as text, no bidi
    cards = [a["id"] for t, a in tags if a.get("class") == "cite-card"]
    assert cards == [c["aria-describedby"] for c in chips] and len(set(cards)) == 2
    assert "[7]" in html  # a marker with no source stays plain text
    assert "&lt;script&gt;" in html and "<strong>29%</strong>" in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "2024-03-06 · English" in html and "undated · Russian" in html
    assert tags[0] == ("div", {"class": "cite-answer", "lang": "en", "data-cite-row": "cite-3-chips"})
    unsupported_line = html.split("Unsupported claim", 1)[1].split("</li>", 1)[0]
    assert "⚠️ unsupported" in unsupported_line and "⚠️" not in html.split("Unsupported claim", 1)[0]


@pytest.mark.parametrize("line", ["*a**" * 5000, " *a" * 6600, "**a " * 5000])
def test_answer_html_reads_a_line_of_unmatched_stars_once(line: str) -> None:
    """Emphasis markers a model (or an article it quotes) leaves open: each once made the emphasis
    patterns read the rest of the line again (3 s for the first line; 0.01 s now). The bound is
    generous so that a busy machine never trips it; the emphasis that closes is still drawn."""
    import time

    from assistant.app.answer_html import answer_html

    started = time.perf_counter()
    html = answer_html(f"**Trade** grew *fast* {line} [1]", [{"n": 1, "title": "t", "quote": "q"}], "k")
    assert time.perf_counter() - started < 2
    assert "<strong>Trade</strong> grew <em>fast</em>" in html


def test_answer_html_marks_a_russian_answer_and_the_lines_it_quotes_in_english() -> None:
    from assistant.app.answer_html import answer_html, script_lang

    citations = [{"n": 1, "title": "Estonia", "date": "2024-03-06", "lang": "en", "quote": "Trade grew."}]
    html = answer_html("Согласно статьям:\n- Trade grew by 29%. [1]\n- Товарооборот вырос. [1]", citations,
                       "cite-1", lang="ru")
    assert html.startswith('<div class="cite-answer" lang="ru"')
    assert '<li><span lang="en">Trade grew by 29%.' in html and "<li>Товарооборот вырос." in html
    assert script_lang("Visit of the delegation", "ru", ["kk", "en"]) == "en"
    assert script_lang("Визит делегации", "en", ["en", "kk"]) == "kk"  # the cited source's language
    assert script_lang("Визит делегации", "en", []) == "ru" and script_lang("2024", "ru", []) is None
