"""Fault injection on every file of an index generation (issue 22): truncated, zeroed, rewritten
with the wrong dtype or shape, deleted. Each fault gives one line naming the damaged file with
the rebuild command, never an internal error, and `assistant ingest --rebuild` repairs it.

One small index is built per module and copied for each case (files x faults), so the cases are
independent and quick; the files are listed from a real generation, so a file added to the index
later is covered without editing this test.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.cli import main

from .conftest import write_article

QUESTION = "Who leads project PRJ-1007?"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(corpus, index): two short articles, ingested once through the real CLI."""
    root = tmp_path_factory.mktemp("faults")
    corpus = root / "corpus"
    write_article(corpus, "projects.txt", "Research projects in Astana\nProject PRJ-1007 is led by Aigerim "
                                          "Nurlanova, a chemist at Nazarbayev University.\n")
    write_article(corpus, "estonia.txt", "Estonia talks\nKazakhstan and Estonia discussed digital government "
                                         "and trade in Tallinn in May 2023.\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASSISTANT_INDEX_DIR", str(root / "index"))
        patch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
        assert main(["ingest"]) == 0
    return corpus, root / "index"


def generation_files(index: Path) -> list[str]:
    """Every file of the index's generation (relative to the index folder), and Chroma's catalogue."""
    generation = next(index.glob("gen_*"))
    files = sorted(str(p.relative_to(index)) for p in generation.rglob("*") if p.is_file())
    return files + ["chroma/chroma.sqlite3"]


# -- the faults ----------------------------------------------------------------------------------

def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def zero(path: Path) -> None:
    path.write_bytes(b"\0" * path.stat().st_size)


def delete(path: Path) -> None:
    path.unlink()


