"""Country summaries and listings on the bundled corpus (offline, extractive)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from assistant.cli import main

from .conftest import CORPUS

US_ARTICLES = {"000_19ae565fc95b50e5.txt", "002_d2e43f08deb5a06a.txt", "004_5f9d832c174a2bb2.txt"}


def summary(capsys, *argv: str) -> dict:
    assert main(["summarize", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def check_cited(result: dict) -> None:
    numbers = {c["n"] for c in result["citations"]}
    used = {int(n) for n in re.findall(r"\[(\d+)\]", result["summary"])}
    assert used == numbers
    for items in result["themes"].values():
        assert all(item["n"] in numbers for item in items)


KEYS = ["country", "code", "mode", "articles", "coverage", "timeline", "undated", "themes", "summary", "citations"]
"""`assistant summarize --json`'s keys, in order (a contract: the API's /summarize returns the same)."""


def test_united_states_draws_on_all_three_us_articles(use_bundled: Path, capsys) -> None:
    result = summary(capsys, "United States")
    assert list(result) == KEYS and result["mode"] == "extractive" and result["country"] == "United States"
    assert list(result["coverage"]) == ["articles", "first_date", "last_date", "undated", "languages"]
    assert [list(e) for e in result["timeline"] + result["undated"]] == [["date", "text", "title", "n"]] * 3
    assert [list(a) for a in result["articles"]] == [["n", "article_id", "title", "date", "lang", "source"]] * 3
    assert result["code"] == "US" and {a["article_id"] for a in result["articles"]} == US_ARTICLES
    assert result["coverage"]["articles"] == 3 and result["coverage"]["languages"] == {"en": 2, "ru": 1}
    [event] = result["timeline"]
    assert event["date"] == "2015-11-02" and event["n"] == 1 and event["title"] == result["articles"][0]["title"]
    assert "Idrissov" in event["text"] and "Kerry" in event["text"], "the entry states who met whom"
    assert event["text"] in (CORPUS / "002_d2e43f08deb5a06a.txt").read_text(encoding="utf-8"), "quoted verbatim"
    assert len(result["undated"]) == 2 and all(u["date"] is None for u in result["undated"])
    check_cited(result)
    quotes = " ".join(c["quote"] for c in result["citations"])
    assert "Госдеп" in quotes and ("Kerry" in quotes or "U.S." in quotes)


@pytest.mark.parametrize("name, article", [
    ("Россия", "001_64f4749ce710b92a.txt"),
    ("Estonia", "003_13e68caafd3a2efa.txt#06"),
    ("Kenya", "003_13e68caafd3a2efa.txt#03"),
])
def test_other_countries_find_their_articles(use_bundled: Path, capsys, name: str, article: str) -> None:
    result = summary(capsys, name)
    assert article in {a["article_id"] for a in result["articles"]}
    check_cited(result)


def test_period_filter_and_absent_country(use_bundled: Path, capsys) -> None:
    result = summary(capsys, "US", "--since", "2016-01-01")
    assert result["articles"] == [] and "No articles" in result["summary"] and result["citations"] == []
    japan = summary(capsys, "Japan")
    assert japan["coverage"]["articles"] == 0 and "Japan" in japan["summary"]


def test_unknown_country_suggests_close_names(use_bundled: Path, capsys) -> None:
    assert main(["summarize", "Estnia"]) == 2
    assert "Did you mean: Estonia" in capsys.readouterr().err


def test_countries_lists_counts(use_bundled: Path, capsys) -> None:
    assert main(["countries", "--json"]) == 0
    rows = {r["code"]: r["articles"] for r in map(json.loads, capsys.readouterr().out.strip().splitlines())}
    assert rows["US"] == 3 and rows["EE"] == 1 and rows["RU"] == 1


def test_app_country_page_shows_the_summary(use_bundled: Path) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from .conftest import ROOT

    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    at._page_hash = next(h for h, i in at._registered_pages.items() if i.get("url_pathname") == "countries")
    at.run()
    at.selectbox[0].set_value("US").run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    quotes = "\n".join(h.proto.body for h in at.get("html") if "quote-list" in h.proto.body)
    assert "Timeline" in text and "<strong>2015-11-02</strong>" in quotes and '<span lang="en">' in quotes
    assert len([b for b in at.get("popover") if b.proto.popover.label.startswith("[")]) == 3  # source chips


def test_llm_summary_is_map_reduce_with_checked_citations(use_bundled: Path, capsys, monkeypatch) -> None:
    from .fake_openai import FakeOpenAI

    with FakeOpenAI() as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        result = summary(capsys, "United States")
        chat_requests = [r for r in fake.requests if r["path"].endswith("/chat/completions")]
        assert len(chat_requests) == 4  # three articles mapped, one reduce
        assert result["mode"] == "llm" and {a["article_id"] for a in result["articles"]} == US_ARTICLES
        assert list(result) == [*KEYS, "unsupported"], "the model's summary adds `unsupported`, last"
        assert result["timeline"][0]["date"] == "2015-11-02" and len(result["undated"]) == 2
        assert "[9]" not in result["summary"]
        assert any("Moon" in u for u in result["unsupported"])
        assert "Moon" not in result["summary"], "an unsupported sentence is struck from the briefing"
        assert "2015-11-02" in result["summary"].split("## Themes")[0]
        fake.mode = "429"
        fallback = summary(capsys, "United States")
        assert fallback["mode"] == "extractive" and "rate-limiting" in fallback["notice"]
        assert list(fallback) == [*KEYS, "unsupported", "notice"] and fallback["unsupported"] == []
        assert len(fallback["articles"]) == 3


def test_markdown_is_written_from_the_typed_record(use_bundled: Path, capsys) -> None:
    """The text (CLI, JSON `summary`) and the export are one renderer over the record's fields."""
    from assistant.answer.summary import summarize
    from assistant.app.export import summary_markdown_export
    from assistant.app.summary_render import summary_markdown, summary_object
    from assistant.core.settings import Settings
    from assistant.index.store import IndexStore
    from assistant.language.countries import resolve_country

    record = summarize(IndexStore(Settings()).current(), resolve_country("United States"))
    assert summary_object(record) == summary(capsys, "United States")
    text = summary_markdown(record)
    for event in record.timeline:
        assert f"- {event.date}: {event.text} [{event.n}]" in text
    for theme in record.themes:
        block = text.split(f"### {theme.name.capitalize()}\n", 1)[1].split("\n\n", 1)[0]
        assert block.splitlines() == [f"- {p.text} [{p.n}]" for p in theme.points]
    assert record.coverage.languages == {"en": 2, "ru": 1} and len(record.undated) == 2
    exported = summary_markdown_export(record)
    assert exported.startswith("# Kazakhstan – United States relations\n") and "## Sources" in exported
    assert "2015\\-11\\-02: " in exported, "the same document, its text escaped"


