"""LangChain's standard retriever suite (`langchain-tests`) against `HybridRetriever`, over the
bundled corpus indexed with the real embedder: `k` in the constructor and per call, documents
from `invoke` and `ainvoke`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langchain_core.retrievers import BaseRetriever
from langchain_tests.integration_tests import RetrieversIntegrationTests

from assistant.retrieval.retriever import HybridRetriever


class TestHybridRetrieverStandard(RetrieversIntegrationTests):
    searcher: Any = None

    @pytest.fixture(autouse=True)
    def _searcher(self, use_bundled: Path) -> None:
        from assistant.answer.chain import build_service

        self.searcher = build_service().searcher

    @property
    def retriever_constructor(self) -> type[BaseRetriever]:
        return HybridRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"searcher": self.searcher}

    @property
    def retriever_query_example(self) -> str:
        return "trade between Kazakhstan and Estonia"
