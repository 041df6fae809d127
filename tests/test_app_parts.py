"""The app's new parts without Streamlit: exports, chart specs, map outlines, metrics history and
the evaluation lock. Hostile text must stay inert in every new surface (Markdown files, tooltips)."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from assistant.app.charts import partner_map, selected, timeline_chart, timeline_rows, tooltip_text
from assistant.app.export import conversation_markdown, summary_json, summary_markdown_export
from assistant.app.summary_render import summary_markdown
from assistant.app.ui import WORD_JOINER
from assistant.core.errors import EvaluationBusyError
from assistant.core.records import Citation, CountrySummary, SummaryEvent, SummaryPoint, SummaryTheme
from assistant.language.geo import map_features, world_outlines

BEACON = "http://127.0.0.1:9/x.png"
HOSTILE = (f"Talks ![img]({BEACON}) [link](javascript:alert(1)) <img src=\"{BEACON}\"> <script>x</script> "
           f"{BEACON} www.example.com a@b.example **bold** # heading\x1b[31m")


def rendered(markdown: str) -> str:
    """HTML as a CommonMark renderer (raw HTML allowed, as CommonMark has it) would make it."""
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)


def assert_inert(markdown: str) -> None:
    html = rendered(markdown)
    assert "<img" not in html and "<a " not in html and "<script" not in html, html
    assert BEACON not in markdown and "www.example.com" not in markdown  # bare URLs broken: no GFM auto-link


def conversation() -> list[dict]:
    citation = {"n": 1, "title": f"Title {HOSTILE}", "date": "2024-03-06", "lang": "en",
                "source": "evil ![f](http:\\\\127.0.0.1\\f.png).txt", "article_id": "a", "quote": f"Quote {HOSTILE}"}
    return [{"role": "user", "content": f"Question {HOSTILE}"},
            {"role": "assistant", "content": f"The answer **grain** [1]. {HOSTILE}", "citations": [citation],
             "unsupported": [], "repointed": [f"Moved {HOSTILE}"], "notice": f"Model failed {HOSTILE}",
             "mode": "llm"},
            {"role": "user", "content": "An interrupted question"}]


def test_conversation_export_numbers_its_sources_and_keeps_hostile_text_inert() -> None:
    text = conversation_markdown(conversation())
    assert_inert(text)
    html = rendered(text)
    assert "<strong>[1]</strong>" in html and "<strong>grain</strong>" in html  # the answer's own formatting
    assert "## Question 1" in text and "### Answer 1 (model)" in text and "#### Sources" in text
    assert "2024\\-03\\-06" in text and "file: evil" in text and "> Quote" in text
    assert "No answer: a new question was sent" in text
    assert "Cited to the source that states it" in text and "- Moved Talks" in text
    visible = html.replace(WORD_JOINER, "")
    assert "![img](http://127.0.0.1:9/x.png)" in visible  # shown as written, not loaded
    assert "\x1b" not in text  # no terminal control codes either (the file may be `cat`-ed)


def summary_result() -> CountrySummary:
    return CountrySummary(
        country="Narnia", code="NA", relation="Kazakhstan – Narnia",
        citations=(Citation(n=1, article_id="a", source="a.txt", title=HOSTILE, date="2024-01-02", lang="en",
                            quote=HOSTILE, start=0, end=1, url="http://127.0.0.1:9/a"),),
        events=(SummaryEvent(n=1, date="2024-01-02", text=HOSTILE, title=HOSTILE),),
        themes=(SummaryTheme("agreements", (SummaryPoint(HOSTILE, 1),)),))


def test_summary_exports_markdown_inert_and_json_as_the_cli_prints_it() -> None:
    result = summary_result()
    text = summary_markdown_export(result)
    assert_inert(text)
    assert text.startswith("# Kazakhstan – Narnia relations") and "## Timeline" in text and "## Sources" in text
    assert "### Agreements" in text and "2024\\-01\\-02" in text and "**[1]**" in text
    assert "\x1b" not in text
    data = json.loads(summary_json(result))
    assert list(data) == ["country", "code", "mode", "articles", "coverage", "timeline", "undated", "themes",
                          "summary", "citations"], "the --json contract: these keys, in this order"
    assert data["coverage"] == {"articles": 1, "first_date": "2024-01-02", "last_date": "2024-01-02", "undated": 0,
                                "languages": {"en": 1}}
    assert data["articles"] == [{"n": 1, "article_id": "a", "title": HOSTILE, "date": "2024-01-02", "lang": "en",
                                 "source": "a.txt"}]
    assert data["themes"] == {"agreements": [{"text": HOSTILE, "n": 1}]} and data["undated"] == []
    assert list(data["citations"][0]) == ["n", "article_id", "source", "title", "date", "lang", "quote", "start",
                                          "end"], "a summary's citation has no url in its JSON"
    assert data["summary"] == summary_markdown(result) and data["summary"].startswith("# Kazakhstan – Narnia")
    assert "\x1b" not in summary_json(result)  # control characters escaped, as `assistant summarize --json` does


def test_summary_json_is_the_cli_output(use_bundled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.answer.summary import summarize
    from assistant.cli import main
    from assistant.core.settings import Settings
    from assistant.index.store import IndexStore
    from assistant.language.countries import resolve_country

    assert main(["summarize", "Estonia", "--json"]) == 0
    printed = capsys.readouterr().out
    snapshot = IndexStore(Settings()).current()
    assert summary_json(summarize(snapshot, resolve_country("EE"))) == printed
    # the heading follows the home setting; no article of this corpus is about Russia and Estonia
    assert "Russia – Estonia relations" in summary_markdown(summarize(snapshot, resolve_country("EE"), home="RU"))


def test_tooltips_are_one_bounded_line_and_no_chart_has_image_or_href_channels() -> None:
    assert tooltip_text("a\x1b[31m\nb\u2028c") == "a [31m b c"
    assert len(tooltip_text("x" * 1000)) == 240
    result = summary_result()
    rows = timeline_rows(result)
    assert rows[0]["source"].startswith("[1] Talks") and "\x1b" not in rows[0]["event"]
    for chart in (timeline_chart(result), partner_map(map_features({"EE": 2}, {"EE": "Estonia"}))):
        spec = chart.to_dict()
        encodings = spec["encoding"]
        assert "href" not in encodings and "url" not in encodings
        fields = [t["field"] for t in encodings["tooltip"]]
        assert "image" not in fields  # vega-tooltip would show a field named `image` as a picture


def test_world_outlines_ship_with_the_package_and_cover_the_partners() -> None:
    outlines = world_outlines()
    assert len(outlines) > 150 and {"US", "RU", "CN", "EE", "KZ", "ZA", "PY"} <= set(outlines)
    features = map_features({"EE": 1, "UN": 6}, {"EE": "Estonia"}, home="KZ")
    by_code = {f["properties"]["code"]: f["properties"] for f in features}
    assert by_code["EE"] == {"code": "EE", "name": "Estonia", "articles": 1, "role": "partner"}
    assert by_code["KZ"]["role"] == "home country" and by_code["FR"]["role"] == ""
    assert not any(f["properties"]["code"] == "UN" for f in features)  # organisations have no outline


def test_outer_rings_run_clockwise_as_d3_expects() -> None:
    def area(ring: list[list[float]]) -> float:
        return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))

    for geometry in world_outlines().values():
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            assert area(polygon[0]) <= 0  # a counter-clockwise outer ring would paint the whole globe


def test_selected_reads_a_streamlit_chart_event() -> None:
    assert selected({"selection": {"country": [{"code": "US"}]}}, "country", "code") == "US"
    assert selected({"selection": {"country": {}}}, "country", "code") is None
    assert selected(None, "country", "code") is None


def test_headline_history_orders_reports_and_skips_unreadable_ones(tmp_path: Path) -> None:
    from evals.history import headline_history

    for stamp, recall in (("20260102-000000", 0.5), ("20260101-000000", 0.9)):
        (tmp_path / f"reference-{stamp}.json").write_text(json.dumps(
            {"metrics": {"overall": {"fact_recall": recall, "refusal_recall": float("nan")}}}), encoding="utf-8")
    (tmp_path / "reference-20260103-000000.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "xquad-20260101-000000.json").write_text("{}", encoding="utf-8")
    rows, skipped = headline_history(tmp_path)
    assert [(r["time"][:10], r["metric"], r["value"]) for r in rows] == [("2026-01-01", "fact_recall", 0.9),
                                                                       ("2026-01-02", "fact_recall", 0.5)]
    assert skipped == ["reference-20260103-000000.json"]


def test_evaluation_lock_refuses_a_second_run_from_another_thread(tmp_path: Path) -> None:
    from evals.runner import exclusive_run, is_running

    outcome: list[str] = []

    def second() -> None:
        try:
            with exclusive_run(tmp_path):
                outcome.append("ran")
        except EvaluationBusyError as err:
            outcome.append(err.user_message())

    with exclusive_run(tmp_path):
        assert is_running()
        thread = threading.Thread(target=second)
        thread.start()
        thread.join()
    assert not is_running()
    assert len(outcome) == 1 and "already running" in outcome[0]
    with exclusive_run(tmp_path):  # free again once the first run ended
        pass


def _dated(*dates: str) -> CountrySummary:
    events = tuple(SummaryEvent(n=i, date=d, text=f"Event {i}", title=f"Article {i}") for i, d in enumerate(dates, 1))
    return CountrySummary(country="Estonia", code="EE", relation="Kazakhstan – Estonia", citations=(), events=events,
                          themes=())


def _domain_days(spec: dict[str, Any]) -> tuple[str, str]:
    low, high = spec["encoding"]["x"]["scale"]["domain"]
    return tuple(f"{d['year']}-{d['month']:02d}-{d['date']:02d}" for d in (low, high))  # type: ignore[return-value]


def test_timeline_is_zoomed_to_the_datas_week_and_draws_same_week_articles_apart() -> None:
    from assistant.app.charts import timeline_window

    spec = timeline_chart(_dated("2015-11-02", "2024-03-05", "2024-03-06", "2024-03-07", "2024-03-07")).to_dict()
    low, high = _domain_days(spec)
    assert "2024-03-03" <= low < "2024-03-05" and "2024-03-07" < high <= "2024-03-09"  # not an 8-year axis
    points = spec["data"]["values"]
    assert len({(p["at"], p["n"]) for p in points}) == len(points) == 5  # no two on one spot
    assert len({p["at"] for p in points if p["side"] == "within"}) == 3  # the week's days apart on x
    (early,) = [p for p in points if p["side"] == "before"]
    assert early["date"] == "2015-11-02" and early["at"] == min(p["at"] for p in points)  # drawn at the edge
    assert "1 earlier article (2015-11-02)" in spec["title"]
    assert spec["encoding"]["x"]["axis"]["tickCount"]["interval"] == "day"  # one label per day, not per hour
    assert timeline_window(["2016-01-01", "2018-06-01", "2021-01-01", "2024-01-01"]) == ("2016-01-01", "2024-01-01")
    assert timeline_window(["2015-11-02", "2024-03-05"]) == ("2015-11-02", "2024-03-05")  # nothing to zoom to


def test_timeline_of_one_day_or_many_years_has_a_readable_axis() -> None:
    one = timeline_chart(_dated("2024-03-06")).to_dict()
    low, high = _domain_days(one)
    assert low < "2024-03-06" < high and not one["title"]  # one date: a day either side, not a zero-width axis
    years = timeline_chart(_dated("2016-05-01", "2019-01-01", "2024-03-06")).to_dict()
    assert _domain_days(years)[0] >= "2016-01-01" and years["encoding"]["x"]["axis"]["tickCount"]["interval"] == "year"
    assert all(p["side"] == "within" for p in years["data"]["values"])  # two against one: no zoom
    later = timeline_chart(_dated("2016-05-01", "2016-05-02", "2016-05-09", "2024-03-06")).to_dict()
    assert _domain_days(later)[1] < "2016-06-01" and "▶ 1 later article (2024-03-06)" in later["title"]