def test_the_offline_summary_loads_no_model_code(use_bundled: Path) -> None:
    """Troubleshooting: an import of `.llm`, `.summary_model` or `langchain_core.messages` crept
    into the offline path (assistant/answer/summary.py or what it imports)."""
    import subprocess
    import sys

    probe = ("import sys; from assistant.cli import main; code = main(['summarize', 'Estonia']);"
             "model = ('assistant.answer.llm', 'assistant.answer.summary_model', 'openai', 'langchain_openai');"
             "print('loaded:', [m for m in model if m in sys.modules], code, file=sys.stderr);"
             "import assistant.answer.summary_model;"
             "print('after:', [m for m in model if m in sys.modules], file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")})
    assert "Kazakhstan – Estonia relations" in run.stdout
    lines = run.stderr.strip().splitlines()
    assert "loaded: [] 0" in lines
    assert "after: ['assistant.answer.llm', 'assistant.answer.summary_model', 'openai', 'langchain_openai']" in lines, \
        "the probe sees the model stack once it is imported"


def test_a_summary_quotes_news_not_datelines_and_carries_where_the_relations_stand(tmp_path: Path) -> None:
    """Agency copy opens with a dateline and ends with credits; the timeline and themes quote the
    news after it, never the furniture. A sentence stating where the relations stand (a
    strategic partnership, diplomatic relations) is a brief's headline even when it does not name
    the partner, and is quoted before the partner's other sentences."""
    from types import SimpleNamespace
    from typing import cast

    from assistant.answer.summary import summarize
    from assistant.core.records import Article
    from assistant.index.record_tables import RECORDS_FILE, ArticleTable, RecordFile, write_records
    from assistant.index.store import Snapshot
    from assistant.language.countries import resolve_country

    text = ("ULAANBAATAR. MONTSAME – President Khurelsukh paid a state visit to Japan on Tuesday. "
            "He held talks with Japanese Prime Minister Fumio Kishida in Tokyo. "
            "Japan and Mongolia are close neighbours in Northeast Asia, the Japanese side noted. "
            "Japan supports the Ulaanbaatar Dialogue initiative on peace in the region. "
            "During the visit the two countries raised their relationship to a Special Strategic Partnership. "
            "Photo: Office of the President of Mongolia, all rights reserved.")
    article = Article(id="mn-jp.txt", title="State visit to Tokyo", text=text, source="mn-jp.txt",
                      date="2022-11-29", lang="en", countries=("MN", "JP"))
    write_records(tmp_path / RECORDS_FILE, [article], [], [])
    articles = ArticleTable(RecordFile(tmp_path))
    snapshot = cast("Snapshot", SimpleNamespace(articles=articles))  # all a summary reads of one
    result = summarize(snapshot, resolve_country("Japan"), home="MN")
    [event] = result.events
    assert event.text.startswith("President Khurelsukh paid a state visit"), event.text
    quotes = [point.text for theme in result.themes for point in theme.points]
    assert not any("MONTSAME" in q or q.startswith("Photo") for q in quotes), quotes
    assert any("Special Strategic Partnership" in q for q in quotes), quotes
    assert result.themes[0].name == "status of relations"


