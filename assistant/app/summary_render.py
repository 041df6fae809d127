"""A `CountrySummary` (assistant/core/records.py) written out, one renderer per output:

- `summary_markdown`: the Markdown document. As written (`safe=False`) it is the CLI's text and
  the `summary` field of the JSON; `safe=True` escapes every text from an article or a model
  (`escape_markdown` / `answer_markdown`) for the exported file.
- `summary_object`: the `assistant summarize --json` object, also `POST /summarize`'s body and
  the app's JSON download. A contract: the same keys, in the same order, with the same meaning.
- `app_summary`: the country page's parts (timeline, themes to fold, the model's briefing), read
  from the typed fields: quotes as rows with their article's language, the briefing safe Markdown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from ..core.records import Citation, CountrySummary, SummaryEvent, SummaryPoint, SummaryTheme
from .ui import answer_markdown, escape_markdown

THEMES_HEADING = "## Themes"


def _same(text: str) -> str:
    return text


def empty_line(summary: CountrySummary) -> str:
    """What a summary without articles says."""
    return (f"No articles in the corpus cover {summary.relation} relations"
            + (" in that period." if summary.period else "."))


def coverage_line(summary: CountrySummary) -> str:
    """"Coverage: 3 article(s), 2015-11-02 to 2015-11-02, 2 undated; languages: en 2, ru 1."."""
    coverage = summary.coverage
    period = f"{coverage.first_date} to {coverage.last_date}" if coverage.first_date else "undated"
    return (f"Coverage: {coverage.articles} article(s), {period}"
            + (f", {coverage.undated} undated" if coverage.undated and coverage.first_date else "")
            + "; languages: " + ", ".join(f"{k} {v}" for k, v in coverage.languages.items()) + ".")


def _markdown_parts(summary: CountrySummary, safe: bool) -> tuple[list[str], list[str]]:
    """(heading and coverage, timeline and themes) of a summary with articles."""
    text = escape_markdown if safe else _same

    def cite(n: int) -> str:
        return f"**[{n}]**" if safe else f"[{n}]"

    head = [f"# {text(summary.relation + ' relations')}", "", text(coverage_line(summary))]
    body = ["## Timeline"] + [f"- {text(e.date or '')}: {text(e.text)} {cite(e.n)}" for e in summary.timeline]
    if summary.undated:
        body += ["", "Undated:"] + [f"- {text(e.text)} {cite(e.n)}" for e in summary.undated]
    body += ["", THEMES_HEADING]
    if summary.briefing is not None:
        body += ["", answer_markdown(summary.briefing, list(summary.unsupported or ())) if safe else summary.briefing]
        return head, body
    for theme in summary.themes:
        body += ["", f"### {text(theme.name.capitalize())}"] + [f"- {text(p.text)} {cite(p.n)}" for p in theme.points]
    return head, body


def summary_markdown(summary: CountrySummary, safe: bool = False) -> str:
    """The summary as a Markdown document: heading, coverage, timeline, then the themes (the
    quoted sentences offline, the model's briefing in LLM mode)."""
    if not summary.citations:
        return escape_markdown(empty_line(summary)) if safe else empty_line(summary)
    head, body = _markdown_parts(summary, safe)
    return "\n".join([*head, "", *body])


def markdown_sections(summary: CountrySummary) -> tuple[list[str], list[str]]:
    """The safe document in two parts, for a file that puts a notice between them (export.py)."""
    if not summary.citations:
        return [escape_markdown(empty_line(summary))], []
    return _markdown_parts(summary, safe=True)


def _event(e: SummaryEvent) -> dict[str, Any]:
    return {"date": e.date, "text": e.text, "title": e.title, "n": e.n}


def citation_object(c: Citation) -> dict[str, Any]:
    """A summary's citation as the JSON has it: the answer's citation object without `url` (the
    summary's contract predates it)."""
    return {key: value for key, value in c.to_json().items() if key != "url"}


def summary_object(summary: CountrySummary, full: bool = False) -> dict[str, Any]:
    """`assistant summarize --json`: `unsupported` only when a model was asked, `notice` only
    when its briefing is missing. `full` appends what the typed record needs besides (`relation`;
    with a model, `briefing`, its text as written, also inside `summary`): `summary_from_object`
    reads it back."""
    result: dict[str, Any] = {
        "country": summary.country, "code": summary.code, "mode": summary.mode,
        "articles": [{"n": c.n, "article_id": c.article_id, "title": c.title, "date": c.date, "lang": c.lang,
                      "source": c.source} for c in summary.citations],
        "coverage": asdict(summary.coverage),
        "timeline": [_event(e) for e in summary.timeline], "undated": [_event(e) for e in summary.undated],
        "themes": {t.name: [{"text": p.text, "n": p.n} for p in t.points] for t in summary.themes},
        "summary": summary_markdown(summary),
        "citations": [citation_object(c) for c in summary.citations]}
    if summary.unsupported is not None:
        result["unsupported"] = list(summary.unsupported)
    if summary.notice is not None:
        result["notice"] = summary.notice
    if full:  # the API's `"full": true`, for its app client; the CLI's keys stay as they are
        result["relation"] = summary.relation
        if summary.briefing is not None:
            result["briefing"] = summary.briefing
    return result


def summary_from_object(data: dict[str, Any], period: bool = False) -> CountrySummary:
    """The `CountrySummary` a `summarize --json` object describes (the app's client of the API);
    `summary_object` of the result gives `data` back, less the citations' `url`, which the object
    does not carry."""
    citations = tuple(Citation.from_json(c) for c in data["citations"])
    events = sorted((SummaryEvent(n=e["n"], date=e["date"], text=e["text"], title=e["title"])
                     for e in [*data["timeline"], *data["undated"]]), key=lambda e: e.n)
    themes = tuple(SummaryTheme(name, tuple(SummaryPoint(p["text"], p["n"]) for p in points))
                   for name, points in data["themes"].items())
    unsupported = data.get("unsupported")
    return CountrySummary(country=data["country"], code=data["code"], relation=data.get("relation") or data["country"],
                          citations=citations, events=tuple(events), themes=themes, mode=data["mode"],
                          period=period, briefing=data.get("briefing"),
                          unsupported=None if unsupported is None else tuple(unsupported),
                          notice=data.get("notice"))


@dataclass(frozen=True)
class AppTheme:
    name: str
    items: tuple[tuple[str, str, int, str], ...]
    """One `(lead, quote, n, lang)` per quoted sentence, for `html_parts.quote_list_html`."""


@dataclass(frozen=True)
class AppSummary:
    """The country page's summary: the quoted sentences as `(lead, quote, n, lang)` rows that the
    page draws as HTML (so a Russian quote is marked `lang="ru"`), the rest safe Markdown."""

    empty: str | None
    """The no-articles line, when there are none (then nothing else is set)."""
    timeline: tuple[tuple[str, str, int, str], ...]
    """Dated events, their date as the lead."""
    undated: tuple[tuple[str, str, int, str], ...]
    briefing: str | None
    """The model's briefing, unsupported sentences marked."""
    themes: tuple[AppTheme, ...]
    """The offline summary's themes, for the page to fold."""


def app_summary(summary: CountrySummary, tidy: Callable[[str], str] = _same) -> AppSummary:
    """The summary for the country page; `tidy` cleans the quoted sentences (e.g. of an agency's
    dateline). Each quote carries the language of the article it cites."""
    if not summary.citations:
        return AppSummary(escape_markdown(empty_line(summary)), (), (), None, ())
    langs = {c.n: c.lang for c in summary.citations}

    def row(lead: str, text: str, n: int) -> tuple[str, str, int, str]:
        return lead, tidy(text), n, langs.get(n, "")

    timeline = tuple(row(e.date or "", e.text, e.n) for e in summary.timeline)
    undated = tuple(row("", e.text, e.n) for e in summary.undated)
    if summary.briefing is not None:
        briefing = answer_markdown(summary.briefing, list(summary.unsupported or ()))
        return AppSummary(None, timeline, undated, briefing, ())
    themes = tuple(AppTheme(t.name, tuple(row("", p.text, p.n) for p in t.points)) for t in summary.themes)
    return AppSummary(None, timeline, undated, None, themes)


def citation_objects(summary: CountrySummary) -> list[dict[str, Any]]:
    """The citations as the app's source chips and dialog read them."""
    return [citation_object(c) for c in summary.citations]
