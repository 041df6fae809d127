"""Ingest under faults: same-named files, story folders, interrupted switches, damaged indexes,
a full disk. Real embedded Chroma, the bundled embedder, real files in temp folders.

Each docstring says what to look at when the test fails.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.core.errors import DiskFullError
from assistant.core.settings import Settings
from assistant.index.ingest import ingest
from assistant.index.store import IndexStore
from assistant.retrieval.search import HybridSearcher

from .conftest import write_article

ESTONIA = ("Kazakhstan and Estonia discussed trade\n"
           "In 2023 trade between Kazakhstan and Estonia grew by 29% to 157.5 million US dollars.\n")
KENYA = ("Kazakhstan and Kenya sign a memorandum\n"
         "The parties signed a memorandum on political consultations in Nairobi.\n")
PAGE = ("<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{body}</p></body></html>")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")


def _sources(store: IndexStore) -> dict[str, str]:
    return {a.id: a.source for a in store.current().articles.values()}


def test_same_file_name_in_two_roots_keeps_both(settings: Settings, embedder, tmp_path: Path) -> None:
    """fa/news.txt then `ingest fb` (fb/news.txt): both stay, the second is named `fb/news.txt`.
    If the first vanished, look at `_unique_path` and the keep-loop in `ingest`."""
    write_article(tmp_path / "fa", "news.txt", ESTONIA)
    write_article(tmp_path / "fb", "news.txt", KENYA)
    store = IndexStore(settings, embedder)
    first = ingest(store, embedder, [tmp_path / "fa"])
    assert [Path(p).parent.name for p in first.added] == ["fa"]
    second = ingest(store, embedder, [tmp_path / "fb"])
    assert [Path(p).parent.name for p in second.added] == ["fb"] and second.removed == [] and not second.skipped
    assert _sources(store) == {"news.txt": "news.txt", "fb/news.txt": "news.txt"}
    assert {a.path for a in store.current().articles.values()} == {"news.txt", "fb/news.txt"}
    searcher = HybridSearcher(store, embedder)
    assert searcher.search("Estonia trade 157.5 million", 1)[0].article.id == "news.txt"
    assert searcher.search("memorandum Nairobi consultations", 1)[0].article.id == "fb/news.txt"
    again = ingest(IndexStore(settings, embedder), embedder, [tmp_path / "fb", tmp_path / "fa"])
    assert not again.changed and sorted(_sources(IndexStore(settings, embedder))) == ["fb/news.txt", "news.txt"]


def test_both_roots_in_one_run_and_prune_names_what_it_removes(settings: Settings, embedder,
                                                               tmp_path: Path) -> None:
    """Two roots with the same relative path in one run are both kept; a removal is always named."""
    write_article(tmp_path / "fa", "news.txt", ESTONIA)
    gone = write_article(tmp_path / "fb", "news.txt", KENYA)
    store = IndexStore(settings, embedder)
    ingest(store, embedder, [tmp_path / "fa", tmp_path / "fb"])
    assert sorted(_sources(store)) == ["fb/news.txt", "news.txt"]
    gone.unlink()
    assert ingest(store, embedder, [tmp_path / "fa"]).removed == []
    report = ingest(store, embedder, [tmp_path / "fa"], prune=True)
    assert report.removed == [str(gone.resolve())] and list(_sources(store)) == ["news.txt"]


def test_a_rebuild_keeps_files_from_other_folders_and_names_what_is_gone(settings: Settings, embedder,
                                                                         tmp_path: Path) -> None:
    """`ingest fa --rebuild` re-reads fb/news.txt (indexed earlier) from disk with the same id;
    once fb/news.txt is deleted, the rebuild names it in `removed` instead of dropping it silently."""
    write_article(tmp_path / "fa", "news.txt", ESTONIA)
    gone = write_article(tmp_path / "fb", "news.txt", KENYA)
    store = IndexStore(settings, embedder)
    ingest(store, embedder, [tmp_path / "fa"])
    ingest(store, embedder, [tmp_path / "fb"])
    report = ingest(store, embedder, [tmp_path / "fa"], rebuild=True)
    assert report.removed == [] and sorted(_sources(store)) == ["fb/news.txt", "news.txt"]
    gone.unlink()
    report = ingest(store, embedder, [tmp_path / "fa"], rebuild=True)
    assert report.removed == [str(gone.resolve())] and list(_sources(store)) == ["news.txt"]


def test_story_folders_are_all_ingested_with_relative_ids(settings: Settings, embedder) -> None:
    """Folders of index.html / article.txt per story: every one is indexed, ids are relative paths,
    root files keep their bare file name as id, and `path` survives a reload."""
    corpus = settings.corpus_dir
    write_article(corpus, "flat.txt", ESTONIA)
    write_article(corpus / "story1", "index.html", PAGE.format(title="Kazakhstan and Kenya",
                                                               body="A memorandum was signed in Nairobi."))
    write_article(corpus / "story2", "index.html", PAGE.format(title="Kazakhstan and Japan",
                                                               body="Ministers met in Tokyo to discuss uranium."))
    write_article(corpus / "story3", "article.txt",
                  "Kazakhstan and Chile\nCopper exports were discussed in Santiago.\n")
    write_article(corpus / "story4", "article.txt", "Kazakhstan and Peru\nA trade mission visited Lima.\n")
    report = ingest(IndexStore(settings, embedder), embedder)
    assert len(report.added) == 5 and not report.skipped
    fresh = IndexStore(settings, embedder)
    articles = fresh.current().articles
    assert set(articles) == {"flat.txt", "story1/index.html", "story2/index.html", "story3/article.txt",
                             "story4/article.txt"}
    assert all(a.path == a.id for a in articles.values())
    assert articles["story2/index.html"].source == "index.html"
    hit = HybridSearcher(fresh, embedder).search("uranium Tokyo", 1)[0]
    assert hit.article.id == "story2/index.html"


def test_leftovers_of_an_interrupted_switch_go_on_a_no_change_ingest(settings: Settings, embedder) -> None:
    """A stray generation folder + collection (a kill right after the manifest switch) and a
    half-written manifest are swept by the next ingest even when nothing changed."""
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    store = IndexStore(settings, embedder)
    ingest(store, embedder)
    live = store.current().generation
    stray = live + 5
    store.generation_dir(stray).mkdir()
    (store.generation_dir(stray) / "chunks.jsonl").write_text("{}\n")
    store.client.create_collection(store.collection_name(stray))
    (settings.index_dir / ".manifest.json.abc.tmp").write_text("{")
    report = ingest(IndexStore(settings, embedder), embedder)
    assert not report.changed and report.generation == live
    fresh = IndexStore(settings, embedder)
    names = sorted(c if isinstance(c, str) else c.name for c in fresh.client.list_collections())
    assert names == [fresh.collection_name(live)]
    assert [d.name for d in settings.index_dir.glob("gen_*")] == [fresh.generation_dir(live).name]
    assert not list(settings.index_dir.glob(".manifest.json.*"))
    assert HybridSearcher(fresh, embedder).search("Estonia trade", 1)[0].article.id == "a.txt"


def _corrupt_manifest(store: IndexStore) -> None:
    store.manifest_path.write_text('{"format": 1, "generation": ', encoding="utf-8")


def _damage_generation_files(store: IndexStore) -> None:
    directory = store.generation_dir(store.current().generation)
    (directory / "records.sqlite").write_text("not a database at all\n", encoding="utf-8")
    shutil.rmtree(directory / "bm25")


def _drop_collection(store: IndexStore) -> None:
    store.client.delete_collection(store.current().collection_name)


@pytest.mark.parametrize("damage", [_corrupt_manifest, _damage_generation_files, _drop_collection])
def test_every_printed_remedy_works_when_followed(settings: Settings, embedder, capsys, damage) -> None:
    """Damage the index, run `ask`, run the command its error names, then `ask` must answer.
    A failure here means a hint that is a dead end (issue 11)."""
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    write_article(settings.corpus_dir, "b.txt", KENYA)
    ingest(IndexStore(settings, embedder), embedder)
    damage(IndexStore(settings, embedder))
    question = "How much did trade between Kazakhstan and Estonia grow in 2023?"
    capsys.readouterr()
    assert main(["ask", question]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1, error
    commands = re.findall(r"`(assistant [^`]+)`", error)
    assert commands, f"no command in the hint: {error}"
    for command in commands:
        assert main(shlex.split(command)[1:]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["ask", question, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert not answer["refused"] and answer["citations"][0]["source"] == "a.txt"
    assert len(list(settings.index_dir.glob("gen_*"))) == 1


def _fail_when_writing_bm25(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real ENOSPC at the store boundary: the generation files are half written, then the disk is full."""
    import assistant.index.ingest as ingest_module

    real = ingest_module.save_generation

    def save_then_fill_the_disk(directory: Path, *args, **kwargs):
        real(directory, *args, **kwargs)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(directory / "bm25"))

    monkeypatch.setattr(ingest_module, "save_generation", save_then_fill_the_disk)