@pytest.mark.parametrize("sentence, status", [
    ("Kazakhstan and China are permanent comprehensive strategic partners.", True),
    ("Relations between the two countries have reached a new level since the visit.", True),
    ("Kazakhstan and Kenya established diplomatic ties in 1993.", True),
    ("Казахстан и Кения установили дипломатические отношения в 1993 году.", True),
    ("The Astana Film Festival named Halyk Bank its strategic partner for this year.", False),
    ("Компания Samsung стала стратегическим партнером фестиваля.", False),
    ("Отношения с поставщиками вышли на новый уровень в этом году.", False),
    ("Public relations officers will upgrade the website next week.", False),
])
def test_the_status_of_relations_is_said_of_two_states(sentence: str, status: bool) -> None:
    from assistant.answer.summary import states_status

    assert states_status(sentence) is status


def test_the_status_pattern_reads_a_hostile_sentence_in_linear_time() -> None:
    """'отношени' repeated made an unbounded \\w* before a bounded window backtrack quadratically."""
    import time

    from assistant.answer.summary import states_status

    started = time.perf_counter()
    for text in ("отношени" * 12_500, "стратегическ" * 8_000, "relations " * 10_000):
        states_status(text)
    assert time.perf_counter() - started < 5.0


def test_the_status_of_relations_with_the_partner_alone_named(use_bundled: Path, capsys) -> None:
    """A Kazakh MFA article writes "Diplomatic relations with Kenya were established on November
    15, 1993" (Kazakhstan implied): the summary left it out for sentences naming people. It names
    the partner, so in Kenya's summary it is where the relations stand."""
    from assistant.answer.summary import states_status

    assert states_status("Diplomatic relations with Kenya were established in 1993.", partner="KE")
    assert not states_status("Diplomatic relations with Kenya were established in 1993.", partner="PT")
    result = summary(capsys, "Kenya")
    assert [p["text"] for p in result["themes"]["status of relations"]] == [
        "Diplomatic relations with Kenya were established on November 15, 1993."], result["themes"]


def test_bilateral_figures_and_themes_by_whole_word(use_bundled: Path, capsys) -> None:
    """"Bilateral trade turnover in 2023 amounted to 50.5 million US dollars" does not name Portugal
    but is the pair's trade, in an article about the pair; "сер" (sulphur) no longer files "Серик
    Жумангарин вручил…" under energy."""
    portugal = summary(capsys, "Portugal")
    trade = [p["text"] for p in portugal["themes"].get("trade and investment figures", [])]
    assert any(t.startswith("Bilateral trade turnover in 2023 amounted to 50.5 million") for t in trade), trade
    russia = summary(capsys, "Russia")
    energy = [p["text"] for p in russia["themes"].get("energy and resources", [])]
    assert not any("Серик" in t for t in energy), energy


def test_a_bullet_that_announces_a_quote_takes_it_along(use_bundled: Path, capsys) -> None:
    """"…опыт российских наукоградов … представляет особый интерес для Казахстана:" was quoted
    alone, ending in a colon; the quote it announces follows it now, on the bullet's one line."""
    russia = summary(capsys, "Russia")
    points = [p["text"] for items in russia["themes"].values() for p in items]
    assert not any(p.rstrip().endswith(":") for p in points), points
    joined = next(p for p in points if "Кольцово и Академгородок" in p)
    assert "для Казахстана: «Это уникальные примеры" in joined and "\n" not in joined, joined
