"""The index on disk (or on a Chroma server): manifest, generations, and the loaded snapshot.

Every ingest writes a complete new *generation* (`vectorstore/gen_<N>/` with the records file
(articles, chunks, sentence spans), BM25 and bridge indexes, sentence vectors and a copy of the
chunk vectors in chunk order, plus its records in a Chroma collection) and only then points
`manifest.json` at it with an atomic rename. A full build creates the collection `<name>_g<N>`;
a re-ingest adds its changed chunks to the collection of the generation it came from, as records
of its own (`CHUNK_WRITTEN`), and deletes the replaced ones after the switch. A failed or
interrupted ingest therefore leaves the previous generation untouched and current; its leftovers
are removed by the next ingest.

Reading: with embedded Chroma and the dense leg scored locally, `IndexStore.current()` checks the
generation's collection in Chroma's SQLite catalogue and opens it through chromadb only on first
use (`Snapshot.collection`), so `assistant ask` does not import chromadb; with a server every
snapshot opens its collection at once, so a stopped server is reported, not answered around.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import numpy as np

from ..core.errors import (
    ConfigError,
    IndexLockedError,
    IndexMismatchError,
    IndexNotFoundError,
    StoreUnreachableError,
    is_connection_failure,
    unreachable_store,
)
from ..core.records import Article, ChunkRecord
from ..core.settings import Settings
from ..language.crosslingual import BridgeIndex
from ..language.lexical import LexicalIndex
from ..language.sentences import VECTORS_FILE, SentenceIndex
from .embeddings import Embedder
from .record_tables import (
    REBUILD_HINT,
    RECORDS_FILE,
    ArticleTable,
    ChunkTable,
    RecordFile,
    StoredSentences,
    damaged,
    date_to_int,
    reading,
    write_records,
)

MANIFEST_FORMAT = 4
"""The index layout readers accept. 2: every generation holds its chunk vectors, sentence index and
script-bridging index, articles their path, and the manifest lists the generation's files. 3: the
articles, chunks and sentence spans are in one SQLite file read on demand (`record_tables`). 4: a
generation shares its Chroma collection with the one it was ingested from (the manifest names it;
records are `chunk id@generation written`, `CHUNK_WRITTEN`), so a re-ingest adds only the changed
chunks instead of copying the collection. An index
in another format is refused with the rebuild command (`OLD_FORMAT`); it is rebuilt from the
article files, never read through compatibility branches."""
CHUNK_VECTORS = "chunk_vectors.npy"
"""The chunk vectors in chunk order (float32, unit length), memory-mapped by readers: the dense leg
scores them with numpy under the filter's mask (see `search`), where a Chroma `where` filter
costs 120 ms at 100k passages."""
CHUNK_WRITTEN = "chunk_written.npy"
"""The generation in which each chunk's Chroma record was written (int32, chunk order): its record
id in the shared collection is `chunk id@that generation` (`Snapshot.store_ids`). A changed file's
chunks keep their ids but get new records, so the previous generation's readers find theirs
unchanged until the switch."""
OLD_FORMAT = "The index is in an older format ({found}); rebuild it with `assistant ingest --rebuild`."
"""The remedy for a damaged index; `ingest --rebuild` never needs the damaged parts (tested)."""


def record_id(chunk_id: str, written: int) -> str:
    """A chunk's record id in the shared collection: its id and the generation that wrote it."""
    return f"{chunk_id}@{written}"


def chunk_metadata(article: Article, chunk: ChunkRecord, written: int) -> dict[str, Any]:
    """Chroma metadata: flat scalars only, so every field can be a filter. `written`: the
    generation writing the record (an interrupted ingest's records are found by it)."""
    meta: dict[str, Any] = {
        "article_id": article.id, "source": article.source, "title": article.title, "lang": article.lang,
        "date_int": date_to_int(article.date), "chunk": chunk.index, "start": chunk.start, "end": chunk.end,
        "written": written,
    }
    if article.date:
        meta["date"] = article.date
    if article.url:
        meta["url"] = article.url
    for code in article.countries:
        meta[f"country_{code}"] = True
    return meta


