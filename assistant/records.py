"""The records that flow through the answer path, in one place.

`Article` (ingest) -> `ChunkRecord` (a passage of it) -> `Hit` (a retrieved passage with its
scores) -> `Citation` (what an answer's `[n]` points to). Plain dataclasses with no behaviour
beyond conversions, at the bottom of the import layers: every module imports them from here
(`tests/test_architecture.py` checks it), so no module needs the searcher or the store for a record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from langchain_core.documents import Document


_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def safe_url(url: object) -> str | None:
    """`url` if it is a plain http(s) address, else None. An article's URL comes from the file
    (JSON `url`, front matter, an HTML page's canonical link) and every citation carries it to a
    link: `javascript:`, `data:` or a URL with spaces or invisible characters must not become one."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or _URL_UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


@dataclass(frozen=True)
class Article:
    id: str
    """`<path>` for a one-article file, `<path>#NN` for a part of a digest or JSONL file, where
    `<path>` is the file's path relative to the ingest root (just the file name for a file in the
    root itself, so ids of a flat corpus are the file names); see `ingest` for how clashes are named."""
    title: str
    text: str
    source: str
    """The file name as ingested (the citation's `source`)."""
    date: str | None = None
    lang: str = "en"
    url: str | None = None
    origin: str | None = None
    """The outlet a JSON record names in its `source` field, if any."""
    countries: tuple[str, ...] = field(default=())
    path: str | None = None
    """The file's path relative to the ingest root (posix), the base of `id`; None in indexes
    written before it existed (their ids are file names)."""

    def __post_init__(self) -> None:
        if self.url is not None and safe_url(self.url) != self.url:  # from a file, or an older index
            object.__setattr__(self, "url", safe_url(self.url))

    def with_countries(self, codes: tuple[str, ...]) -> "Article":
        return replace(self, countries=codes)


@dataclass(frozen=True)
class ChunkRecord:
    id: str
    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass
class Hit:
    chunk: ChunkRecord
    article: Article
    score: float
    dense: float | None = None
    """Cosine similarity of question and chunk (raw), if the dense leg found it."""
    lexical: float | None = None
    """BM25 score (raw), if the BM25 leg found it in the question's language."""
    legs: list[str] = field(default_factory=list)
    bridge: float | None = None
    """Script-bridging BM25 score (raw), if that leg found it in another language than the question's."""

    def to_document(self) -> Document:
        from langchain_core.documents import Document  # imported on use: the CLI's answer path needs none

        meta = {"chunk_id": self.chunk.id, "article_id": self.article.id, "source": self.article.source,
                "title": self.article.title, "date": self.article.date, "lang": self.article.lang,
                "start": self.chunk.start, "end": self.chunk.end, "score": self.score, "dense": self.dense,
                "lexical": self.lexical, "bridge": self.bridge, "legs": list(self.legs),
                "countries": list(self.article.countries)}
        return Document(page_content=self.chunk.text, metadata=meta, id=self.chunk.id)


@dataclass
class Citation:
    n: int
    article_id: str
    source: str
    title: str
    date: str | None
    lang: str
    quote: str
    start: int
    """Offset of the quote in the article text (for highlighting)."""
    end: int
    url: str | None = None

    @classmethod
    def from_hit(cls, n: int, hit: Hit, quote: str | None = None, start: int | None = None,
                 end: int | None = None) -> "Citation":
        return cls(n=n, article_id=hit.article.id, source=hit.article.source, title=hit.article.title,
                   date=hit.article.date, lang=hit.article.lang,
                   quote=quote if quote is not None else hit.chunk.text,
                   start=hit.chunk.start if start is None else start, end=hit.chunk.end if end is None else end,
                   url=hit.article.url)

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "article_id": self.article_id, "source": self.source, "title": self.title,
                "date": self.date, "lang": self.lang, "quote": self.quote, "start": self.start, "end": self.end,
                "url": self.url}
