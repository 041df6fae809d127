"""`assistant ingest`: files -> articles -> chunks -> a new index generation.

Incremental by content hash: chunks of unchanged files are copied with their vectors from the
current generation (no embedding work); new or changed files are parsed and embedded;
files that disappeared are kept unless `prune` is set. Nothing changes on disk until the new
generation is complete (see `store`).
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .articles import Article
from .chunking import chunk_article, embed_text
from .embeddings import AssistantEmbeddingFunction, Embedder
from .errors import ArticleFormatError, AssistantError, IngestError
from .lexical import LexicalIndex
from .loaders import SUPPORTED_SUFFIXES, iter_article_files, load_articles
from .sentences import build_sentence_index
from .store import MANIFEST_FORMAT, ChunkRecord, IndexStore, chunk_metadata, save_generation, write_json_atomic

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total)"""
Tagger = Callable[[Article], Article]

EMBED_BATCH = 16
COPY_BATCH = 256


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    articles: int = 0
    chunks: int = 0
    embedded_chunks: int = 0
    reused_chunks: int = 0
    embedded_sentences: int = 0
    sentence_seconds: float = 0.0
    """Time spent building the sentence index (the cost it adds to an ingest)."""
    generation: int | None = None
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        return (f"{self.articles} articles, {self.chunks} chunks in the index "
                f"(files: {len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
                f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped; "
                f"{self.embedded_chunks} chunks embedded, {self.reused_chunks} reused; "
                f"{self.embedded_sentences} sentences embedded in {self.sentence_seconds:.1f}s) "
                f"in {self.seconds:.1f}s")


@dataclass
class _FileEntry:
    path: str
    source: str
    sha256: str
    articles: list[Article]
    chunks: list[ChunkRecord]
    reused: bool


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def _ingest_lock(root: Path) -> Iterator[None]:
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".ingest.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IngestError("Another ingest is running on this index.", hint="Wait for it to finish.") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def ingest(store: IndexStore, embedder: Embedder, paths: Iterable[Path] | None = None, *, prune: bool = False,
           rebuild: bool = False, progress: Progress = _no_progress, tagger: Tagger | None = None,
           uploads: dict[str, bytes] | None = None) -> IngestReport:
    """Bring the index up to date with `paths` (default: the configured corpus folder).

    `uploads` maps file names to bytes that are ingested as if they were files in the corpus
    folder (the UI's upload); they are written there only after the index was built.
    """
    started = time.perf_counter()
    report = IngestReport()
    with _ingest_lock(store.root):
        previous = store.read_manifest()
        if previous is not None and (rebuild or previous["embedder"] != embedder.version):
            previous = None  # vectors from another embedder cannot be reused
        old_snapshot = None
        if previous is not None:
            try:
                old_snapshot = store.current()
            except AssistantError:
                previous = None  # a damaged index is rebuilt from the files
        old_files: dict[str, Any] = previous["files"] if previous else {}

        entries: dict[str, _FileEntry] = {}
        sources: dict[str, str] = {}
        roots = [Path(p) for p in (paths or [store.settings.corpus_dir])]
        for root in roots:
            if not root.exists():
                raise IngestError(f"No such file or folder: {root}")
        upload_names = {Path(name).name for name in (uploads or {})}
        candidates: list[tuple[Path, bytes | None]] = [
            (path, None) for path in iter_article_files(roots)
            if not (path.name in upload_names and path.parent.resolve() == store.settings.corpus_dir.resolve())]
        for name, data in (uploads or {}).items():
            candidates.append((store.settings.corpus_dir / Path(name).name, data))
        for number, (path, data) in enumerate(candidates, start=1):
            progress("reading", number, len(candidates))
            key = str(path.resolve())
            if data is None and path.suffix.lower() not in SUPPORTED_SUFFIXES:
                report.skipped.append((str(path), f"unsupported file type '{path.suffix or path.name}'"))
                continue
            if path.name in sources and sources[path.name] != key:
                report.skipped.append((str(path), f"another file named {path.name} is already ingested "
                                                  f"from {sources[path.name]}"))
                continue
            try:
                sha = hashlib.sha256(data).hexdigest() if data is not None else _sha256(path)
            except OSError as err:
                report.skipped.append((str(path), f"cannot read file ({err.strerror or err})"))
                continue
            old = old_files.get(key)
            if old is not None and old["sha256"] == sha and old_snapshot is not None:
                entries[key] = _reuse(key, old, old_snapshot)
                report.unchanged.append(str(path))
            else:
                try:
                    articles = load_articles(path, data)
                except ArticleFormatError as err:
                    report.skipped.append((str(path), str(err)))
                    continue
                if tagger is not None:
                    articles = [tagger(a) for a in articles]
                entries[key] = _FileEntry(key, path.name, sha, articles, _chunk_all(articles, embedder), reused=False)
                (report.updated if old is not None else report.added).append(str(path))
            sources[path.name] = key

        for key, old in old_files.items():
            if key in entries:
                continue
            if prune and not Path(key).exists():
                report.removed.append(key)
            elif old_snapshot is not None and old["source"] not in sources:
                # Not in this run's paths, or now unreadable: keep what was indexed (loses nothing).
                entries[key] = _reuse(key, old, old_snapshot)
                sources[old["source"]] = key

        upgraded = old_snapshot is not None and old_snapshot.sentences is None  # written before the sentence index
        if previous is not None and not report.changed and not upgraded:
            report.generation = previous["generation"]
            _fill_counts(report, entries)
            report.seconds = time.perf_counter() - started
            return report

        def save_uploads() -> None:
            for name, data in (uploads or {}).items():
                target = store.settings.corpus_dir / Path(name).name
                if str(target.resolve()) in entries:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)

        report.generation = _switch_to_new_generation(store, embedder, previous, list(entries.values()),
                                                      old_snapshot, progress, report, save_uploads)
        _fill_counts(report, entries)
        report.seconds = time.perf_counter() - started
        return report


