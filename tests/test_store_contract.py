"""Contract tests for the hybrid store, run against embedded Chroma and a `chroma run` server.

Each docstring says what to look at when the test fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.core.errors import IndexMismatchError, IndexNotFoundError
from assistant.core.settings import Settings
from assistant.index.ingest import ingest
from assistant.index.store import IndexStore
from assistant.language.chunking import embed_text
from assistant.language.crosslingual import BridgeIndex
from assistant.language.lexical import LexicalIndex
from assistant.language.sentences import article_sentences
from assistant.retrieval.search import HybridSearcher

from .conftest import write_article

ESTONIA = ("Kazakhstan and Estonia discussed trade\n"
           "In 2023 trade between Kazakhstan and Estonia grew by 29% to 157.5 million US dollars.\n")
KENYA = ("Kazakhstan and Kenya sign a memorandum\n"
         "The parties signed a memorandum on political consultations in Nairobi.\n")
RUSSIA = "Учёные из Новосибирска\nДелегацию Сибирского отделения РАН возглавил академик Валентин Пармон.\n"


@pytest.fixture(params=["embedded", pytest.param("server", marks=pytest.mark.server)])
def settings(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    if request.param == "server":
        host, port = request.getfixturevalue("chroma_server")
        monkeypatch.setenv("CHROMA_HOST", host)
        monkeypatch.setenv("CHROMA_PORT", str(port))
        monkeypatch.setenv("ASSISTANT_COLLECTION", f"t{abs(hash(str(tmp_path))) % 10**8}")
    return Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")


def _ids(store: IndexStore) -> set[str]:
    return {c.id for c in store.current().chunks}


def test_empty_store_is_a_clear_error_then_an_empty_corpus_returns_nothing(settings: Settings, embedder) -> None:
    """No manifest -> IndexNotFoundError; an ingest of an empty folder -> searches return []."""
    store = IndexStore(settings, embedder)
    with pytest.raises(IndexNotFoundError):
        store.current()
    settings.corpus_dir.mkdir()
    ingest(store, embedder)
    assert HybridSearcher(store, embedder).search("anything at all") == []


def test_reingest_unchanged_files_does_no_embedding_work(settings: Settings, embedder) -> None:
    """Re-running ingest on the same files must embed nothing and keep chunk ids stable."""
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    write_article(settings.corpus_dir, "b.txt", KENYA)
    store = IndexStore(settings, embedder)
    first = ingest(store, embedder)
    assert first.embedded_chunks >= 2 and first.added
    ids, generation = _ids(store), store.current().generation
    second = ingest(store, embedder)
    assert second.embedded_chunks == 0 and not second.changed
    assert _ids(store) == ids and store.current().generation == generation


def test_changed_file_replaces_its_chunks_and_reuses_the_others(settings: Settings, embedder) -> None:
    """A changed file is re-embedded alone; its old text must no longer be searchable."""
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    write_article(settings.corpus_dir, "b.txt", KENYA)
    store = IndexStore(settings, embedder)
    ingest(store, embedder)
    write_article(settings.corpus_dir, "b.txt", "Kazakhstan and Kenya\nThe ministers discussed coffee exports.\n")
    report = ingest(store, embedder)
    assert report.updated and report.reused_chunks >= 1 and report.embedded_chunks == 1
    texts = " ".join(c.text for c in store.current().chunks)
    assert "coffee" in texts and "Nairobi" not in texts
    top = HybridSearcher(store, embedder).search("coffee exports", 1)[0]
    assert top.article.source == "b.txt"
    snapshot = store.current()  # the kept chunks' tokens came from the last generation: the same index
    fresh = BridgeIndex([c.text for c in snapshot.chunks])
    assert snapshot.bridge().frequency == fresh.frequency
    lexical = LexicalIndex.build([embed_text(snapshot.articles[c.article_id].title, c.text) for c in snapshot.chunks])
    for question in ("coffee exports Kenya", "trade Estonia 2023 million"):
        assert np.array_equal(snapshot.bridge().scores(question), fresh.scores(question))
        assert np.array_equal(snapshot.lexical.scores(question), lexical.scores(question))
    assert lexical.scores("coffee").any() and not lexical.scores("Nairobi").any()
    # the kept article's sentences were copied with their vectors, the changed one's embedded
    assert report.embedded_sentences == len(article_sentences(snapshot.articles[snapshot.chunks[-1].article_id]))
    sentences = snapshot.sentences
    assert sentences is not None
    for article in snapshot.articles.values():
        stored = sentences.of_article(article.id)
        assert [span for _, span in stored] == article_sentences(article) and stored
        quoted = [article.text[span.start:span.end] for _, span in stored]
        assert np.allclose(sentences.vectors[[row for row, _ in stored]], embedder.embed_passages(quoted), atol=1e-5)


def _records(store: IndexStore) -> set[str]:
    return set(store.current().collection.get(include=[])["ids"])


def test_a_reingest_adds_only_the_changed_chunks_to_the_same_collection(settings: Settings, embedder) -> None:
    """No copy of the collection: the changed file's chunk gets a record of the new generation, the
    kept chunks keep theirs, and the old version's record goes after the switch. Look at
    `ingest._build_generation` and `Snapshot.store_ids` when this fails."""
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    write_article(settings.corpus_dir, "b.txt", KENYA)
    store = IndexStore(settings, embedder)
    ingest(store, embedder)
    first = store.current()
    before = _records(store)
    assert before == set(first.store_ids) and len(before) == len(first.chunks)
    write_article(settings.corpus_dir, "b.txt", "Kazakhstan and Kenya\nThe ministers discussed coffee exports.\n")
    ingest(store, embedder)
    second = store.current()
    assert second.generation > first.generation and second.collection_name == first.collection_name
    after = _records(store)
    assert after == set(second.store_ids) and len(after) == len(second.chunks)
    kept = {sid for sid in after if sid.startswith("a.txt")}
    assert kept and kept <= before  # the unchanged file's records were not written again
    assert {sid for sid in after if sid.startswith("b.txt")} == {f"b.txt::0@{second.generation}"}
    names = [c if isinstance(c, str) else c.name for c in store.client.list_collections()]
    assert names.count(second.collection_name) == 1 and len([n for n in names if n.startswith(
        settings.collection + "_g")]) == 1


def test_records_lost_or_left_behind_are_set_right_by_the_next_ingest(settings: Settings, embedder,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A collection that lost a kept chunk's record (a server reset) or holds a killed ingest's
    records is made whole before the next generation is added: the dense leg through Chroma then
    finds every chunk of the new generation and nothing else."""
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    write_article(settings.corpus_dir, "b.txt", KENYA)
    write_article(settings.corpus_dir, "c.txt", RUSSIA)
    store = IndexStore(settings, embedder)
    ingest(store, embedder)
    snapshot = store.current()
    lost = next(sid for sid in snapshot.store_ids if sid.startswith("a.txt"))
    snapshot.collection.delete(ids=[lost])
    snapshot.collection.add(ids=["stray::0@99"], embeddings=[[0.0] * (snapshot.dim or 384)],
                            documents=["left behind"], metadatas=[{"written": 99}])
    write_article(settings.corpus_dir, "b.txt", "Kazakhstan and Kenya\nThe ministers discussed coffee exports.\n")
    ingest(store, embedder)
    after = store.current()
    assert _records(store) == set(after.store_ids)
    monkeypatch.setenv("ASSISTANT_DENSE_SEARCH", "chroma")
    chroma_store = IndexStore(Settings(corpus_dir=settings.corpus_dir, index_dir=settings.index_dir), embedder)
    hits = HybridSearcher(chroma_store, embedder).search("trade between Kazakhstan and Estonia 157.5 million", 3)
    assert hits[0].article.source == "a.txt" and "dense" in hits[0].legs


