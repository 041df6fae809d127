"""The LangChain retriever over the hybrid search: the chain's retrieve step, and a drop-in
`BaseRetriever` for anyone's LangChain pipeline.

`HybridRetriever(searcher=..., k=3).invoke("question")` returns `Document`s (page content = the
passage, metadata = article, dates, language and both legs' scores). `k` and `filters` can also
be given per call (`invoke(query, k=1, filters=SearchFilters(languages=("ru",)))`), which is how
the chain asks for a list question's extra breadth. Each document also carries the `Hit` it was
made from (`HitDocument.hit`, not serialized), so the answer step gets the very passages the
search ranked instead of looking them up again.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from ..core.records import Hit
from .search import HybridSearcher, SearchFilters


class HitDocument(Document):
    """A `Document` that remembers the retrieved passage it was made from (`hit`)."""

    _hit: Hit | None = PrivateAttr(default=None)

    @property
    def hit(self) -> Hit | None:
        return self._hit

    @classmethod
    def from_hit(cls, hit: Hit) -> HitDocument:
        plain = hit.to_document()
        document = cls(page_content=plain.page_content, metadata=plain.metadata, id=plain.id)
        document._hit = hit
        return document


def hits_of(documents: list[Document]) -> list[Hit]:
    """The passages behind the retriever's documents, in their order."""
    hits = [doc.hit for doc in documents if isinstance(doc, HitDocument)]
    if len(hits) != len(documents) or any(hit is None for hit in hits):
        raise TypeError("the answer step needs the documents of a HybridRetriever")
    return [hit for hit in hits if hit is not None]


class HybridRetriever(BaseRetriever):
    """LangChain face of `HybridSearcher`: Documents carry article metadata and both leg scores."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: HybridSearcher
    k: int | None = None
    """Passages per query; `Settings.top_k` when unset (a per-call `k` wins)."""
    filters: SearchFilters | None = None
    """Restrictions for every query (a per-call `filters` wins)."""

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                **kwargs: Any) -> list[Document]:
        k = kwargs.get("k", self.k)
        filters = kwargs.get("filters", self.filters)
        return [HitDocument.from_hit(hit) for hit in self.searcher.search(query, k, filters)]