def _fill_counts(report: IngestReport, entries: dict[str, _FileEntry]) -> None:
    report.articles = sum(len(e.articles) for e in entries.values())
    report.chunks = sum(len(e.chunks) for e in entries.values())


def _reuse(key: str, old: dict[str, Any], snapshot: Any) -> _FileEntry:
    ids = set(old["articles"])
    articles = [snapshot.articles[i] for i in old["articles"] if i in snapshot.articles]
    chunks = [c for c in snapshot.chunks if c.article_id in ids]
    return _FileEntry(key, old["source"], old["sha256"], articles, chunks, reused=True)


def _next_generation(store: IndexStore) -> int:
    numbers = [int(d.name[4:]) for d in store.root.glob("gen_*") if d.name[4:].isdigit()]
    return max(numbers, default=0) + 1


def _chunk_all(articles: list[Article], embedder: Embedder) -> list[ChunkRecord]:
    return [ChunkRecord(c.id, a.id, c.index, c.start, c.end, c.text)
            for a in articles for c in chunk_article(a, embedder.token_count)]


def _switch_to_new_generation(store: IndexStore, embedder: Embedder, previous: dict[str, Any] | None,
                              entries: list[_FileEntry], old_snapshot: Any, progress: Progress,
                              report: IngestReport, before_switch: Callable[[], None] | None = None) -> int:
    """Build a complete new generation, then point the manifest at it (atomically). On any
    failure or interrupt the half-built generation is discarded and the previous one stays
    current. Returns the new generation number."""
    generation = (previous["generation"] + 1) if previous else _next_generation(store)
    store.remove_leftovers(keep=previous["generation"] if previous else None)
    try:
        _build_generation(store, embedder, generation, entries, old_snapshot, progress, report)
        if before_switch is not None:
            before_switch()
        write_json_atomic(store.manifest_path, {
            "format": MANIFEST_FORMAT, "generation": generation, "embedder": embedder.version,
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "files": {e.path: {"source": e.source, "sha256": e.sha256, "articles": [a.id for a in e.articles]}
                      for e in entries}})
    except BaseException:
        _discard(store, generation)
        raise
    store.remove_leftovers(keep=generation)
    return generation


