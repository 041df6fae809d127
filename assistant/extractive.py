"""The offline answerer: quotes the sentences that answer the question, each cited, or says
plainly that the articles don't cover it.

1. **Grounding.** The question is read (`question.analyze`): the countries, rare names, years and
   relation (signing, trade, investment...) it is about, and the kind of answer it expects. Only
   retrieved articles that contain those constraints, in either language, may answer; if none
   does, the answer is a refusal that says what the articles do cover.
2. **Scoring.** Every sentence of those articles (embedded once at ingest, see `sentences`) is
   scored: e5 cosine to the question, of the sentence and of the passage it was retrieved in
   (works across languages), IDF-weighted share of the question's terms (same-language
   precision), names/numbers/years shared with the question in either script (carries
   cross-lingual answers where e5 is flat); then, for ranking only, the passage's retrieval rank
   and a bonus when it holds the kind of answer asked for (a name for "who", a figure for "how
   much", a date for "when").
3. **Refusal.** Below the calibrated evidence threshold (`ASSISTANT_REFUSAL_THRESHOLD`, chosen
   where answerable and unanswerable questions are furthest apart, see evals) the answer is
   "The articles don't cover this."; a "how much"/"how many" question whose best evidence holds no
   figure is refused rather than answered with some other number.
4. **Selection.** The best sentence, then close runners-up from the same article; for list
   questions the best sentence of each matching article (up to `MAX_LIST_ARTICLES`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .answers import LANGUAGE_NAMES, Answer, Citation, frame
from .countries import EXTRAS, HOME, ORGANISATIONS, country_name
from .embeddings import Embedder
from .question import (
    AMOUNT,
    COUNT,
    RELATIONS,
    Question,
    TextFacts,
    analyze,
    anchor_overlap,
    has_answer_of_type,
    missing_constraints,
)
from .search import Hit
from .sentences import MIN_WORDS, SentenceIndex
from .settings import setting_default
from .store import Snapshot
from .text import split_sentences, stem_terms

LEXICAL_WEIGHT = 0.25
RETRIEVAL_WEIGHT = 0.1
ANCHOR_WEIGHT = 0.12
TYPE_WEIGHT = 0.15
PASSAGE_WEIGHT = 2.5
PASSAGE_BASE = 0.8
"""The passage's cosine (how e5 rates the whole retrieved context) tells answerable from
unanswerable questions better than a lone sentence's: on the calibration half, weighting it 2.5
widened the gap between them from 0.009 to 0.15 (0.5: 0.045, 1.0: 0.063, 1.5: 0.086)."""
DISTINCT_WEIGHT = 0.15
EVIDENCE_FLOOR, EVIDENCE_SPAN = 0.8, 0.4
CROSS_LINGUAL_OFFSET = 0.065
"""e5-small scores a sentence in the other language lower than the same sentence in the question's
language: measured on 40 XQuAD en/ru paragraphs, the answer sentence scores 0.887 (en->en) and
0.886 (ru->ru), the best sentence of the parallel paragraph 0.823 (en->ru) and 0.816 (ru->en). The
difference is added back so one threshold serves both."""
SAME_ARTICLE_MARGIN = 0.15
"""A further sentence from the quoted article is added when it scores within this of the best."""
LIST_MARGIN = 0.15
MAX_LIST_ARTICLES = 4
REDUNDANT_COSINE = 0.93

IndexSource = Callable[[], "Snapshot | None"]
"""The current index generation: its sentence vectors, term statistics and article tags."""


@dataclass
class Candidate:
    hit: Hit
    start: int
    end: int
    text: str
    vector: np.ndarray
    cosine: float = 0.0
    lexical: float = 0.0
    anchors: float = 0.0
    typed: bool = False
    retrieval: float = 0.0
    passage: float = 0.0
    """Cosine of the question and the retrieved passage holding the sentence (absolute, unlike the
    fused retrieval score, which is relative to the other passages)."""
    distinct: float = 0.0
    """The question's terms the sentence shares, weighted by how rare they are among the article's
    own sentences: words of the article's topic (in the lead and everywhere) count less."""

    @property
    def relevance(self) -> float:
        """How well the sentence, and the passage it was retrieved in, match the question: absolute
        cosines and overlaps, so it can be compared with a fixed threshold."""
        return (self.cosine + LEXICAL_WEIGHT * self.lexical + ANCHOR_WEIGHT * self.anchors
                + PASSAGE_WEIGHT * (self.passage - PASSAGE_BASE))

    @property
    def score(self) -> float:
        """Relevance, plus preferences that rank but are no evidence: sentences of the best-retrieved
        passages (the retrieval score is relative to the other passages, not absolute), holding the
        kind of answer asked for, sharing the question's rarer words within their article."""
        return (self.relevance + RETRIEVAL_WEIGHT * self.retrieval + TYPE_WEIGHT * self.typed
                + DISTINCT_WEIGHT * self.distinct)

    @property
    def evidence(self) -> float:
        """Relevance mapped onto 0..1 (e5 cosines live in about 0.7..0.95); compared with the
        refusal threshold. The type preference is left out: holding a number does not make a
        sentence about something else evidence."""
        return float(np.clip((self.relevance - EVIDENCE_FLOOR) / EVIDENCE_SPAN, 0.0, 1.0))


