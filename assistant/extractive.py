"""The offline answerer: quotes the sentences that best answer the question, each cited.

Score of a candidate sentence (from the top retrieved chunks) =
    cosine(question, sentence) under e5                      (works across languages)
  + LEXICAL_WEIGHT * IDF-weighted share of the question's terms it contains (same-language
                     precision; a rare question term the sentence lacks weighs heavily)
  + RETRIEVAL_WEIGHT * fused retrieval score of its chunk (0..1)
The answer is refused when the best sentence's evidence is below the calibrated threshold
(`ASSISTANT_REFUSAL_THRESHOLD`; see evals for how it was set), so an off-topic question gets
"The articles don't cover this." instead of an unrelated quote.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .answers import LANGUAGE_NAMES, Answer, Citation, frame
from .embeddings import Embedder
from .search import Hit
from .text import detect_language, split_sentences, stem_terms

LEXICAL_WEIGHT = 0.25
RETRIEVAL_WEIGHT = 0.1
EVIDENCE_FLOOR, EVIDENCE_SPAN = 0.8, 0.4
MAX_CHUNKS = 4
MAX_CANDIDATES = 40
EMBEDDED_CANDIDATES = 16
RANK_BONUS = {0: 0.5, 1: 0.3, 2: 0.15}
MIN_WORDS = 4
REDUNDANT_COSINE = 0.93


@dataclass
class Candidate:
    hit: Hit
    start: int
    end: int
    text: str
    cosine: float = 0.0
    lexical: float = 0.0
    vector: np.ndarray | None = None

    @property
    def score(self) -> float:
        return self.cosine + LEXICAL_WEIGHT * self.lexical + RETRIEVAL_WEIGHT * self.hit.score

    @property
    def evidence(self) -> float:
        """The score mapped onto 0..1 (e5 cosines live in about 0.7..0.95); compared with the
        refusal threshold."""
        return float(np.clip((self.score - EVIDENCE_FLOOR) / EVIDENCE_SPAN, 0.0, 1.0))


class ExtractiveAnswerer:
    mode = "extractive"

    def __init__(self, embedder: Embedder, idf: Callable[[str], float] = lambda term: 1.0,
                 threshold: float = 0.5, max_sentences: int = 3, margin: float = 0.04) -> None:
        self.embedder = embedder
        self.idf = idf
        self.threshold = threshold
        self.max_sentences = max_sentences
        self.margin = margin
        self._cache: dict[str, np.ndarray] = {}

    def candidates(self, question: str, hits: list[Hit]) -> list[Candidate]:
        """Sentences of the top chunks, scored against the question."""
        seen: set[tuple[str, int]] = set()
        found: list[Candidate] = []
        for hit in hits[:MAX_CHUNKS]:
            for span in split_sentences(hit.chunk.text, hit.article.lang):
                start = hit.chunk.start + span.start
                key = (hit.article.id, start)
                if key in seen or len(span.text.split()) < MIN_WORDS:
                    continue
                seen.add(key)
                found.append(Candidate(hit, start, start + len(span.text), span.text))
        if not found:
            return []
        terms = set(stem_terms(question))
        weights = {t: self.idf(t) for t in terms}
        total = sum(weights.values())
        for candidate in found:
            shared = terms & set(stem_terms(candidate.text))
            candidate.lexical = sum(weights[t] for t in shared) / total if total else 0.0
        # Embedding sentences is the costly step: only the most promising are embedded, by
        # lexical overlap plus a bonus for the best-ranked chunks (which carries cross-lingual
        # questions, where lexical overlap is zero).
        rank = {id(hit): i for i, hit in enumerate(hits)}
        found = sorted(found[:MAX_CANDIDATES],
                       key=lambda c: -(c.lexical + RANK_BONUS.get(rank[id(c.hit)], 0.0)))[:EMBEDDED_CANDIDATES]
        query_vector = np.asarray(self.embedder.embed_query_vector(question), dtype=np.float32)
        vectors = self._sentence_vectors([c.text for c in found])
        for candidate, vector in zip(found, vectors):
            candidate.vector = vector
            candidate.cosine = float(vector @ query_vector)
        found.sort(key=lambda c: -c.score)
        return found

    def _sentence_vectors(self, texts: list[str]) -> list[np.ndarray]:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for text, vector in zip(missing, self.embedder.embed_passages(missing)):
                self._cache[text] = vector
            while len(self._cache) > 4096:
                self._cache.pop(next(iter(self._cache)))
        return [self._cache[t] for t in texts]

    def answer(self, question: str, hits: list[Hit]) -> Answer:
        started = time.perf_counter()
        lang = detect_language(question)
        lang = lang if lang in ("en", "ru") else "ru"
        ranked = self.candidates(question, hits)
        best = ranked[0] if ranked else None
        if best is None or best.evidence < self.threshold:
            return Answer(question=question, answer=frame(lang, "refusal"), refused=True, mode=self.mode, lang=lang,
                          timings_ms={"answer": (time.perf_counter() - started) * 1000}, hits=hits)
        chosen = [best]
        for candidate in ranked[1:]:
            if len(chosen) >= self.max_sentences:
                break
            if candidate.score < best.score - self.margin:
                break
            if any(float(candidate.vector @ c.vector) > REDUNDANT_COSINE for c in chosen):  # type: ignore[operator]
                continue
            chosen.append(candidate)
        citations: list[Citation] = []
        numbers: dict[str, int] = {}
        lines = []
        for candidate in chosen:
            article_id = candidate.hit.article.id
            if article_id not in numbers:
                numbers[article_id] = len(citations) + 1
                citations.append(Citation.from_hit(numbers[article_id], candidate.hit, candidate.text,
                                                   candidate.start, candidate.end))
            else:
                cited = citations[numbers[article_id] - 1]
                cited.quote = f"{cited.quote} … {candidate.text}"
                cited.start, cited.end = min(cited.start, candidate.start), max(cited.end, candidate.end)
            lines.append(f"- {candidate.text} [{numbers[article_id]}]")
        heading = frame(lang, "heading")
        foreign = sorted({c.hit.article.lang for c in chosen} - {lang})
        if foreign:
            names = ", ".join(LANGUAGE_NAMES[lang].get(code, code) for code in foreign)
            heading = f"{heading} {frame(lang, 'quoted').format(lang=names)}"
        return Answer(question=question, answer="\n".join([heading, *lines]), refused=False, mode=self.mode,
                      citations=citations, lang=lang, hits=hits,
                      timings_ms={"answer": (time.perf_counter() - started) * 1000})
