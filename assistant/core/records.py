"""The records that flow through the answer path, in one place.

`Article` (ingest) -> `ChunkRecord` (a passage of it) -> `Hit` (a retrieved passage with its
scores) -> `Citation` (what an answer's `[n]` points to). Plain dataclasses with no behaviour
beyond conversions, at the bottom of the import layers (`core/`): every module imports them from here
(`tests/test_architecture.py` checks it), so no module needs the searcher or the store for a record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, Literal
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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Citation":
        """The citation a `to_json` object (an answer's, or a summary's without `url`) describes;
        keys this version does not know (a newer server's) are left out."""
        return cls(**{key: value for key, value in data.items() if key in _CITATION_FIELDS})


_CITATION_FIELDS = frozenset(f.name for f in fields(Citation))


@dataclass(frozen=True)
class SummaryEvent:
    """One article on a country summary's timeline: what happened, in the article's own words."""

    n: int
    date: str | None
    text: str
    title: str


@dataclass(frozen=True)
class SummaryPoint:
    """A sentence quoted from article [n] under one theme of an offline summary."""

    text: str
    n: int


@dataclass(frozen=True)
class SummaryTheme:
    name: str
    points: tuple[SummaryPoint, ...]


@dataclass(frozen=True)
class Coverage:
    """What the summary draws on: derived from its citations, never stated by a model."""

    articles: int
    first_date: str | None
    last_date: str | None
    undated: int
    languages: dict[str, int]


@dataclass(frozen=True)
class CountrySummary:
    """`assistant summarize COUNTRY`: the home country's relations with a partner, every article
    about them cited [n] (n = position in `citations`, oldest first). The renderers
    (assistant/app/summary_render.py) write it as Markdown, as the `--json` object and for the app;
    nothing reads a summary back out of its Markdown."""

    country: str
    """The partner's name."""
    code: str
    relation: str
    """The heading's words, "Kazakhstan – Estonia" (just the name when the partner is the home country)."""
    citations: tuple[Citation, ...]
    """One per article, with the quoted sentences; `url` is not part of the summary's JSON."""
    events: tuple[SummaryEvent, ...]
    """One per article, in the order of `citations`."""
    themes: tuple[SummaryTheme, ...]
    """The offline summary's quoted sentences, each under its first theme."""
    mode: Literal["extractive", "llm"] = "extractive"
    """"extractive", or "llm" when `briefing` is the model's."""
    period: bool = False
    """Whether a --since/--until period restricted the articles (the empty summary says so)."""
    briefing: str | None = None
    """The model's themed briefing (LLM mode), unsupported sentences struck from it."""
    unsupported: tuple[str, ...] | None = None
    """The briefing's sentences the articles do not support; None when no model was asked."""
    notice: str | None = None
    """Why the model's briefing is missing (a failure, the time budget), when it is."""

    @property
    def timeline(self) -> list[SummaryEvent]:
        return [e for e in self.events if e.date]

    @property
    def undated(self) -> list[SummaryEvent]:
        return [e for e in self.events if not e.date]

    @property
    def coverage(self) -> Coverage:
        dates = [c.date for c in self.citations if c.date]
        langs = sorted({c.lang for c in self.citations})
        return Coverage(articles=len(self.citations), first_date=min(dates, default=None),
                        last_date=max(dates, default=None), undated=len(self.citations) - len(dates),
                        languages={lang: sum(1 for c in self.citations if c.lang == lang) for lang in langs})
