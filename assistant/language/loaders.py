"""Read article files of every supported format into `Article`s.

Files carry no declared encoding: `decode_text` reads byte-order marks, HTML `<meta charset>`
and, failing UTF-8, asks charset-normalizer, so UTF-16 and cp1251 files are read, not skipped.

Each loader raises `ArticleFormatError` with a one-line reason for a file it cannot use;
the ingest skips that file and goes on.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
from bs4 import BeautifulSoup

from ..core.errors import ArticleFormatError
from ..core.records import Article
from .articles import MAX_ARTICLE_CHARS, articles_from_text, clean_text, normalize_date

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_HTML_CHARS = 5 * 1024 * 1024
"""BeautifulSoup parses about a megabyte a second: a bigger page (news pages are far smaller)
is skipped rather than parsed for half a minute."""
_TAG = re.compile(r"<[^<>]*>")
_SCRIPT_TAG = re.compile(r"<(/?)(script|style)\b", re.IGNORECASE)


def iter_article_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files under the given paths (recursively), in a stable order; hidden files are ignored."""
    for path, _ in iter_article_files_under(paths):
        yield path


def iter_article_files_under(paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """(file, its posix path relative to the root it was found under) for every file under `paths`;
    a file given directly is relative to its own folder (just its name). A symbolic link inside a
    folder that leads out of it (to /etc/shadow, say) is not followed: ingesting a folder must not
    publish files from elsewhere on the machine."""
    for path, relative, outside in _walk(paths):
        if not outside:
            yield path, relative


def links_leading_out(paths: Iterable[Path]) -> list[Path]:
    """The symbolic links under `paths` that `iter_article_files_under` does not follow, so that
    an ingest can list them as skipped, with the reason, rather than leave them out silently."""
    return [path for path, _, outside in _walk(paths) if outside]


def _walk(paths: Iterable[Path]) -> Iterator[tuple[Path, str, bool]]:
    """(file, relative path, whether it is a link leading out of its folder) under `paths`."""
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if not child.is_file() or any(p.startswith(".") for p in relative.parts):
                    continue
                yield child, relative.as_posix(), child.is_symlink() and not child.resolve().is_relative_to(root)
        else:
            yield path, path.name, False


@dataclass(frozen=True)
class LoadedFile:
    articles: list[Article]
    encoding: str
    """The encoding the text was decoded from (`utf-8`, `utf-16`, `cp1251`, ...)."""
    problems: list[str] = field(default_factory=list)
    """Records of a JSON/JSONL file left out, each with where and why ("line 3: invalid JSON"): one
    bad record costs that record, not the file's other articles."""
    notes: list[str] = field(default_factory=list)
    """What was indexed other than written, each with where and why: a record's date that is no date
    ("line 2: date '2024-13-45' …") is indexed without one, and said so rather than lost silently."""


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_MIN_GUESS_BYTES = 32
"""Fewer non-ASCII bytes than this are too little to tell cp1251 from cp1252 or koi8-r: such a
file is skipped rather than indexed as mojibake (unless those bytes are only Windows punctuation)."""


def read_text(path: Path, data: bytes | None = None) -> str:
    """The file as text (see `decode_text`), or a clear reason why it is not text."""
    return read_decoded(path, data)[0]


def read_decoded(path: Path, data: bytes | None = None) -> tuple[str, str]:
    """(text, encoding) of a file, or `ArticleFormatError` with the reason it is not text."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as err:
            raise ArticleFormatError(f"cannot read file ({err.strerror or err})") from None
    if len(data) > MAX_FILE_BYTES:
        raise ArticleFormatError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    text, encoding = decode_text(data, html=path.suffix.lower() in (".html", ".htm"))
    if not text.strip():
        raise ArticleFormatError("file is empty")
    return text, encoding


def decode_text(data: bytes, html: bool = False) -> tuple[str, str]:
    """Decode bytes whose encoding nobody declared. In order: a byte-order mark; UTF-16 without
    one (NUL bytes at every other position); strict UTF-8; for HTML the page's
    `<meta charset>`; then charset-normalizer's guess when there is enough non-ASCII text to
    guess from. Text with control characters left is binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding)), encoding.removesuffix("-sig")
            except UnicodeDecodeError:
                raise ArticleFormatError(f"not valid {encoding.removesuffix('-sig').upper()} text "
                                         f"despite its byte-order mark") from None
    head = data[:8192]
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head)
        if utf16 is None:
            raise ArticleFormatError("binary file, not text")
        try:
            return _checked(data.decode(utf16)), utf16
        except UnicodeDecodeError:
            raise ArticleFormatError("binary file, not text") from None
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if html:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            try:
                name = codecs.lookup(declared.group(1).decode("ascii")).name
                return _checked(data.decode(name)), name
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong or unknown declaration: guess as for any other file
    non_ascii = sum(1 for byte in data if byte >= 0x80) if len(data) < 65536 else _MIN_GUESS_BYTES
    if non_ascii < _MIN_GUESS_BYTES:
        text = data.decode("cp1252", errors="replace")
        if all(unicodedata.category(ch)[0] in "PZS" for ch in text if not ch.isascii()):
            return _checked(text), "cp1252"  # only curly quotes, dashes, ellipses: safe either way
        raise ArticleFormatError("not valid UTF-8 text, and too little of it to tell its encoding")
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ArticleFormatError("binary file, not text (no text encoding fits it)")
    return _checked(str(best)), codecs.lookup(best.encoding).name