CONNECT_DELAYS = (0.25, 0.6)
"""Pauses between the (bounded) tries to reach a Chroma server: 3 tries within about 1 s."""


def _reach(settings: Settings, attempt: Any) -> Any:
    """`attempt()` with a short, bounded backoff while the Chroma server does not answer; then
    StoreUnreachableError (host, port). Other errors pass through unchanged."""
    for delay in (*CONNECT_DELAYS, None):
        try:
            return attempt()
        except Exception as err:
            if not is_connection_failure(err):
                raise
            if delay is None:
                raise unreachable_store(settings.chroma_host, settings.chroma_port) from None
            time.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def make_client(settings: Settings) -> Any:
    """An embedded client under the index directory, or an HTTP client for a Chroma server
    (retried briefly: a server that is starting or restarting gets a second chance). chromadb is
    imported here, when a client is first needed, not when this module is."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from . import chroma_function  # noqa: F401 - registers our embedding function with Chroma

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        try:
            return _reach(settings, lambda: chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port,
                                                                settings=chroma_settings))
        except StoreUnreachableError:
            raise
        except Exception as err:  # answered, but not as a Chroma server we can use
            raise ConfigError(f"Cannot use the Chroma server at {settings.chroma_host}:{settings.chroma_port} "
                              f"({type(err).__name__}: {err}).",
                              hint="Check CHROMA_HOST and CHROMA_PORT.") from None
    path = settings.index_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


CATALOGUE_WAIT_S = 5.0
"""How long a read waits for another process's lock on Chroma's SQLite catalogue (an ingest's
write takes well under a second) before saying the index is locked, instead of hanging."""


FOLDER_HINT = "Set ASSISTANT_INDEX_DIR to a folder (`assistant ingest` builds the index there)."


def not_a_folder(root: Path) -> str:
    """The one line for an ASSISTANT_INDEX_DIR that names a file."""
    return f"The index folder {root} is a file, not a folder."


def embedded_collection_exists(index_dir: Path, name: str) -> bool | None:
    """Whether embedded Chroma under `index_dir` holds the collection `name`, read from its SQLite
    catalogue without importing chromadb (0.6 s of every cold `ask`). None when the catalogue
    cannot be read as expected (another Chroma layout): the caller then asks chromadb itself.
    A catalogue that another process keeps locked past `CATALOGUE_WAIT_S` is IndexLockedError
    (chromadb would wait on it without end); one that is not a database is damaged."""
    path = index_dir / "chroma" / "chroma.sqlite3"
    if not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                     timeout=CATALOGUE_WAIT_S)) as db:
            return db.execute("SELECT 1 FROM collections WHERE name = ? LIMIT 1", (name,)).fetchone() is not None
    except sqlite3.OperationalError as err:
        if "locked" in str(err):
            raise IndexLockedError(f"The index {path} is locked by another process "
                                   f"(waited {CATALOGUE_WAIT_S:.0f} s).") from None
        return None
    except sqlite3.DatabaseError as err:  # "file is not a database", "database disk image is malformed"
        raise damaged(path.parent, path.name, str(err)) from None


def set_aside_damaged_catalogue(index_dir: Path) -> Path | None:
    """For `ingest --rebuild`: a Chroma folder whose catalogue is not a database is renamed to
    `chroma.damaged-<time>` (kept, not deleted), so the rebuild starts a fresh one. Returns the
    new name, or None when the catalogue is fine or absent."""
    try:
        embedded_collection_exists(index_dir, "")
    except IndexNotFoundError:
        aside = index_dir / f"chroma.damaged-{time.strftime('%Y%m%d-%H%M%S')}"
        os.replace(index_dir / "chroma", aside)
        return aside
    return None


def write_json_atomic(path: Path, data: Any) -> None:
    """Write, fsync, then rename over `path`: readers see the old file or the new one, never half.
    A failed write (a full disk) removes its temporary file and leaves `path` as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


REMOVING_PREFIX = ".removing-"
LOAD_ATTEMPTS = 4
"""Loads `IndexStore.current` tries while ingests keep replacing the generation it is reading."""


