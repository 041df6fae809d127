"""A generation's records in one SQLite file, read on demand (`RECORDS_FILE`).

Why: loading every article, chunk and sentence span as Python objects made a cold `ask` and a new
API worker grow with the archive (7.5 s and 750 MiB at 100k passages). A generation now keeps its
records in one SQLite file that a reader opens read-only and immutable (no locks, no journal): at
open it reads only whole-array columns (each chunk's article, the articles' language, date and
countries), the chunk ids on the first search; an article, a chunk or an article's sentence spans
are read when an answer asks for them, and kept in a small cache.

The tables behave like what they replaced: `ArticleTable` is a read-only mapping id -> Article in
ingest order (with `listing()`, the articles without their text), `ChunkTable` a sequence of
ChunkRecord in chunk order, `StoredSentences` answers the sentence index's question
(`of_article`). Every value read is checked (types, positions, agreement with the columns); a file
that is cut short, not SQLite, or holds a value that does not fit is `IndexNotFoundError` naming
the file (`damaged`), when opened or when the bad row is read.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, closing, contextmanager
from dataclasses import fields, replace
from pathlib import Path
from typing import Any, TypeVar, overload

import numpy as np
import orjson

from ..core.errors import IndexNotFoundError
from ..core.records import Article, ChunkRecord
from ..language.sentences import SentenceSpan

RECORDS_FILE = "records.sqlite"
CACHED_RECORDS = 2048
"""Chunks (and articles' sentence lists) kept parsed per snapshot: a question reads about ten."""
CACHED_TEXT = 8_000_000
"""Characters of article text kept parsed per snapshot (a few thousand news articles; a handful
of the longest an ingest accepts)."""
REBUILD_HINT = "Run `assistant ingest --rebuild` to index the article files again."

_SCHEMA = """
CREATE TABLE articles (pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, date TEXT, record BLOB NOT NULL);
CREATE TABLE chunks (pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, article_pos INTEGER NOT NULL,
                     record BLOB NOT NULL);
CREATE TABLE sentences (pos INTEGER PRIMARY KEY, article_pos INTEGER NOT NULL, start INTEGER NOT NULL,
                        "end" INTEGER NOT NULL);
CREATE INDEX chunks_by_article ON chunks(article_pos);
CREATE INDEX sentences_by_article ON sentences(article_pos);
CREATE INDEX articles_by_date ON articles(date);
CREATE TABLE columns (name TEXT PRIMARY KEY, data BLOB NOT NULL);
"""
"""`columns` holds what every search needs as whole arrays (one row each, read at open in
microseconds): `chunk_article` (int32, each chunk's article position), `article_date` (int32,
YYYYMMDD, 0 undated), `article_lang` (uint8 codes into the JSON list `langs`), `chunk_ids` (a JSON
list, read on first search) and `country:<CODE>` (int32 positions of the articles tagged with it)."""
COUNTRY_PREFIX = "country:"


def damaged(directory: Path | str, name: str, reason: str) -> IndexNotFoundError:
    """The one-line error for a damaged file of the index, naming it, with the rebuild remedy."""
    return IndexNotFoundError(f"The index files in {directory} are damaged ({name}: {reason}).", hint=REBUILD_HINT)


@contextmanager
def reading(directory: Path, name: str) -> Iterator[None]:
    """Any failure to read or parse the generation's file `name` becomes the damaged-file error
    naming it (a truncated .npy, a zip or a database that is not one, a record of the wrong type);
    a damaged-file error raised inside passes as it is."""
    try:
        yield
    except IndexNotFoundError:
        raise
    except FileNotFoundError:
        raise damaged(directory, name, "missing") from None
    except Exception as err:  # noqa: BLE001 - numpy, zipfile, bm25s, sqlite3 and orjson raise many kinds
        raise damaged(directory, name, type(err).__name__) from None


def date_to_int(value: str | None) -> int:
    """`2024-03-07` -> 20240307 (Chroma filters compare numbers); 0 for undated."""
    return int(value.replace("-", "")) if value else 0


def write_records(path: Path, articles: Sequence[Article], chunks: Sequence[ChunkRecord],
                  spans: Iterable[SentenceSpan]) -> None:
    """Write the generation's records (the file must not exist yet). Sentence spans must come
    grouped by article, as the sentence index holds them."""
    position = {article.id: i for i, article in enumerate(articles)}
    langs = sorted({a.lang for a in articles})
    tagged: dict[str, list[int]] = {}
    for i, article in enumerate(articles):
        for code in article.countries:
            tagged.setdefault(code, []).append(i)
    columns = {"chunk_article": np.array([position[c.article_id] for c in chunks], dtype=np.int32).tobytes(),
               "article_date": np.array([date_to_int(a.date) for a in articles], dtype=np.int32).tobytes(),
               "article_lang": np.array([langs.index(a.lang) for a in articles], dtype=np.uint8).tobytes(),
               "langs": orjson.dumps(langs), "chunk_ids": orjson.dumps([c.id for c in chunks]),
               **{COUNTRY_PREFIX + code: np.array(rows, dtype=np.int32).tobytes() for code, rows in tagged.items()}}
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(_SCHEMA)
        db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?)",
                       ((i, a.id, a.date, orjson.dumps(a)) for i, a in enumerate(articles)))
        db.executemany("INSERT INTO chunks VALUES (?, ?, ?, ?)",
                       ((i, c.id, position[c.article_id], orjson.dumps(c)) for i, c in enumerate(chunks)))
        db.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?)",
                       ((i, position[s.article_id], s.start, s.end) for i, s in enumerate(spans)))
        db.executemany("INSERT INTO columns VALUES (?, ?)", columns.items())


