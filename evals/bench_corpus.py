"""Benchmark corpora of any size without hours of embedding (`make bench`, evals/bench.py).

Texts are assembled from real sentences (XQuAD en/ru paragraphs, the bundled articles), so BM25
and the sentence splitter see a realistic vocabulary. Every distinct sentence is embedded once by
the real e5 (cached under evals/.cache/bench); a passage's vector is the normalised mean of its
sentences' vectors plus a little noise, a sentence's vector its own plus noise. The corpus is
then written by `index_articles(vectors=...)`: the same chunking, Chroma collection, BM25,
bridge and sentence indexes and atomic generation switch as an ingest. Articles are dated
2015-2024 (some undated) and tagged with 1-2 of `COUNTRIES` (skewed, so filters select 2-30%).
Deterministic: the same size gives the same corpus on every machine. A corpus of n passages
holds about 12k distinct texts (runs of 2-6 consecutive sentences), each under several dates,
tags and noisy vectors: the build memoises sentence splitting and token counts of repeated texts
(identical results; splitting is 10-20 ms an article through pysbd).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.core.records import Article, ChunkRecord
from assistant.core.settings import PROJECT_ROOT
from assistant.core.text import split_sentences
from assistant.index.embeddings import Embedder
from assistant.language.sentences import SentenceSpan

CACHE = Path(__file__).resolve().parent / ".cache" / "bench"
XQUAD = PROJECT_ROOT.parent / "shared" / "benchmarks" / "xquad"
ARTICLES = PROJECT_ROOT / "data" / "articles"
COUNTRIES = ("CN", "RU", "US", "DE", "TR", "UZ", "FR", "JP", "KR", "IN", "EU", "GB", "IT", "KG", "AE")
"""Drawn with weights 1/rank, so CN is on about a quarter of the articles and AE on 3%."""
NOISE = 0.01
"""Per-dimension noise added to derived vectors (cosine to the source vector about 0.98)."""
SENTENCES_PER_ARTICLE = (2, 6)


@dataclass(frozen=True)
class SentencePool:
    """Distinct real sentences per language, their source paragraph, and their e5 passage vectors."""

    texts: list[str]
    langs: list[str]
    paragraphs: list[int]
    vectors: np.ndarray


def source_paragraphs(limit: int | None = None, articles: bool = True) -> list[tuple[str, str]]:
    """(lang, text) of the XQuAD paragraphs (en and ru) and (`articles`) the bundled articles'
    paragraphs, in a fixed shuffled order."""
    found: list[tuple[str, str]] = []
    for lang in ("en", "ru"):
        data = json.loads((XQUAD / f"xquad.{lang}.json").read_text(encoding="utf-8"))
        found += [(lang, p["context"]) for doc in data["data"] for p in doc["paragraphs"]]
    for path in sorted(ARTICLES.glob("*.txt")) if articles else ():
        for para in path.read_text(encoding="utf-8").split("\n\n"):
            if len(para.split()) >= 20:
                found.append(("ru" if sum("а" <= ch <= "я" for ch in para.lower()) > len(para) // 4 else "en", para))
    rng = np.random.default_rng(7)
    order = rng.permutation(len(found))
    found = [found[i] for i in order]
    return found[:limit] if limit else found


def sentence_pool(embedder: Embedder, limit: int | None = None,
                  progress: Callable[[int, int], None] | None = None, cache: Path = CACHE) -> SentencePool:
    """Every quotable sentence of the source paragraphs, embedded once (cached by content)."""
    texts: list[str] = []
    langs: list[str] = []
    paragraphs: list[int] = []
    seen: set[str] = set()
    for number, (lang, para) in enumerate(source_paragraphs(limit)):
        for span in split_sentences(para, lang):
            if len(span.text.split()) >= 6 and span.text not in seen and len(span.text) < 400:
                seen.add(span.text)
                texts.append(span.text)
                langs.append(lang)
                paragraphs.append(number)
    key = hashlib.sha256((embedder.version + "\n" + "\n".join(texts)).encode()).hexdigest()[:16]
    cached = cache / f"sentences-{key}.npy"
    if cached.exists():
        vectors = np.load(cached)
    else:
        rows = []
        for i in range(0, len(texts), 32):
            rows.append(embedder.embed_passages(texts[i: i + 32]))
            if progress is not None:
                progress(min(i + 32, len(texts)), len(texts))
        vectors = np.concatenate(rows).astype(np.float32)
        cache.mkdir(parents=True, exist_ok=True)
        np.save(cached, vectors)
    return SentencePool(texts, langs, paragraphs, vectors)


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


class DerivedVectors:
    """`ingest.VectorSource` for a synthetic corpus: vectors derived from the pool's real ones."""

    def __init__(self, pool: SentencePool, composition: dict[str, list[int]], seed: int = 11) -> None:
        self.pool = pool
        self.composition = composition
        """article id -> the pool rows its text is made of, in order."""
        self._rng = np.random.default_rng(seed)
        self._rows = {text: row for row, text in enumerate(pool.texts)}

    def _noisy(self, rows: np.ndarray) -> np.ndarray:
        return _unit(rows + self._rng.normal(0.0, NOISE, rows.shape).astype(np.float32))

    def chunk_vectors(self, article: Article, chunks: list[ChunkRecord]) -> np.ndarray:
        members = self.pool.vectors[self.composition[article.id]]
        out = []
        for chunk in chunks:  # the sentences the chunk covers (all of them for a one-chunk article)
            inside = [members[i] for i, row in enumerate(self.composition[article.id])
                      if self.pool.texts[row] in chunk.text] or list(members)
            out.append(np.mean(inside, axis=0))
        return self._noisy(_unit(np.stack(out)))

    def sentence_vectors(self, article: Article, spans: list[SentenceSpan]) -> np.ndarray:
        base = []
        for span in spans:
            row = self._rows.get(article.text[span.start:span.end])
            base.append(self.pool.vectors[row] if row is not None else
                        np.mean(self.pool.vectors[self.composition[article.id]], axis=0))
        return self._noisy(_unit(np.stack(base)))