@dataclass
class Grounding:
    """Which retrieved articles meet the question's constraints, and why the others don't."""

    question: Question
    allowed: list[str] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)
    """Per retrieved article, the constraints it does not meet."""
    absent: list[str] = field(default_factory=list)
    """What the evidence lacks: asked countries no retrieved article concerns, then the names,
    years and relations that none of the articles about the asked countries has."""

    def to_json(self) -> dict[str, Any]:
        return {**self.question.to_json(), "articles": list(self.allowed), "missing": self.absent}


class ExtractiveAnswerer:
    mode = "extractive"

    def __init__(self, embedder: Embedder, threshold: float, index: IndexSource = lambda: None,
                 max_sentences: int | None = None) -> None:
        self.embedder = embedder
        self.threshold = threshold
        self.index = index
        self.max_sentences = setting_default("answer_sentences") if max_sentences is None else max_sentences
        self._facts: dict[tuple[str, str], TextFacts] = {}
        self._vectors: dict[str, np.ndarray] = {}

    # -- grounding -------------------------------------------------------------------------
    def _article_facts(self, hit: Hit) -> TextFacts:
        article = hit.article
        key = (article.id, article.text[:64])
        if key not in self._facts:
            self._facts[key] = TextFacts.of(f"{article.title}\n{article.text}", article.countries, article.date)
            while len(self._facts) > 2048:
                self._facts.pop(next(iter(self._facts)))
        return self._facts[key]

    def ground(self, question: Question, hits: list[Hit]) -> Grounding:
        grounding = Grounding(question)
        for hit in hits:
            article_id = hit.article.id
            if article_id in grounding.missing or article_id in grounding.allowed:
                continue
            missing = missing_constraints(question, self._article_facts(hit))
            grounding.missing[article_id] = missing
            if not missing:
                grounding.allowed.append(article_id)
        asked = set(question.countries)
        about = [hit for hit in hits if not asked or asked & self._article_facts(hit).countries]
        others = [c for c in question.constraints if c not in asked]
        grounding.absent = [c for c in question.countries
                            if not any(c in self._article_facts(hit).countries for hit in hits)]
        grounding.absent += [c for c in others if about and all(c in grounding.missing[h.article.id] for h in about)]
        covered = {c for hit in hits if hit.article.id in grounding.allowed for c in self._article_facts(hit).countries}
        if asked - covered:  # asked about X and Y, and nothing on Y: no answer stands on X alone
            grounding.allowed = []
            grounding.absent = grounding.absent or sorted(asked - covered)
        return grounding

    # -- candidates ------------------------------------------------------------------------
    def candidates(self, question: Question, hits: list[Hit], allowed: set[str]) -> list[Candidate]:
        """Every quotable sentence of the allowed articles, scored against the question."""
        snapshot = self.index()
        index = snapshot.sentences if snapshot is not None else None
        query = np.asarray(self.embedder.embed_query_vector(question.text), dtype=np.float32)
        best_hit: dict[str, Hit] = {}
        for hit in hits:
            if hit.article.id in allowed:
                best_hit.setdefault(hit.article.id, hit)
        found: list[Candidate] = []
        for article_id, hit in best_hit.items():
            article = hit.article
            spans = self._spans(index, hit)
            covering = [h for h in hits if h.article.id == article_id]
            for start, end, vector in spans:
                text = article.text[start:end]
                inside = [h for h in covering if h.chunk.start <= start and end <= h.chunk.end]
                retrieval = max((h.score for h in inside), default=0.5 * hit.score)
                # a passage only the lexical leg found has no cosine: its sentence's own stands in
                passage = max((h.dense for h in inside or covering if h.dense is not None),
                              default=float(vector @ query))
                if article.lang != question.lang:
                    passage += CROSS_LINGUAL_OFFSET
                found.append(Candidate(hit, start, end, text, vector, retrieval=retrieval, passage=passage))
        if not found:
            return []
        terms = set(stem_terms(question.text))
        _score_term_overlap(found, {t: snapshot.idf(t) if snapshot is not None else 1.0 for t in terms})
        for candidate in found:
            candidate.cosine = float(candidate.vector @ query)
            if candidate.hit.article.lang != question.lang:
                candidate.cosine += CROSS_LINGUAL_OFFSET
            candidate.anchors = anchor_overlap(question, candidate.text, candidate.hit.article.lang != question.lang)
            candidate.typed = has_answer_of_type(question.answer_type, candidate.text)
        found.sort(key=lambda c: (-c.score, c.hit.article.id, c.start))
        return found

    def _spans(self, index: SentenceIndex | None, hit: Hit) -> list[tuple[int, int, np.ndarray]]:
        """(start, end, vector) of an article's quotable sentences: from the sentence index, or
        embedded now for an index written before it existed."""
        article = hit.article
        if index is not None and index.has(article.id):
            return [(index.spans[r].start, index.spans[r].end, index.vectors[r]) for r in index.rows(article.id)]
        spans = [s for s in split_sentences(article.text, article.lang) if len(s.text.split()) >= MIN_WORDS]
        missing = [s.text for s in spans if s.text not in self._vectors]
        if missing:
            for text, vector in zip(missing, self.embedder.embed_passages(missing), strict=True):
                self._vectors[text] = np.asarray(vector, dtype=np.float32)
            while len(self._vectors) > 4096:
                self._vectors.pop(next(iter(self._vectors)))
        return [(s.start, s.end, self._vectors[s.text]) for s in spans]

    # -- answering -------------------------------------------------------------------------
    def _lead(self, asked: Question, ranked: list[Candidate]) -> Candidate | None:
        """The sentence the answer stands on: the best one, except that a "how much"/"how many"
        question needs a figure, taken only from a sentence that shares something with the
        question (a term, a name, the country, the relation), never from any number nearby.
        None when there is no such figure."""
        if not ranked:
            return None
        if asked.answer_type not in (AMOUNT, COUNT):
            return ranked[0]
        return next((c for c in ranked if c.typed and (c.lexical > 0 or c.anchors > 0)), None)

    @staticmethod
    def _evidence(asked: Question, lead: Candidate, ranked: list[Candidate]) -> float:
        """How well the articles cover the question: the best relevance of any allowed sentence
        (the quoted one may be chosen for holding a name or a date), except that a figure must
        itself be relevant."""
        if asked.answer_type in (AMOUNT, COUNT):
            return lead.evidence
        return max(c.evidence for c in ranked)

    def answer(self, question: str, hits: list[Hit]) -> Answer:
        started = time.perf_counter()
        asked = analyze(question)
        lang = asked.lang
        grounding = self.ground(asked, hits)

        def refuse(text: str, evidence: float | None = None) -> Answer:
            return Answer(question=question, answer=text, refused=True, mode=self.mode, lang=lang, hits=hits,
                          answer_type=asked.answer_type, grounding=grounding.to_json(), evidence=evidence,
                          timings_ms={"answer": (time.perf_counter() - started) * 1000})

        if not grounding.allowed:
            return refuse(self._not_covered(asked, grounding, hits) if hits else frame(lang, "refusal"))
        ranked = self.candidates(asked, hits, set(grounding.allowed))
        lead = self._lead(asked, ranked)
        if lead is None:  # refused before the threshold: no evidence it decided on
            return refuse(frame(lang, "no_figure" if ranked else "refusal"))
        evidence = self._evidence(asked, lead, ranked)
        if evidence < self.threshold:
            return refuse(frame(lang, "refusal"), evidence)
        chosen = self._select(asked, lead, ranked)
        return self._compose(question, asked, grounding, chosen, hits, started, evidence)

    def _select(self, asked: Question, best: Candidate, ranked: list[Candidate]) -> list[Candidate]:
        chosen = [best]

        def redundant(candidate: Candidate) -> bool:
            """A near-repeat of a sentence already quoted from the same article. (Two articles'
            look-alike sentences, e.g. two press releases' opening lines, report different facts.)"""
            return any(candidate.hit.article.id == c.hit.article.id
                       and (candidate.start == c.start or float(candidate.vector @ c.vector) > REDUNDANT_COSINE)
                       for c in chosen)

        if asked.is_list:
            floor = max(best.score - LIST_MARGIN, EVIDENCE_FLOOR + self.threshold * EVIDENCE_SPAN)
            articles = {best.hit.article.id}
            for candidate in ranked:
                if len(articles) >= MAX_LIST_ARTICLES or candidate.score < floor:
                    break
                if candidate.hit.article.id not in articles and not redundant(candidate):
                    chosen.append(candidate)
                    articles.add(candidate.hit.article.id)
        limit = max(self.max_sentences, len(chosen))
        for candidate in ranked:  # context from the quoted article: other articles only answer lists
            if len(chosen) >= limit:
                break
            if candidate.hit.article.id != best.hit.article.id or redundant(candidate):
                continue
            if candidate.score >= best.score - SAME_ARTICLE_MARGIN:
                chosen.append(candidate)
        return chosen

    def _compose(self, question: str, asked: Question, grounding: Grounding, chosen: list[Candidate],
                 hits: list[Hit], started: float, evidence: float) -> Answer:
        lang = asked.lang
        citations: list[Citation] = []
        numbers: dict[str, int] = {}
        by_article: dict[str, list[Candidate]] = {}
        for candidate in chosen:  # cited in order of relevance, quoted in article order
            by_article.setdefault(candidate.hit.article.id, []).append(candidate)
        lines = []
        for article_id, group in by_article.items():
            group.sort(key=lambda c: c.start)
            numbers[article_id] = len(citations) + 1
            citations.append(Citation.from_hit(numbers[article_id], group[0].hit, " … ".join(c.text for c in group),
                                               group[0].start, max(c.end for c in group)))
            lines += [f"- {c.text} [{numbers[article_id]}]" for c in group]
        heading = frame(lang, "heading")
        if asked.is_list and len(by_article) > 1:
            heading = frame(lang, "list_heading").format(n=len(by_article))
        foreign = sorted({c.hit.article.lang for c in chosen} - {lang})
        if foreign:
            names = ", ".join(LANGUAGE_NAMES[lang].get(code, code) for code in foreign)
            heading = f"{heading} {frame(lang, 'quoted').format(lang=names)}"
        return Answer(question=question, answer="\n".join([heading, *lines]), refused=False, mode=self.mode,
                      citations=citations, lang=lang, hits=hits, answer_type=asked.answer_type,
                      grounding=grounding.to_json(), evidence=evidence,
                      timings_ms={"answer": (time.perf_counter() - started) * 1000})

    def _not_covered(self, asked: Question, grounding: Grounding, hits: list[Hit]) -> str:
        """A refusal that says what is missing and, for a country, what the articles do cover."""
        lang = asked.lang
        absent = [c for c in asked.countries if c in grounding.absent]
        snapshot = self.index()
        if absent and snapshot is not None and set(absent) <= snapshot.countries:
            return frame(lang, "refusal")  # tagged elsewhere in the corpus, just not on this question
        if absent:
            relation = next(iter(asked.relations), None)
            organisations = all(c in ORGANISATIONS for c in absent)
            covered: list[str] = []
            for hit in hits:
                if relation is None or self._article_facts(hit).has_relation(relation):
                    covered += [c for c in hit.article.countries if c not in covered and c != HOME
                                and c not in asked.countries and (c in ORGANISATIONS) == organisations]
            asked_names = ", ".join(_display(c, lang) for c in absent)
            if not covered:
                return frame(lang, "not_about").format(what=asked_names)
            topic = frame(lang, "topics").split("|")[list(RELATIONS).index(relation) if relation else -1]
            return frame(lang, "covers_not").format(topic=topic, covered=", ".join(
                _display(c, lang) for c in covered[:4]), asked=asked_names)
        names = [n for n in asked.names if n in grounding.absent]
        if names:
            return frame(lang, "not_about").format(what=", ".join(names))
        relations = [r for r in asked.relations if r in grounding.absent]
        if relations:
            subject = ", ".join([_display(c, lang) for c in asked.countries] + list(asked.names))
            return frame(lang, "no_relation").format(subject=subject or "—", relation=RELATIONS[relations[0]][1][lang])
        years = [y for y in asked.years if y in grounding.absent]
        if years:
            return frame(lang, "no_year").format(year=", ".join(years))
        return frame(lang, "refusal")