_FIELD_TYPES: dict[str, Any] = {"str": str, "int": int, "str | None": (str, type(None)), "tuple[str, ...]": tuple}
_DECLARED: dict[type, tuple[tuple[str, Any], ...]] = {}
R = TypeVar("R", Article, ChunkRecord)
T = TypeVar("T")


def _typed(record: R) -> R:
    """`record`, if every field has its declared type: a value of another type would load without
    complaint and fail only deep in an answer."""
    cls = type(record)
    if cls not in _DECLARED:
        _DECLARED[cls] = tuple((spec.name, _FIELD_TYPES.get(str(spec.type), object)) for spec in fields(cls))
    for name, expected in _DECLARED[cls]:
        value = getattr(record, name)
        if isinstance(value, bool) or not isinstance(value, expected):
            raise TypeError(f"{name} is {type(value).__name__}, expected {expected}")
    return record


_ARTICLE_FIELDS = frozenset(f.name for f in fields(Article))


def _article(raw: bytes) -> Article:
    values = orjson.loads(raw)
    if not isinstance(values, dict):
        raise TypeError("an article record that is not an object")
    values = {k: v for k, v in values.items() if k in _ARTICLE_FIELDS}
    if isinstance(values.get("countries"), list):
        values["countries"] = tuple(values["countries"])
        if not all(type(code) is str for code in values["countries"]):
            raise TypeError("countries holds a code that is not a string")
    return _typed(Article(**values))


def _chunk(raw: bytes) -> ChunkRecord:
    values = orjson.loads(raw)
    if not isinstance(values, dict):
        raise TypeError("a chunk record that is not an object")
    return _typed(ChunkRecord(**values))


