"""A bounded soak: several askers share one AnswerService (as the Streamlit server does) while
ingests switch generations under them. Every answer must come from one complete generation."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from assistant.answer.chain import AnswerService
from assistant.core.errors import IndexNotFoundError
from assistant.core.settings import Settings
from assistant.index.ingest import ingest
from assistant.language.countries import tag_article

from .conftest import copy_corpus, write_article

QUESTIONS = [
    "What was the volume of trade between Kazakhstan and Estonia in 2023?",
    "When were diplomatic relations between Kazakhstan and Kenya established?",
    "What did Kazakhstan and Narnia agree on grain?",
    "Who led the delegation of the Siberian Branch of the Russian Academy of Sciences?",
    "What did the ministers discuss about green hydrogen?",
]
ASKERS = 4


def test_askers_see_whole_generations_while_ingests_switch(tmp_path: Path, embedder) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=corpus)
    service = AnswerService(settings, embedder=embedder)
    generations: dict[int, set[str]] = {}

    def switch() -> None:
        ingest(service.store, embedder, prune=True, tagger=tag_article)
        snapshot = service.store.current()
        generations[snapshot.generation] = set(snapshot.articles)

    switch()
    errors: list[BaseException] = []
    answers: list[set[str]] = []
    stop = threading.Event()

    def asker(offset: int) -> None:
        i = offset
        while not stop.is_set():
            try:
                answer = service.ask(QUESTIONS[i % len(QUESTIONS)])
                answers.append({c.article_id for c in answer.citations})
            except BaseException as err:  # noqa: BLE001 - every failure is a finding here
                errors.append(err)
            i += 1

    threads = [threading.Thread(target=asker, args=(n,)) for n in range(ASKERS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.5)
        write_article(corpus, "narnia.txt", "Kazakhstan and Narnia agree on grain\nKazakhstan and Narnia agreed "
                                            "to trade 5 million tonnes of grain.\n")
        switch()  # a file added
        (corpus / "004_5f9d832c174a2bb2.txt").unlink()
        switch()  # a file removed (pruned)
        narnia = corpus / "narnia.txt"
        narnia.write_text(narnia.read_text(encoding="utf-8").replace("5 million", "7 million"), encoding="utf-8")
        switch()  # a file changed
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
    elapsed = time.perf_counter() - started
    assert not errors, f"{len(errors)} errors, first: {errors[0]!r}"
    assert len(generations) == 4 and len(answers) >= ASKERS * 2, (generations.keys(), len(answers))
    for cited in answers:
        assert any(cited <= ids for ids in generations.values()), f"{cited} is from no single generation"
    assert any("narnia.txt" in a for cited in answers for a in cited), "askers saw a generation switched in"
    assert elapsed < 60, "bounded: the askers stop once the ingests are done"


def test_a_reader_of_a_replaced_generation_still_gets_its_bridge_index(tmp_path: Path, embedder) -> None:
    """The script-bridging index is read on first use; if an ingest replaced the generation and
    removed its folder before that, the reader builds it from the chunks it holds (the race the
    concurrency test above hit once in CI), while a folder that is there but damaged still fails."""
    from assistant.index.store import IndexStore

    settings = Settings(index_dir=tmp_path / "index", corpus_dir=tmp_path / "corpus")
    write_article(settings.corpus_dir, "chile.txt", "Kazakhstan and Chile\nCopper exports were discussed.\n")
    store = IndexStore(settings, embedder)
    ingest(store, embedder)
    old = store.current()
    write_article(settings.corpus_dir, "peru.txt", "Kazakhstan and Peru\nA trade mission visited Lima.\n")
    ingest(store, embedder)
    assert not old.directory.exists() and store.current().generation != old.generation
    assert old.bridge().size == len(old.chunks)

    leftover = settings.index_dir / ".removing-gen_0001-1-1"  # a removal cut short by a crash
    (leftover / "bridge").mkdir(parents=True)
    write_article(settings.corpus_dir, "peru.txt", "Kazakhstan and Peru\nA trade mission visited Cusco.\n")
    ingest(store, embedder)
    assert not leftover.exists(), "the next ingest sweeps a half-removed generation"
    live = store.current().directory
    assert sorted(p.name for p in settings.index_dir.glob("gen_*")) == [live.name]

    (live / "term_stats.json").write_text("{", encoding="utf-8")
    with pytest.raises(IndexNotFoundError, match="damaged"):
        IndexStore(settings, embedder).current().bridge()


def test_a_generation_replaced_while_it_loads_gives_way_to_the_new_one(tmp_path: Path, embedder,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The race CI hit: a reader read the manifest, then an ingest switched generations and removed
    the folder the reader was loading (its BM25 files half gone). The reader must load the newer
    generation, not refuse the question as a damaged index; a generation damaged with no ingest
    under way must still be reported."""
    from assistant.index import store as store_module
    from assistant.index.store import IndexStore

    settings = Settings(index_dir=tmp_path / "index", corpus_dir=tmp_path / "corpus")
    write_article(settings.corpus_dir, "chile.txt", "Kazakhstan and Chile\nCopper exports were discussed.\n")
    ingest(IndexStore(settings, embedder), embedder)
    original = store_module.LexicalIndex.load
    switched: list[Path] = []

    def load_during_an_ingest(directory: Path, size: int):  # the ingest lands between two reads
        if not switched:
            switched.append(directory)  # the ingest's own loads read as usual
            write_article(settings.corpus_dir, "peru.txt", "Kazakhstan and Peru\nA trade mission visited Lima.\n")
            ingest(IndexStore(settings, embedder), embedder)
            assert not directory.exists(), "the ingest removed the folder being loaded"
        return original(directory, size)

    monkeypatch.setattr(store_module.LexicalIndex, "load", staticmethod(load_during_an_ingest))
    reader = IndexStore(settings, embedder)
    snapshot = reader.current()
    assert switched and snapshot.directory != switched[0] and snapshot.directory.exists()
    assert {a.title for a in snapshot.articles.values()} >= {"Kazakhstan and Peru"}

    monkeypatch.setattr(store_module.LexicalIndex, "load", original)
    (snapshot.directory / "bm25" / "params.index.json").write_text("{", encoding="utf-8")
    with pytest.raises(IndexNotFoundError, match="damaged"):
        IndexStore(settings, embedder).current()