def test_disk_full_is_named_and_the_previous_index_stays(settings: Settings, embedder, capsys,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC while a generation is written -> DiskFullError with the documented one-line message;
    the half-built generation is gone and the previous one answers."""
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    ingest(IndexStore(settings, embedder), embedder)
    live = IndexStore(settings, embedder).current().generation
    write_article(settings.corpus_dir, "b.txt", KENYA)
    _fail_when_writing_bm25(monkeypatch)
    with pytest.raises(DiskFullError) as err:
        ingest(IndexStore(settings, embedder), embedder)
    assert str(err.value) == "no space left on device while writing the index; the previous index is still in use"
    capsys.readouterr()
    assert main(["ingest"]) == 2
    assert capsys.readouterr().err.startswith("error: no space left on device while writing the index; "
                                              "the previous index is still in use")
    monkeypatch.undo()
    fresh = IndexStore(settings, embedder)
    assert fresh.current().generation == live
    assert [d.name for d in settings.index_dir.glob("gen_*")] == [fresh.generation_dir(live).name]
    assert HybridSearcher(fresh, embedder).search("Estonia trade", 1)[0].article.id == "a.txt"
    assert ingest(fresh, embedder).added  # with space again, the same ingest completes


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 8 MiB tmpfs (needs root and mount rights; skipped otherwise)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", f"tmpfs-{uuid.uuid4().hex[:8]}", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()[:200]}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk_is_named_and_the_previous_index_stays(small_disk: Path, embedder,
                                                                   tmp_path: Path) -> None:
    """The index on a tmpfs filled up to the last few KiB: Chroma/SQLite fail ("database or disk
    is full" or ENOSPC) and the ingest says so in one line; the manifest and the previous
    generation are untouched, the half-built one is gone, and it answers once space is freed."""
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=small_disk / "index")
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    ingest(IndexStore(settings, embedder), embedder)
    with open(small_disk / "filler", "wb") as handle:
        handle.write(b"\0" * max(0, shutil.disk_usage(small_disk).free - 16 * 1024))
    for i in range(20):
        write_article(settings.corpus_dir, f"b{i}.txt",
                      f"Kazakhstan and Kenya, round {i}\n" + "The parties signed a memorandum in Nairobi. " * 30)
    with pytest.raises(DiskFullError) as err:
        ingest(IndexStore(settings, embedder), embedder)
    assert "no space left on device" in str(err.value)
    assert json.loads((settings.index_dir / "manifest.json").read_text())["generation"] == 1
    assert [d.name for d in settings.index_dir.glob("gen_*")] == ["gen_0001"]
    # Embedded Chroma can block for good in the process that hit the full disk (a flush waits for
    # space, even after it is freed), so the previous generation is queried from a new process,
    # under a time limit: a hang fails this test instead of stalling the suite.
    (small_disk / "filler").unlink()
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(settings.index_dir)}
    try:
        done = subprocess.run([sys.executable, "-m", "assistant", "ask", "Estonia trade", "--json"], env=env,
                              capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        pytest.fail("the previous index did not answer within 180 s after the disk was freed")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["citations"][0]["article_id"] == "a.txt"


def test_a_feed_with_a_bad_line_keeps_its_good_articles(settings: Settings, embedder) -> None:
    """One broken record of a JSONL feed is left out and reported by line; the others are indexed."""
    write_article(settings.corpus_dir, "feed.jsonl",
                  '{"title": "Kazakhstan and Chile", "text": "Copper exports were discussed in Santiago."}\n'
                  '{"title": "broken", "text": \n'
                  '{"title": "Kazakhstan and Peru", "text": "A trade mission visited Lima."}\n')
    report = ingest(IndexStore(settings, embedder), embedder)
    assert len(report.added) == 1 and len(report.skipped) == 1
    assert "line 2: invalid JSON" in report.skipped[0][1]
    titles = sorted(a.title for a in IndexStore(settings, embedder).current().articles.values())
    assert titles == ["Kazakhstan and Chile", "Kazakhstan and Peru"]
