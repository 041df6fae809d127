"""`assistant ingest`: files -> articles -> chunks -> a new index generation.

Incremental by content hash: chunks of unchanged files keep their vectors, their Chroma records
(the collection is shared with the current generation) and their tokens (no embedding or
tokenising work); new or changed files are parsed and embedded; files that disappeared are kept
unless `prune` is set. No reader sees a change until the new generation is complete (see `store`).

Identity. A file is known by its absolute path (the manifest's key) and named by its *article
path*: its path relative to the ingest root it was found under, in posix form (`story1/index.html`;
just the file name for a file directly in the root, so a flat corpus keeps ids like
`003_13e68caafd3a2efa.txt#06`). Article ids are `<article path>` or `<article path>#NN`; the
citation's `source` stays the file name. When another file already owns that path (`fa/news.txt`
was ingested, now `fb/news.txt` comes), the newcomer takes the shortest tail of its absolute path
that is free (`fb/news.txt`, then `x/fb/news.txt`, ...). A file keeps the path recorded for it in
the manifest on every later ingest, so ids never move. Nothing leaves the index unless the report
names it in `removed` (`--prune` of a deleted file, or a deleted file during a rebuild).

Every ingest first sweeps what an interrupted one left behind (generation folders, collections,
records in the shared collection, a half-written manifest), under the ingest lock. A full disk
surfaces as `DiskFullError`.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..core.errors import (
    ArticleFormatError,
    AssistantError,
    DiskFullError,
    IndexMismatchError,
    IndexNotFoundError,
    IngestError,
)
from ..core.records import Article, ChunkRecord
from ..core.text import split_sentences
from ..language.chunking import chunk_article, embed_text
from ..language.crosslingual import BridgeIndex, BridgeTokens, saved_bridge_tokens
from ..language.lexical import LexicalIndex, lexical_tokens, saved_tokens
from ..language.loaders import SUPPORTED_SUFFIXES, iter_article_files_under, links_leading_out, load_file
from ..language.sentences import SentenceSpan, build_sentence_index, quotable_sentences
from ..language.token_counts import TokenCounts
from .chroma_function import AssistantEmbeddingFunction
from .embeddings import Embedder
from .store import (
    CHUNK_VECTORS,
    FOLDER_HINT,
    MANIFEST_FORMAT,
    IndexStore,
    chunk_metadata,
    embedded_collection_exists,
    not_a_folder,
    record_id,
    save_generation,
    set_aside_damaged_catalogue,
    write_json_atomic,
)

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total)"""
Tagger = Callable[[Article], Article]