def _usable_key(key: object) -> bool:
    """Whether `key` can name a record: an id is a string SQLite can store (a lone surrogate from
    a stored chat's JSON cannot be encoded, and a number would match the text "5" by affinity)."""
    if not isinstance(key, str):
        return False
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class RecordFile:
    """The open records file of one generation: a read-only connection shared by threads (under a
    lock; each query is short) and the columns every search needs, read at open."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / RECORDS_FILE
        self._lock = threading.Lock()
        self._chunk_ids: list[str] | None = None
        with self.reading():
            if not self.path.is_file():
                raise FileNotFoundError(self.path)
            # as a URI (percent-encoded, so a folder named with '?' or '#' is no query string):
            # read-only and immutable, a generation never changes once written (no locks, no journal)
            self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                       check_same_thread=False)
        try:
            self._load_columns()
        except BaseException:
            self._db.close()  # a damaged file is opened again on every call: do not leak a handle each time
            raise

    def _load_columns(self) -> None:
        with self.reading():
            page_size, = self._db.execute("PRAGMA page_size").fetchone()
            pages, = self._db.execute("PRAGMA page_count").fetchone()
            if self.path.stat().st_size < page_size * pages:
                raise ValueError("cut short")
            stored = dict(self._db.execute("SELECT name, data FROM columns").fetchall())
            self.chunk_article = np.frombuffer(stored["chunk_article"], dtype=np.int32)
            self.article_date = np.frombuffer(stored["article_date"], dtype=np.int32).astype(np.int64)
            langs = orjson.loads(stored["langs"])
            if not (isinstance(langs, list) and all(type(x) is str for x in langs)):
                raise TypeError("langs is not a list of language codes")
            codes = np.frombuffer(stored["article_lang"], dtype=np.uint8)
            if len(codes) != len(self.article_date) or (len(codes) and int(codes.max()) >= len(langs)):
                raise ValueError("article_lang does not fit the articles")
            self.article_lang = np.array(langs or [""], dtype=str)[codes]
            self.country_articles = {name.removeprefix(COUNTRY_PREFIX): np.frombuffer(data, dtype=np.int32)
                                     for name, data in stored.items() if name.startswith(COUNTRY_PREFIX)}
            self._chunk_ids_json: bytes = stored["chunk_ids"]
            self.article_count = len(self.article_date)
            self.chunk_count = len(self.chunk_article)
            self.sentence_count = self._count("sentences")
            if (self._count("articles"), self._count("chunks")) != (self.article_count, self.chunk_count):
                raise ValueError("tables and columns of different lengths")
            positions = [self.chunk_article, *self.country_articles.values()]
            if any(len(rows) and (int(rows.min()) < 0 or int(rows.max()) >= self.article_count) for rows in positions):
                raise ValueError("an article position out of range")

    def _count(self, table: str) -> int:
        """Rows of `table`, whose positions must run 0..n-1 (a missing row is damage)."""
        count, first, last = self._db.execute(f"SELECT count(*), min(pos), max(pos) FROM {table}").fetchone()
        if count and (type(first) is not int or type(last) is not int or first != 0 or last != count - 1):
            raise ValueError(f"{table} positions do not run 0..{count - 1}")
        return int(count)

    @property
    def chunk_ids(self) -> list[str]:
        """Every chunk's id in chunk order (parsed on first use: a search names its hits by them)."""
        if self._chunk_ids is None:
            with self.reading():
                ids = orjson.loads(self._chunk_ids_json)
                if not (isinstance(ids, list) and len(ids) == self.chunk_count and all(type(i) is str for i in ids)
                        and len(set(ids)) == len(ids)):
                    raise TypeError("chunk_ids is not one distinct id per chunk")
            self._chunk_ids = ids
        return self._chunk_ids

    def article_position(self, article_id: str) -> int | None:
        if not _usable_key(article_id):
            return None
        rows = self.query("SELECT pos FROM articles WHERE id = ?", (article_id,))
        return int(rows[0][0]) if rows else None

    def dates(self) -> tuple[str | None, str | None]:
        """The first and last article dates."""
        rows = self.query("SELECT min(date), max(date) FROM articles WHERE typeof(date) = 'text'")
        return (rows[0][0], rows[0][1]) if rows else (None, None)

    def reading(self) -> AbstractContextManager[None]:
        """A context in which any failure to read or parse the file becomes the damaged-file error."""
        return reading(self.directory, RECORDS_FILE)

    def query(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        with self.reading(), self._lock:
            return self._db.execute(sql, args).fetchall()

    def stream(self, table: str, column: str, parse: Callable[[Any], T]) -> Iterator[T]:
        """`column` of every row of `table` in order, parsed, read in batches (a full scan does not
        hold the lock throughout; each batch starts where the last ended, so it stays linear)."""
        after, batch = -1, 1024
        while True:
            rows = self.query(f"SELECT pos, {column} FROM {table} WHERE pos > ? ORDER BY pos LIMIT ?", (after, batch))
            with self.reading():
                parsed = [parse(row[1]) for row in rows]
            yield from parsed
            if len(rows) < batch:
                return
            after = rows[-1][0]


class _Cache:
    """The most recently used records, within a budget (`weigh` says what one costs; least
    recently used dropped first). Thread-safe."""

    def __init__(self, budget: int = CACHED_RECORDS, weigh: Callable[[Any], int] = lambda _: 1) -> None:
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._budget, self._weigh, self._used = budget, weigh, 0
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def remember(self, key: Any, value: Any) -> None:
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self._used += self._weigh(value)
            while self._used > self._budget and len(self._items) > 1:
                self._used -= self._weigh(self._items.popitem(last=False)[1])


class ArticleTable(Mapping[str, Article]):
    """Article id -> Article, in ingest order, each read when asked for."""

    def __init__(self, records: RecordFile) -> None:
        self._records = records
        self._cache = _Cache(CACHED_TEXT, lambda article: len(article.text) + 256)
        self._listing: tuple[Article, ...] | None = None

    def __getitem__(self, article_id: str) -> Article:
        if not _usable_key(article_id):
            raise KeyError(article_id)
        found = self._cache.get(article_id)
        if found is not None:
            return found
        rows = self._records.query("SELECT record FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise KeyError(article_id)
        with self._records.reading():
            article = _article(rows[0][0])
            if article.id != article_id:
                raise ValueError("an article record under another id")
        self._cache.remember(article_id, article)
        return article

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and self._records.article_position(article_id) is not None

    def __iter__(self) -> Iterator[str]:
        return self._records.stream("articles", "id", str)

    def __len__(self) -> int:
        return self._records.article_count

    def values(self) -> list[Article]:  # type: ignore[override]  # a list: one scan, not a query per id
        """Every article with its text (read in one scan, not kept)."""
        return list(self._records.stream("articles", "record", _article))

    def listing(self) -> tuple[Article, ...]:
        """Every article without its text (`text` is ""), in ingest order: what lists, counts and
        filters need (the app's scope line and filter panel on every rerun, `GET /sources`). One
        scan on first use, then kept: titles and tags are a small part of an archive."""
        if self._listing is None:
            self._listing = tuple(replace(a, text="") for a in self._records.stream("articles", "record", _article))
        return self._listing


class ChunkTable(Sequence[ChunkRecord]):
    """The chunks in chunk order (the order of the vectors and the BM25 rows), each read when asked for."""

    def __init__(self, records: RecordFile) -> None:
        self._records = records
        self._cache = _Cache()

    def __len__(self) -> int:
        return self._records.chunk_count

    @overload
    def __getitem__(self, index: int) -> ChunkRecord: ...

    @overload
    def __getitem__(self, index: slice) -> list[ChunkRecord]: ...

    def __getitem__(self, index: int | slice) -> ChunkRecord | list[ChunkRecord]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        position = range(len(self))[index]  # IndexError past the end, negative indexes from the end
        found = self._cache.get(position)
        if found is not None:
            return found
        rows = self._records.query("SELECT c.id, c.record, a.id, c.article_pos FROM chunks c LEFT JOIN articles a "
                                   "ON a.pos = c.article_pos WHERE c.pos = ?", (position,))
        with self._records.reading():
            chunk_id, record, article_id, article_pos = rows[0]
            chunk = _chunk(record)
            # the row, the columns a search used and the record must agree: a hit looks its article
            # up by `article_id`, and `position` maps search results back by `chunk_ids`
            if (chunk.id != chunk_id or chunk.article_id != article_id or chunk_id != self._records.chunk_ids[position]
                    or article_pos != int(self._records.chunk_article[position])):
                raise ValueError("a chunk record out of place")
        self._cache.remember(position, chunk)
        return chunk

    def __iter__(self) -> Iterator[ChunkRecord]:
        return self._records.stream("chunks", "record", _chunk)

    def of_article(self, article_id: str) -> list[ChunkRecord]:
        """The article's chunks in order (one indexed query; re-ingest reuses them per unchanged file)."""
        if not _usable_key(article_id):
            return []
        rows = self._records.query("SELECT c.record FROM chunks c JOIN articles a ON c.article_pos = a.pos "
                                   "WHERE a.id = ? ORDER BY c.pos", (article_id,))
        with self._records.reading():
            return [_chunk(row[0]) for row in rows]


class StoredSentences:
    """The sentence index of a generation as read from disk: spans per article on demand, vectors
    memory-mapped (the interface `SentenceIndex` offers: `of_article`, `vectors`, `len`)."""

    def __init__(self, records: RecordFile, vectors: np.ndarray) -> None:
        self._records = records
        self.vectors = vectors
        self._spans = _Cache()

    def __len__(self) -> int:
        return self._records.sentence_count

    def of_article(self, article_id: str) -> list[tuple[int, SentenceSpan]]:
        """(row, span) of the article's quotable sentences, in order ([] for an article without)."""
        found = self._spans.get(article_id)
        if found is not None:
            return found
        if not _usable_key(article_id):
            return []
        rows = self._records.query('SELECT s.pos, s.start, s."end" FROM sentences s JOIN articles a '
                                   "ON s.article_pos = a.pos WHERE a.id = ? ORDER BY s.pos", (article_id,))
        with self._records.reading():
            if not all(type(p) is int and type(s) is int and type(e) is int and 0 <= p < len(self.vectors)
                       for p, s, e in rows):
                raise TypeError("a sentence span that is not [row, start, end]")
        spans = [(p, SentenceSpan(article_id, s, e)) for p, s, e in rows]
        self._spans.remember(article_id, spans)
        return spans

    def spans_by_article(self) -> dict[str, list[tuple[int, SentenceSpan]]]:
        """`of_article` for every article, read in one scan (the next ingest copies from it)."""
        rows = self._records.query('SELECT s.pos, a.id, s.start, s."end" FROM sentences s JOIN articles a '
                                   "ON s.article_pos = a.pos ORDER BY s.pos")
        grouped: dict[str, list[tuple[int, SentenceSpan]]] = {}
        with self._records.reading():
            for p, article_id, s, e in rows:
                if not (type(p) is int and type(article_id) is str and type(s) is int and type(e) is int
                        and 0 <= p < len(self.vectors)):
                    raise TypeError("a sentence span that is not [row, article, start, end]")
                grouped.setdefault(article_id, []).append((p, SentenceSpan(article_id, s, e)))
        return grouped
