"""The bundled e5 embedder's bulk path: pieces shared out among the engines, floats unchanged."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pytest

from assistant.index.embeddings import EMBED_PIECE, E5Embeddings, _pieces

TEXTS = [f"Kazakhstan and partner {n} discussed trade worth {n * 17.5} million dollars in {2000 + n}."
         for n in range(30)]
TEXTS += [f"Министры обсудили транзит через Каспийское море, встреча номер {n}." for n in range(30)]
TEXTS += ["A longer passage. " * 40, "Короткий.", "x"]


@pytest.fixture(scope="module")
def two_engines() -> E5Embeddings:
    return E5Embeddings(threads=2, engines=2)


def test_a_bulk_call_gives_the_floats_of_one_call_on_one_engine(two_engines: E5Embeddings) -> None:
    assert len(_pieces(TEXTS)) > 2, "the texts must make several pieces"
    shared_out = two_engines.embed_passages(TEXTS)
    whole = np.asarray(two_engines._models[1].passage(TEXTS), dtype=np.float32)
    assert shared_out.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(shared_out, axis=1), 1.0, atol=1e-5), "the engine answered"
    assert np.array_equal(shared_out, whole), "pieces, engines and order leave every float unchanged"
    assert np.array_equal(two_engines.embed_passages(TEXTS[3:4])[0], whole[3])


def test_pieces_keep_every_text_in_order_and_stay_under_the_budget() -> None:
    pieces = _pieces(TEXTS)
    assert [text for piece in pieces for text in piece] == TEXTS
    assert all(piece for piece in pieces)
    assert all(sum(map(len, piece)) <= EMBED_PIECE or len(piece) == 1 for piece in pieces)
    assert _pieces(["y" * 5000, "z"]) == [["y" * 5000], ["z"]], "a text over the budget is a piece of its own"
    assert _pieces(["", "a"]) == [["", "a"]] and _pieces([""]) == [[""]]


def test_both_engines_embed_at_once(two_engines: E5Embeddings, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first two pieces wait for each other while each holds an engine: run one after the
    other, the barrier would time out and the call fail."""
    barrier = threading.Barrier(2, timeout=30)
    served: list[int] = []
    original = two_engines.engine

    @contextmanager
    def watched(after_others: bool = False) -> Iterator[Any]:
        with original(after_others) as model:
            served.append(id(model))
            if len(served) <= 2:
                barrier.wait()
            yield model

    monkeypatch.setattr(two_engines, "engine", watched)
    vectors = two_engines.embed_passages(TEXTS)
    assert len(served) == len(_pieces(TEXTS)) and len(set(served)) == 2
    assert np.array_equal(vectors, np.asarray(two_engines._models[0].passage(TEXTS), dtype=np.float32))


def test_an_asker_waits_for_a_piece_of_a_bulk_call_not_for_all_of_it(two_engines: E5Embeddings,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """An ingest's pieces let a waiting asker take the next free engine. Without that, the thread
    handing an engine back took it again first, and the asker waited for the whole batch."""
    taken: list[str] = []
    running = threading.Event()
    original = two_engines.engine

    @contextmanager
    def watched(after_others: bool = False) -> Iterator[Any]:
        with original(after_others) as model:
            taken.append("piece" if after_others else "asker")
            if len(taken) == 2:
                running.set()
            yield model

    monkeypatch.setattr(two_engines, "engine", watched)
    texts = [f"Paragraph {n}: " + "Kazakhstan and Kyrgyzstan discussed water sharing on the Syr Darya. " * 16
             for n in range(30)]
    assert len(_pieces(texts)) == len(texts)
    bulk = threading.Thread(target=two_engines.embed_passages, args=(texts,))
    bulk.start()
    assert running.wait(30)
    two_engines.embed_query_vector(f"Who shares the Syr Darya? {id(taken)}")  # not in the query cache
    bulk.join(120)
    assert taken.count("piece") == len(texts) and taken.count("asker") == 1
    assert taken.index("asker") <= 5, f"the asker took an engine after {taken.index('asker')} of 30 pieces"
