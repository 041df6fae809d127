"""An answer's text as escaped HTML (`st.html`), so that each `[n]` in it can be a chip inside the
sentence: Streamlit puts no widget inside Markdown.

Each chip is focusable, named "Source [n]: <title>", and shows a card (title, date, language, the
quoted sentence) on hover or keyboard focus, drawn by CSS alone. A click, a tap or Enter leads to
the source: a constant script (no data in it; it reads the chip's number and its answer's row
from the HTML) scrolls to that source's chip in the row under the answer, focuses it and opens its
card, which has "Open". The answer is marked with its language (`lang="ru"`), a line quoted in the
other script with the language of the source it cites.

Answer text, titles and quotes are untrusted: each goes through `html.escape` (after bidi and
control characters are taken out); only the structure (bold, italics, lists, chips) is ours.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from ..core.sanitize import strip_bidi
from .html_parts import lang_attr
from .html_parts import text_html as _text
from .scope import language_name

CHIP_CLASS = "cite-chip"
CARD_QUOTE_CHARS = 280
CYRILLIC_LANGS = frozenset({"ru", "kk", "uk", "be"})
_MARKER = re.compile(r"\[(\d{1,3})\]")
_BOLD = re.compile(r"\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![*\w])")
"""Emphasis never spans another marker of its kind: an opener with no closer then stops at the next
star instead of reading the rest of the line again (a line of "*a**" repeated 5,000 times took 3 s)."""
_BULLET = re.compile(r"^\s{0,3}[-*+]\s+")
_NUMBERED = re.compile(r"^\s{0,3}(\d{1,3})[.)]\s+")
_CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҚқҒғҮүҰұӘәӨөҺһ]")
_LATIN = re.compile(r"[A-Za-z]")

CITE_CSS = """<style>
.cite-answer { line-height: 1.6; }
.cite-answer p { margin: 0 0 0.6em 0; }
.cite-answer ul, .cite-answer ol { margin: 0 0 0.6em 0; padding-left: 1.4em; }
.cite-chip { position: relative; display: inline-block; margin: 0 0.1em; padding: 0 0.35em;
  border-radius: 0.7em; background: #dbeafe; color: #1e3a8a; font-weight: 600; font-size: 0.85em;
  line-height: 1.45; cursor: pointer; }
