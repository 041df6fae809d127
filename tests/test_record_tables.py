"""The records file of a generation (`assistant/index/record_tables.py`): what is written is read back
the same, in the same order, on demand, from any thread, wherever the index folder is."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.core.errors import IndexNotFoundError
from assistant.core.records import Article, ChunkRecord
from assistant.index.record_tables import (
    RECORDS_FILE,
    ArticleTable,
    ChunkTable,
    RecordFile,
    StoredSentences,
    write_records,
)
from assistant.language.sentences import SentenceSpan


def _articles(n: int) -> list[Article]:
    return [Article(id=f"a{i}.txt#{i:02d}", title=f"Title {i}", text=f"Text of article {i}. " * 3,
                    source=f"a{i}.txt", date=None if i % 3 == 0 else f"20{10 + i % 10}-0{1 + i % 9}-15",
                    lang="ru" if i % 2 else "en", url=None, countries=("KZ", "CN")[: i % 3], path=f"a{i}.txt")
            for i in range(n)]


def _chunks(articles: list[Article]) -> list[ChunkRecord]:
    return [ChunkRecord(id=f"{a.id}::{k}", article_id=a.id, index=k, start=k * 10, end=k * 10 + 20, text=a.text[:20])
            for a in articles for k in range(2)]


def _spans(articles: list[Article]) -> list[SentenceSpan]:
    return [SentenceSpan(a.id, s, s + 19) for i, a in enumerate(articles) for s in range(0, 20 * (i % 3), 20)]


@pytest.fixture
def written(tmp_path: Path) -> tuple[Path, list[Article], list[ChunkRecord], list[SentenceSpan]]:
    directory = tmp_path / "we#ird?name %20" / "gen_0001"  # read through a URI: must stay a path
    directory.mkdir(parents=True)
    articles = _articles(40)
    chunks, spans = _chunks(articles), _spans(articles)
    write_records(directory / RECORDS_FILE, articles, chunks, spans)
    return directory, articles, chunks, spans


def test_records_read_back_equal_and_in_order(written) -> None:
    directory, articles, chunks, spans = written
    records = RecordFile(directory)
    table, chunk_table = ArticleTable(records), ChunkTable(records)
    assert list(table) == [a.id for a in articles] and len(table) == len(articles)
    assert table.values() == articles
    assert table[articles[7].id] == articles[7] and articles[7].id in table and "nope" not in table
    with pytest.raises(KeyError):
        table["nope"]
    assert table.get("nope") is None
    assert list(chunk_table) == chunks and len(chunk_table) == len(chunks)
    assert chunk_table[-1] == chunks[-1] and chunk_table[3:6] == chunks[3:6]
    with pytest.raises(IndexError):
        chunk_table[len(chunks)]
    assert chunk_table.of_article(articles[5].id) == [c for c in chunks if c.article_id == articles[5].id]
    assert records.chunk_ids == [c.id for c in chunks]
    assert records.article_lang[records.chunk_article].tolist() == [
        next(a.lang for a in articles if a.id == c.article_id) for c in chunks]
    vectors = np.eye(len(spans), 8, dtype=np.float32)
    sentences = StoredSentences(records, vectors)
    assert len(sentences) == len(spans)
    for article in articles:
        own = sentences.of_article(article.id)
        assert [span for _, span in own] == [s for s in spans if s.article_id == article.id]
        assert all(spans[row] == span for row, span in own)  # rows index the vectors in span order


def test_many_threads_read_the_same_records(written) -> None:
    directory, articles, chunks, _ = written
    records = RecordFile(directory)
    table, chunk_table = ArticleTable(records), ChunkTable(records)

    def read(i: int) -> tuple[Article, ChunkRecord]:
        return table[articles[i % len(articles)].id], chunk_table[i % len(chunks)]

    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(read, range(400)))
    assert got == [(articles[i % len(articles)], chunks[i % len(chunks)]) for i in range(400)]


def test_a_records_file_that_is_not_one_is_named(written) -> None:
    directory, *_ = written
    (directory / RECORDS_FILE).write_bytes(b"SQLite format 3\0" + b"\x01" * 100)
    with pytest.raises(IndexNotFoundError, match=RECORDS_FILE):
        RecordFile(directory)
    (directory / RECORDS_FILE).unlink()
    with pytest.raises(IndexNotFoundError, match=f"{RECORDS_FILE}: missing"):
        RecordFile(directory)


def test_ids_no_record_can_have_are_missing_not_damage(written) -> None:
    """A lone surrogate (from a stored chat's JSON) or a number is no article id: `in` says no,
    `get` gives None, `[]` raises KeyError, as a dict would; none of them is "damaged"."""
    directory, *_ = written
    table = ArticleTable(RecordFile(directory))
    keys: list[Any] = ["\ud800", 5, None]
    for key in keys:
        assert key not in table and table.get(key) is None
        with pytest.raises(KeyError):
            table[key]
    assert StoredSentences(RecordFile(directory), np.zeros((0, 8), np.float32)).of_article("\ud800") == []


def test_a_chunk_filed_under_another_article_is_damage(written) -> None:
    """A hit looks its article up by the chunk's `article_id`: a chunk whose row points at another
    article, or at none, is reported as damage when read, never cited to the wrong article."""
    import sqlite3
    from contextlib import closing

    directory, *_ = written
    with closing(sqlite3.connect(directory / RECORDS_FILE)) as db, db:
        db.execute("UPDATE chunks SET article_pos = article_pos + 1 WHERE pos = 0")
    chunks = ChunkTable(RecordFile(directory))
    with pytest.raises(IndexNotFoundError, match=f"{RECORDS_FILE}: ValueError"):
        chunks[0]
    assert chunks[2].index == 0  # the other rows still read
    with closing(sqlite3.connect(directory / RECORDS_FILE)) as db, db:
        db.execute("DELETE FROM articles WHERE pos = 0")
    with pytest.raises(IndexNotFoundError, match=f"{RECORDS_FILE}: ValueError"):
        RecordFile(directory)  # a missing row: positions no longer run 0..n-1


@pytest.mark.parametrize("damage", [
    "UPDATE articles SET pos = -1 WHERE pos = 0",  # positions no longer 0..n-1 (a scan would skip it)
    "UPDATE columns SET data = (SELECT data FROM columns WHERE name = 'langs') WHERE name = 'chunk_ids'",
])
def test_records_that_do_not_add_up_are_damage_at_open(written, damage: str) -> None:
    import sqlite3
    from contextlib import closing

    directory, *_ = written
    with closing(sqlite3.connect(directory / RECORDS_FILE)) as db, db:
        db.execute(damage)
    with pytest.raises(IndexNotFoundError, match=RECORDS_FILE):
        RecordFile(directory).chunk_ids  # noqa: B018 - parsed on first use


def test_a_record_that_disagrees_with_the_columns_is_damage_when_read(written) -> None:
    """The search maps hits back by the `chunk_ids` column and filters by `chunk_article`: a chunk
    row that disagrees with either, or an article whose countries are not codes, is damage."""
    import json
    import sqlite3
    from contextlib import closing

    directory, articles, *_ = written
    with closing(sqlite3.connect(directory / RECORDS_FILE)) as db, db:
        ids = json.loads(db.execute("SELECT data FROM columns WHERE name = 'chunk_ids'").fetchone()[0])
        ids[0], ids[1] = ids[1], ids[0]
        db.execute("UPDATE columns SET data = ? WHERE name = 'chunk_ids'", (json.dumps(ids).encode(),))
        record = json.loads(db.execute("SELECT record FROM articles WHERE pos = 1").fetchone()[0])
        db.execute("UPDATE articles SET record = ? WHERE pos = 1",
                   (json.dumps({**record, "countries": [1, 2]}).encode(),))
    records = RecordFile(directory)
    with pytest.raises(IndexNotFoundError, match=f"{RECORDS_FILE}: ValueError"):
        ChunkTable(records)[0]
    with pytest.raises(IndexNotFoundError, match=f"{RECORDS_FILE}: TypeError"):
        ArticleTable(records)[articles[1].id]
    assert ArticleTable(records)[articles[2].id] == articles[2]