EMBED_BATCH = 64
"""Chunks per `embed_passages` call: the step of the progress bar and of the writes to Chroma. The
e5 embedder cuts each call into its own pieces and shares them among its engines
(`embeddings.EMBED_PIECE`); its vectors do not depend on either (identical floats, tested)."""
COPY_BATCH = 256
KEPT_PROBLEMS = 20
"""A file's left-out records and notes kept in the manifest, reported again by every ingest while
the file is unchanged (the ingest that read it reports them all)."""


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    encodings: list[tuple[str, str]] = field(default_factory=list)
    """(path, encoding) of every file read in an encoding other than UTF-8."""
    notes: list[tuple[str, str]] = field(default_factory=list)
    """(path, note) of what was indexed other than written (`LoadedFile.notes`: an unreadable date)."""
    records_left_out: int = 0
    """Records of indexed JSON/JSONL files left out (`skipped` lists at most `KEPT_PROBLEMS` of an
    unchanged file's, and a line for the rest)."""
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
        indexed = {*self.added, *self.updated, *self.unchanged}
        records = sum(1 for path, _ in self.skipped if path in indexed)  # lines about a feed's records
        left_out = f", {self.records_left_out} records of indexed files left out" if self.records_left_out else ""
        return (f"{self.articles} articles, {self.chunks} chunks in the index "
                f"(files: {len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
                f"{len(self.unchanged)} unchanged, {len(self.skipped) - records} skipped{left_out}; "
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
    relative: str | None = None
    """The article path recorded in the manifest (see the module docstring)."""
    encoding: str | None = None
    sentences: dict[str, list[SentenceSpan]] = field(default_factory=dict)
    """Each fresh article's quotable sentences, from the split its chunks were packed from."""
    problems: list[str] = field(default_factory=list)
    """What was left out of the file when it was read (`LoadedFile.problems`), kept in the manifest
    so that every later ingest reports it again while the file is unchanged and not read."""
    notes: list[str] = field(default_factory=list)
    """The same for `LoadedFile.notes`."""
    left_out: int = 0
    """How many records `problems` stands for (it is cut to `KEPT_PROBLEMS` in the manifest)."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def _ingest_lock(root: Path) -> Iterator[None]:
    if root.exists() and not root.is_dir():
        raise IngestError(not_a_folder(root), hint=FOLDER_HINT)
    with _disk_full_is_named():
        root.mkdir(parents=True, exist_ok=True)
        handle = open(root / ".ingest.lock", "w")
    with handle:
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


@dataclass
class _Candidate:
    path: Path
    relative: str
    """Path relative to the ingest root it was found under (posix)."""
    data: bytes | None = None


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
        if not (store.settings.chroma_host or store.injected_client):  # a locked or damaged catalogue is named
            # before chromadb opens it
            if rebuild:
                set_aside_damaged_catalogue(store.root)  # what --rebuild repairs: kept aside, a fresh one made
            else:
                embedded_collection_exists(store.root, "")
        manifest, live = _read_manifest_for_ingest(store)
        if live is not _UNKNOWN:
            # an interrupted ingest's folders and collections
            store.remove_leftovers(keep=live, keep_collection=manifest["collection"] if manifest else None)
        previous = manifest
        if previous is not None and (rebuild or previous["embedder"] != embedder.version):
            previous = None  # vectors from another embedder cannot be reused
        old_snapshot = None
        if previous is not None:
            try:
                old_snapshot = store.current()
            except AssistantError:
                previous = None  # a damaged index is rebuilt from the files
        known: dict[str, Any] = manifest["files"] if manifest else {}
        kept = _Kept(old_snapshot)
        old_files: dict[str, Any] = known if old_snapshot is not None else {}

        roots = [Path(p) for p in (paths or [store.settings.corpus_dir])]
        for root in roots:
            if not root.exists():
                raise IngestError(f"No such file or folder: {root}")
        candidates = _candidates(store, roots, uploads)
        report.skipped += [(str(link), "a symbolic link to a file outside the folder (not followed)")
                           for link in links_leading_out(roots)]
        if old_snapshot is None:
            # Rebuilding: files indexed before from other folders are read again, not dropped.
            listed = {str(c.path.resolve()) for c in candidates}
            candidates += [_Candidate(Path(key), _relative_of(old)) for key, old in known.items()
                           if key not in listed and Path(key).is_file()]
        owners = _reserved_paths(known, prune)
        entries: dict[str, _FileEntry] = {}
        seen: set[str] = set()
        for number, candidate in enumerate(candidates, start=1):
            path, data = candidate.path, candidate.data
            progress("reading", number, len(candidates))
            key = str(path.resolve())
            if key in seen:
                continue  # the same file reached through two of the given paths
            seen.add(key)
            if data is None and path.suffix.lower() not in SUPPORTED_SUFFIXES:
                report.skipped.append((str(path), f"unsupported file type '{path.suffix or path.name}'"))
                continue
            try:
                sha = hashlib.sha256(data).hexdigest() if data is not None else _sha256(path)
            except OSError as err:
                report.skipped.append((str(path), f"cannot read file ({err.strerror or err})"))
                continue
            relative = _relative_of(known[key]) if key in known else _unique_path(candidate.relative, key, owners)
            owners[relative] = key
            old = old_files.get(key)
            if old is not None and old["sha256"] == sha and old_snapshot is not None:
                entries[key] = kept.entry(key, old)
                report.unchanged.append(str(path))
                _report_problems(report, str(path), entries[key])
                continue
            try:
                loaded = load_file(path, data, relative)
            except ArticleFormatError as err:
                report.skipped.append((str(path), str(err)))
                continue
            articles = [tagger(a) for a in loaded.articles] if tagger is not None else loaded.articles
            chunks, sentences = _chunk_all(articles, embedder)
            entries[key] = _FileEntry(key, path.name, sha, articles, chunks, reused=False, relative=relative,
                                      encoding=loaded.encoding, sentences=sentences, problems=list(loaded.problems),
                                      notes=list(loaded.notes), left_out=len(loaded.problems))
            _report_problems(report, str(path), entries[key])
            if loaded.encoding not in ("utf-8", "ascii"):
                report.encodings.append((str(path), loaded.encoding))
            (report.updated if old is not None else report.added).append(str(path))

        for key, old in known.items():
            if key in entries:
                continue
            if key in old_files and not (prune and not Path(key).exists()):
                # Not in this run's paths, or now unreadable: keep what was indexed (loses nothing).
                entries[key] = kept.entry(key, old)
            elif manifest is not None:
                report.removed.append(key)  # pruned, or gone while the index is rebuilt: named, never silent

        if previous is not None and not report.changed:
            if old_snapshot is not None:
                _settle(store.client.get_collection(old_snapshot.collection_name), old_snapshot)
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

        with _disk_full_is_named():
            report.generation = _switch_to_new_generation(store, embedder, previous, list(entries.values()),
                                                          old_snapshot, progress, report, save_uploads,
                                                          live=None if live is _UNKNOWN else live)
        _fill_counts(report, entries)
        report.seconds = time.perf_counter() - started
        return report


def _report_problems(report: IngestReport, path: str, entry: _FileEntry) -> None:
    """A file's left-out records and notes, the same whether it was read now or is unchanged."""
    report.skipped += [(path, f"{problem} (left out; the file's other articles were indexed)")
                       for problem in entry.problems]
    report.notes += [(path, note) for note in entry.notes]
    report.records_left_out += entry.left_out


_UNKNOWN: Any = object()
"""The live generation when `manifest.json` is unreadable: no generation may be swept before
the new one is switched in."""


def _read_manifest_for_ingest(store: IndexStore) -> tuple[dict[str, Any] | None, Any]:
    """(manifest, live generation). An unreadable or foreign manifest is no reason to refuse an
    ingest: it is what `ingest --rebuild` repairs, so it reads as "nothing to reuse"."""
    try:
        manifest = store.read_manifest()
    except (IndexNotFoundError, IndexMismatchError):
        return None, _UNKNOWN
    if manifest is None:
        return None, None
    files = manifest.get("files")
    if not isinstance(manifest.get("generation"), int) or not isinstance(files, dict) or not all(
            isinstance(v, dict) and isinstance(v.get("sha256"), str) and isinstance(v.get("source"), str)
            and isinstance(v.get("articles"), list) for v in files.values()):
        return None, _UNKNOWN
    return manifest, manifest["generation"]


def _candidates(store: IndexStore, roots: list[Path], uploads: dict[str, bytes] | None) -> list[_Candidate]:
    corpus = store.settings.corpus_dir.resolve()
    upload_names = {Path(name).name for name in (uploads or {})}
    found = [_Candidate(path, relative) for path, relative in iter_article_files_under(roots)
             if not (path.name in upload_names and path.parent.resolve() == corpus)]
    for name, data in (uploads or {}).items():
        found.append(_Candidate(store.settings.corpus_dir / Path(name).name, Path(name).name, data))
    return found


def _relative_of(old: dict[str, Any]) -> str:
    """A file's recorded article path; manifests written before paths existed used the file name."""
    return str(old.get("path") or old["source"])


def _reserved_paths(known: dict[str, Any], prune: bool) -> dict[str, str]:
    """Article path -> the file (absolute key) that owns it, for every indexed file that stays."""
    return {_relative_of(old): key for key, old in known.items() if not (prune and not Path(key).exists())}


def _unique_path(relative: str, key: str, owners: dict[str, str]) -> str:
    """`relative`, or when another file already owns it (fa/news.txt, then fb/news.txt), the
    shortest tail of the file's absolute path that is free (`fb/news.txt`)."""
    parts = Path(key).parts
    depth = len(Path(relative).parts)
    tails = [relative] + ["/".join(parts[-n:]) for n in range(depth + 1, len(parts))]
    for tail in tails:
        if owners.get(tail, key) == key:
            return tail
    return f"{relative}@{hashlib.sha256(key.encode()).hexdigest()[:8]}"


_DISK_FULL_TEXT = ("database or disk is full", "no space left on device", "os error 28", "error in compaction")


def _is_disk_full(err: BaseException) -> bool:
    """ENOSPC from Python, or Chroma/SQLite reporting a full disk (as text) anywhere in the chain."""
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if any(text in str(current).lower() for text in _DISK_FULL_TEXT):
            return True
        current = current.__cause__ or current.__context__
    return False


@contextmanager
def _disk_full_is_named() -> Iterator[None]:
    """A full disk while writing a generation becomes `DiskFullError` (the switch has already
    discarded the half-built generation; the manifest was not touched)."""
    try:
        yield
    except AssistantError:
        raise
    except Exception as err:
        if _is_disk_full(err):
            raise DiskFullError() from err
        raise


def _fill_counts(report: IngestReport, entries: dict[str, _FileEntry]) -> None:
    report.articles = sum(len(e.articles) for e in entries.values())
    report.chunks = sum(len(e.chunks) for e in entries.values())


class _Kept:
    """The previous generation's articles and chunks, for the files that did not change: read in
    one scan when the first of them asks (a query per file was 4 s of a re-ingest at 100k)."""

    def __init__(self, snapshot: Any) -> None:
        self._snapshot = snapshot
        self._articles: dict[str, Article] | None = None
        self._chunks: dict[str, list[ChunkRecord]] = {}

    def entry(self, key: str, old: dict[str, Any]) -> _FileEntry:
        if self._articles is None:
            self._articles = {a.id: a for a in self._snapshot.articles.values()}
            for chunk in self._snapshot.chunks:
                self._chunks.setdefault(chunk.article_id, []).append(chunk)
        articles = [a for a in map(self._articles.get, old["articles"]) if a is not None]
        chunks = [c for a in articles for c in self._chunks.get(a.id, [])]
        problems = _strings(old.get("problems"))
        return _FileEntry(key, old["source"], old["sha256"], articles, chunks, reused=True,
                          relative=_relative_of(old), encoding=old.get("encoding"), problems=problems,
                          notes=_strings(old.get("notes")), left_out=_count(old.get("left_out"), len(problems)))


def _next_generation(store: IndexStore, live: int | None = None) -> int:
    """A generation number no folder, collection or live manifest uses."""
    numbers = [int(d.name[4:]) for d in store.root.glob("gen_*") if d.name[4:].isdigit()]
    return max(numbers + [live or 0], default=0) + 1


def _chunk_all(articles: list[Article], embedder: Embedder) -> tuple[list[ChunkRecord], dict[str, list[SentenceSpan]]]:
    """The articles' chunks, and each article's quotable sentences from the same split: pysbd ran
    three times per article (chunking, and twice for the sentence index; 0.8 s of a 44 s ingest of
    160 XQuAD paragraphs)."""
    chunks: list[ChunkRecord] = []
    quotable: dict[str, list[SentenceSpan]] = {}
    for article in articles:
        spans = split_sentences(article.text, article.lang)
        chunks += [ChunkRecord(c.id, article.id, c.index, c.start, c.end, c.text)
                   for c in chunk_article(article, embedder.token_count, sentences=spans)]
        quotable[article.id] = quotable_sentences(article, spans)
    return chunks, quotable


def _switch_to_new_generation(store: IndexStore, embedder: Embedder, previous: dict[str, Any] | None,
                              entries: list[_FileEntry], old_snapshot: Any, progress: Progress,
                              report: IngestReport, before_switch: Callable[[], None] | None = None,
                              live: int | None = None, precomputed: VectorSource | None = None) -> int:
    """Build a complete new generation, then point the manifest at it (atomically). On any
    failure or interrupt the half-built generation is discarded and the previous one stays
    current. `live` is the generation the manifest points at now (kept even when its vectors
    are not reused). Returns the new generation number."""
    live = previous["generation"] if previous else live
    generation = _next_generation(store, live)
    # a re-ingest adds to the collection it was ingested from; a full build starts its own
    shared: str | None = old_snapshot.collection_name if old_snapshot is not None else None
    name = shared or store.collection_name(generation)
    try:
        stale = _build_generation(store, embedder, generation, name, entries, old_snapshot, progress, report,
                                  precomputed)
        if before_switch is not None:
            before_switch()
        write_json_atomic(store.manifest_path, {
            "format": MANIFEST_FORMAT, "generation": generation, "embedder": embedder.version,
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "collection": name,
            "files": {e.path: _file_record(e) for e in entries}, **_generation_facts(store, generation)})
    except BaseException:
        _discard(store, generation, name, shared=shared is not None)
        raise
    if stale:
        _delete_records(lambda: store.client.get_collection(name), stale)
    store.remove_leftovers(keep=generation, keep_collection=name)
    return generation


def _generation_facts(store: IndexStore, generation: int) -> dict[str, Any]:
    """What a reader checks the generation's files against: every file it holds (so a deleted one
    is named, not taken for an older generation's absence) and the vectors' dimension."""
    directory = store.generation_dir(generation)
    facts: dict[str, Any] = {"generation_files": sorted(p.name for p in directory.iterdir())}
    dim = int(np.load(directory / CHUNK_VECTORS, mmap_mode="r").shape[1]) if (directory / CHUNK_VECTORS).exists() else 0
    if dim:
        facts["dim"] = dim
    return facts


def _file_record(entry: _FileEntry) -> dict[str, Any]:
    record: dict[str, Any] = {"source": entry.source, "sha256": entry.sha256,
                              "articles": [a.id for a in entry.articles]}
    if entry.relative is not None:
        record["path"] = entry.relative
    if entry.encoding is not None:
        record["encoding"] = entry.encoding
    for name, items in (("problems", entry.problems), ("notes", entry.notes)):
        if items:  # bounded: the manifest is read by every ask
            record[name] = items[:KEPT_PROBLEMS] + ([f"... and {len(items) - KEPT_PROBLEMS} more"]
                                                    if len(items) > KEPT_PROBLEMS else [])
    if entry.left_out:
        record["left_out"] = entry.left_out
    return record


MAX_PROBLEM_CHARS = 300


def _strings(value: Any) -> list[str]:
    """A manifest's list of strings (an index written before it kept them has none), held to what
    an ingest writes there: a manifest edited by hand prints no 100,000 lines."""
    items = [item[:MAX_PROBLEM_CHARS] for item in value if isinstance(item, str)] if isinstance(value, list) else []
    return items[:KEPT_PROBLEMS + 1]


def _count(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def _discard(store: IndexStore, generation: int, name: str, shared: bool) -> None:
    """Best-effort removal of a half-built generation: its collection, or in a shared one the
    records it wrote; the next ingest retries (`_settle`)."""
    try:
        if shared:
            store.client.get_collection(name).delete(where={"written": generation})
        else:
            store.client.delete_collection(name)
    except Exception:  # noqa: BLE001 - it may never have been created; leftovers are swept later
        pass
    shutil.rmtree(store.generation_dir(generation), ignore_errors=True)


class VectorSource(Protocol):
    """Vectors already at hand for the passages and sentences of an article (the benchmark derives
    them from real e5 vectors instead of embedding 100k passages): `index_articles(vectors=...)`
    writes them through the same generation code as an ingest. Rows are L2-normalised float32."""

    def chunk_vectors(self, article: Article, chunks: list[ChunkRecord]) -> np.ndarray: ...

    def sentence_vectors(self, article: Article, spans: list[SentenceSpan]) -> np.ndarray: ...


def _build_generation(store: IndexStore, embedder: Embedder, generation: int, name: str, entries: list[_FileEntry],
                      old_snapshot: Any, progress: Progress, report: IngestReport,
                      precomputed: VectorSource | None = None) -> list[str]:
    """Write the generation's files and add its new chunks to the collection `name` (shared with
    `old_snapshot` when given: its records for the kept chunks are kept, not copied). Returns the
    old generation's records that the new one no longer uses, to delete after the switch."""
    articles = [a for e in entries for a in e.articles]
    by_id = {a.id: a for a in articles}
    chunks = [c for e in entries for c in e.chunks]
    if old_snapshot is None:  # a full build: a collection left under this name is no record of it
        try:
            store.client.delete_collection(name)
        except Exception:  # noqa: BLE001 - chromadb's not-found error differs by backend
            pass
    collection = store.client.get_or_create_collection(
        name, embedding_function=AssistantEmbeddingFunction(embedder.name),
        configuration={"hnsw": {"space": "cosine"}},
    )
    reused = [c for e in entries if e.reused for c in e.chunks]
    fresh = [c for e in entries if not e.reused for c in e.chunks]
    total = len(chunks)
    done = 0
    kept: dict[str, np.ndarray] = {}
    """Every chunk's vector, for the generation's `chunk_vectors.npy`."""
    written: dict[str, int] = {}
    """Every chunk's record's generation, for `chunk_written.npy`."""
    if old_snapshot is not None:
        _settle(collection, old_snapshot)
    old_vectors = getattr(old_snapshot, "vectors", None)
    step = COPY_BATCH if old_vectors is None else max(1, len(reused))  # Chroma is read in batches
    for i in range(0, len(reused), step):
        batch = reused[i: i + step]
        position = old_snapshot.position
        if old_vectors is not None:  # the previous generation's copy, in one gather: no round trip through Chroma
            present = [c.id for c in batch if c.id in position]
            rows = np.asarray(old_vectors[np.array([position[cid] for cid in present], dtype=np.int64)])
            vectors = dict(zip(present, rows, strict=True))
        else:
            store_ids = {old_snapshot.store_ids[position[c.id]]: c.id for c in batch if c.id in position}
            got = collection.get(ids=list(store_ids), include=["embeddings"])
            vectors = {store_ids[sid]: vector for sid, vector in zip(got["ids"], got["embeddings"], strict=True)}
        missing = [c for c in batch if c.id not in vectors]
        if missing:  # the old generation lost vectors: embed them again rather than fail
            fresh.extend(missing)
            batch = [c for c in batch if c.id in vectors]
        for chunk in batch:
            kept[chunk.id] = np.asarray(vectors[chunk.id], dtype=np.float32)
            written[chunk.id] = int(old_snapshot.written[position[chunk.id]])
        done += len(batch)
        report.reused_chunks += len(batch)
        progress("embedding", done, total)
    if precomputed is not None:
        given: dict[str, np.ndarray] = {}
        by_article: dict[str, list[ChunkRecord]] = {}
        for chunk in fresh:
            by_article.setdefault(chunk.article_id, []).append(chunk)
        for article_id, own in by_article.items():
            given.update(zip((c.id for c in own), precomputed.chunk_vectors(by_id[article_id], own), strict=True))
    for i in range(0, len(fresh), EMBED_BATCH if precomputed is None else COPY_BATCH):
        batch = fresh[i: i + (EMBED_BATCH if precomputed is None else COPY_BATCH)]
        if precomputed is not None:
            embedded = np.stack([given[c.id] for c in batch])
        else:
            embedded = embedder.embed_passages([embed_text(by_id[c.article_id].title, c.text) for c in batch])
            report.embedded_chunks += len(batch)
        _add(collection, batch, list(embedded), by_id, generation, kept, written)
        done += len(batch)
        progress("embedding", done, total)
    reusable = frozenset(a.id for e in entries if e.reused for a in e.articles)
    sentences_started = time.perf_counter()
    sentences, report.embedded_sentences = build_sentence_index(
        articles, embedder.embed_passages, getattr(old_snapshot, "sentences", None), reusable,
        lambda done, todo: progress("sentences", done, todo),
        precomputed.sentence_vectors if precomputed is not None else None,
        {article_id: spans for e in entries if not e.reused for article_id, spans in e.sentences.items()})
    report.sentence_seconds = time.perf_counter() - sentences_started
    progress("indexing", 0, 1)
    lexical_rows, bridge_rows = _chunk_tokens(old_snapshot, chunks, reused, by_id)
    lexical = LexicalIndex.from_tokens(lexical_rows)
    bridge = BridgeIndex(tokens=bridge_rows)
    dim = len(next(iter(kept.values()))) if kept else 0
    matrix = np.stack([kept[c.id] for c in chunks]) if chunks else np.zeros((0, dim), dtype=np.float32)
    save_generation(store.generation_dir(generation), articles, chunks, lexical, sentences, matrix, bridge,
                    np.array([written[c.id] for c in chunks], dtype=np.int32))
    progress("indexing", 1, 1)
    if old_snapshot is None:
        return []
    now = {record_id(c.id, written[c.id]) for c in chunks}
    return [sid for sid in old_snapshot.store_ids if sid not in now]


def _settle(collection: Any, snapshot: Any) -> None:
    """Make the shared collection hold exactly the live generation's records (every ingest, before
    adding to it or finding nothing to change). Normally it does already: the count is right and
    no record is newer than the live generation (an ingest killed before its switch leaves such
    records). A kill after the switch leaves the old version of changed chunks, and a collection
    can lose records (a server reset): then the count is off, every record id is listed once, the
    strays are deleted and the lost records written again from the generation's own files. (Only
    as many strays as lost records would pass the count: both at once are not looked for.)"""
    expected = snapshot.store_position
    newer = collection.get(where={"written": {"$gt": snapshot.generation}}, limit=1, include=[])["ids"]
    if collection.count() == len(expected) and not newer:
        return
    present = set(collection.get(include=[])["ids"])
    _delete_records(lambda: collection, [sid for sid in present if sid not in expected])
    lost = [row for sid, row in expected.items() if sid not in present]
    for i in range(0, len(lost), COPY_BATCH):
        rows = lost[i: i + COPY_BATCH]
        chunks = [snapshot.chunks[row] for row in rows]
        collection.add(ids=[snapshot.store_ids[row] for row in rows],
                       embeddings=[np.asarray(snapshot.vectors[row]) for row in rows],
                       documents=[c.text for c in chunks],
                       metadatas=[chunk_metadata(snapshot.articles[c.article_id], c, int(snapshot.written[row]))
                                  for c, row in zip(chunks, rows, strict=True)])


def _delete_records(collection_of: Callable[[], Any], ids: list[str]) -> None:
    """Delete records by id, in batches Chroma accepts. Best effort after a switch: records left
    behind are no generation's, and the next ingest removes them (`_settle`)."""
    try:
        collection = collection_of()
        for i in range(0, len(ids), COPY_BATCH):
            collection.delete(ids=ids[i: i + COPY_BATCH])
    except Exception:  # noqa: BLE001 - see above
        pass


def _chunk_tokens(old_snapshot: Any, chunks: list[ChunkRecord], reused: list[ChunkRecord],
                  by_id: dict[str, Article]) -> tuple[TokenCounts, BridgeTokens]:
    """Every chunk's tokens for the lexical and bridge legs, in chunk order: a kept chunk's row
    taken from what the previous generation saved (its text is the same, so are its tokens), the
    others tokenised. Stemming every kept chunk again was most of a one-file re-ingest at 100k
    passages. When the previous generation saved no tokens to trust, every chunk is tokenised."""
    def tokenised(some: list[ChunkRecord]) -> tuple[TokenCounts, BridgeTokens]:
        return (lexical_tokens(embed_text(by_id[c.article_id].title, c.text) for c in some),
                BridgeTokens.of([c.text for c in some]))

    saved_lexical = saved_bridge = None
    if old_snapshot is not None and reused:
        directory, size = getattr(old_snapshot, "directory", None), len(old_snapshot.chunks)
        saved_lexical = saved_tokens(directory / "bm25" if directory is not None else None, size)
        saved_bridge = saved_bridge_tokens(directory, size)
    if saved_lexical is None or saved_bridge is None:
        return tokenised(chunks)
    kept = {c.id for c in reused}
    position = old_snapshot.position
    fresh = [c for c in chunks if c.id not in kept or c.id not in position]
    fresh_row = {c.id: len(position) + i for i, c in enumerate(fresh)}
    rows = np.array([position[c.id] if c.id in kept and c.id in position else fresh_row[c.id] for c in chunks],
                    dtype=np.int64)
    fresh_lexical, fresh_bridge = tokenised(fresh)
    return saved_lexical.joined(fresh_lexical).take(rows), saved_bridge.joined(fresh_bridge).take(rows)


def _add(collection: Any, batch: list[ChunkRecord], vectors: list[Any], by_id: dict[str, Article], generation: int,
         kept: dict[str, np.ndarray], written: dict[str, int]) -> None:
    """Write a batch of chunks with their vectors to the collection as records of `generation`
    (and keep the vectors and where they were written)."""
    collection.add(ids=[record_id(c.id, generation) for c in batch], embeddings=vectors,
                   documents=[c.text for c in batch],
                   metadatas=[chunk_metadata(by_id[c.article_id], c, generation) for c in batch])
    for chunk, vector in zip(batch, vectors, strict=True):
        kept[chunk.id] = np.asarray(vector, dtype=np.float32)
        written[chunk.id] = generation


def index_articles(store: IndexStore, embedder: Embedder, articles: list[Article], label: str = "<memory>",
                   progress: Progress = _no_progress, vectors: VectorSource | None = None) -> IngestReport:
    """Build a fresh generation from articles already in memory (benchmarks, tests).
    Same chunking, embedding and atomic switch as `ingest`; nothing is reused. With `vectors`,
    the passages' and sentences' vectors come from there instead of the embedder (which still
    counts tokens for chunking and names the index's embedder)."""
    started = time.perf_counter()
    report = IngestReport()
    with _ingest_lock(store.root):
        manifest, live = _read_manifest_for_ingest(store)
        if live is not _UNKNOWN:
            store.remove_leftovers(keep=live, keep_collection=manifest["collection"] if manifest else None)
        chunks, sentences = _chunk_all(articles, embedder)
        entry = _FileEntry(label, label, "", list(articles), chunks, reused=False, sentences=sentences)
        with _disk_full_is_named():
            report.generation = _switch_to_new_generation(store, embedder, manifest, [entry], None, progress,
                                                          report, live=None if live is _UNKNOWN else live,
                                                          precomputed=vectors)
    _fill_counts(report, {label: entry})
    report.seconds = time.perf_counter() - started
    return report