def test_an_ingest_that_changes_nothing_still_sets_the_collection_right(settings: Settings, embedder) -> None:
    """A killed ingest's records and a lost record are set right by the next ingest, even one that
    finds no file changed (`ingest._settle`)."""
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    write_article(settings.corpus_dir, "b.txt", KENYA)
    store = IndexStore(settings, embedder)
    ingest(store, embedder)
    snapshot = store.current()
    snapshot.collection.add(ids=["a.txt::0@99"], embeddings=[[0.0] * (snapshot.dim or 384)],
                            documents=["a killed ingest's record"], metadatas=[{"written": 99}])
    report = ingest(store, embedder)
    assert not report.changed and _records(store) == set(snapshot.store_ids)
    lost = snapshot.store_ids[0]
    snapshot.collection.delete(ids=[lost])
    ingest(store, embedder)
    restored = snapshot.collection.get(ids=[lost], include=["embeddings", "documents"])
    assert restored["ids"] == [lost] and restored["documents"] == [snapshot.chunks[0].text]
    assert snapshot.vectors is not None and np.allclose(restored["embeddings"][0], snapshot.vectors[0], atol=1e-6)


def test_records_of_another_generation_do_not_crowd_out_the_dense_leg(settings: Settings, embedder,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """While an ingest runs, the shared collection also holds the next generation's records. With
    Chroma answering the dense leg, records nearer the question than any of this generation's must
    not push its own out of the list: the hits are the same as without them."""
    monkeypatch.setenv("ASSISTANT_DENSE_SEARCH", "chroma")
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    write_article(settings.corpus_dir, "b.txt", KENYA)
    write_article(settings.corpus_dir, "c.txt", RUSSIA)
    settings = Settings(corpus_dir=settings.corpus_dir, index_dir=settings.index_dir)
    store = IndexStore(settings, embedder)
    ingest(store, embedder)
    question = "trade between Kazakhstan and Estonia"
    before = [(h.chunk.id, h.legs) for h in HybridSearcher(store, embedder).search(question, 3)]
    snapshot = store.current()
    vector = embedder.embed_query(question)
    snapshot.collection.add(ids=[f"next::{i}@{snapshot.generation + 1}" for i in range(len(snapshot.chunks))],
                            embeddings=[list(vector)] * len(snapshot.chunks),
                            documents=["the next generation"] * len(snapshot.chunks),
                            metadatas=[{"written": snapshot.generation + 1, "lang": "en"}] * len(snapshot.chunks))
    after = [(h.chunk.id, h.legs) for h in HybridSearcher(IndexStore(settings, embedder), embedder).search(question, 3)]
    assert after == before and any("dense" in legs for _, legs in before)


def test_a_full_build_does_not_keep_records_found_under_its_collection_name(settings: Settings, embedder) -> None:
    """A rebuild over an unreadable manifest (no sweep first) into a collection name a failed
    ingest left behind: the build starts that collection afresh."""
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    store = IndexStore(settings, embedder)
    ingest(store, embedder)
    next_name = store.collection_name(store.current().generation + 1)
    store.manifest_path.write_text("{", encoding="utf-8")
    junk = store.client.create_collection(next_name)
    junk.add(ids=["a.txt::0@2"], embeddings=[[0.5] * 384], documents=["stale"], metadatas=[{"written": 2}])
    fresh = IndexStore(settings, embedder)
    ingest(fresh, embedder)
    snapshot = fresh.current()
    assert snapshot.collection_name == next_name
    got = snapshot.collection.get(include=["documents"])
    assert set(got["ids"]) == set(snapshot.store_ids) and "stale" not in got["documents"]


def test_an_ingest_that_fails_before_the_switch_leaves_the_shared_collection_as_it_was(
        settings: Settings, embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    """The records a failed re-ingest added are removed with it; the live generation's stay."""
    import assistant.index.ingest as ingest_module

    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    write_article(settings.corpus_dir, "b.txt", KENYA)
    store = IndexStore(settings, embedder)
    ingest(store, embedder)
    before = _records(store)

    def fail(*args, **kwargs):
        raise OSError("disk went away")

    monkeypatch.setattr(ingest_module, "save_generation", fail)
    write_article(settings.corpus_dir, "b.txt", "Kazakhstan and Kenya\nThe ministers discussed coffee exports.\n")
    with pytest.raises(OSError):
        ingest(store, embedder)
    assert _records(IndexStore(settings, embedder)) == before


def test_prune_removes_articles_of_deleted_files_only_when_asked(settings: Settings, embedder) -> None:
    """Without --prune a missing file's articles stay; with it they go."""
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    gone = write_article(settings.corpus_dir, "b.txt", KENYA)
    store = IndexStore(settings, embedder)
    ingest(store, embedder)
    gone.unlink()
    ingest(store, embedder)
    assert {a.source for a in store.current().articles.values()} == {"a.txt", "b.txt"}
    report = ingest(store, embedder, prune=True)
    assert report.removed and {a.source for a in store.current().articles.values()} == {"a.txt"}
    assert all("Nairobi" not in hit.chunk.text for hit in HybridSearcher(store, embedder).search("Nairobi memorandum"))


def test_bad_files_are_skipped_and_the_rest_ingested(settings: Settings, embedder) -> None:
    """Skips carry a reason; a previously indexed file that turns unreadable keeps its old articles."""
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    (settings.corpus_dir / "bin.txt").write_bytes(b"\x00\x00binary")
    (settings.corpus_dir / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    store = IndexStore(settings, embedder)
    report = ingest(store, embedder)
    reasons = dict((Path(p).name, r) for p, r in report.skipped)
    assert set(reasons) == {"bin.txt", "bad.jsonl"} and "binary" in reasons["bin.txt"]
    assert {a.source for a in store.current().articles.values()} == {"a.txt"}
    (settings.corpus_dir / "a.txt").write_bytes(b"\xff\xfe broken now")
    report = ingest(store, embedder)
    assert "a.txt" in {Path(p).name for p, _ in report.skipped}
    assert "157.5" in " ".join(c.text for c in store.current().chunks)


def test_interrupted_ingest_leaves_the_previous_index_usable(settings: Settings, embedder,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure mid-embedding must not touch the current generation (see store.py)."""
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    store = IndexStore(settings, embedder)
    ingest(store, embedder)
    before = store.current().generation
    write_article(settings.corpus_dir, "b.txt", KENYA)
    write_article(settings.corpus_dir, "c.txt", RUSSIA)

    def explode(texts: list[str]):
        raise KeyboardInterrupt

    monkeypatch.setattr(embedder, "embed_passages", explode)
    with pytest.raises(KeyboardInterrupt):
        ingest(store, embedder)
    monkeypatch.undo()
    fresh = IndexStore(settings, embedder)
    assert fresh.current().generation == before
    assert {a.source for a in fresh.current().articles.values()} == {"a.txt"}
    assert HybridSearcher(fresh, embedder).search("Estonia trade", 1)[0].article.source == "a.txt"
    report = ingest(fresh, embedder)  # the next ingest completes and sweeps the leftovers
    assert {a.source for a in fresh.current().articles.values()} == {"a.txt", "b.txt", "c.txt"}
    assert report.generation == before + 1
    assert [d.name for d in settings.index_dir.glob("gen_*")] == [f"gen_{before + 1:04d}"]


def test_index_reopens_in_a_new_process(settings: Settings, embedder, tmp_path: Path) -> None:
    """The collection must reopen without Chroma's default (downloading) embedding function."""
    write_article(settings.corpus_dir, "c.txt", RUSSIA)
    ingest(IndexStore(settings, embedder), embedder)
    result = subprocess.run([sys.executable, "-m", "assistant", "ask", "Кто возглавил делегацию СО РАН?", "--json"],
                            capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "ASSISTANT_INDEX_DIR": str(settings.index_dir)})
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["citations"] and answer["citations"][0]["source"] == "c.txt"


def test_embedder_mismatch_is_a_clear_error(settings: Settings, embedder) -> None:
    """An index built by another embedder must not be queried with this one."""
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    store = IndexStore(settings, embedder)
    ingest(store, embedder)
    manifest = json.loads(store.manifest_path.read_text())
    manifest["embedder"] = "openai:text-embedding-3-small"
    store.manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatchError) as err:
        IndexStore(settings, embedder).current()
    assert "ingest --rebuild" in err.value.user_message()
    report = ingest(IndexStore(settings, embedder), embedder)  # a plain ingest re-embeds everything
    assert report.embedded_chunks >= 1
    assert IndexStore(settings, embedder).current().embedder == embedder.version


def test_embedded_ask_reads_the_catalogue_not_chromadb(tmp_path: Path, embedder) -> None:
    """An embedded `ask` checks its collection in Chroma's SQLite catalogue and answers from the
    generation's files without importing chromadb (0.6 s of a cold start); the catalogue agrees
    with chromadb on a live and a dropped collection, and says "cannot tell" when it is unreadable.
    A failure here: look at `store.embedded_collection_exists` and what imports chromadb."""
    from assistant.index.store import embedded_collection_exists

    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    write_article(settings.corpus_dir, "a.txt", ESTONIA)
    store = IndexStore(settings, embedder)
    ingest(store, embedder)
    name = store.current().collection_name
    probe = ("import json, sys; from assistant.cli import main; code = main(['ask', sys.argv[1], '--json']); "
             "print(json.dumps({'code': code, 'chromadb': 'chromadb' in sys.modules}))")
    result = subprocess.run([sys.executable, "-c", probe, "How much did trade with Estonia grow?"],
                            capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "ASSISTANT_INDEX_DIR": str(settings.index_dir)})
    assert result.returncode == 0, result.stderr
    answer, status = (json.loads(line) for line in result.stdout.strip().splitlines()[-2:])
    assert status == {"code": 0, "chromadb": False}
    assert answer["citations"][0]["source"] == "a.txt"
    assert embedded_collection_exists(settings.index_dir, name) is True
    store.client.delete_collection(name)
    assert embedded_collection_exists(settings.index_dir, name) is False
    with pytest.raises(IndexNotFoundError, match="missing"):
        IndexStore(settings, embedder).current()
    unreadable = tmp_path / "other" / "chroma"
    unreadable.mkdir(parents=True)
    (unreadable / "chroma.sqlite3").write_bytes(b"not a database")
    with pytest.raises(IndexNotFoundError, match=r"chroma\.sqlite3: file is not a database") as damaged:
        embedded_collection_exists(tmp_path / "other", name)  # named, not handed to chromadb (issue 22)
    assert "ingest --rebuild" in damaged.value.user_message()
    assert embedded_collection_exists(tmp_path / "nowhere", name) is None
