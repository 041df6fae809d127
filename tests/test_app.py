"""The Streamlit app, headless through AppTest, on real indexes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.app.ui import answer_markdown, escape_markdown, plain_text

from .conftest import ROOT, answer_html_of, write_article

APP = str(ROOT / "streamlit_app.py")


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    st.cache_resource.clear()  # cache_resource outlives AppTest runs in one process


@pytest.fixture(autouse=True)
def own_chats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_CHATS_PATH", str(tmp_path / "chats.sqlite3"))


def run_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120).run()


def open_page(at: AppTest, url_path: str) -> AppTest:
    """Switch to one of the st.navigation pages (callables: AppTest.switch_page wants files)."""
    at._page_hash = next(h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path)
    return at.run()


def chips(at: AppTest) -> list[str]:
    """The labels of the source chips (popovers that open a source's card)."""
    return [plain_text(b.proto.popover.label) for b in at.get("popover") if b.proto.popover.label.startswith("[")]


def test_chat_answers_with_source_chips(use_bundled: Path) -> None:
    at = run_app()
    assert not at.exception
    assert any("Offline extractive" in m.value for m in at.sidebar.markdown)
    assert plain_text(at.main.caption[0].value) == "13 articles in English (11) and Russian (2), 2015–2024 (3 undated)"
    assert not any("Constant CSS" in m.value for m in at.markdown)  # no stray text from the script
    at.chat_input[0].set_value("What was the volume of trade between Kazakhstan and Estonia in 2023?").run()
    assert not at.exception
    answer = answer_html_of(at.chat_message[1])
    assert "157.5 million" in answer and 'data-cite="1"' in answer  # [1] is a chip inside the text
    assert chips(at) == ["[1] Kazakhstan and Estonia Reaffirm…"]
    card = [b for b in at.get("popover") if b.proto.popover.label.startswith("[1]")][0]
    assert "157.5 million" in card.children[2].proto.body
    # history survives the rerun; a follow-up is answered too
    at.chat_input[0].set_value("And with Portugal?").run()
    assert len(at.chat_message) == 4


def test_app_builds_a_missing_index_with_progress(tmp_path: Path) -> None:
    write_article(tmp_path / "corpus", "a.txt", "Astana talks\nKazakhstan and Japan discussed trade in Astana.\n")
    at = run_app()
    assert not at.exception
    assert plain_text(at.main.caption[0].value) == "1 article in English (1 undated)"


def test_errors_are_one_line_not_tracebacks(use_bundled: Path) -> None:
    at = run_app()
    assert at.chat_input[0].proto.max_chars == 1000  # the limit shows while typing, and stops it there
    at.chat_input[0].set_value("\u202e \x00").run()
    assert not at.exception
    assert at.error and plain_text(at.error[0].value) == "The question is empty. Ask something about the articles."


def test_a_bad_setting_is_one_line_in_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_TOP_K", "abc")
    at = run_app()
    assert not at.exception
    assert at.error and "ASSISTANT_TOP_K" in plain_text(at.error[0].value)


def test_article_html_and_markdown_tricks_are_shown_as_text(tmp_path: Path) -> None:
    write_article(tmp_path / "corpus", "evil.txt",
                  "Kazakhstan and Narnia talk trade\nThe ministers of Kazakhstan and Narnia agreed on a trade "
                  "plan <script>alert('x')</script> and [click here](javascript:alert(1)) ![img](http://evil/x.png) "
                  "**bold** # heading.\n")
    at = run_app()
    at.chat_input[0].set_value("What did the ministers of Kazakhstan and Narnia agree on?").run()
    assert not at.exception
    rendered = answer_html_of(at.chat_message[1])
    assert "trade plan" in rendered
    assert "<script>" not in rendered and "<a " not in rendered and "<img" not in rendered and "href" not in rendered
    assert "&lt;script&gt;" in rendered and "[click here](javascript:alert(1))" in rendered  # shown as text


def test_escape_markdown_neutralises_links_images_and_html() -> None:
    text = "<b>x</b> [a](http://e) ![i](http://e/i.png) **s** `c` # h"
    escaped = escape_markdown(text)
    for raw in ("<b>", "[a](", "![i](", "**s**", "`c`"):
        assert raw not in escaped
    assert answer_markdown("Claim. [1]\n- Other [2]") == "Claim\\. **[1]**  \n- Other **[2]**"  # bullets kept


def test_why_this_answer_source_dialog_and_feedback_with_a_reason(use_bundled: Path, tmp_path: Path) -> None:
    at = run_app()
    at.chat_input[0].set_value("What was the volume of trade between Kazakhstan and Estonia in 2023?").run()
    why = [e for e in at.expander if e.label == "Why this answer"][0]
    rows = why.dataframe[0].value
    assert rows.iloc[0]["article"] == "003_13e68caafd3a2efa.txt#06" and "dense" in rows.iloc[0]["found by"]
    at.button(key="cite-1-open-1").click().run()
    assert not at.exception
    (article,) = [h.proto.body for h in at.get("html") if 'class="cited-passage"' in h.proto.body]
    passage = article.split('class="cited-passage"', 1)[1].split("</mark>", 1)[0]
    assert "157.5 million US dollars" in passage and article.startswith('<div lang="en"')
    at.feedback[0].set_value(1).run()
    lines = (tmp_path / "feedback.jsonl").read_text(encoding="utf-8").strip().splitlines()
    record = json.loads(lines[-1])
    assert record["rating"] == "up" and "Estonia" in record["question"]
    assert record["sources"][0]["article_id"] == "003_13e68caafd3a2efa.txt#06"
    at.feedback[0].set_value(0).run()
    at.pills(key="feedback-reason-1").set_value("source-does-not-say").run()
    records = [json.loads(line) for line in (tmp_path / "feedback.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records[-1]["rating"] == "down" and records[-1]["reason"] == "source-does-not-say"
    assert records[-1]["answer_id"] == record["answer_id"]  # the same answer's feedback, amended


def test_filters_restrict_the_sources_show_as_chips_and_go_in_the_url(use_bundled: Path) -> None:
    at = run_app()
    at.multiselect(key="f_languages").set_value(["ru"]).run()
    assert at.query_params["lang"] == "ru"
    assert [b.label for b in at.button if b.key and b.key.startswith("rm-")] == ["Language: Russian ✕"]
    question = "Who led the delegation of the Siberian Branch of the Russian Academy of Sciences?"
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    cards = [b for b in at.get("popover") if b.proto.popover.label.startswith("[")]
    assert cards and all(plain_text(b.children[1].value).endswith("· Russian") for b in cards)  # type: ignore[union-attr]
    at.button(key="rm-languages-ru").click().run()
    assert "lang" not in at.query_params and not [b for b in at.button if b.key and b.key.startswith("rm-")]


def test_a_refusal_under_a_filter_says_so_and_searches_all_articles(use_bundled: Path) -> None:
    at = run_app()
    at.multiselect(key="f_languages").set_value(["ru"]).run()
    at.chat_input[0].set_value("What was the volume of trade between Kazakhstan and Estonia in 2023?").run()
    assert "Only articles matching your filters were searched (Language: Russian)" in plain_text(at.info[0].value)
    at.button(key="search-all-1").click().run()
    assert not at.exception and len(at.chat_message) == 4
    assert "157.5 million" in answer_html_of(at.chat_message[3])
    assert at.query_params["lang"] == "ru"  # the filter stays for the next question


def test_corpus_page_lists_searches_and_rejects_a_bad_upload(use_bundled: Path, tmp_path: Path,
                                                             monkeypatch) -> None:
    at = run_app()
    open_page(at, "articles")
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
    open_page(at, "articles")
    at.file_uploader[0].upload("new.md", "# Kazakhstan and Chile\n\nThe ministers met in Santiago.\n".encode(),
                               "text/markdown").run()
    at.button[0].click().run()
    assert not at.exception and at.success
    assert plain_text(at.success[0].value).startswith("Added 1 article: “Kazakhstan and Chile”")
    assert (tmp_path / "corpus" / "new.md").exists()
    table = at.dataframe[0].value
    assert len(table) == 2 and table.iloc[0]["new"] == "new" and table.iloc[0]["title"] == "Kazakhstan and Chile"
    at.selectbox[0].set_value(table.iloc[1]["id"]).run()  # the reader
    assert any("Kazakhstan and Japan discussed trade" in h.proto.body for h in at.get("html"))


def chart_specs(at: AppTest) -> list[dict]:
    """Each chart's Vega-Lite spec, with its rows under data.values (Streamlit sends a table of
    flat rows apart, as Arrow)."""
    import pyarrow as pa

    specs = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        if "data" not in spec and chart.proto.data.data:
            spec["data"] = {"values": pa.ipc.open_stream(chart.proto.data.data).read_all().to_pylist()}
        specs.append(spec)
    return specs


def test_country_page_has_a_timeline_chart_and_coverage(use_bundled: Path) -> None:
    at = run_app()
    open_page(at, "countries")
    at.selectbox[0].set_value("EE").run()
    assert not at.exception
    assert [m.value for m in at.main.metric] == ["1", "1", "0"]
    assert any("Period: 2024-03-06 … 2024-03-06" in plain_text(c.value) for c in at.main.caption)
    timeline = [s for s in chart_specs(at) if s["mark"]["type"] == "point"][0]
    assert timeline["encoding"]["x"]["type"] == "temporal" and timeline["encoding"]["x"]["field"] == "at"
    assert timeline["params"][0]["name"] == "event"
    (point,) = timeline["data"]["values"]
    assert point["date"] == "2024-03-06" and point["source"].startswith("[1] Kazakhstan and Estonia")
    assert "Roman Vassilenko" in point["event"]


def test_country_page_leaves_out_the_home_country_and_opens_on_the_top_partner(use_bundled: Path) -> None:
    at = run_app()
    open_page(at, "countries")
    assert not at.exception
    box = at.selectbox[0]
    assert box.value == "US" and box.options[0] == "United Nations (6)"  # the best-covered country on the map
    assert at.query_params["partner"] == "US"
    assert not any(option.startswith("Kazakhstan") for option in box.options)
    at.selectbox[0].set_value("UN").run()
    # the list counts the articles that mention the partner; the summary covers those about it
    # (one of the six only mentions the UN in passing)
    assert [m.value for m in at.main.metric][0] == "5"
    world = [s for s in chart_specs(at) if s["mark"]["type"] == "geoshape"][0]
    assert world["params"][0]["name"] == "country" and world["params"][0]["select"]["fields"] == ["code"]
    counts = {f["properties"]["code"]: f["properties"]["articles"] for f in world["data"]["values"]}
    assert counts["US"] == 3 and counts["EE"] == 1 and counts["KZ"] == 0 and len(counts) > 150
    assert [f["properties"]["code"] for f in world["data"]["values"] if f["properties"]["role"] == "home country"] \
        == ["KZ"]
    assert any("Not on the map: United Nations (6)" in plain_text(c.value) for c in at.main.caption)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Export as Markdown", "Export as JSON"]


def test_home_country_is_a_setting(use_bundled: Path, monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_HOME_COUNTRY", "us")
    at = run_app()
    open_page(at, "countries")
    options = at.selectbox[0].options
    assert "Kazakhstan (13)" in options and not any(o.startswith("United States") for o in options)


def test_evaluation_page_shows_the_latest_report(use_bundled: Path, tmp_path: Path, monkeypatch) -> None:
    from evals.report import write_report

    monkeypatch.setenv("ASSISTANT_REPORTS_DIR", str(tmp_path / "reports"))
    at = run_app()
    open_page(at, "evaluation")
    assert "No evaluation report yet" in at.info[0].value
    write_report("reference", {"kind": "reference", "config": {"answerer": "extractive"},
                               "metrics": {"overall": {"fact_recall": 0.75}, "by_kind": {}}, "failures": []}, "# r")
    at.run()
    assert at.dataframe[0].value.iloc[0]["Facts found"] == 0.75  # plain metric names


def test_evaluation_runs_from_the_page_with_a_chart_of_headline_metrics(use_bundled: Path, tmp_path: Path,
                                                                        monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_REPORTS_DIR", str(tmp_path / "reports"))
    at = run_app()
    open_page(at, "evaluation")
    at.number_input(key="eval-limit").set_value(2).run()
    at.button(key="eval-run").click().run()
    assert not at.exception
    assert at.success and "Report written: reference-" in plain_text(at.success[0].value)
    (report,) = (tmp_path / "reports").glob("reference-*.json")
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["config"]["cases"] == 2
    at.run()  # the chart reads the reports folder on the next run
    (history,) = [s for s in chart_specs(at) if s["mark"]["type"] == "line"]
    charted = {row["metric"]: row["value"] for row in history["data"]["values"]}
    assert {"Facts found", "Right sources cited"} <= set(charted)  # refusal scores are NaN without refusal cases
    assert charted["Facts found"] == data["metrics"]["overall"]["fact_recall"]
    assert {row["questions"] for row in history["data"]["values"]} == {"2 questions"}
    assert history["encoding"]["detail"]["field"] == "questions"  # runs of other sets are other lines
    assert any(f"Failing questions ({len(data['failures'])})" in m.value for m in at.markdown)


def test_a_second_evaluation_is_refused_while_one_runs(use_bundled: Path, tmp_path: Path,
                                                       monkeypatch) -> None:
    from evals.runner import exclusive_run

    monkeypatch.setenv("ASSISTANT_REPORTS_DIR", str(tmp_path / "reports"))
    at = run_app()
    open_page(at, "evaluation")
    with exclusive_run(tmp_path / "reports"):  # another session's run, holding the process-wide lock
        at.run()
        assert any("An evaluation is running now" in i.value for i in at.info)
        at.button(key="eval-run").click().run()
    assert not at.exception
    assert at.warning and "already running" in plain_text(at.warning[0].value)
    assert not list((tmp_path / "reports").glob("reference-*.json"))


def test_chat_can_be_exported(use_bundled: Path) -> None:
    at = run_app()
    assert not at.get("download_button")
    at.chat_input[0].set_value("What was the volume of trade between Kazakhstan and Estonia in 2023?").run()
    assert [b.proto.label for b in at.sidebar.get("download_button")] == ["Export the chat (Markdown)"]
    assert any("Answered by offline quotes" in plain_text(c.value) for c in at.chat_message[1].caption)


def test_model_can_be_turned_off_per_chat_and_a_failure_shows_its_notice(use_bundled: Path, fake) -> None:
    at = run_app()
    assert any("Model: fake-model" in plain_text(m.value) for m in at.sidebar.markdown)
    at.chat_input[0].set_value("What was the volume of trade between Kazakhstan and Estonia in 2023?").run()
    assert not at.exception
    assert any("Answered by the model (fake-model)" in plain_text(c.value) for c in at.chat_message[1].caption)
    calls = len(fake.requests)
    at.sidebar.toggle(key="use_model").set_value(False).run()
    assert any("Offline extractive answers" in plain_text(m.value) for m in at.sidebar.markdown)
    at.chat_input[0].set_value("How much did Estonia invest in Kazakhstan?").run()
    assert any("Answered by offline quotes" in plain_text(c.value) for c in at.chat_message[3].caption)
    assert len(fake.requests) == calls, "the model was not asked"
    at.sidebar.toggle(key="use_model").set_value(True).run()
    fake.mode = "500"
    at.chat_input[0].set_value("What was the volume of trade between Kazakhstan and Estonia in 2023?").run()
    assert not at.exception
    notice = plain_text(at.chat_message[5].warning[0].value)
    assert "Answered offline from the articles instead" in notice


def test_password_gate(use_bundled: Path, monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_APP_PASSWORD", "open sesame")
    at = run_app()
    assert not at.main.caption and not at.chat_input
    at.text_input[0].set_value("wrong").run()
    assert at.error[0].value == "Wrong password." and not at.chat_input
    at.text_input[0].set_value("open sesame").run()
    assert at.chat_input and plain_text(at.main.caption[0].value).startswith("13 articles")


def test_country_summary_quotes_are_escaped_html_marked_with_their_language() -> None:
    from assistant.app.html_parts import quote_list_html
    from assistant.app.summary_render import app_summary
    from assistant.core.records import Citation, CountrySummary, SummaryEvent, SummaryPoint, SummaryTheme

    def cite(n: int, lang: str) -> Citation:
        return Citation(n=n, article_id=f"a{n}", source="a.txt", title="t", date="2024-01-02", lang=lang,
                        quote="q", start=0, end=1)

    summary = CountrySummary(
        country="Estonia", code="EE", relation="Kazakhstan – Estonia", citations=(cite(1, "en"), cite(2, "ru")),
        events=(SummaryEvent(n=1, date="2024-01-02", text="Talks <b>[x](http://e)</b>", title="t"),
                SummaryEvent(n=2, date=None, text="Переговоры\u202e прошли", title="t")),
        themes=(SummaryTheme("trade", (SummaryPoint("<img src=x onerror=alert(1)> grew", 1),
                                       SummaryPoint("Товарооборот вырос", 2))),))
    view = app_summary(summary)
    [theme] = view.themes
    assert view.empty is None and view.briefing is None and theme.name == "trade"
    timeline, undated, items = (quote_list_html(rows) for rows in (view.timeline, view.undated, theme.items))
    assert "<strong>2024-01-02</strong>" in timeline and "<strong>[1]</strong>" in timeline
    assert '<span lang="en">Talks &lt;b&gt;' in timeline and "<b>" not in timeline
    assert '<span lang="ru">Переговоры прошли</span> <strong>[2]</strong>' in undated, "bidi control dropped"
    assert "<img" not in items and '<span lang="ru">Товарооборот вырос</span>' in items
    assert app_summary(summary, str.upper).themes[0].items[1][1] == "ТОВАРООБОРОТ ВЫРОС", "tidied"
    assert app_summary(CountrySummary(country="Narnia", code="NA", relation="Kazakhstan – Narnia", citations=(),
                                      events=(), themes=())).empty


def test_evaluation_page_shows_the_bench_chart(use_bundled: Path, tmp_path: Path, monkeypatch) -> None:
    """A bench report gets its chart and table; the reference report stays the page's evaluation."""
    from evals.report import write_report

    monkeypatch.setenv("ASSISTANT_REPORTS_DIR", str(tmp_path / "reports"))
    write_report("reference", {"kind": "reference", "config": {"answerer": "extractive"},
                               "metrics": {"overall": {"fact_recall": 0.75}, "by_kind": {}}, "failures": []}, "# r")
    at = run_app()
    open_page(at, "evaluation")
    charts_before = len(at.get("arrow_vega_lite_chart")) + len(at.get("vega_lite_chart"))  # the metric history
    sizes = {str(n): {"passages": n, "ask_p50_ms": 30.0 + n / 1e4, "ask_p95_ms": 50.0, "retrieval_p50_ms": 20.0,
                      "answer_p50_ms": 5.0, "raw_embed_p50_ms": 25.0, "rss_after_load_mb": 300.0 + n / 100}
             for n in (1000, 10000)}
    write_report("bench", {"kind": "bench", "config": {}, "sizes": sizes, "once": {},
                           "targets": [{"target": "t", "value": 1.0, "limit": 2.0, "met": True}]}, "# b")
    at.run()
    assert not at.exception
    assert len(at.get("arrow_vega_lite_chart")) + len(at.get("vega_lite_chart")) == charts_before + 1
    assert any(s.value == "Scale benchmark" for s in at.subheader)
    tables = [d.value for d in at.dataframe]
    assert any("passages" in t.columns and list(t["passages"]) == [1000, 10000] for t in tables)
    assert any("Facts found" in t.columns and t.iloc[0]["Facts found"] == 0.75 for t in tables)


def test_a_model_summary_is_not_recomputed_on_every_rerun(use_bundled: Path, fake) -> None:
    at = run_app()
    open_page(at, "countries")
    at.selectbox[0].set_value("EE").run()
    assert not at.exception
    asked = len(fake.requests)
    assert asked >= 2  # map (one article) and reduce
    at.run()  # what a click on the map or the timeline does
    assert len(fake.requests) == asked
    at.sidebar.toggle(key="use_model").set_value(False).run()  # model off: the offline summary
    assert len(fake.requests) == asked and not at.exception