def _remove_folder(directory: Path) -> None:
    """Rename a replaced generation's folder away, then delete it. A reader of that generation
    opens its files lazily (the bridge index): with the rename first, a read that fails because
    the files are going always finds the folder gone (and falls back), never half a folder."""
    target = directory.with_name(f"{REMOVING_PREFIX}{directory.name}-{os.getpid()}-{time.monotonic_ns()}")
    try:
        directory.rename(target)
    except OSError:
        target = directory  # already gone, or a file system that will not rename: delete in place
    shutil.rmtree(target, ignore_errors=True)


class Snapshot:
    """One generation of the index, loaded for reading: articles, chunks, BM25 and the Chroma leg."""

    def __init__(self, manifest: dict[str, Any], directory: Path, collection: Any = None,
                 open_collection: Callable[[], Any] | None = None) -> None:
        """Load the generation in `directory`, validating every file as it is opened (format,
        shape, dimension, dtype): a damaged one is IndexNotFoundError naming it, with the rebuild
        remedy. Every file of the format is required (`MANIFEST_FORMAT`)."""
        self.manifest = manifest
        self.generation: int = manifest["generation"]
        self._collection = collection
        self._open_collection = open_collection
        self.directory = directory
        self.dim: int | None = manifest.get("dim")
        for name in manifest["generation_files"]:
            if not (directory / name).exists():
                raise damaged(directory, name, "missing")
        self.records = RecordFile(directory)
        """The records file, open; only the columns every search needs are in memory (`record_tables`)."""
        self.articles = ArticleTable(self.records)
        self.chunks = ChunkTable(self.records)
        with reading(self.directory, "bm25"):
            self.lexical = LexicalIndex.load(directory / "bm25", len(self.chunks))
        with reading(self.directory, VECTORS_FILE):
            matrix = np.load(directory / VECTORS_FILE, mmap_mode="r")  # rows are read per answer
        self._check_matrix(VECTORS_FILE, matrix, self.records.sentence_count)
        self.dim = self.dim or int(matrix.shape[1])
        self.sentences: StoredSentences | None = StoredSentences(self.records, matrix)
        """The generation's sentence index (typed optional: an answerer may run without a snapshot)."""
        with reading(self.directory, CHUNK_VECTORS):
            self.vectors: np.ndarray | None = np.load(directory / CHUNK_VECTORS, mmap_mode="r")
            """The chunk vectors (memory-mapped); None only where a caller builds a snapshot without them."""
        self._check_matrix(CHUNK_VECTORS, self.vectors, len(self.chunks))
        with reading(self.directory, CHUNK_WRITTEN):
            written = np.load(directory / CHUNK_WRITTEN)
        if not isinstance(written, np.ndarray):
            raise damaged(directory, CHUNK_WRITTEN, f"{type(written).__name__}, expected an array")
        self.written: np.ndarray = written
        """Per chunk, the generation whose record in the collection holds it (`CHUNK_WRITTEN`)."""
        if self.written.dtype.kind not in "iu" or self.written.shape != (len(self.chunks),) or (
                len(self.written) and not 1 <= int(self.written.min()) <= int(self.written.max()) <= self.generation):
            raise damaged(directory, CHUNK_WRITTEN, f"{self.written.dtype} array of shape {self.written.shape}, "
                                                    f"expected a generation up to {self.generation} per chunk")
        self.collection_name: str = manifest["collection"]
        self._store_ids: list[str] | None = None
        self._store_position: dict[str, int] | None = None
        self.chunk_lang = self.records.article_lang[self.records.chunk_article]
        self.chunk_date = self.records.article_date[self.records.chunk_article]
        self._position: dict[str, int] | None = None
        self._bridge: BridgeIndex | None = None
        self._bridge_lock = threading.Lock()
        self._country_rows: dict[str, np.ndarray] = {}

    @property
    def chunk_ids(self) -> list[str]:
        """Every chunk's id in chunk order (read on first use)."""
        return self.records.chunk_ids

    @property
    def position(self) -> dict[str, int]:
        """Chunk id -> its row (built on first use: an embedded ask scoring locally may not need it)."""
        if self._position is None:
            self._position = {chunk_id: i for i, chunk_id in enumerate(self.chunk_ids)}
        return self._position

    @property
    def store_ids(self) -> list[str]:
        """Every chunk's record id in the collection, in chunk order (built on first use: only a
        search that Chroma answers needs it)."""
        if self._store_ids is None:
            self._store_ids = [record_id(chunk_id, written)
                               for chunk_id, written in zip(self.chunk_ids, self.written.tolist(), strict=True)]
        return self._store_ids

    @property
    def store_position(self) -> dict[str, int]:
        """Record id in the collection -> the chunk's row. A record of another generation is not in it."""
        if self._store_position is None:
            self._store_position = {store_id: i for i, store_id in enumerate(self.store_ids)}
        return self._store_position

    def _check_matrix(self, name: str, matrix: np.ndarray, rows: int) -> None:
        """A vector file must be float32, one row per record, `dim` columns (when known)."""
        if matrix.dtype != np.float32 or matrix.ndim != 2:
            raise damaged(self.directory, name, f"{matrix.dtype} array of shape {matrix.shape}, "
                                                "expected float32 rows")
        if matrix.shape[0] != rows:
            raise damaged(self.directory, name, f"{matrix.shape[0]} rows for {rows} records")
        if self.dim and rows and matrix.shape[1] != self.dim:
            raise damaged(self.directory, name, f"vectors of dimension {matrix.shape[1]}, expected {self.dim}")

    @property
    def collection(self) -> Any:
        """The generation's Chroma collection, opened on first use. An embedded `ask` answers from
        the generation's own files (the store checked that the collection exists without chromadb),
        so it does not import chromadb: 0.6 s of a cold start."""
        if self._collection is None:
            if self._open_collection is None:
                raise IndexNotFoundError(f"No Chroma collection for generation {self.generation}.", hint=REBUILD_HINT)
            self._collection = self._open_collection()
        return self._collection

    def bridge(self) -> BridgeIndex:
        """The script-bridging index and term frequencies, saved with the generation (loaded on first use)."""
        with self._bridge_lock:  # askers sharing the snapshot load it once
            if self._bridge is None:
                self._bridge = self._load_bridge()
        return self._bridge

    def _load_bridge(self, attempts: int = 2) -> BridgeIndex:
        try:
            with reading(self.directory, "term_stats.json / token_sets.npz / bridge"):
                loaded = BridgeIndex.load(self.directory, len(self.chunks))
            if loaded is None:
                raise damaged(self.directory, "term_stats.json", "missing")
            return loaded
        except IndexNotFoundError:
            if self.directory.exists():
                if attempts > 1:  # read once more before calling the index damaged: a fresh clone's
                    # test run once saw a SystemError from this load while ingests switched, and a
                    # damaged file fails the second read alike
                    return self._load_bridge(attempts - 1)
                raise
            # a newer ingest replaced this generation and removed its folder (renamed first, so
            # a read its removal broke finds it gone) while a reader still answers from it: build
            # the index from the chunks it holds (about a second per thousand chunks) rather than
            # fail a question that began before the switch
            return BridgeIndex([c.text for c in self.chunks])

    def country_rows(self, code: str) -> np.ndarray:
        """Chunk positions of the articles tagged with `code` (computed once per code)."""
        if code not in self._country_rows:
            tagged = self.records.country_articles.get(code, np.zeros(0, dtype=np.int32))
            self._country_rows[code] = np.flatnonzero(np.isin(self.records.chunk_article, tagged))
        return self._country_rows[code]

    def article_rows(self, article_id: str) -> list[int]:
        """Chunk positions of one article."""
        at = self.records.article_position(article_id)
        return [] if at is None else np.flatnonzero(self.records.chunk_article == at).tolist()

    @property
    def embedder(self) -> str:
        return self.manifest["embedder"]

    @property
    def countries(self) -> set[str]:
        """Every country and organisation some article is tagged with."""
        return set(self.records.country_articles)

    def idf(self, term: str) -> float:
        """Inverse chunk frequency of a stemmed term; a term the corpus never uses gets the maximum."""
        n = len(self.chunks)
        return math.log((n + 1) / (self.bridge().frequency["terms"].get(term, 0) + 0.5))

    def stats(self) -> dict[str, Any]:
        langs: dict[str, int] = {}
        for lang in self.records.article_lang.tolist():
            langs[lang] = langs.get(lang, 0) + 1
        first, last = self.records.dates()
        return {"articles": len(self.articles), "chunks": len(self.chunks), "files": len(self.manifest["files"]),
                "languages": langs, "first_date": first, "last_date": last, "embedder": self.embedder,
                "built_at": self.manifest.get("built_at")}