def _discard(store: IndexStore, generation: int) -> None:
    """Best-effort removal of a half-built generation; the next ingest retries."""
    try:
        store.client.delete_collection(store.collection_name(generation))
    except Exception:  # noqa: BLE001 - it may never have been created; leftovers are swept later
        pass
    shutil.rmtree(store.generation_dir(generation), ignore_errors=True)


def _build_generation(store: IndexStore, embedder: Embedder, generation: int, entries: list[_FileEntry],
                      old_snapshot: Any, progress: Progress, report: IngestReport) -> None:
    articles = [a for e in entries for a in e.articles]
    by_id = {a.id: a for a in articles}
    chunks = [c for e in entries for c in e.chunks]
    collection = store.client.create_collection(
        store.collection_name(generation),
        embedding_function=AssistantEmbeddingFunction(embedder.name),
        configuration={"hnsw": {"space": "cosine"}},
    )
    reused = [c for e in entries if e.reused for c in e.chunks]
    fresh = [c for e in entries if not e.reused for c in e.chunks]
    total = len(chunks)
    done = 0
    for i in range(0, len(reused), COPY_BATCH):
        batch = reused[i: i + COPY_BATCH]
        got = old_snapshot.collection.get(ids=[c.id for c in batch], include=["embeddings"])
        vectors = dict(zip(got["ids"], got["embeddings"]))
        missing = [c for c in batch if c.id not in vectors]
        if missing:  # the old collection lost vectors: embed them again rather than fail
            fresh.extend(missing)
            batch = [c for c in batch if c.id in vectors]
        if batch:
            collection.add(ids=[c.id for c in batch], embeddings=[vectors[c.id] for c in batch],
                           documents=[c.text for c in batch],
                           metadatas=[chunk_metadata(by_id[c.article_id], c) for c in batch])
        done += len(batch)
        report.reused_chunks += len(batch)
        progress("embedding", done, total)
    for i in range(0, len(fresh), EMBED_BATCH):
        batch = fresh[i: i + EMBED_BATCH]
        texts = [embed_text(by_id[c.article_id].title, c.text) for c in batch]
        vectors = embedder.embed_passages(texts)
        collection.add(ids=[c.id for c in batch], embeddings=vectors, documents=[c.text for c in batch],
                       metadatas=[chunk_metadata(by_id[c.article_id], c) for c in batch])
        done += len(batch)
        report.embedded_chunks += len(batch)
        progress("embedding", done, total)
    reusable = frozenset(a.id for e in entries if e.reused for a in e.articles)
    sentences_started = time.perf_counter()
    sentences, report.embedded_sentences = build_sentence_index(
        articles, embedder.embed_passages, getattr(old_snapshot, "sentences", None), reusable,
        lambda done, todo: progress("sentences", done, todo))
    report.sentence_seconds = time.perf_counter() - sentences_started
    progress("indexing", 0, 1)
    lexical = LexicalIndex.build([embed_text(by_id[c.article_id].title, c.text) for c in chunks])
    save_generation(store.generation_dir(generation), articles, chunks, lexical, sentences)
    progress("indexing", 1, 1)


def index_articles(store: IndexStore, embedder: Embedder, articles: list[Article], label: str = "<memory>",
                   progress: Progress = _no_progress) -> IngestReport:
    """Build a fresh generation from articles already in memory (benchmarks, tests).
    Same chunking, embedding and atomic switch as `ingest`; nothing is reused."""
    started = time.perf_counter()
    report = IngestReport()
    with _ingest_lock(store.root):
        previous = store.read_manifest() if store.exists() else None
        entry = _FileEntry(label, label, "", list(articles), _chunk_all(articles, embedder), reused=False)
        report.generation = _switch_to_new_generation(store, embedder, previous, [entry], None, progress, report)
    _fill_counts(report, {label: entry})
    report.seconds = time.perf_counter() - started
    return report
