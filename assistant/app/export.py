"""Downloads from the app: a conversation as Markdown, a country summary as Markdown or JSON.

An exported Markdown file is opened in other renderers (a Git host, an editor's preview), so the
rule of the app holds there too: the structure is ours, every question, title, file name, quote
and model answer goes through `escape_markdown` / `answer_markdown` from assistant/app/ui.py, and
nothing from an article or a model becomes a live link, image or HTML. Both summary files are
written by assistant/app/summary_render.py's renderers: the Markdown is its document, escaped, and
the JSON is the exact line `assistant summarize --json` prints.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..core.sanitize import strip_bidi
from ..core.terminal import json_line
from .summary_render import citation_objects, markdown_sections, summary_object
from .ui import answer_markdown, escape_markdown

if TYPE_CHECKING:
    from ..core.records import CountrySummary

MODE_LABELS = {"extractive": "offline quotes", "llm": "model"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (ESC sequences and the like) that a terminal showing the file would obey."""


def _finish(lines: list[str]) -> str:
    """The file's text without control characters or bidi controls (a title would show reversed)."""
    return _CONTROL.sub("", strip_bidi("\n".join(lines).rstrip() + "\n"))


def _one_line(text: Any) -> str:
    return " ".join(str(text or "").split())


def sources_markdown(citations: list[dict[str, Any]]) -> list[str]:
    """Numbered sources: title, date, file, and the quoted passage, all escaped."""
    lines = []
    for c in citations:
        lines.append(f"- **[{c['n']}]** {escape_markdown(_one_line(c.get('title')))} — "
                     f"{escape_markdown(c.get('date') or 'undated')} — file: {escape_markdown(c.get('source', ''))}")
        if c.get("quote"):
            lines.append(f"  > {escape_markdown(_one_line(c['quote']))}")
    return lines


def conversation_markdown(messages: list[dict[str, Any]], title: str = "Conversation with the articles assistant"
                          ) -> str:
    """The chat as Markdown: each question, its answer (with `[n]` markers, unsupported sentences
    marked, a fallback notice) and the answer's numbered sources."""
    lines = [f"# {escape_markdown(title)}", ""]
    turn = 0
    for index, message in enumerate(messages):
        if message["role"] == "user":
            turn += 1
            lines += [f"## Question {turn}", "", escape_markdown(message["content"]), ""]
            answered = index + 1 < len(messages) and messages[index + 1]["role"] == "assistant"
            if not answered:
                lines += ["*No answer: a new question was sent before this one was answered.*", ""]
            continue
        mode = MODE_LABELS.get(message.get("mode", ""), message.get("mode") or "")
        lines += [f"### Answer {turn}" + (f" ({escape_markdown(mode)})" if mode else ""), ""]
        if message.get("notice"):
            lines += [f"> {escape_markdown(_one_line(message['notice']))}", ""]
        lines += [answer_markdown(message["content"], message.get("unsupported")), ""]
        if message.get("repointed"):
            lines += ["*Cited to the source that states it (the model cited another):*", ""]
            lines += [f"- {escape_markdown(_one_line(s))}" for s in message["repointed"]] + [""]
        if message.get("citations"):
            lines += ["#### Sources", ""] + sources_markdown(message["citations"]) + [""]
    return _finish(lines)


def summary_markdown_export(summary: CountrySummary) -> str:
    """A country summary as a Markdown file: the summary's own Markdown document (escaped), a
    fallback notice under its coverage line, and the numbered sources with their quotes."""
    head, body = markdown_sections(summary)
    lines = head if summary.citations else [f"# {escape_markdown(summary.country)}", "", *head]
    lines = [*lines, ""]
    if summary.notice:
        lines += [f"> {escape_markdown(_one_line(summary.notice))}", ""]
    lines += [*body, ""] if body else []
    if summary.citations:
        lines += ["## Sources", ""] + sources_markdown(citation_objects(summary))
    return _finish(lines)


def summary_json(summary: CountrySummary) -> str:
    """The summary exactly as `assistant summarize --json` prints it (one JSON object)."""
    return json_line(summary_object(summary)) + "\n"
