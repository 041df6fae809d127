"""Citations in the app: one compact row of source chips per answer; a chip opens a card (title,
date, language, the quoted sentence) with "Open", which shows the article in a dialog with the
passage highlighted and scrolled into view, and previous/next citation.

Titles, quotes and article text are untrusted: labels and captions go through `escape_markdown`,
the article and quotes through `html_parts` (escaped HTML); the only JavaScript is a constant.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import streamlit as st

from ..core.records import Article
from ..core.sanitize import strip_bidi
from .html_parts import SCROLL_TO_PASSAGE, article_html, quote_html
from .scope import language_name
from .ui import escape_markdown

CHIP_TITLE_CHARS = 38
_AGENCY = re.compile(r"^\W*(?:[A-ZА-ЯЁ][A-ZА-ЯЁ.,]*\s+){0,2}(?:KAZINFORM|КАЗИНФОРМ|KAZTAG|KAZTAG|TASS|ТАСС|"
                     r"INTERFAX|ИНТЕРФАКС|XINHUA|REUTERS|AKIPRESS|TREND|RIA NOVOSTI|РИА НОВОСТИ)\b[\s.,:;|–—-]*")
"""A news agency's dateline at the start of a quote ("KAZINFORM Minister...", "ASTANA. KAZINFORM –")."""
_DATELINE = re.compile(r"^(?:[A-ZА-ЯЁ]{3,}[\s.,]*){1,2}(?:[A-Z][a-z]{2,8}\.? \d{1,2}\s*)?[–—-]\s+(?=\w)")
"""A city dateline: "ASTANA, June 25 – ", "ALMATY – "."""


def strip_agency(text: str) -> str:
    """A quote without the agency dateline it starts with (the rest unchanged)."""
    stripped = _DATELINE.sub("", _AGENCY.sub("", text, count=1), count=1)
    return stripped if stripped.strip() else text


def short_title(title: str, limit: int = CHIP_TITLE_CHARS) -> str:
    """A title cut at a word to fit on a chip."""
    line = " ".join(strip_bidi(title).split()) or "Untitled article"
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0].rstrip(",.;:–-") + "…"


def citation_meta(c: Mapping[str, Any]) -> str:
    """"2024-03-06 · English": when and in what language the source is."""
    return f"{c.get('date') or 'undated'} · {language_name(str(c.get('lang', '')))}"


def _show(citations: list[dict[str, Any]], key: str, articles: Mapping[str, Article]) -> None:
    """The body of the source dialog for the citation at the position kept under `key`."""
    position = min(max(int(st.session_state.get(key, 0)), 0), len(citations) - 1)
    c = citations[position]
    st.markdown(f"#### [{c['n']}] {escape_markdown(strip_bidi(c['title']))}")
    meta = citation_meta(c)
    if c.get("url"):
        meta += f" · {c['url']}"
    st.caption(escape_markdown(meta))
    article = articles.get(c["article_id"])
    if article is None:
        st.info("This article is no longer in the index; the quoted passage follows.")
        st.html(quote_html(c["quote"], c.get("lang", "")))
    else:
        st.html(article_html(article.text, int(c.get("start", 0)), int(c.get("end", 0)), article.lang))
        st.html(SCROLL_TO_PASSAGE, unsafe_allow_javascript=True)
    if len(citations) > 1:
        left, middle, right = st.columns([1, 2, 1], vertical_alignment="center")
        left.button("← Previous", key=f"{key}-prev", disabled=position == 0,
                    on_click=st.session_state.__setitem__, args=(key, position - 1))
        middle.caption(f"Source {position + 1} of {len(citations)}")
        right.button("Next →", key=f"{key}-next", disabled=position == len(citations) - 1,
                     on_click=st.session_state.__setitem__, args=(key, position + 1))


@st.dialog("Source", width="large")
def source_dialog(citations: list[dict[str, Any]], key: str, articles: Mapping[str, Article]) -> None:
    _show(citations, key, articles)


def _open(position_key: str, position: int) -> None:
    """The card's "Open": ask for the dialog, and close the card (left open, it sits over the
    dialog and takes its clicks): the chips get new keys, so they are drawn anew, closed (setting
    the popover's state to False did not close it in the browser)."""
    st.session_state[position_key] = position
    st.session_state["open-source"] = position_key
    st.session_state["chip-generation"] = st.session_state.get("chip-generation", 0) + 1


def source_chips(citations: list[dict[str, Any]], key: str, articles: Mapping[str, Article]) -> None:
    """The answer's sources as one row of chips; each opens its card, the card's "Open" the article."""
    if not citations:
        return
    position_key = f"{key}-open"
    with st.container(horizontal=True, gap="small", key=f"{key}-chips"):
        for i, c in enumerate(citations):
            label = f"[{c['n']}] " + escape_markdown(short_title(str(c["title"])))
            chip_key = f"{key}-chip-{c['n']}-{st.session_state.get('chip-generation', 0)}"
            with st.popover(label, key=chip_key, on_change="rerun"):
                st.markdown(f"**{escape_markdown(strip_bidi(c['title']))}**")
                st.caption(escape_markdown(citation_meta(c)))
                st.html(quote_html(str(c["quote"]), str(c.get("lang", ""))))
                st.button("Open", key=f"{key}-open-{c['n']}", type="primary", icon=":material/article:",
                          on_click=_open, args=(position_key, i))
    if st.session_state.get("open-source") == position_key:
        del st.session_state["open-source"]
        source_dialog(citations, position_key, articles)
