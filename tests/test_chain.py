"""The LangChain runnable is the answer path: `ask`, `stream` and `batch` are its `invoke`,
`stream` and `batch`, and LangChain callbacks see the retrieval and the answer (real index,
real embedder, the loopback model server for LLM mode)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.documents import Document
from langchain_core.runnables import RunnableLambda

from assistant.answer.answers import Answer
from assistant.answer.chain import AnswerService, build_service
from assistant.retrieval.retriever import HybridRetriever
from assistant.retrieval.search import SearchFilters

from .fake_openai import FakeOpenAI

ESTONIA_Q = "What was the volume of trade between Kazakhstan and Estonia in 2023?"
QUESTIONS = [ESTONIA_Q, "Кто такой Барлыбай Садыков?", "Which partners discussed critical minerals?",
             "What is the capital of Peru?"]


class Recorder(BaseCallbackHandler):
    """A LangChain callback handler that writes down what it is told, in order."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []
        self.parents: dict[UUID, UUID | None] = {}

    def on_retriever_start(self, serialized: dict[str, Any], query: str, *, run_id: UUID,
                           parent_run_id: UUID | None = None, **kwargs: Any) -> None:
        self.parents[run_id] = parent_run_id
        self.events.append(("retriever_start", query))

    def on_retriever_end(self, documents: Any, *, run_id: UUID, **kwargs: Any) -> None:
        self.events.append(("retriever_end", list(documents)))

    def on_chain_start(self, serialized: dict[str, Any] | None, inputs: Any, *, run_id: UUID,
                       parent_run_id: UUID | None = None, **kwargs: Any) -> None:
        self.parents[run_id] = parent_run_id
        self.events.append(("chain_start", kwargs.get("name")))

    def on_chain_end(self, outputs: Any, *, run_id: UUID, parent_run_id: UUID | None = None, **kwargs: Any) -> None:
        if parent_run_id is None:
            self.events.append(("root_end", outputs))


def _comparable(answer: Answer) -> dict[str, Any]:
    data = answer.to_json()
    data.pop("timings_ms")
    return data


def test_a_callback_handler_sees_the_retrieval_and_the_answer(use_bundled: Path) -> None:
    service = build_service()
    recorder = Recorder()
    answer = service.ask(ESTONIA_Q, config={"callbacks": [recorder]})
    kinds = [kind for kind, _ in recorder.events]
    assert kinds.index("retriever_start") < kinds.index("retriever_end") < kinds.index("root_end")
    assert dict(recorder.events)["retriever_start"] == ESTONIA_Q
    documents = dict(recorder.events)["retriever_end"]
    assert all(isinstance(doc, Document) for doc in documents)
    assert [doc.id for doc in documents] == [hit.chunk.id for hit in answer.hits]
    assert answer.citations[0].article_id in {doc.metadata["article_id"] for doc in documents}
    final = dict(recorder.events)["root_end"]
    assert isinstance(final, Answer) and final.answer == answer.answer and not answer.refused
    names = [name for kind, name in recorder.events if kind == "chain_start"]
    assert "validate" in names and "retrieve" in names and "answer (extractive)" in names
    assert all(parent is not None for parent in list(recorder.parents.values())[1:]), "one trace, one root"


def test_batch_gives_the_answers_invoke_gives(use_bundled: Path) -> None:
    service = build_service()
    batched = service.batch(QUESTIONS)
    one_by_one = [service.chain.invoke({"question": q}) for q in QUESTIONS]
    assert [_comparable(a) for a in batched] == [_comparable(a) for a in one_by_one]
    assert [a.refused for a in batched] == [False, False, False, True]
    assert all(a.timings_ms["total"] == a.timings_ms["retrieve"] + a.timings_ms["answer"] for a in batched)


def test_ask_is_the_chain_and_composes(use_bundled: Path) -> None:
    """`ask` is `chain.invoke`, and the chain drops into a bigger runnable unchanged."""
    service = build_service()
    filters = SearchFilters(languages=("ru",))
    asked = service.ask(ESTONIA_Q, filters=filters)
    composed = (service.chain | RunnableLambda(lambda answer: answer.answer)).invoke(
        {"question": ESTONIA_Q, "filters": filters})
    assert composed == asked.answer
    assert {hit.article.lang for hit in asked.hits} == {"ru"}


def test_extractive_stream_yields_the_answer_once(use_bundled: Path) -> None:
    service = build_service()
    pieces = list(service.stream(ESTONIA_Q))
    assert len(pieces) == 1 and isinstance(pieces[0], Answer)
    assert _comparable(pieces[0]) == _comparable(service.ask(ESTONIA_Q))


def test_llm_stream_pieces_join_to_the_final_answer(use_bundled: Path, fake: FakeOpenAI) -> None:
    def grounded(messages: list[dict[str, Any]]) -> str:
        prompt = "\n".join(str(m.get("content", "")) for m in messages)
        n, text = re.findall(r'<source n="(\d+)"[^>]*>\n(.*?)\n</source>', prompt, flags=re.S)[0]
        first = re.split(r"(?<=[.!?])\s+", text.strip())[0]
        return f"{first.rstrip('.')} [{n}]."  # the marker before the stop, as the check writes it

    fake.reply = grounded
    service = build_service()
    recorder = Recorder()
    pieces = list(service.stream(ESTONIA_Q, config={"callbacks": [recorder]}))
    text, final = pieces[:-1], pieces[-1]
    assert len(text) > 3 and all(isinstance(p, str) for p in text)
    assert isinstance(final, Answer) and final.mode == "llm" and final.verdict == "grounded"
    assert "".join(p for p in text if isinstance(p, str)).strip() == final.answer.strip()
    assert ("retriever_start", ESTONIA_Q) in recorder.events


def test_the_offline_sibling_runs_its_own_chain(use_bundled: Path, fake: FakeOpenAI) -> None:
    service = build_service()
    assert service.mode == "llm"
    offline = service.offline()
    assert offline.ask(ESTONIA_Q).mode == "extractive"
    assert service.ask(ESTONIA_Q).mode in ("llm", "extractive") and service.chain is not offline.chain


def test_the_retriever_drops_into_a_langchain_pipeline(use_bundled: Path) -> None:
    service: AnswerService = build_service()
    retriever = HybridRetriever(searcher=service.searcher, k=2)
    def titles_of(docs: list[Document]) -> list[str]:
        return [str(d.metadata["title"]) for d in docs]

    titles = (retriever | RunnableLambda(titles_of)).invoke(ESTONIA_Q)
    assert len(titles) == 2 and "Estonia" in titles[0]
    assert len(retriever.invoke(ESTONIA_Q, k=4)) == 4


def test_public_entry_points_import_lazily() -> None:
    """`import assistant` loads no LangChain, Chroma or numpy; each public name resolves to its home."""
    import subprocess
    import sys

    probe = ("import sys, assistant; heavy = [m for m in ('langchain_core', 'chromadb', 'numpy') if m in sys.modules];"
             "print(heavy); from assistant import AnswerService, HybridRetriever, Hit, build_service;"
             "import assistant.answer.chain as c, assistant.retrieval.retriever as r, assistant.core.records as rec;"
             "print(AnswerService is c.AnswerService and build_service is c.build_service"
             " and HybridRetriever is r.HybridRetriever and Hit is rec.Hit)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["[]", "True"]
    import assistant

    assert all(getattr(assistant, name) is not None for name in assistant.__all__)
