"""Altair chart specs for the app (nothing here imports streamlit, so the specs are unit-testable).

Article text reaches the charts only as tooltip values and axis labels. Vega draws labels as
text (canvas or SVG), and its tooltip plugin escapes HTML; it would render a field named
`image` as a picture and follow an `href` channel, so no chart here has either, and
`tooltip_text` strips control characters and bounds the length of every untrusted value.
"""

from __future__ import annotations

import json
import re
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import altair as alt

from ..core.sanitize import strip_bidi

if TYPE_CHECKING:
    from ..core.records import CountrySummary

MAP_SELECTION = "country"
TIMELINE_SELECTION = "event"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def tooltip_text(text: Any, limit: int = 240) -> str:
    """Untrusted text as a tooltip shows it: one line, no control characters, no bidi controls (a
    title with U+202E would show reversed), at most `limit` chars."""
    line = " ".join(_CONTROL.sub(" ", strip_bidi(str(text or ""))).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def partner_map(features: list[dict[str, Any]], chosen: str | None = None) -> alt.Chart:
    """World choropleth: partners shaded by article count, the home country in its own colour,
    others grey, the `chosen` partner outlined in black; hover shows name and count; a click
    selects the country (`MAP_SELECTION`, field `code`)."""
    pick = alt.selection_point(name=MAP_SELECTION, fields=["code"], on="click", clear="dblclick")
    is_chosen = f"datum.code === {json.dumps(chosen or '')}"
    return (alt.Chart(alt.Data(values=features))
            .transform_calculate(code="datum.properties.code", name="datum.properties.name",
                                 articles="datum.properties.articles", role="datum.properties.role")
            .mark_geoshape()
            .encode(stroke=alt.condition(is_chosen, alt.value("#111111"), alt.value("white")),
                    strokeWidth=alt.condition(is_chosen, alt.value(2.0), alt.value(0.4)),
                    color=alt.Color("articles:Q", title="Articles", scale=alt.Scale(scheme="blues", domainMin=0),
                                    condition=[{"test": "datum.role === 'home country'", "value": "#f2a541"},
                                               {"test": "datum.articles === 0", "value": "#e4e4e4"}]),
                    tooltip=[alt.Tooltip("name:N", title="Country"), alt.Tooltip("articles:Q", title="Articles"),
                             alt.Tooltip("role:N", title="Role")])
            .add_params(pick)
            .project("equalEarth")
            .properties(height=360))


def timeline_rows(summary: CountrySummary) -> list[dict[str, Any]]:
    """One row per dated article of a country summary: its date, the event line and its [n]."""
    return [{"date": e.date, "n": e.n, "source": f"[{e.n}] {tooltip_text(e.title, 120)}",
             "event": tooltip_text(e.text)} for e in summary.timeline]


TIMELINE_MAX_POINTS = 300
"""The most dated articles the timeline draws (the latest ones); the title says how many are left out."""
TIMELINE_ROW_PX, TIMELINE_MAX_PX = 28, 480
"""One row per [n] while they fit; past that the chart keeps its height and [n] becomes a scale
(2,000 articles at 28 px a row were a 56,000 px chart)."""
TIMELINE_AXIS_PX, TIMELINE_TITLE_PX = 50, 24
"""Streamlit fits the whole chart (axis and title too) into its height: room for them on top of the rows."""
FAR_GAP_DAYS = 60
"""A gap between dates longer than this and than half the whole period splits off a far cluster."""
_DAY_MS = 86_400_000
_EPOCH = date(1970, 1, 1).toordinal()


def _days(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


def timeline_window(dates: list[str]) -> tuple[str, str]:
    """The period the timeline is zoomed to: all the dates, unless one gap is longer than
    `FAR_GAP_DAYS` and half the whole period and one side of it holds at least three times as many
    articles (two or more) as the other: then that side, e.g. four articles of one March week and
    one from eight years before."""
    ordered = sorted(set(dates))
    first, last = ordered[0], ordered[-1]
    if len(ordered) < 3:
        return first, last
    gap, cut = max((_days(b) - _days(a), i + 1) for i, (a, b) in enumerate(pairwise(ordered)))
    if gap <= max(FAR_GAP_DAYS, (_days(last) - _days(first)) / 2):
        return first, last
    before = sum(1 for d in dates if d < ordered[cut])
    after = len(dates) - before
    if after >= max(2, 3 * before):
        return ordered[cut], last
    if before >= max(2, 3 * after):
        return first, ordered[cut - 1]
    return first, last


def _time_axis(start: str, end: str) -> tuple[list[alt.DateTime], list[int], dict[str, Any], str]:
    """The x domain (the window padded so that no point sits on the edge, as UTC dates: Streamlit's
    charts ignored a domain given in milliseconds), the same in UTC ms (where the points outside
    the window are drawn), the tick interval and the label format: days for a few weeks, months for
    a few years, else years (ticks every few hours all labelled with one day were the old axis on a
    two-day window)."""
    span = _days(end) - _days(start)
    pad = max(1, round(span * 0.04))
    low, high = date.fromordinal(_days(start) - pad), date.fromordinal(_days(end) + pad)
    domain = [alt.DateTime(year=d.year, month=d.month, date=d.day, utc=True) for d in (low, high)]
    edges = [(d.toordinal() - _EPOCH) * _DAY_MS for d in (low, high)]
    if span <= 62:
        return domain, edges, {"interval": "day", "step": max(1, -(-(span + 2 * pad) // 8))}, "%Y-%m-%d"
    if span <= 3 * 366:
        return domain, edges, {"interval": "month", "step": max(1, -(-span // 300))}, "%Y-%m"
    return domain, edges, {"interval": "year", "step": max(1, -(-span // 3650))}, "%Y"


def timeline_chart(summary: CountrySummary) -> alt.Chart:
    """The dated articles on a real time axis (a point per article, one row per [n], so articles of
    the same week or day are drawn apart), zoomed to the data's own period (`timeline_window`): an
    article outside it is drawn at the edge as a triangle pointing to where it lies, its date in
    the tooltip and the title. Hover shows the event line and its [n]; a click selects it
    (`TIMELINE_SELECTION`, field `n`). At most `TIMELINE_MAX_POINTS` points and `TIMELINE_MAX_PX`
    pixels high, however many articles."""
    pick = alt.selection_point(name=TIMELINE_SELECTION, fields=["n"], on="click")
    rows = timeline_rows(summary)
    shown = sorted(rows, key=lambda r: (r["date"], r["n"]))[-TIMELINE_MAX_POINTS:]
    start, end = timeline_window([r["date"] for r in shown])
    domain, edges, ticks, label = _time_axis(start, end)
    edge = {"before": edges[0], "after": edges[1]}
    for row in shown:
        side = "before" if row["date"] < start else "after" if row["date"] > end else "within"
        row["side"] = side
        row["at"] = edge[side] if side != "within" else (_days(row["date"]) - _EPOCH) * _DAY_MS
    notes = []
    if len(shown) < len(rows):
        notes.append(f"Latest {len(shown):,} of {len(rows):,} dated articles ({len(rows) - len(shown):,} earlier "
                     "ones not drawn; all are in the timeline below)")
    far_notes = []
    for side, arrow, word in (("before", "◀", "earlier"), ("after", "▶", "later")):
        far = [r["date"] for r in shown if r["side"] == side]
        if far:
            dates = sorted(set(far))
            far_notes.append(f"{arrow} {len(far)} {word} article{'' if len(far) == 1 else 's'} "
                             f"({', '.join(dates[:3])}{', …' if len(dates) > 3 else ''})")
    if far_notes:
        notes += [f"Zoomed to {start} … {end}", *far_notes]
    fits = TIMELINE_ROW_PX * len(shown) <= TIMELINE_MAX_PX
    y = alt.Y("n:O", title="Article [n]") if fits else alt.Y("n:Q", title="Article [n]",
                                                              scale=alt.Scale(zero=False))
    return (alt.Chart(alt.Data(values=shown), title=" · ".join(notes))
            .mark_point(filled=True, size=140 if fits else 40, opacity=0.85)
            .encode(x=alt.X("at:T", title="Date", scale=alt.Scale(type="utc", domain=domain),
                            axis=alt.Axis(labelExpr=f"utcFormat(datum.value, '{label}')", labelAngle=0,
                                          tickCount=ticks)),
                    y=y,
                    shape=alt.Shape("side:N", legend=None,
                                    scale=alt.Scale(domain=["within", "before", "after"],
                                                    range=["circle", "triangle-left", "triangle-right"])),
                    color=alt.condition(pick, alt.value("#1f77b4"), alt.value("#9ecae1")),
                    tooltip=[alt.Tooltip("date:N", title="Date"),
                             alt.Tooltip("source:N", title="Source"), alt.Tooltip("event:N", title="Event")])
            .add_params(pick)
            .properties(height=min(TIMELINE_MAX_PX, max(160, TIMELINE_ROW_PX * len(shown))
                                   + TIMELINE_AXIS_PX + (TIMELINE_TITLE_PX if notes else 0))))


def metrics_chart(rows: list[dict[str, Any]], order: tuple[str, ...] = ()) -> alt.Chart:
    """Headline metrics (0..1) per reference report, oldest to newest, one step per run (runs
    minutes or months apart alike): one line per metric, so a drop from one run to the next shows
    at a glance. `rows`: report, time (ISO), metric, value, in run order."""
    rows = [{"questions": "", **row, "run": str(row["time"])[:19].replace("T", " ")} for row in rows]
    return (alt.Chart(alt.Data(values=rows))
            .mark_line(point=True)
            .encode(x=alt.X("run:O", title="Reference run (UTC)", sort=None, axis=alt.Axis(labelAngle=-30)),
                    y=alt.Y("value:Q", title="Score", scale=alt.Scale(domain=[0, 1])),
                    color=alt.Color("metric:N", title="Metric", sort=list(order) or "ascending"),
                    # one line per metric and question set: runs of different sets are never joined
                    detail="questions:N",
                    strokeDash=alt.StrokeDash("questions:N", title="Question set"),
                    tooltip=[alt.Tooltip("report:N", title="Report"), alt.Tooltip("metric:N", title="Metric"),
                             alt.Tooltip("questions:N", title="Question set"),
                             alt.Tooltip("value:Q", title="Score", format=".3f")])
            .properties(height=300))


def selected(event: Any, name: str, field: str) -> Any:
    """The `field` of the first point selected in chart selection `name` of a Streamlit chart
    event (`st.altair_chart(..., on_select="rerun")`'s return), or None when nothing is selected."""
    try:
        points = event["selection"][name]
    except (KeyError, TypeError):
        return None
    if isinstance(points, list) and points and isinstance(points[0], dict):
        return points[0].get(field)
    return None
