"""Pure helpers for the Streamlit app: nothing here imports streamlit, so it is unit-testable.

Article text, titles, file names, rewritten questions and model output are untrusted.
Streamlit never renders raw HTML without `unsafe_allow_html` (which this project never uses),
but its Markdown still loads images, makes links (also from bare URLs and e-mail addresses),
renders `:color[...]` directives, `:material/...:` icons, `:emoji:` codes and `$...$` LaTeX.
So every untrusted string shown through Markdown (st.markdown, captions, expander labels,
alerts) goes through one of two functions:

- `escape_markdown`: shows the text exactly as it is, with nothing active in it;
- `model_markdown`: for model output, keeps bold/italics, list bullets and `[n]` markers, and
  nothing else (no image, link, HTML, heading, LaTeX or directive).
"""

from __future__ import annotations

import hmac
import re
from typing import Any

from ..core.errors import AssistantError, is_connection_failure, unreachable_store
from ..core.sanitize import strip_bidi

WORD_JOINER = "\u2060"
"""Invisible and not a break opportunity: splits `http://`, `www.`, `a@b` and `:name:` so
Streamlit's auto-linking and emoji/icon shortcodes cannot match, while the text reads the same."""

_PUNCTUATION = re.compile(r"([!#$&()*+\-.:<=>@\[\\\]_`{|}~])")
"""The characters that mean something to Streamlit's Markdown (CommonMark, GFM, LaTeX,
directives), each shown literally once backslash-escaped."""
_MODEL_KEEP = re.compile(r"\\([*_])")
_AUTOLINK = re.compile(r"(?i)(?<=\bwww)(?=\\\.)|(?=\\@)|(?<=\\:)(?=\S)")
"""Where a word joiner goes: inside `www.`, before `@`, after a `:` that something follows
(`http://`, `:red[`, `:material/`, `:smile:`)."""
_CITATION = re.compile(r"\\\[(\d{1,3})\\\]")
"""`answers.MARKER` as it reads once escaped: a citation marker to show unescaped."""
_BULLET = re.compile(r"^((?:\u00a0){0,3})\\([-+])(?=\s)")
_NUMBERED = re.compile(r"^((?:\u00a0){0,3}\d{1,3})\\\.(?=\s)")


def _escape_line(line: str) -> str:
    """Every ASCII punctuation character backslash-escaped (CommonMark shows each literally),
    auto-links broken with a word joiner, `:` followed by a word joiner (no directive, icon or
    emoji shortcode), leading spaces kept as no-break spaces (no code block)."""
    stripped = line.lstrip(" \t")
    indent = "\u00a0" * (len(line) - len(stripped))
    escaped = _PUNCTUATION.sub(r"\\\1", stripped)
    return indent + _AUTOLINK.sub(WORD_JOINER, escaped)


def escape_markdown(text: str) -> str:
    """Markdown that displays `text` unaltered and inert: no link, image, emphasis, heading,
    HTML, LaTeX, directive, icon or auto-link, and no bidi control (it would reorder what is shown).
    Line breaks are kept."""
    return "  \n".join(_escape_line(line) for line in strip_bidi(str(text)).replace("\r\n", "\n").split("\n"))


def plain_text(markdown: str) -> str:
    """What `escape_markdown` output reads as: the text with the escapes and joiners removed
    (used by tests to check that escaping never alters what is shown)."""
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown.replace("  \n", "\n"))
    return text.replace(WORD_JOINER, "").replace("\u00a0", " ")


def model_markdown(text: str) -> str:
    """Model output as Markdown that keeps **bold**, *italics*/_italics_, list bullets and [n]
    citation markers (shown bold), and makes everything else inert: no image, link, HTML,
    heading, code, LaTeX or directive. Safe on partial text, so it is used while streaming."""
    lines = []
    for line in strip_bidi(str(text)).replace("\r\n", "\n").split("\n"):
        escaped = _MODEL_KEEP.sub(r"\1", _escape_line(line))
        escaped = _NUMBERED.sub(r"\1.", _BULLET.sub(r"\1\2", escaped))
        lines.append(_CITATION.sub(r"**[\1]**", escaped))
    return "  \n".join(lines)


def answer_markdown(answer: str, unsupported: list[str] | None = None, removed_too: bool = True) -> str:
    """The answer as `model_markdown` (citation markers bold, line breaks kept), with
    unsupported sentences marked; those the check took out of the text (LLM mode) follow it,
    struck through, so none is presented as the articles' word (unless `removed_too` is False:
    the chat lists them itself, see `struck_claims`)."""
    lines = []
    for line in answer.split("\n"):
        escaped = model_markdown(line)
        if unsupported and any(s and s in line for s in unsupported):
            escaped = f"{escaped} ⚠️ *unsupported*"
        lines.append(escaped)
    removed = struck_claims(answer, unsupported) if removed_too else []
    if removed:
        lines += ["", "⚠️ *unsupported by the cited passages, removed from the answer:*"]
        lines += [f"~~{model_markdown(s)}~~" for s in removed]
    return "  \n".join(lines)


def struck_claims(answer: str, unsupported: list[str] | None) -> list[str]:
    """The claims the answer check took out of the answer's text (LLM mode): unsupported
    sentences that are no longer in it."""
    return [s for s in unsupported or [] if s and s not in answer]


_SETTING_NAME = r"\b(?:ASSISTANT|OPENAI|CHROMA)_[A-Z0-9_]+\b"


def plain_words(line: str) -> str:
    """A message for the app's users, without the environment variable names meant for whoever
    runs it: a parenthesis naming one goes, then any sentence still naming one."""
    line = re.sub(r"\s*\([^()]*" + _SETTING_NAME + r"[^()]*\)", "", line)
    sentences = re.split(r"(?<=[.!?])\s+", line)
    kept = [s for s in sentences if not re.search(_SETTING_NAME, s)]
    return " ".join(kept).strip() or "Something went wrong; please try again."


def highlighted_markdown(article_text: str, start: int, end: int) -> str:
    """The whole article, escaped, with the cited passage highlighted (line by line, since a
    Markdown directive cannot span paragraphs)."""
    start = max(0, min(start, len(article_text)))
    end = max(start, min(end, len(article_text)))
    passage = [f":orange-background[{escape_markdown(line)}]" if line.strip() else line
               for line in article_text[start:end].split("\n")]
    text = escape_markdown(article_text[:start]) + "\n".join(passage) + escape_markdown(article_text[end:])
    return re.sub(r"(?<!  )\n", "  \n", text)


def retrieval_rows(hits: list[Any]) -> list[dict[str, Any]]:
    """One row per retrieved passage for the "why this answer" table."""
    return [{"rank": i, "article": h.article.id, "title": strip_bidi(h.article.title), "passage": h.chunk.index,
             "fused": round(h.score, 3), "dense cosine": None if h.dense is None else round(h.dense, 3),
             "bm25": None if h.lexical is None else round(h.lexical, 2), "found by": " + ".join(h.legs)}
            for i, h in enumerate(hits, start=1)]


def error_line(err: BaseException, chroma_host: str | None, chroma_port: int) -> str | None:
    """The one line the app shows for an error, or None for a bug (which should surface).
    A dropped connection to the Chroma server becomes "unreachable" with what to do."""
    if isinstance(err, AssistantError):
        return err.user_message()
    if chroma_host and is_connection_failure(err):
        return unreachable_store(chroma_host, chroma_port).user_message()
    return None


def password_ok(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