def save_generation(directory: Path, articles: list[Article], chunks: list[ChunkRecord],
                    lexical: LexicalIndex, sentences: SentenceIndex, vectors: np.ndarray, bridge: BridgeIndex,
                    written: np.ndarray) -> None:
    """Write every file of a generation (all of them are required to read it back, `MANIFEST_FORMAT`)."""
    directory.mkdir(parents=True, exist_ok=True)
    sentences.save(directory)
    np.save(directory / CHUNK_VECTORS, np.asarray(vectors, dtype=np.float32))
    np.save(directory / CHUNK_WRITTEN, np.asarray(written, dtype=np.int32))
    bridge.save(directory)
    (directory / RECORDS_FILE).unlink(missing_ok=True)  # an interrupted write's leftover
    write_records(directory / RECORDS_FILE, articles, chunks, sentences.spans)
    lexical.save(directory / "bm25")


class IndexStore:
    """Owns the index location; hands out the current snapshot and reloads it after an ingest.

    The Chroma client is made from the settings on first use (embedded under the index folder, or
    a server), unless one is given: e.g. `chromadb.EphemeralClient()` for a test that needs no
    files for Chroma. An injected client is asked about its collections directly (the embedded
    catalogue checks below are for the client the settings make)."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None, client: Any = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.root = settings.index_dir
        self._client: Any = client
        self.injected_client = client is not None
        self._snapshot: Snapshot | None = None
        self._manifest_stamp: tuple[int, int] | None = None

    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = make_client(self.settings)
        return self._client

    def collection_name(self, generation: int) -> str:
        """The collection a full build in `generation` creates; the re-ingests after it share it."""
        return f"{self.settings.collection}_g{generation}"

    def generation_dir(self, generation: int) -> Path:
        return self.root / f"gen_{generation:04d}"

    def read_manifest(self) -> dict[str, Any] | None:
        try:
            with open(self.manifest_path, encoding="utf-8") as handle:
                manifest = json.load(handle)
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise IndexNotFoundError(f"The index manifest {self.manifest_path} is unreadable "
                                     f"({type(err).__name__}).", hint=REBUILD_HINT) from None
        found = manifest.get("format") if isinstance(manifest, dict) else None
        if isinstance(found, int) and found < MANIFEST_FORMAT:
            raise IndexMismatchError(OLD_FORMAT.format(found=found), hint="")
        if isinstance(found, int) and found != MANIFEST_FORMAT:
            raise IndexMismatchError("The index was written by a newer version of articles-assistant.")
        if not (isinstance(manifest, dict) and found == MANIFEST_FORMAT
                and isinstance(manifest.get("generation"), int) and isinstance(manifest.get("embedder"), str)
                and isinstance(manifest.get("files"), dict) and isinstance(manifest.get("generation_files"), list)
                and isinstance(manifest.get("collection"), str)):
            raise IndexNotFoundError(f"The index manifest {self.manifest_path} is damaged.", hint=REBUILD_HINT)
        return manifest

    def current(self) -> Snapshot:
        """The current generation, reloaded when an ingest has replaced it since the last call.
        An ingest may switch generations while one is being loaded and remove the folder (or the
        collection) being read: a load that fails after the manifest changed under it loads the
        newer generation instead (`LOAD_ATTEMPTS` in all), so a question asked during an ingest is
        answered from one whole generation, never refused as a damaged index."""
        for attempt in range(LOAD_ATTEMPTS):
            stamp = self._stamp()
            if self._snapshot is not None and stamp == self._manifest_stamp:
                return self._snapshot
            try:
                self._snapshot = self._load()
            except IndexNotFoundError:
                if attempt + 1 == LOAD_ATTEMPTS or self._stamp() == stamp:
                    raise  # the manifest did not change: the index really is damaged or missing
                continue
            self._manifest_stamp = stamp
            return self._snapshot
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _stamp(self) -> tuple[int, int] | None:
        """The manifest file's identity: an ingest's switch replaces it (a new inode)."""
        try:
            stat = self.manifest_path.stat()
        except FileNotFoundError:
            return None
        except NotADirectoryError:
            raise IndexNotFoundError(not_a_folder(self.root), hint=FOLDER_HINT) from None
        return stat.st_mtime_ns, stat.st_ino

    def _load(self) -> Snapshot:
        """The generation the manifest names, loaded and checked."""
        manifest = self.read_manifest()
        if manifest is None:
            raise IndexNotFoundError(f"No index in {self.root}.")
        if self.embedder is not None and manifest["embedder"] != self.embedder.version:
            raise IndexMismatchError(f"The index was built with {manifest['embedder']}, "
                                     f"but the configured embedder is {self.embedder.version}.")
        generation = manifest["generation"]
        directory = self.generation_dir(generation)
        collection = None
        catalogue = self.root / "chroma" / "chroma.sqlite3"
        own_catalogue = not (self.settings.chroma_host or self.injected_client)
        if own_catalogue and not catalogue.is_file():  # chromadb would make an empty one
            raise damaged(catalogue.parent, catalogue.name, "missing")
        # embedded: the catalogue is read first, so a locked or damaged one is named, never waited on
        name = manifest["collection"]
        exists = embedded_collection_exists(self.root, name) if own_catalogue else None
        if not own_catalogue or self.settings.dense_search == "chroma" or not exists:
            # a server (its absence is reported, not answered around), Chroma answering the dense
            # leg, or a catalogue that says the collection is missing or cannot be read: chromadb decides
            collection = self._open_collection(name)
        try:
            return Snapshot(manifest, directory, collection, lambda: self._open_collection(name))
        except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError) as err:
            # what the per-file checks in Snapshot do not name (they raise IndexNotFoundError themselves)
            raise IndexNotFoundError(f"The index files in {directory} are damaged ({type(err).__name__}).",
                                     hint=REBUILD_HINT) from None

    def _open_collection(self, name: str) -> Any:
        """The generation's collection through chromadb; a missing one is IndexNotFoundError (with
        the rebuild remedy), an unreachable server StoreUnreachableError."""
        client = self.client  # its own errors (unreachable, unusable server) are not a missing collection
        try:
            return _reach(self.settings, lambda: client.get_collection(name))
        except StoreUnreachableError:
            raise  # the server is down, not the index: never suggest a rebuild for that
        except Exception:  # chromadb raises NotFoundError / ValueError depending on backend
            raise IndexNotFoundError(f"The index points to Chroma collection '{name}', which is missing.",
                                     hint=REBUILD_HINT) from None

    def exists(self) -> bool:
        return self.manifest_path.exists()

    def remove_leftovers(self, keep: int | None, keep_collection: str | None) -> None:
        """Delete generation folders other than `keep` and collections other than
        `keep_collection` (from replaced or interrupted ingests)."""
        prefix = f"{self.settings.collection}_g"
        for collection in self.client.list_collections():
            name = collection if isinstance(collection, str) else collection.name
            if name.startswith(prefix) and name != keep_collection:
                suffix = name[len(prefix):]
                if suffix.isdigit():
                    self.client.delete_collection(name)
        for directory in self.root.glob("gen_*"):
            if keep is None or directory.name != self.generation_dir(keep).name:
                _remove_folder(directory)
        for removing in self.root.glob(f"{REMOVING_PREFIX}*"):  # a removal cut short
            shutil.rmtree(removing, ignore_errors=True)
        for stray in self.root.glob(f".{self.manifest_path.name}.*.tmp"):  # a manifest write cut short
            stray.unlink(missing_ok=True)
