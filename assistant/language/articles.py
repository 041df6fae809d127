"""The Article record and the clean-up every input format shares.

Input files are untrusted: the cleaners only ever drop or split text, never invent it.
A date is an ISO `YYYY-MM-DD` string read from the file, or None.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from itertools import pairwise

from ..core.errors import ArticleFormatError
from ..core.records import Article
from ..core.text import detect_language, split_sentences

# Lines that are page furniture, not news: photo credits, author bylines, share buttons.
_BOILERPLATE_LINE = re.compile(
    r"^\s*(?:Фото:.*|Photo:.*|От\s+\S+|By\s+Admin|Tell a friend|Share|Поделиться|Kazakh MFA|"
    r"Print|Печать)\s*$",
    re.IGNORECASE,
)
_CAPTION = re.compile(r"^\s*(?:Фото|Photo)\s*:(?P<caption>.*)$", re.IGNORECASE)
CAPTION_WORDS = 6
"""Lower-case words a photo line needs to be a caption, kept, rather than a credit, dropped: "photo:
The presidents of Turkey and Azerbaijan at their meeting in Baku on 25 February 2020" holds the
year a question asks about; "Фото: pixabay.com" and "Фото: РИА Новости/POOL/Вячеслав Прокофьев"
hold none. A kept caption is furniture to the answerer (`furniture.is_furniture`): never quoted,
but its date and place ground a question's constraints."""
# Everything from one of these lines on is a list of unrelated headlines.
_TRAILER = re.compile(
    r"^[ \t]*(?:Читайте также|Лента новостей|Read also|Related news|See also|Похожие новости|"
    r"Другие новости)[ \t]*:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
_DIGEST_DATE_LINE = re.compile(r"^\s*(\d{2})\.(\d{2})\.(\d{4})(?:,\s*\d{1,2}:\d{2})?(?:\s+\d+)?\s*$")
MAX_TITLE_CHARS = 200
"""Titles come from files (`<title>`, front matter, JSON): a longer one is shortened, so a chunk
plus its title always fits the embedder's 512-token window."""
MAX_ARTICLE_CHARS = 200_000
"""A longer "article" (a 1 MB run of one line, a pasted dump) is not news: its file is skipped
with a reason, so no single file can take minutes of sentence splitting and embedding."""
_DATELINE = re.compile(r"^\s*(?:[A-ZА-ЯЁ]{3,}[.,]?\s+)+(?:[A-Z][a-z]+\.? \d{1,2}\s*[–—-]\s*)?")


_WRITTEN_DATE = re.compile(r"^(?:(\d{1,2})\s+([^\W\d_]+)\.?,?\s+(\d{4})|([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4}))"
                           r"(?:\s+(?:года?|г\.))?$", re.IGNORECASE)
"""A date written out, as front matter and feeds often have it: "15 April 2025", "April 15, 2025",
"15 апреля 2025 года"."""


def _written_date(text: str) -> date | None:
    from .numbers import month_number  # numbers reads the country tagger, which reads articles

    match = _WRITTEN_DATE.match(text)
    if match is None:
        return None
    day, word, year = (match[1], match[2], match[3]) if match[1] else (match[5], match[4], match[6])
    month = month_number(word)
    return date(int(year), month, int(day)) if month else None


def normalize_date(value: object) -> str | None:
    """ISO date from `YYYY-MM-DD`, an ISO datetime, `DD.MM.YYYY` or a date written out ("15 April
    2025", "April 15, 2025", "15 апреля 2025 года"); None for anything else."""
    if value is None:
        return None
    text = str(value).strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text) or None
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        match = re.match(r"^(\d{2})\.(\d{2})\.(\d{4})$", text)
        if match:
            return date(int(match[3]), int(match[2]), int(match[1])).isoformat()
        written = _written_date(text)
        if written is not None:
            return written.isoformat()
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        return None


