"""articles-assistant: answers questions about news articles, with citations.

The public entry points, importable from here (README, "Use it from Python"):

    from assistant import Settings, build_service, HybridRetriever

    service = build_service(Settings())        # the answer chain over the index in ASSISTANT_INDEX_DIR
    service.ask("Who met the Estonian ambassador?")    # chain.invoke -> Answer
    service.chain                               # the LangChain runnable itself (invoke/stream/batch)
    service.retriever                           # a LangChain BaseRetriever over the hybrid search

Each name is imported on first use, so `import assistant` stays cheap (no LangChain, Chroma or
numpy until something needs them).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_WHERE = {
    "AnswerService": "answer.chain", "build_service": "answer.chain",
    "HybridRetriever": "retrieval.retriever", "HybridSearcher": "retrieval.search", "SearchFilters": "retrieval.search",
    "IndexStore": "index.store", "get_embedder": "index.embeddings", "Settings": "core.settings",
    "Answer": "answer.answers", "Article": "core.records", "ChunkRecord": "core.records", "Hit": "core.records",
    "Citation": "core.records",
    "AssistantError": "core.errors",
}

__all__ = [
    "Answer",
    "AnswerService",
    "Article",
    "AssistantError",
    "ChunkRecord",
    "Citation",
    "Hit",
    "HybridRetriever",
    "HybridSearcher",
    "IndexStore",
    "SearchFilters",
    "Settings",
    "build_service",
    "get_embedder",
]

if TYPE_CHECKING:
    from .answer.answers import Answer
    from .answer.chain import AnswerService, build_service
    from .core.errors import AssistantError
    from .core.records import Article, ChunkRecord, Citation, Hit
    from .core.settings import Settings
    from .index.embeddings import get_embedder
    from .index.store import IndexStore
    from .retrieval.retriever import HybridRetriever
    from .retrieval.search import HybridSearcher, SearchFilters


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
