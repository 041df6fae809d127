"""The Chroma-side embedding function, registered under our name so a collection reopens in a
new process without Chroma reaching for its own (downloading) default model. Imported where a
Chroma client is made (`store.make_client`), not by `embeddings`: chromadb takes about half a
second to import, which `assistant ask` need not pay before it starts embedding the question."""

from __future__ import annotations

from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.api.types import Embeddings as ChromaEmbeddings
from chromadb.utils.embedding_functions import register_embedding_function

from ..core.settings import Settings
from .embeddings import E5_NAME, get_embedder


@register_embedding_function
class AssistantEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma-side adapter. Our code always passes vectors itself; this exists so Chroma records
    and rebuilds *this* function instead of its default ONNX model (which downloads)."""

    def __init__(self, embedder_name: str = E5_NAME) -> None:
        self.embedder_name = embedder_name

    def __call__(self, input: Documents) -> ChromaEmbeddings:
        embedder = get_embedder(Settings(embeddings=self.embedder_name))
        return [np.asarray(v, dtype=np.float32) for v in embedder.embed_passages(list(input))]

    def embed_query(self, input: Documents) -> ChromaEmbeddings:
        embedder = get_embedder(Settings(embeddings=self.embedder_name))
        return [embedder.embed_query_vector(text) for text in input]

    @staticmethod
    def name() -> str:
        return "articles-assistant"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"embedder_name": self.embedder_name}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "AssistantEmbeddingFunction":
        return AssistantEmbeddingFunction(config.get("embedder_name", E5_NAME))
