"""Read article files of every supported format into `Article`s.

Each loader raises `ArticleFormatError` with a one-line reason for a file it cannot use;
the ingest skips that file and goes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from bs4 import BeautifulSoup

from .articles import Article, articles_from_text, clean_text, normalize_date
from .errors import ArticleFormatError

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
MAX_FILE_BYTES = 20 * 1024 * 1024


def iter_article_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files under the given paths (recursively), in a stable order; hidden files are ignored."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(p.startswith(".") for p in child.relative_to(path).parts):
                    yield child
        else:
            yield path


def read_text(path: Path, data: bytes | None = None) -> str:
    """The file as UTF-8 text, or a clear reason why it is not text."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as err:
            raise ArticleFormatError(f"cannot read file ({err.strerror or err})") from None
    if len(data) > MAX_FILE_BYTES:
        raise ArticleFormatError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    if b"\x00" in data[:8192]:
        raise ArticleFormatError("binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArticleFormatError("not valid UTF-8 text") from None
    if not text.strip():
        raise ArticleFormatError("file is empty")
    return text


def load_articles(path: Path, data: bytes | None = None) -> list[Article]:
    """Articles in one file, dispatched on its suffix. `data` overrides reading the file (uploads)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ArticleFormatError(f"unsupported file type '{suffix or path.name}' "
                                 f"(use {', '.join(SUPPORTED_SUFFIXES)})")
    text = read_text(path, data)
    source = path.name
    if suffix == ".txt":
        articles = articles_from_text(text, source)
    elif suffix == ".md":
        articles = _from_markdown(text, source)
    elif suffix in (".html", ".htm"):
        articles = _from_html(text, source)
    else:
        articles = _from_records(text, source, jsonl=suffix == ".jsonl")
    if not articles:
        raise ArticleFormatError("no article text left after cleaning")
    return articles


_FRONT_MATTER = re.compile(r"^---\n(.*?)\n---\n", re.DOTALL)


def _from_markdown(text: str, source: str) -> list[Article]:
    meta: dict[str, str] = {}
    front = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if front:
        for line in front.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text.replace("\r\n", "\n")[front.end():]
    title = meta.get("title")
    heading = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    if not title and heading:
        title = heading.group(1).strip()
    if heading:
        text = text[: heading.start()] + text[heading.end():]
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.MULTILINE)           # sub-headings become lines
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)                     # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)                 # links keep their words
    return articles_from_text(text, source, title=title, date_hint=normalize_date(meta.get("date")),
                              url=meta.get("url"))


def _from_html(text: str, source: str) -> list[Article]:
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
                     "template", "svg"]):
        tag.decompose()
    title = None
    h1 = soup.find("h1")
    if h1 and h1.get_text(strip=True):
        title = h1.get_text(" ", strip=True)
        h1.decompose()
    elif soup.title and soup.title.get_text(strip=True):
        title = soup.title.get_text(" ", strip=True)
    if soup.title:
        soup.title.decompose()
    date_value = None
    for attrs in ({"property": "article:published_time"}, {"name": "date"}, {"itemprop": "datePublished"}):
        tag = soup.find("meta", attrs=attrs)
        if tag and tag.get("content"):
            date_value = normalize_date(tag["content"])
            break
    if not date_value:
        time_tag = soup.find("time")
        if time_tag is not None:
            date_value = normalize_date(time_tag.get("datetime") or time_tag.get_text(strip=True))
    url = None
    canonical = soup.find("link", rel="canonical")
    if canonical and canonical.get("href"):
        url = str(canonical["href"])
    body = soup.body or soup
    plain = body.get_text("\n")
    return articles_from_text(plain, source, title=title, date_hint=date_value, url=url)


def _from_records(text: str, source: str, jsonl: bool) -> list[Article]:
    records: list[tuple[int, object]] = []
    if jsonl:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError as err:
                raise ArticleFormatError(f"line {number}: invalid JSON ({err.msg})") from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise ArticleFormatError(f"invalid JSON at line {err.lineno} ({err.msg})") from None
        items = data if isinstance(data, list) else [data]
        records = list(enumerate(items, start=1))
    articles: list[Article] = []
    for number, record in records:
        where = f"line {number}" if jsonl else f"record {number}"
        if not isinstance(record, dict):
            raise ArticleFormatError(f"{where}: expected an object with 'title' and 'text'")
        body, title = record.get("text"), record.get("title")
        if not isinstance(body, str) or not body.strip():
            raise ArticleFormatError(f"{where}: missing or empty 'text'")
        if title is not None and not isinstance(title, str):
            raise ArticleFormatError(f"{where}: 'title' must be a string")
        cleaned = clean_text(body)
        if not cleaned:
            raise ArticleFormatError(f"{where}: no article text left after cleaning")
        parsed = articles_from_text(cleaned, source, title=title or None,
                                    date_hint=normalize_date(record.get("date")),
                                    url=record.get("url") if isinstance(record.get("url"), str) else None)
        origin = record.get("source") if isinstance(record.get("source"), str) else None
        for part in parsed:
            articles.append(Article(id=f"{source}#{len(articles) + 1:02d}", title=part.title, text=part.text,
                                    source=source, date=part.date, lang=part.lang, url=part.url, origin=origin))
    return articles


def check_uploads(files: dict[str, bytes]) -> list[tuple[str, str]]:
    """(file name, reason) for every uploaded file that cannot be ingested; [] when all can."""
    problems = []
    for name, data in files.items():
        try:
            load_articles(Path(Path(name).name), data)
        except ArticleFormatError as err:
            problems.append((name, str(err)))
    return problems