def _utf16_without_bom(head: bytes) -> str | None:
    """`utf-16-le`/`-be` when NULs sit at the odd/even positions of mostly-ASCII UTF-16 text."""
    even, odd = head[0::2], head[1::2]
    if not even or not odd:
        return None
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b\x07\x08\x7f" + "".join(map(chr, range(0x80, 0xA0))))


def _checked(text: str) -> str:
    """`text`, unless control characters (other than whitespace) say it is binary. The controls of
    terminal escape sequences (ESC, BEL, BS, DEL, C1) are hostile text, not binary: they are kept
    here and stripped wherever text reaches a terminal."""
    sample = text[:8192]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS)
    if "\x00" in sample or controls > max(2, len(sample) // 100):
        raise ArticleFormatError("binary file, not text")
    return text


def load_articles(path: Path, data: bytes | None = None, relative: str | None = None) -> list[Article]:
    """Articles in one file, dispatched on its suffix. `data` overrides reading the file (uploads);
    `relative` is the path the ids are built from (default: the file name)."""
    return load_file(path, data, relative).articles


def load_file(path: Path, data: bytes | None = None, relative: str | None = None) -> LoadedFile:
    """`load_articles`, plus the encoding the file was decoded from."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ArticleFormatError(f"unsupported file type '{suffix or path.name}' "
                                 f"(use {', '.join(SUPPORTED_SUFFIXES)})")
    text, encoding = read_decoded(path, data)
    source = path.name
    base = relative or source
    if suffix == ".txt":
        articles = articles_from_text(text, source, path=base)
    elif suffix == ".md":
        articles = _from_markdown(text, source, base)
    elif suffix in (".html", ".htm"):
        _check_html_size(text)
        articles = _from_html(text, source, base)
    else:
        articles, problems, notes = _from_records(text, source, base, jsonl=suffix == ".jsonl")
        if not articles:
            raise ArticleFormatError("; ".join(problems[:3]) + ("; ..." if len(problems) > 3 else ""))
        return LoadedFile(articles, encoding, problems, notes)
    if not articles:
        raise ArticleFormatError("no article text left after cleaning")
    return LoadedFile(articles, encoding)


_FRONT_MATTER = re.compile(r"^---\n(.*?)\n---\n", re.DOTALL)


def _from_markdown(text: str, source: str, base: str) -> list[Article]:
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
                              url=meta.get("url"), path=base)


def _check_html_size(html: str) -> None:
    """Refuse, before parsing, a page too big to parse quickly or whose text (an upper bound:
    tags and scripts stripped by a regex) could not be one article anyway."""
    if len(html) > MAX_HTML_CHARS:
        raise ArticleFormatError(f"HTML page of {len(html):,} characters; pages over "
                                 f"{MAX_HTML_CHARS // (1024 * 1024)} MiB are not indexed")
    text = _TAG.sub(" ", _without_scripts(html))
    words = len(text) - text.count(" ") - text.count("\n")
    if words > 2 * MAX_ARTICLE_CHARS:
        raise ArticleFormatError(f"an HTML page with about {words:,} characters of text; articles longer than "
                                 f"{MAX_ARTICLE_CHARS:,} characters are not indexed (split the file)")


def _without_scripts(html: str) -> str:
    """`html` minus <script>/<style> contents, in one pass (an unclosed one runs to the end)."""
    kept: list[str] = []
    pos = 0
    inside: str | None = None
    for tag in _SCRIPT_TAG.finditer(html):
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if inside is None and not closing:
            kept.append(html[pos:tag.start()])
            inside = name
        elif inside == name and closing:
            inside, pos = None, tag.start()
    if inside is None:
        kept.append(html[pos:])
    return "".join(kept)


_INLINE_TAGS = ["a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
                "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"]
"""Tags inside a line of text: their words belong to the sentence around them, not to lines of
their own (which split "Foreign Minister <a>Murat Nurtleu</a> signed" into three)."""


def _from_html(text: str, source: str, base: str) -> list[Article]:
    try:
        return _parse_html(_closed_comments(_without_scripts(text)), source, base)
    except RecursionError:  # thousands of nested tags: the file is refused, not the ingest
        raise ArticleFormatError("HTML nested too deeply") from None


def _closed_comments(html: str) -> str:
    """The page (its scripts taken out: "<!--" in a script is no comment) up to its first "<!--"
    that no "-->" closes: a browser reads the rest as a comment too, and Python's HTML parser reads
    it to the end of the page once for every "<!--" in it (quadratic: a 120 KB page of them took 5 s)."""
    last = html.rfind("-->")
    unclosed = html.find("<!--", last + 3 if last >= 0 else 0)
    return html if unclosed < 0 else html[:unclosed]


def _parse_html(text: str, source: str, base: str) -> list[Article]:
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
        meta = soup.find("meta", attrs=dict(attrs))
        if meta and meta.get("content"):
            date_value = normalize_date(str(meta["content"]))
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
    for inline in body.find_all(_INLINE_TAGS):  # "<strong>Baiba Braže</strong> signed" is one sentence
        inline.unwrap()
    body.smooth()
    plain = body.get_text("\n")
    return articles_from_text(plain, source, title=title, date_hint=date_value, url=url, path=base)


def _json_error(err: json.JSONDecodeError, column_only: bool = False) -> str:
    """The parser's message as a phrase: "Unterminated string starting at line 3, column 9"
    (its `msg` alone ends in a dangling "at")."""
    where = f"column {err.colno}" if column_only else f"line {err.lineno}, column {err.colno}"
    return f"{err.msg.removesuffix(' at')} at {where}"


def _from_records(text: str, source: str, base: str, jsonl: bool) -> tuple[list[Article], list[str], list[str]]:
    """(articles, problems, notes): every good record becomes articles; a bad one is left out with
    where and why. A file that is not JSON at all is one problem. Notes: see `LoadedFile.notes`."""
    records: list[tuple[int, object]] = []
    problems: list[str] = []
    notes: list[str] = []
    if jsonl:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError as err:
                problems.append(f"line {number}: invalid JSON ({_json_error(err, column_only=True)})")
            except RecursionError:
                problems.append(f"line {number}: JSON nested too deeply")
            except ValueError:  # a number of thousands of digits (Python's int limit)
                problems.append(f"line {number}: a number too long to read")
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise ArticleFormatError(f"invalid JSON ({_json_error(err)})") from None
        except RecursionError:  # thousands of nested brackets: the file is refused, not the ingest
            raise ArticleFormatError("JSON nested too deeply") from None
        except ValueError:  # JSONDecodeError is one too, caught above; this is Python's int digit limit
            raise ArticleFormatError("JSON holds a number too long to read") from None
        items = data if isinstance(data, list) else [data]
        records = list(enumerate(items, start=1))
    articles: list[Article] = []
    for number, record in records:
        where = f"line {number}" if jsonl else f"record {number}"
        try:
            parsed, origin, note = _record_articles(record, source, where)
        except ArticleFormatError as err:
            problems.append(str(err))
            continue
        if note:
            notes.append(note)
        for part in parsed:
            articles.append(Article(id=f"{base}#{len(articles) + 1:02d}", title=part.title, text=part.text,
                                    source=source, date=part.date, lang=part.lang, url=part.url, origin=origin,
                                    path=base))
    if not records and not problems:
        problems.append("no records")
    return articles, problems, notes


def _record_articles(record: object, source: str, where: str) -> tuple[list[Article], str | None, str | None]:
    """The articles of one JSON record, the source it names, and a note when its date is no date
    (`LoadedFile.notes`); ArticleFormatError if it has no article."""
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
    written = record.get("date")
    day = normalize_date(written)
    note = (f"{where}: date {str(written)[:40]!r} is not a date (YYYY-MM-DD, DD.MM.YYYY or 15 April 2025); "
            "indexed without one" if day is None and written not in (None, "") else None)
    parsed = articles_from_text(cleaned, source, title=title or None, date_hint=day,
                                url=record.get("url") if isinstance(record.get("url"), str) else None)
    origin = record.get("source") if isinstance(record.get("source"), str) else None
    return parsed, origin, note


def check_uploads(files: dict[str, bytes]) -> list[tuple[str, str]]:
    """(file name, reason) for every uploaded file that cannot be ingested; [] when all can."""
    problems = []
    for name, data in files.items():
        try:
            load_articles(Path(Path(name).name), data)
        except ArticleFormatError as err:
            problems.append((name, str(err)))
    return problems
