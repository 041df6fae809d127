"""The LangChain retriever over `search.HybridSearcher` (for LangChain pipelines that want one)."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from .search import SearchFilters


class HybridRetriever(BaseRetriever):
    """LangChain face of `HybridSearcher`: Documents carry article metadata and both leg scores."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: Any
    k: int | None = None
    """Passages per query; `Settings.top_k` when unset."""
    filters: SearchFilters | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun
                                ) -> list[Document]:
        return [hit.to_document() for hit in self.searcher.search(query, self.k, self.filters)]

