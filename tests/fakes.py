"""Small, inspectable stand-ins for logic tests (never used by the product).

`HashEmbedder` meets `assistant.index.embeddings.Embedder` without a model: a text's vector is its
words hashed into `dim` buckets (stable across processes: blake2b, not `hash()`), L2-normalised.
Texts that share words are close, texts that share none are orthogonal, and it costs nothing to
load, so a test of ingest, search or answer logic need not pay for e5. Semantics it has none:
a test that asserts what e5 would rank belongs with the real embedder.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

WORD = re.compile(r"\w+", re.UNICODE)


class HashEmbedder:
    name = "fake:hash"
    version = "fake-hash-1"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.calls = 0
        """How many texts were embedded (a test can check what was embedded again)."""

    def token_count(self, text: str) -> int:
        return len(WORD.findall(text))

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for word in WORD.findall(text.lower()):
            bucket = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little") % self.dim
            vector[bucket] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.calls += len(texts)
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), dtype=np.float32)

    def embed_query_vector(self, text: str) -> np.ndarray:
        self.calls += 1
        return self._vector(text)