.cite-chip:hover, .cite-chip:focus { background: #1e3a8a; color: #ffffff; }
.cite-chip:focus-visible { outline: 2px solid #1e3a8a; outline-offset: 2px; }
.cite-card { display: none; position: absolute; left: 0; top: calc(100% + 4px); z-index: 1000;
  width: min(24rem, 80vw); padding: 0.6em 0.75em; background: #ffffff; color: #1f2937;
  border: 1px solid #9ca3af; border-radius: 0.5em; box-shadow: 0 4px 14px rgba(0, 0, 0, 0.18);
  font-size: 0.9rem; font-weight: 400; line-height: 1.45; text-align: left; white-space: normal; }
.cite-chip:focus-visible .cite-card { display: block; }
@media (hover: hover) { .cite-chip:hover .cite-card { display: block; } }
@media (max-width: 640px) {
  .cite-card { position: fixed; left: 0.75rem; right: 0.75rem; top: auto; bottom: 6rem; width: auto; }
}
.cite-card .cite-title { display: block; font-weight: 600; }
.cite-card .cite-meta { display: block; margin: 0.15em 0 0.4em; color: #4b5563; font-size: 0.9em; }
.cite-card .cite-quote { display: block; padding-left: 0.6em; border-left: 3px solid #6b7280; }
.cite-card .cite-hint { display: block; margin-top: 0.4em; color: #4b5563; font-size: 0.85em; }
.cite-unsupported { color: #92400e; font-style: italic; }
</style>"""
"""Constant CSS: the chips (9:1 contrast, 13:1 when focused), their cards (on hover where
there is hover, on keyboard focus; on a phone a sheet above the input, so a chip near the edge does
not push its card off the screen; a tap leads to the row's card instead), the unsupported mark."""

CITE_SCRIPT = """<script>
if (!window.citeChipsReady) {
  window.citeChipsReady = true;
  const toSource = (chip) => {
    const answer = chip.closest('[data-cite-row]');
    const row = answer && document.querySelector('.st-key-' + CSS.escape(answer.dataset.citeRow));
    if (!row) return;
    const label = '[' + chip.dataset.cite + ']';
    const button = [...row.querySelectorAll('button')].find(b => b.innerText.trim().startsWith(label));
    if (!button) return;
    button.scrollIntoView({block: 'nearest'});
    button.focus();
    button.click();
  };
  const chipOf = (event) => event.target.closest && event.target.closest('.cite-chip');
  document.addEventListener('click', (event) => { const chip = chipOf(event); if (chip) toSource(chip); });
  document.addEventListener('keydown', (event) => {
    const chip = chipOf(event);
    if (chip && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); toSource(chip); }
  });
}
</script>"""
"""Constant JavaScript (no data in it): a chip in the text leads to its source's chip in the row."""


def _card_quote(quote: str) -> str:
    line = " ".join(str(quote).split())
    return line if len(line) <= CARD_QUOTE_CHARS else line[:CARD_QUOTE_CHARS].rsplit(" ", 1)[0] + "…"


def chip_html(c: Mapping[str, Any], card_id: str) -> str:
    """One `[n]` as a focusable chip with its card (shown by CSS on hover and focus)."""
    n, title = int(c["n"]), " ".join(strip_bidi(str(c.get("title", ""))).split()) or "Untitled article"
    lang = str(c.get("lang", ""))
    meta = f"{c.get('date') or 'undated'} · {language_name(lang)}"
    return (f'<span class="{CHIP_CLASS}" role="button" tabindex="0" data-cite="{n}" '
            f'aria-label="Source [{n}]: {_text(title)}" aria-describedby="{card_id}">[{n}]'
            f'<span class="cite-card" id="{card_id}" lang="en">'
            f'<span class="cite-title"{lang_attr(lang)}>{_text(title)}</span>'
            f'<span class="cite-meta">{_text(meta)}</span>'
            f'<span class="cite-quote"{lang_attr(lang)}>“{_text(_card_quote(str(c.get("quote", ""))))}”</span>'
            f'<span class="cite-hint">Click or press Enter to open the source</span></span></span>')


def _emphasis(escaped: str) -> str:
    return _ITALIC.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", escaped))


def script_lang(text: str, answer_lang: str, cited_langs: Sequence[str]) -> str | None:
    """The language of a line written in another script than the answer's (a quote from an English
    article in a Russian answer): the cited source's language in that script, else en/ru; None when
    the line is in the answer's own script."""
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if cyrillic == latin:
        return None
    line_cyrillic = cyrillic > latin
    if line_cyrillic == (answer_lang in CYRILLIC_LANGS):
        return None
    same_script = [lang for lang in cited_langs if (lang in CYRILLIC_LANGS) == line_cyrillic]
    return same_script[0] if same_script else ("ru" if line_cyrillic else "en")


class _Chips:
    """Numbers each chip drawn so that every card has its own id within the answer."""

    def __init__(self, citations: Sequence[Mapping[str, Any]], key: str) -> None:
        self.by_n = {int(c["n"]): c for c in citations if str(c.get("n", "")).isdigit()}
        self.key, self.drawn = key, 0

    def replace(self, escaped_line: str) -> str:
        def chip(match: re.Match[str]) -> str:
            c = self.by_n.get(int(match.group(1)))
            if c is None:
                return match.group(0)
            self.drawn += 1
            return chip_html(c, f"{self.key}-card-{self.drawn}")

        return _MARKER.sub(chip, escaped_line)


def answer_html(text: str, citations: Sequence[Mapping[str, Any]], key: str, lang: str = "en",
                unsupported: Sequence[str] = ()) -> str:
    """The answer as HTML: paragraphs, lists, bold and italics, each known `[n]` a chip with its card,
    each line that holds an unsupported sentence marked; `key` is the Streamlit key of the answer's
    row of source chips (`<key>-chips`), where a chip leads."""
    chips = _Chips(citations, key)
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag, list_start = "", 1

    def flush() -> None:
        nonlocal list_tag
        if paragraph:
            blocks.append("<p>" + "<br>".join(paragraph) + "</p>")
            paragraph.clear()
        if items:
            start = f' start="{list_start}"' if list_tag == "ol" and list_start != 1 else ""
            blocks.append(f"<{list_tag}{start}>" + "".join(items) + f"</{list_tag}>")
            items.clear()
        list_tag = ""

    for raw in str(text).replace("\r\n", "\n").split("\n"):
        if not raw.strip():
            flush()
            continue
        bullet, numbered = _BULLET.match(raw), _NUMBERED.match(raw)
        marker = bullet or numbered
        body = raw[marker.end():] if marker else raw.strip()
        cited = [str(chips.by_n[int(n)].get("lang", "")) for n in _MARKER.findall(body) if int(n) in chips.by_n]
        line = chips.replace(_emphasis(_text(body)))
        other = script_lang(_MARKER.sub("", body), lang, cited)
        if other:
            line = f"<span{lang_attr(other)}>{line}</span>"
        if any(s and s in raw for s in unsupported):
            line += ' <span class="cite-unsupported" lang="en">⚠️ unsupported</span>'
        tag = "ul" if bullet else "ol" if numbered else ""
        if tag:
            if paragraph or (list_tag and list_tag != tag):
                flush()
            if not list_tag:
                list_tag, list_start = tag, int(numbered.group(1)) if numbered else 1
            items.append(f"<li>{line}</li>")
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return (f'<div class="cite-answer"{lang_attr(lang)} data-cite-row="{escape(key)}-chips">'
            + "".join(blocks) + "</div>")
