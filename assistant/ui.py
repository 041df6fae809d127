"""Pure helpers for the Streamlit app: nothing here imports streamlit, so it is unit-testable.

Article text and model output are untrusted. Streamlit never renders raw HTML without
`unsafe_allow_html` (which this project never uses), but Markdown still renders links and
images, so text shown through `st.markdown` is escaped first.
"""

from __future__ import annotations

import re

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

