"""Pure helpers for the Streamlit app: nothing here imports streamlit, so it is unit-testable.

Article text and model output are untrusted. Streamlit never renders raw HTML without
`unsafe_allow_html` (which this project never uses), but Markdown still renders links and
images, so text shown through `st.markdown` is escaped first.
"""

from __future__ import annotations

import hmac
import re
from typing import Any

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$>])")
_CITATION = re.compile(r"\\\[(\d{1,3})\\\]")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally: no links, images, emphasis, headings or HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def answer_markdown(answer: str, unsupported: list[str] | None = None) -> str:
    """The answer escaped for Markdown, citation markers kept readable as bold `[n]`, line
    breaks kept, and unsupported sentences marked."""
    lines = []
    for line in answer.split("\n"):
        escaped = escape_markdown(line)
        escaped = _CITATION.sub(r"**[\1]**", escaped)
        if unsupported and any(s and s in line for s in unsupported):
            escaped = f"{escaped} ⚠️ *unsupported*"
        lines.append(escaped)
    return "  \n".join(lines)



def highlighted_markdown(article_text: str, start: int, end: int) -> str:
    """The whole article, escaped, with the cited passage highlighted (line by line, since a
    Markdown directive cannot span paragraphs)."""
    start = max(0, min(start, len(article_text)))
    end = max(start, min(end, len(article_text)))
    passage = [f":orange-background[{escape_markdown(line)}]" if line.strip() else line
               for line in article_text[start:end].split("\n")]
    text = escape_markdown(article_text[:start]) + "\n".join(passage) + escape_markdown(article_text[end:])
    return text.replace("\n", "  \n")


def retrieval_rows(hits: list[Any]) -> list[dict[str, Any]]:
    """One row per retrieved passage for the "why this answer" table."""
    return [{"rank": i, "article": h.article.id, "title": h.article.title, "passage": h.chunk.index,
             "fused": round(h.score, 3), "dense cosine": None if h.dense is None else round(h.dense, 3),
             "bm25": None if h.lexical is None else round(h.lexical, 2), "found by": " + ".join(h.legs)}
            for i, h in enumerate(hits, start=1)]


def password_ok(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _item(text: str, n: int) -> str:
    return f"- {escape_markdown(text)} **[{n}]**"


def summary_markdown(result: dict[str, Any]) -> str:
    """A country summary as safe Markdown: the structure is ours, every text from an article or
    a model is escaped."""
    if not result["articles"]:
        return escape_markdown(result["summary"])
    lines = ["#### Timeline"] + [f"- **{escape_markdown(t['date'])}** {_item(t['text'], t['n'])[2:]}"
                                  for t in result["timeline"]]
    if result["undated"]:
        lines += ["", "*Undated:*", ""] + [_item(t["text"], t["n"]) for t in result["undated"]]
    lines += ["", "#### Themes", ""]
    if result["mode"] == "llm":
        briefing = result["summary"].split("## Themes", 1)[-1].strip()
        lines.append(answer_markdown(briefing, result.get("unsupported")))
    else:
        for theme, items in result["themes"].items():
            lines += ["", f"**{escape_markdown(theme.capitalize())}**", ""] + [_item(i["text"], i["n"]) for i in items]
    return "\n".join(lines)
