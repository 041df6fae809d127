"""XQuAD retrieval benchmark (CC BY-SA 4.0; English and Russian, parallel paragraphs).

Each of the 240 paragraphs per language becomes an article (no title: XQuAD's titles are
English in both files and would leak across languages), indexed with the project's own
pipeline. Every question is run against: its own language's pool, the other language's
pool, the mixed pool (a hit is the paragraph in either language), and the mixed pool with
the paragraph's same-language copy dropped ("MIXED, RU only": the answer exists only in the
other language, the case where e5's same-script preference hurts most), with the dense leg,
the BM25 leg and the fused retriever. The index and the query vectors are cached under
evals/.cache/xquad, so a re-run takes seconds. `subset()` picks the fixed small slice the
regression gate in `make test` runs (evals/gate.py).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from assistant.core.records import Article
from assistant.core.settings import PROJECT_ROOT, Settings
from assistant.index.embeddings import Embedder
from assistant.index.ingest import index_articles
from assistant.index.store import MANIFEST_FORMAT, IndexStore
from assistant.retrieval.search import SearchFilters

from . import metrics as m
from .searchers import BenchSearcher

DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "benchmarks" / "xquad"
CACHE = Path(__file__).resolve().parent / ".cache" / "xquad"
RETRIEVERS: dict[str, dict[str, Any]] = {"dense": {"mode": "dense"}, "bm25": {"mode": "bm25"}, "hybrid": {}}
# The approaches compared in the README's cross-lingual table (`--approaches`): searcher keyword
# arguments on top of the settings.
APPROACHES: dict[str, dict[str, Any]] = {
    "hybrid-global": {"language_merge": "global"},
    "per-language": {"language_merge": "per-language", "bridge_weight": 0.0},
    "zscore": {"language_merge": "zscore", "bridge_weight": 0.0},
    "zscore+bridge": {"language_merge": "zscore"},
    "offset-only": {"overlap_weight": 0.0, "bridge_overlap_weight": 0.0, "bridge_weight": 0.0},
    "offset+overlap": {"bridge_overlap_weight": 0.0, "bridge_weight": 0.0},
}
DIRECTIONS = (("en", "en"), ("ru", "ru"), ("en", "ru"), ("ru", "en"), ("en", "mixed"), ("ru", "mixed"),
              ("en", "other-only"), ("ru", "other-only"))


def direction_name(q_lang: str, pool: str) -> str:
    if pool == "mixed":
        return f"{q_lang}->MIXED"
    if pool == "other-only":
        return f"{q_lang}->MIXED({'RU' if q_lang == 'en' else 'EN'} only)"
    return f"{q_lang}->{pool.upper()}"


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    paragraph: str


def load_xquad(data_dir: Path) -> tuple[list[Article], dict[str, list[Question]]]:
    articles: list[Article] = []
    questions: dict[str, list[Question]] = {}
    for lang in ("en", "ru"):
        path = data_dir / f"xquad.{lang}.json"
        if not path.exists():
            raise FileNotFoundError(f"{path} not found (pass --data DIR with xquad.en.json and xquad.ru.json)")
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
        questions[lang] = []
        for doc in data:
            for number, paragraph in enumerate(doc["paragraphs"]):
                pid = f"{doc['title']}#{number}"
                text = paragraph["context"].lstrip("\ufeff").strip()
                articles.append(Article(id=f"{lang}:{pid}", title="", text=text, source=f"xquad.{lang}.json",
                                        lang=lang))
                questions[lang].extend(Question(qa["id"], qa["question"].lstrip("\ufeff"), pid)
                                       for qa in paragraph["qas"])
    return articles, questions


def subset(articles: list[Article], questions: dict[str, list[Question]], block: int = 5, every: int = 6,
           per_language: int = 100) -> tuple[list[Article], dict[str, list[Question]]]:
    """A fixed slice for the gate: runs of `block` consecutive paragraphs, one run in `every`
    (40 of 240, in both languages so pairs stay parallel), and `per_language` of their questions
    spread evenly. Consecutive paragraphs share a topic: they are the hard negatives that make
    the full benchmark hard, so the slice keeps them."""
    order = list(dict.fromkeys(a.id.split(":", 1)[1] for a in articles))
    kept = {pid for i, pid in enumerate(order) if (i // block) % every == 0}
    chosen: dict[str, list[Question]] = {}
    for lang, qs in questions.items():
        pool = [q for q in qs if q.paragraph in kept]
        step = max(1, len(pool) // per_language)
        chosen[lang] = pool[::step][:per_language]
    return [a for a in articles if a.id.split(":", 1)[1] in kept], chosen


def _fingerprint(articles: list[Article], embedder: Embedder) -> str:
    digest = hashlib.sha256(f"{embedder.version} index format {MANIFEST_FORMAT}".encode())  # a new format rebuilds
    for article in articles:
        digest.update(article.id.encode() + b"\0" + article.text.encode())
        if article.countries:  # tags are index metadata too (kept out when absent: older caches stay valid)
            digest.update(b"\0" + ",".join(article.countries).encode())
    return digest.hexdigest()[:16]


def build_or_load(articles: list[Article], embedder: Embedder, cache: Path,
                  progress: bool = True) -> tuple[IndexStore, dict[str, Any]]:
    """The benchmark index, rebuilt only when the paragraphs or the embedder changed."""
    settings = Settings(index_dir=cache / "index", collection="xquad")
    store = IndexStore(settings, embedder)
    stamp_path = cache / "fingerprint.json"
    fingerprint = _fingerprint(articles, embedder)
    stamp = json.loads(stamp_path.read_text()) if stamp_path.exists() else {}
    if stamp.get("fingerprint") == fingerprint and store.exists():
        return store, stamp
    bar = tqdm(total=1, desc="embedding paragraphs", unit="chunk", disable=not progress)

    def on_progress(stage: str, done: int, total: int) -> None:
        if stage == "embedding":
            bar.total = total
            bar.n = done
            bar.refresh()

    report = index_articles(store, embedder, articles, "xquad", on_progress)
    bar.close()
    stamp = {"fingerprint": fingerprint, "chunks": report.chunks, "paragraphs": len(articles),
             "build_seconds": report.seconds, "chunks_per_second": report.chunks / max(report.seconds, 1e-9)}
    stamp_path.write_text(json.dumps(stamp))
    return store, stamp


def query_vectors(embedder: Embedder, questions: list[Question], cache: Path, lang: str,
                  progress: bool = True) -> tuple[np.ndarray, float]:
    """Question vectors (cached) and the per-query embedding time in ms when they were computed."""
    digest = hashlib.sha256((embedder.version + "".join(q.text for q in questions)).encode()).hexdigest()[:16]
    path = cache / f"queries-{lang}-{digest}.npy"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        return np.load(path), json.loads(meta.read_text())["ms_per_query"]
    started = time.perf_counter()
    vectors = np.stack([embedder.embed_query_vector(q.text)
                        for q in tqdm(questions, desc=f"embedding {lang} questions", disable=not progress)])
    ms = (time.perf_counter() - started) * 1000 / max(len(questions), 1)
    np.save(path, vectors)
    meta.write_text(json.dumps({"ms_per_query": ms}))
    return vectors, ms


def run_xquad(embedder: Embedder, data_dir: Path = DEFAULT_DATA, limit: int | None = None,
              cache: Path = CACHE, bm25_weight: float = 0.3, candidates: int = 40,
              retrievers: dict[str, dict[str, Any]] | None = None, gate_subset: bool = False,
              progress: bool = True) -> dict[str, Any]:
    cache.mkdir(parents=True, exist_ok=True)
    articles, questions = load_xquad(data_dir)
    if gate_subset:
        articles, questions = subset(articles, questions)
    store, stamp = build_or_load(articles, embedder, cache, progress)
    if limit:
        questions = {lang: qs[:limit] for lang, qs in questions.items()}
    vectors: dict[str, np.ndarray] = {}
    query_ms: dict[str, float] = {}
    for lang, qs in questions.items():
        vectors[lang], query_ms[lang] = query_vectors(embedder, qs, cache, lang, progress)
    retrievers = RETRIEVERS if retrievers is None else retrievers
    searchers = {name: _searcher(store, embedder, candidates, bm25_weight, kwargs)
                 for name, kwargs in retrievers.items()}
    table: dict[str, dict[str, dict[str, float]]] = {}
    latency: dict[str, list[float]] = {mode: [] for mode in searchers}
    total = sum(len(questions[q]) for q, _ in DIRECTIONS) * len(searchers)
    bar = tqdm(total=total, desc="retrieving", unit="q", disable=not progress)
    for q_lang, pool in DIRECTIONS:
        name = direction_name(q_lang, pool)
        for mode, searcher in searchers.items():
            hits1, hits5, hits10, rr = [], [], [], []
            for question, vector in zip(questions[q_lang], vectors[q_lang], strict=True):
                if pool == "other-only":
                    filters: SearchFilters | None = SearchFilters(exclude_articles=(f"{q_lang}:{question.paragraph}",))
                else:
                    filters = SearchFilters(languages=(pool,)) if pool != "mixed" else None
                started = time.perf_counter()
                found = searcher.search(question.text, 30, filters, query_vector=vector)
                latency[mode].append((time.perf_counter() - started) * 1000)
                ranked: list[str] = []
                for hit in found:
                    pid = hit.article.id.split(":", 1)[1]
                    if pid not in ranked:
                        ranked.append(pid)
                gold = [question.paragraph]
                hits1.append(m.hit_at_k(ranked, gold, 1))
                hits5.append(m.hit_at_k(ranked, gold, 5))
                hits10.append(m.hit_at_k(ranked, gold, 10))
                rr.append(m.reciprocal_rank(ranked, gold, 10))
                bar.update(1)
            table.setdefault(name, {})[mode] = {"R@1": m.mean(hits1), "R@5": m.mean(hits5), "R@10": m.mean(hits10),
                                                "MRR@10": m.mean(rr), "questions": len(hits1)}
    bar.close()
    perf = {"paragraphs": stamp["paragraphs"], "chunks": stamp["chunks"],
            "embed_chunks_per_second": stamp["chunks_per_second"],
            "query_embed_ms": {lang: round(v, 2) for lang, v in query_ms.items()},
            "search_ms_p50": {mode: m.percentile(v, 50) for mode, v in latency.items()},
            "search_ms_p95": {mode: m.percentile(v, 95) for mode, v in latency.items()}}
    tunables = Settings()
    retrieval = {"language_merge": "offset", **{name: getattr(tunables, name) for name in
                 ("crosslingual_offset", "overlap_weight", "bridge_overlap_weight", "bridge_weight")}}
    return {"metrics": table, "performance": perf, "retrieval": retrieval}


def _searcher(store: IndexStore, embedder: Embedder, candidates: int, bm25_weight: float,
              kwargs: dict[str, Any]) -> BenchSearcher:
    return BenchSearcher(store, embedder, candidates, bm25_weight, **kwargs)


def markdown(result: dict[str, Any], config: dict[str, Any]) -> str:
    lines = ["# XQuAD retrieval benchmark", "", "Config: " + ", ".join(f"{k}={v}" for k, v in config.items()), "",
             "Retrieval (hybrid): " + ", ".join(f"{k}={v}" for k, v in result.get("retrieval", {}).items()), "",
             "| direction | retriever | R@1 | R@5 | R@10 | MRR@10 |", "|---|---|---|---|---|---|"]
    for direction, modes in result["metrics"].items():
        for mode, row in modes.items():
            lines.append(f"| {direction} | {mode} | {row['R@1']:.3f} | {row['R@5']:.3f} | {row['R@10']:.3f} | "
                         f"{row['MRR@10']:.3f} |")
    perf = result["performance"]
    lines += ["", "## Performance", "",
              f"- index: {perf['paragraphs']} paragraphs, {perf['chunks']} chunks, "
              f"{perf['embed_chunks_per_second']:.1f} chunks/s embedded",
              f"- question embedding: {perf['query_embed_ms']} ms per question",
              f"- search (vector given) p50: { {k: round(v, 1) for k, v in perf['search_ms_p50'].items()} } ms, "
              f"p95: { {k: round(v, 1) for k, v in perf['search_ms_p95'].items()} } ms"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """`python -m evals.xquad --approaches`: the cross-lingual approaches side by side (README table);
    `make xquad` (`python -m evals xquad`) runs the configured retriever and its legs."""
    import argparse

    from assistant.index.embeddings import get_embedder

    parser = argparse.ArgumentParser(prog="python -m evals.xquad")
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--limit", type=int, default=0, help="questions per language")
    parser.add_argument("--approaches", action="store_true", help="compare the cross-lingual approaches")
    parser.add_argument("--gate-subset", action="store_true", help="only the fixed slice the gate runs")
    args = parser.parse_args(argv)
    settings = Settings()
    retrievers = {**RETRIEVERS, **APPROACHES} if args.approaches else None
    cache = CACHE.with_name("xquad-gate") if args.gate_subset else CACHE
    result = run_xquad(get_embedder(settings), Path(args.data), args.limit or None, cache, settings.bm25_weight,
                       settings.candidates, retrievers, args.gate_subset)
    print(markdown(result, {"bridge_weight": settings.bridge_weight, "language_merge": "offset",
                            "limit": args.limit, "gate_subset": args.gate_subset}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