def _json_swapped_types(value: Any) -> Any:
    """Every JSON number as a string and every string as a number (its length); keys kept."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return [_json_swapped_types(v) for v in value]
    return {k: _json_swapped_types(v) for k, v in value.items()}


def _rewrite_rows(path: Path, change: Callable[[str, str, Any], Any]) -> None:
    """Every value of every table of a SQLite file replaced by `change(table, column, value)`."""
    with sqlite3.connect(path) as db:
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
            rows = db.execute(f"SELECT rowid, * FROM {table}").fetchall()
            sets = ", ".join(f'"{c}" = ?' for c in columns)
            db.executemany(f"UPDATE {table} SET {sets} WHERE rowid = ?",
                           [[change(table, c, v) for c, v in zip(columns, row[1:], strict=True)] + [row[0]]
                            for row in rows])
    db.close()


def _swapped_value(table: str, column: str, value: Any) -> Any:
    """A record's JSON with its types swapped, an array of numbers stored as floats, other columns'
    numbers as text and text as numbers (keys kept: the rows stay where they were, unique)."""
    if isinstance(value, bytes):  # a record or a JSON column as JSON; an array column as floats
        try:
            return json.dumps(_json_swapped_types(json.loads(value))).encode()
        except ValueError:
            kind = np.int32 if len(value) % 4 == 0 else np.uint8
            return np.frombuffer(value, dtype=kind).astype(np.float32).tobytes()
    return value if column in ("pos", "id", "name") else _json_swapped_types(value)


def bad_records(path: Path) -> None:
    """The records file with every stored record's JSON types swapped and its columns intact: it
    opens cleanly and fails only when an answer reads an article or a chunk."""
    _rewrite_rows(path, lambda table, column, value: _swapped_value(table, column, value)
                  if column == "record" else value)


def bad_spans(path: Path) -> None:
    """Sentence spans moved off their article's text (well typed, in order): quoting them would
    cite words the article does not have there; they are damage when an answer reads them."""
    with sqlite3.connect(path) as db:
        db.execute('UPDATE sentences SET start = start + 100000, "end" = "end" + 100000')
    db.close()


def wrong_dtype(path: Path) -> None:
    """Arrays of another dtype (float64 for float32, float for ints); JSON numbers and strings swapped."""
    if path.suffix == ".sqlite":
        _rewrite_rows(path, _swapped_value)
    elif path.suffix == ".npy":
        array = np.load(path)
        np.save(path, array.astype(np.float64 if array.dtype.kind == "f" else np.float32))
    elif path.suffix == ".npz":
        with np.load(path) as arrays:
            np.savez(path, **{k: v.astype(np.float32) for k, v in arrays.items()})
    elif path.suffix == ".jsonl":
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        path.write_text("".join(json.dumps(_json_swapped_types(v)) + "\n" for v in lines), encoding="utf-8")
    else:
        path.write_text(json.dumps(_json_swapped_types(json.loads(path.read_text(encoding="utf-8")))),
                        encoding="utf-8")


def wrong_shape(path: Path) -> None:
    """Arrays one column (2-D) or one element (1-D) short; JSON, and each table of the records
    file, one record short, or an object where a list was (and the reverse)."""
    if path.suffix == ".sqlite":
        with sqlite3.connect(path) as db:
            for table in ("articles", "chunks", "sentences"):
                db.execute(f"DELETE FROM {table} WHERE pos = (SELECT max(pos) FROM {table})")
        db.close()
    elif path.suffix == ".npy":
        array = np.load(path)
        np.save(path, array[:, :-1] if array.ndim == 2 else array[:-1])
    elif path.suffix == ".npz":
        with np.load(path) as arrays:
            np.savez(path, **{k: v[:-1] for k, v in arrays.items()})
    elif path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    else:
        value = json.loads(path.read_text(encoding="utf-8"))
        value = value[:-1] if isinstance(value, list) else [value]
        path.write_text(json.dumps(value), encoding="utf-8")


def not_numbers(path: Path) -> None:
    """A vector file of the right dtype and shape whose values are NaN: passes every load check."""
    array = np.load(path)
    array[:] = np.nan
    np.save(path, array)


FAULTS: dict[str, Callable[[Path], None]] = {"truncate": truncate, "zero": zero, "wrong_dtype": wrong_dtype,
                                             "wrong_shape": wrong_shape, "delete": delete, "nan": not_numbers,
                                             "bad_records": bad_records, "bad_spans": bad_spans}


def cases() -> list[Any]:
    """(file, fault) pairs; the file list is the real layout, read from a generation the same
    ingest code writes (see `test_every_generation_file_is_covered`)."""
    files = ["records.sqlite", "chunk_vectors.npy", "chunk_written.npy", "sentence_vectors.npy",
             "term_stats.json", "token_sets.npz", *(f"{d}/{f}" for d in ("bm25", "bridge") for f in (
                 "data.csc.index.npy", "indices.csc.index.npy", "indptr.csc.index.npy", "params.index.json",
                 "vocab.index.json"))]
    found = [pytest.param(f"gen/{name}", fault, id=f"{name}-{fault}") for name in files for fault in FAULTS
             if (fault != "nan" or name.endswith("vectors.npy"))
             and (fault not in ("bad_records", "bad_spans") or name.endswith(".sqlite"))]
    found += [pytest.param("chroma/chroma.sqlite3", fault, id=f"chroma.sqlite3-{fault}")
              for fault in ("zero", "delete")]  # truncation may leave the catalogue's first pages readable
    return found


def test_every_generation_file_is_covered(pristine: tuple[Path, Path]) -> None:
    _, index = pristine
    covered = {p.values[0].removeprefix("gen/") for p in cases()}
    listed = {name.split("/", 1)[1] if name.startswith("gen_") else name for name in generation_files(index)}
    assert listed == covered | {"chroma/chroma.sqlite3"} | INGEST_ONLY


INGEST_ONLY = {"bm25/tokens.npz", "bm25/tokens.json"}
"""Files no reader opens: the chunks' counted terms, which the next ingest builds the lexical leg
from. Damaged, they cost that ingest the stemming of every chunk, never an answer."""


@pytest.mark.parametrize("name", sorted(INGEST_ONLY))
@pytest.mark.parametrize("fault", ["truncate", "zero", "delete"])
def test_damaged_saved_tokens_are_ignored_and_written_again(
        pristine: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], name: str, fault: str) -> None:
    from assistant.core.settings import Settings
    from assistant.index.store import IndexStore
    from assistant.language.chunking import embed_text
    from assistant.language.lexical import LexicalIndex, saved_tokens

    corpus, source = pristine
    index, files = tmp_path / "index", tmp_path / "corpus"
    shutil.copytree(source, index)
    shutil.copytree(corpus, files)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(files))
    FAULTS[fault](next(index.glob("gen_*")) / name)
    assert main(["ask", QUESTION, "--json"]) == 0
    assert "Nurlanova" in json.loads(capsys.readouterr().out)["answer"]

    write_article(files, "estonia.txt", "Estonia talks\nKazakhstan and Estonia discussed e-residency in Tallinn.\n")
    assert main(["ingest"]) == 0
    capsys.readouterr()
    snapshot = IndexStore(Settings()).current()
    assert saved_tokens(snapshot.directory / "bm25", len(snapshot.chunks)) is not None
    fresh = LexicalIndex.build([embed_text(snapshot.articles[c.article_id].title, c.text) for c in snapshot.chunks])
    for question in ("e-residency Tallinn", "Nurlanova chemist"):
        assert np.array_equal(snapshot.lexical.scores(question), fresh.scores(question))
        assert fresh.scores(question).any()


@pytest.mark.parametrize(("name", "fault"), cases())
def test_a_damaged_index_file_is_named_and_rebuild_repairs_it(
        pristine: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], name: str, fault: str) -> None:
    corpus, source = pristine
    index = tmp_path / "index"
    shutil.copytree(source, index)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    target = index / name.replace("gen/", f"{next(index.glob('gen_*')).name}/")
    FAULTS[fault](target)

    assert main(["ask", QUESTION]) == 2
    captured = capsys.readouterr()
    line = captured.err.strip()
    assert "\n" not in line and line.startswith("error: "), line
    assert "damaged" in line or "missing" in line, line
    assert target.name in line or target.parent.name in line, line  # names the file (or its folder)
    assert "assistant ingest --rebuild" in line, line

    assert main(["ingest", "--rebuild"]) == 0  # the remedy
    capsys.readouterr()
    assert main(["ask", QUESTION, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert not answer["refused"] and "Nurlanova" in answer["answer"]


def test_an_older_index_format_asks_for_a_rebuild(pristine: tuple[Path, Path], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """An index written in the previous layout (manifest format 3: a Chroma collection per generation) is refused in
    one line that gives the rebuild command, never read half-way; the command repairs it."""
    from assistant.index.store import MANIFEST_FORMAT

    corpus, source = pristine
    index = tmp_path / "index"
    shutil.copytree(source, index)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == MANIFEST_FORMAT == 4
    old = [name for name in manifest["generation_files"] if name != "chunk_written.npy"]
    (index / "manifest.json").write_text(json.dumps({**{k: v for k, v in manifest.items() if k != "collection"},
                                                     "format": 3, "generation_files": old}), encoding="utf-8")

    assert main(["ask", QUESTION]) == 2
    line = capsys.readouterr().err.strip()
    assert line == ("error: The index is in an older format (3); rebuild it with `assistant ingest --rebuild`."), line

    assert main(["ingest", "--rebuild"]) == 0
    capsys.readouterr()
    assert json.loads((index / "manifest.json").read_text(encoding="utf-8"))["format"] == MANIFEST_FORMAT
    assert main(["ask", QUESTION, "--json"]) == 0
    assert "Nurlanova" in json.loads(capsys.readouterr().out)["answer"]


def test_a_read_that_fails_once_is_not_called_damage(pristine: tuple[Path, Path], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A healthy generation whose bridge index fails to load once (a fresh clone's run saw a
    SystemError there while ingests switched) is read again, and the question answered; a file
    that is damaged fails both reads (the test above)."""
    from assistant.language.crosslingual import BridgeIndex

    corpus, source = pristine
    index = tmp_path / "index"
    shutil.copytree(source, index)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    real_load = BridgeIndex.load.__func__  # type: ignore[attr-defined]
    calls: list[int] = []

    def flaky(cls: type[BridgeIndex], directory: Path, size: int) -> BridgeIndex | None:
        calls.append(size)
        if len(calls) == 1:
            raise SystemError("error return without exception set")
        return real_load(cls, directory, size)

    monkeypatch.setattr(BridgeIndex, "load", classmethod(flaky))
    assert main(["ask", QUESTION, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert len(calls) == 2 and not answer["refused"] and "Nurlanova" in answer["answer"]