def _score_term_overlap(found: list[Candidate], weights: dict[str, float]) -> None:
    """Set each candidate's `lexical` (IDF-weighted share of the question's terms it contains) and
    `distinct` (the same, each term also weighted by how rare it is among its article's sentences)."""
    total = sum(weights.values())
    if not total:
        return
    stems = [set(stem_terms(c.text)) & set(weights) for c in found]
    sentences_with: dict[tuple[str, str], int] = {}
    per_article: dict[str, int] = {}
    for candidate, shared in zip(found, stems, strict=True):
        article_id = candidate.hit.article.id
        per_article[article_id] = per_article.get(article_id, 0) + 1
        for term in shared:
            sentences_with[(article_id, term)] = sentences_with.get((article_id, term), 0) + 1
    for candidate, shared in zip(found, stems, strict=True):
        article_id = candidate.hit.article.id
        n = per_article[article_id]
        candidate.lexical = sum(weights[t] for t in shared) / total
        candidate.distinct = sum(weights[t] * math.log(1 + n / sentences_with[(article_id, t)]) / math.log(1 + n)
                                 for t in shared) / total


def _display(code: str, lang: str) -> str:
    """A country's or organisation's name in the answer's language."""
    if lang == "ru":
        russian = EXTRAS.get(code, ([], []))[1] or ORGANISATIONS.get(code, ("", [], []))[2]
        if russian:
            return russian[0]
    return country_name(code)
