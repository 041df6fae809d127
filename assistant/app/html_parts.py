"""The few pieces of the app drawn as HTML (`st.html`): the article reader with the cited passage
highlighted, and quotes marked with their language. Every text in them is untrusted (article
text, titles, quotes) and goes through `html.escape`; the structure and the styles are ours.
`st.html` also runs DOMPurify over the result, a second fence, not the first."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from ..core.sanitize import strip_bidi

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

PAGE_BACKGROUND = "#ffffff"
HIGHLIGHT_BACKGROUND = "#9a3412"
"""Dark orange: 7.3:1 against the white page, so the passage stands out (the old orange tint was
1.07:1); its text is white, 7.3:1 on it."""
HIGHLIGHT_TEXT = "#ffffff"
PASSAGE_CLASS = "cited-passage"
SCROLL_TO_PASSAGE = (
    "<script>setTimeout(() => { const m = document.querySelectorAll('mark." + PASSAGE_CLASS + "');"
    " if (m.length) m[m.length - 1].scrollIntoView({block: 'center'}); }, 300);</script>")
"""Constant JavaScript (no data in it): the dialog opens scrolled to the highlighted passage."""


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1..21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _paragraphs(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))


def text_html(value: object) -> str:
    """Untrusted text as escaped HTML: no bidi or control characters, whitespace kept as is."""
    return escape(_CONTROL.sub("", strip_bidi(str(value or ""))))


def quote_list_html(items: Sequence[tuple[str, str, int, str]]) -> str:
    """A list of quoted sentences, each `(lead, text, n, lang)`: the lead in bold (a date, or
    nothing), the quote marked with its article's language (`lang="ru"`), then its `[n]`."""
    rows = [f"<li>{f'<strong>{text_html(lead)}</strong> ' if lead else ''}"
            f"<span{lang_attr(lang)}>{text_html(text)}</span> <strong>[{int(n)}]</strong></li>"
            for lead, text, n, lang in items]
    return '<ul class="quote-list">' + "".join(rows) + "</ul>"


def lang_attr(lang: str) -> str:
    """A `lang` attribute for a language code from the index (two letters, else none)."""
    return f' lang="{lang}"' if lang.isalpha() and len(lang) == 2 else ""


def article_html(text: str, start: int, end: int, lang: str) -> str:
    """The whole article, escaped, the passage [start, end) in a strongly coloured <mark>."""
    text = strip_bidi(text)
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    style = (f"background:{HIGHLIGHT_BACKGROUND};color:{HIGHLIGHT_TEXT};padding:0.1em 0.2em;"
             "border-radius:0.2em;box-decoration-break:clone;-webkit-box-decoration-break:clone")
    passage = f'<mark class="{PASSAGE_CLASS}" style="{style}">{_paragraphs(text[start:end])}</mark>'
    body = _paragraphs(text[:start]) + passage + _paragraphs(text[end:])
    return (f'<div{lang_attr(lang)} style="max-height:55vh;overflow-y:auto;line-height:1.6;padding-right:0.5em"'
            f' role="region" aria-label="Article text" tabindex="0">{body}</div>')


def quote_html(quote: str, lang: str) -> str:
    """A cited sentence as an escaped block quote marked with its language."""
    return (f'<blockquote{lang_attr(lang)} style="margin:0;padding-left:0.75em;border-left:3px solid #6b7280">'
            f"{_paragraphs(strip_bidi(quote))}</blockquote>")