def make_articles(pool: SentencePool, size: int, seed: int = 5) -> tuple[list[Article], dict[str, list[int]]]:
    """`size` one-passage articles (2-6 sentences of one language, mostly one source paragraph),
    dated and tagged; and each article's pool rows."""
    rng = np.random.default_rng(seed + size)
    by_lang = {lang: np.array([i for i, code in enumerate(pool.langs) if code == lang]) for lang in ("en", "ru")}
    by_paragraph: dict[int, list[int]] = {}
    for row, paragraph in enumerate(pool.paragraphs):
        by_paragraph.setdefault(paragraph, []).append(row)
    weights = 1.0 / np.arange(1, len(COUNTRIES) + 1)
    weights /= weights.sum()
    days = (np.datetime64("2024-12-31") - np.datetime64("2015-01-01")).astype(int)
    articles: list[Article] = []
    composition: dict[str, list[int]] = {}
    width = len(str(size))
    for n in range(size):
        lang = "en" if rng.random() < 0.55 else "ru"
        first = int(rng.choice(by_lang[lang]))
        rows = list(by_paragraph[pool.paragraphs[first]])
        start = rows.index(first)
        count = int(rng.integers(*SENTENCES_PER_ARTICLE, endpoint=True))
        picked = rows[start: start + count]
        at = int(np.searchsorted(by_lang[lang], picked[-1]))
        while len(picked) < count:  # a short paragraph: continue with the language's next sentences
            at = (at + 1) % len(by_lang[lang])
            picked.append(int(by_lang[lang][at]))
        text = " ".join(pool.texts[r] for r in picked)
        title = " ".join(pool.texts[picked[0]].split()[:6]).rstrip(",.;:")
        date = None if rng.random() < 0.05 else str(np.datetime64("2015-01-01") + int(rng.integers(0, days)))
        tags = sorted({str(c) for c in rng.choice(COUNTRIES, size=int(rng.integers(1, 3)), p=weights)})
        article_id = f"bench/{n:0{width}d}.txt"
        articles.append(Article(id=article_id, title=title, text=text, source=f"{n:0{width}d}.txt", date=date,
                                lang=lang, countries=tuple(tags), path=article_id))
        composition[article_id] = picked
    return articles, composition


def questions(lang: str, limit: int, offset: int = 0) -> list[str]:
    """Distinct XQuAD questions of one language (each is asked once: no cache hides the embedding)."""
    data = json.loads((XQUAD / f"xquad.{lang}.json").read_text(encoding="utf-8"))
    found = [qa["question"].strip() for doc in data["data"] for p in doc["paragraphs"] for qa in p["qas"]]
    return found[offset: offset + limit]