def clean_text(text: str) -> str:
    """Drop page furniture and trailing headline lists; normalise whitespace, keep paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    trailer = _TRAILER.search(text)
    if trailer:
        text = text[: trailer.start()]
    lines = [line.strip() for line in text.split("\n")]
    kept = [line for line in lines if not _BOILERPLATE_LINE.match(line) or _is_caption(line)]
    text = "\n".join(kept)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n{2,}", "\n\n", text).strip()


def _is_caption(line: str) -> bool:
    match = _CAPTION.match(line)
    words = re.findall(r"(?<![\w./])[a-zа-яё]{3,}(?![\w./])", match["caption"]) if match else []
    return len(words) >= CAPTION_WORDS


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis when cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    text = " ".join(text.split())
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",;:–- ") + "…"


def derive_title(text: str, lang: str, limit: int = 120) -> str:
    """A title for an article that has none: its first sentence, minus the dateline, shortened."""
    first = split_sentences(text[:2000], lang)
    candidate = " ".join(s.text for s in first[:2]) if first else text
    candidate = _DATELINE.sub("", candidate, count=1).strip() or candidate.strip()
    if len(candidate) <= limit:
        return candidate
    cut = candidate[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–- ") + "…"


def _looks_like_headline(line: str, rest: str) -> bool:
    return bool(rest.strip()) and 3 <= len(line) <= 200 and not line.rstrip().endswith((".", ":", ";", ","))


def articles_from_text(raw: str, source: str, title: str | None = None, date_hint: str | None = None,
                       url: str | None = None, path: str | None = None) -> list[Article]:
    """Parse a plain-text file: an optional ` date YYYY-MM-DD` header, then either one article
    or a digest whose parts are separated by `DD.MM.YYYY` lines, each followed by a headline.
    Ids are built from `path` (default: the file name `source`)."""
    header = _DATE_HEADER.match(raw)
    if header:
        date_hint = normalize_date(header.group(1)) or date_hint
        raw = raw[header.end():]
    text = clean_text(raw)
    lines = text.split("\n")
    separators = [i for i, line in enumerate(lines) if _DIGEST_DATE_LINE.match(line)]
    base = path or source
    if len(separators) >= 2:
        return _split_digest(lines, separators, source, date_hint, url, base)
    return [_single(text, source, title, date_hint, url, base)] if text else []


def _single(text: str, source: str, title: str | None, date_hint: str | None, url: str | None,
            base: str, article_id: str | None = None) -> Article:
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleFormatError(f"an article of {len(text):,} characters; articles longer than "
                                 f"{MAX_ARTICLE_CHARS:,} characters are not indexed (split the file)")
    lang = detect_language(text)
    if not title:
        first, _, rest = text.partition("\n")
        if _looks_like_headline(first, rest):
            title, text = first.strip(), rest.strip()
        else:
            title = derive_title(text, lang)
    return Article(id=article_id or base, title=shorten(title, MAX_TITLE_CHARS), text=text, source=source,
                   date=date_hint, lang=lang, url=url, path=base)


def _split_digest(lines: list[str], separators: list[int], source: str, date_hint: str | None,
                  url: str | None, base: str) -> list[Article]:
    parts: list[tuple[str | None, list[str]]] = []
    lead = [line for line in lines[: separators[0]] if line]
    if lead:
        parts.append((date_hint, lines[: separators[0]]))
    bounds = separators + [len(lines)]
    for sep, nxt in pairwise(bounds):
        d, m, y = _DIGEST_DATE_LINE.match(lines[sep]).groups()  # type: ignore[union-attr]
        parts.append((normalize_date(f"{d}.{m}.{y}") or date_hint, lines[sep + 1: nxt]))
    articles = []
    for number, (part_date, part_lines) in enumerate(parts, start=1):
        body = "\n".join(part_lines).strip()
        if not body:
            continue
        articles.append(_single(body, source, None, part_date, url, base, article_id=f"{base}#{number:02d}"))
    return articles
