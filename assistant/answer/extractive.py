"""The offline answerer: quotes the sentences that answer the question, each cited, or says
plainly that the articles don't cover it.

1. **Grounding.** The question is read (`question.analyze`): the countries, rare names, years and
   relation (signing, trade, investment...) it is about, and the kind of answer it expects. Only
   retrieved articles that contain those constraints, in either language, may answer; if none
   does, the answer is a refusal that says what the articles do cover.
2. **Scoring.** Every sentence of those articles (embedded once at ingest, see `sentences`),
   except agency furniture and text addressed to a reader or a model (`furniture`), becomes a
   candidate with named features (e5 cosine of the sentence and of its passage, IDF-weighted term
   overlap, names/numbers/years shared in either script, the kind of answer asked for, language,
   pronoun opening...) that one fitted logistic model weighs (`scorer`, fitted on three sets by
   `python -m evals fit-scorer`). A quote starts after its dateline.
3. **Refusal.** When the probability that the best sentence answers is below the scorer's
   calibrated threshold (`ASSISTANT_REFUSAL_THRESHOLD` overrides it) the answer is "The articles
   don't cover this."; a "how much"/"how many" question whose best evidence holds no figure is
   refused rather than answered with some other number.
4. **Selection.** The best sentence, then close runners-up from the same article, and the
   sentence before one that opens with a pronoun (it says who "he" is); for list questions the
   best sentence of each matching article (up to `MAX_LIST_ARTICLES`).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..core.records import Citation, Hit
from ..core.sanitize import without_source_markers
from ..core.settings import setting_default
from ..core.text import split_sentences, stem_terms
from ..index.embeddings import Embedder
from ..index.record_tables import RECORDS_FILE
from ..index.store import Snapshot, damaged
from ..language.countries import EXTRAS, HOME, ORGANISATIONS, country_name
from ..language.direct import date_for_reader, dateline_date, direct_span, iso_for_reader, relative_day, shown
from ..language.furniture import is_heading, news_start
from ..language.lexicon import translations
from ..language.question import (
    AMOUNT,
    COUNT,
    DATE,
    RELATIONS,
    Question,
    TextFacts,
    analyze,
    anchor_overlap,
    has_answer_of_type,
    missing_constraints,
    names_nothing,
    sentence_facts,
    states_relation,
    states_year,
)
from ..language.sentences import MIN_WORDS, VECTORS_FILE, SentenceSource
from .answers import LANGUAGE_NAMES, Answer, frame
from .scorer import ScorerModel, answer_context, load_model

MAX_LIST_ARTICLES = 4
REDUNDANT_COSINE = 0.93
ITEM_SLACK = 0.02
"""A quoted sentence this close (in e5 cosine) to the one most like an enumerated item answers
the item already. Chosen before measuring, not fitted: a tie-break, so a CPU's last-digit
difference moves at most which of two near-equal sentences is quoted, never a refusal."""

IndexSource = Callable[[], "Snapshot | None"]
"""The current index generation: its sentence vectors, term statistics and article tags."""


@dataclass
class Candidate:
    """A quotable sentence of an allowed article, with the features the scorer weighs."""

    hit: Hit
    start: int
    end: int
    text: str
    vector: np.ndarray
    cosine: float = 0.0
    lexical: float = 0.0
    anchors: float = 0.0
    typed: bool = False
    strict: bool = False
    """The question asks for a figure or a date, which the sentence must then hold."""
    retrieval: float = 0.0
    passage: float = 0.0
    """Cosine of the question and the retrieved passage holding the sentence (absolute, unlike the
    fused retrieval score, which is relative to the other passages)."""
    distinct: float = 0.0
    """The question's terms the sentence shares, weighted by how rare they are among the article's
    own sentences: words of the article's topic (in the lead and everywhere) count less."""
    cross: bool = False
    translated: float = 0.0
    """Of a sentence in the other language: the IDF-weighted share of the question's terms it holds
    only as a translation (`lexicon`: "championship" as "чемпионат"). Kept apart from `lexical`: an induced
    lexicon is looser than a shared stem, and the scorer weighs it on its own."""
    uncovered: float = 0.0
    """The question's terms (IDF-weighted share) that no quotable sentence of the article holds,
    for an article in the question's language (0 across languages, where no term can match): a
    question about a held-out paragraph shares the article's topic words, not its specific ones."""
    logit: float = 0.0
    """The scorer's rank score among this question's sentences (`scorer.ScorerModel.rank`)."""
    values: dict[str, float] = field(default_factory=dict)
    """`features()`, computed once the sentence is scored."""

    def features(self) -> dict[str, float]:
        """The named features of `scorer.FEATURES`."""
        return {"cosine": self.cosine, "passage": self.passage, "lexical": self.lexical, "distinct": self.distinct,
                "anchors": self.anchors, "typed": float(self.typed), "typed_strict": float(self.typed and self.strict),
                "retrieval": self.retrieval, "cross": float(self.cross), "cross_cosine": self.cosine * self.cross,
                "pronoun": float(bool(PRONOUN_LED.match(self.text))), "words": math.log(1 + len(self.text.split())),
                "uncovered": self.uncovered, "translated": self.translated}

    @property
    def score(self) -> float:
        return self.logit

    @property
    def links_figure(self) -> bool:
        """Holds the kind of figure asked for and shares something with the question (a term, a
        name, the country, the relation): what a "how much"/"how many" answer may stand on. A
        sentence in the other language shares no term by construction: its rank (e5 across
        languages) stands in, and the scorer still decides whether it answers."""
        return self.typed and self.linked

    @property
    def links_year(self) -> bool:
        """Holds a year and shares something with the question: what an "in what year" answer may
        stand on (a sentence without one cannot answer, however like the question it is)."""
        return states_year(self.text) and self.linked

    @property
    def linked(self) -> bool:
        """Shares a term, a name, the country or the relation with the question (in the other
        language, e5's rank stands in)."""
        return self.lexical > 0 or self.anchors > 0 or self.cross


def lead_rule(asked: Question) -> Callable[[Candidate], bool] | None:
    """What the sentence an answer stands on must hold, when the question asks for it: a figure
    for "how much"/"how many", a year for "in what year" (each linked to the question). None: any
    sentence may lead. Shared by the answerer and the scorer's fitter, which must pick alike."""
    if asked.answer_type in (AMOUNT, COUNT):
        return lambda candidate: candidate.links_figure
    if asked.asks_year:
        return lambda candidate: candidate.links_year
    return None


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

    def __init__(self, embedder: Embedder, threshold: float | None = None, index: IndexSource = lambda: None,
                 max_sentences: int | None = None, model: ScorerModel | None = None) -> None:
        self.embedder = embedder
        self.model = model or load_model()
        self.threshold = self.model.threshold if threshold is None else threshold
        """Refusal threshold on the evidence (the scorer's probability that the articles answer the
        question): the scorer's calibrated one unless ASSISTANT_REFUSAL_THRESHOLD overrides it."""
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
        first = next((h for h in hits if h.article.id in grounding.allowed), None)
        if len(asked) > 1 and first is not None and not question.countries_apart:
            # one relation between the countries ("FDI in Mongolia from Russia"): only articles on all of them
            # answer it; none at all, and the best article's missing country is what the articles lack
            together = [a for a in grounding.allowed
                        if any(h.article.id == a and asked <= self._article_facts(h).countries for h in hits)]
            on_first = self._article_facts(first).countries
            bound_alone = not together and question.countries_bound  # the phrase is read only when it decides
            if asked <= on_first or bound_alone:
                grounding.allowed = together
            if bound_alone:
                grounding.absent = sorted(asked - on_first)
        about = [hit for hit in hits if not asked or asked & self._article_facts(hit).countries]
        others = [c for c in question.constraints if c not in asked]
        grounding.absent = [c for c in question.countries
                            if not any(c in self._article_facts(hit).countries for hit in hits)]
        grounding.absent += [c for c in others if about and all(c in grounding.missing[h.article.id] for h in about)]
        covered = {c for hit in hits if hit.article.id in grounding.allowed for c in self._article_facts(hit).countries}
        if asked - covered:  # asked about X and Y, and nothing on Y: no answer stands on X alone
            grounding.allowed = []
            grounding.absent = grounding.absent or sorted(asked - covered)
        if question.years_apart and grounding.allowed:  # the same for separate years, each in some article
            years = {y for hit in hits if hit.article.id in grounding.allowed for y in self._article_facts(hit).years}
            if set(question.years) - years:
                grounding.allowed = []
                grounding.absent = grounding.absent or [y for y in question.years if y not in years]
        if question.parts and grounding.allowed:  # and for coordinated parts, each met by some article
            allowed = [hit for hit in hits if hit.article.id in grounding.allowed]
            unmet = [part for part in question.parts if not any(self._meets_part(hit, part) for hit in allowed)]
            if unmet:
                grounding.allowed = []
                grounding.absent = grounding.absent or [a for a in unmet[0]
                                                        if not any(self._meets_part(h, (a,)) for h in allowed)]
        return grounding

    def _meets_part(self, hit: Hit, part: tuple[str, ...]) -> bool:
        """Whether an article has every name, year and relation of one coordinated part of the question."""
        facts = self._article_facts(hit)
        return all(facts.has_anchor(a) for a in part)

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
                skip = news_start(text)
                if skip is None or is_heading(article.text, start, end):
                    continue  # a dateline, a credit, a heading, an instruction: never evidence
                start, text = start + skip, text[skip:]  # quote the news, not the dateline before it
                inside = [h for h in covering if h.chunk.start <= start and end <= h.chunk.end]
                retrieval = max((h.score for h in inside), default=0.5 * hit.score)
                # a passage only the lexical leg found has no cosine: its sentence's own stands in
                passage = max((h.dense for h in inside or covering if h.dense is not None),
                              default=float(vector @ query))
                found.append(Candidate(hit, start, end, text, vector, retrieval=retrieval, passage=passage,
                                       cross=article.lang != question.lang,
                                       strict=question.answer_type in (AMOUNT, COUNT, DATE)))
        if not found:
            return []
        terms = set(stem_terms(question.text))
        _score_term_overlap(found, terms, snapshot.idf if snapshot is not None else (lambda term: 1.0))
        if snapshot is not None and not all(np.isfinite(c.vector).all() for c in found):
            raise damaged(snapshot.directory, VECTORS_FILE, "vectors that are not numbers")
        money, time_asked = question.asks_money, question.asks_time  # read once, not per sentence
        for candidate in found:
            candidate.cosine = float(candidate.vector @ query)
            candidate.anchors = anchor_overlap(question, candidate.text, candidate.cross)
            candidate.typed = has_answer_of_type(question.answer_type, candidate.text, money, time_asked)
            candidate.values = candidate.features()
            candidate.logit = self.model.rank(candidate.values)
        found.sort(key=lambda c: (-c.score, c.hit.article.id, c.start))
        return found

    def _spans(self, index: SentenceSource | None, hit: Hit) -> list[tuple[int, int, np.ndarray]]:
        """(start, end, vector) of an article's quotable sentences: from the sentence index, or
        embedded now for an index written before it existed."""
        article = hit.article
        stored = index.of_article(article.id) if index is not None else []
        if stored:
            assert index is not None
            if not all(0 <= span.start < span.end <= len(article.text) for _, span in stored):
                snapshot = self.index()  # spans from another text would quote the wrong words
                where = snapshot.directory if snapshot is not None else "the index"
                raise damaged(where, RECORDS_FILE, "sentence spans outside their article")
            return [(span.start, span.end, index.vectors[row]) for row, span in stored]
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
        question needs a figure, and an "in what year" one a year, taken only from a sentence that
        shares something with the question (a term, a name, the country, the relation), never
        from any number nearby. None when there is no such sentence."""
        if not ranked:
            return None
        rule = lead_rule(asked)
        return ranked[0] if rule is None else next((c for c in ranked if rule(c)), None)

    def answer(self, question: str, hits: list[Hit]) -> Answer:
        started = time.perf_counter()
        asked = analyze(question)
        lang = asked.lang
        grounding = self.ground(asked, hits)

        def refuse(text: str, evidence: float | None = None) -> Answer:
            return Answer(question=question, answer=text, refused=True, mode=self.mode, lang=lang, hits=hits,
                          answer_type=asked.answer_type, grounding=grounding.to_json(), evidence=evidence,
                          timings_ms={"answer": (time.perf_counter() - started) * 1000})

        if names_nothing(question):  # "Who?" asked first, or after a refusal: nothing to look for
            return refuse(frame(lang, "vague"))
        if not grounding.allowed:
            return refuse(self._not_covered(asked, grounding, hits) if hits else frame(lang, "refusal"))
        ranked = self.candidates(asked, hits, set(grounding.allowed))
        lead = self._lead(asked, ranked)
        if lead is None:  # refused before the threshold: no evidence it decided on
            return refuse(frame(lang, ("no_year_given" if asked.asks_year else "no_figure") if ranked else "refusal"))
        if (asked.is_list and not asked.listed_in_words
                and set(asked.countries) <= self._article_facts(lead.hit).countries
                and all(self._meets_part(lead.hit, part) for part in asked.parts)):
            asked = replace(asked, is_list=False, parts=())  # "trade between Turkey and Azerbaijan": one article
        # how likely the articles answer the question, were the answer to stand on the lead
        context = answer_context([(c.score, c.values) for c in ranked])
        evidence = self.model.answerable(lead.values, context)
        if evidence < self.threshold:
            return refuse(frame(lang, "refusal"), evidence)
        chosen = self._select(asked, lead, ranked, context)
        return self._compose(question, asked, grounding, chosen, hits, started, evidence)

    def _select(self, asked: Question, best: Candidate, ranked: list[Candidate],
                context: dict[str, float]) -> list[Candidate]:
        chosen = [best]

        def redundant(candidate: Candidate) -> bool:
            """A near-repeat of a sentence already quoted from the same article. (Two articles'
            look-alike sentences, e.g. two press releases' opening lines, report different facts.)"""
            return any(candidate.hit.article.id == c.hit.article.id
                       and (candidate.start == c.start or float(candidate.vector @ c.vector) > REDUNDANT_COSINE)
                       for c in chosen)

        if asked.is_list:
            floor = best.score - self.model.list_margin
            articles = {best.hit.article.id}
            # countries asked together that the best article concerns together: so must the others
            asked_countries = set(asked.countries)
            together = asked_countries if asked_countries <= self._article_facts(best.hit).countries else set()
            for candidate in ranked:
                if len(articles) >= MAX_LIST_ARTICLES or candidate.score < floor:
                    break
                if candidate.hit.article.id in articles or redundant(candidate):
                    continue
                if not together <= self._article_facts(candidate.hit).countries:
                    continue
                if self.model.answerable(candidate.values, context) >= self.threshold:  # it would answer alone
                    chosen.append(candidate)
                    articles.add(candidate.hit.article.id)
        chosen = [best, *(self._stating(asked, c, ranked) for c in chosen[1:])]
        covering = [self._stating(asked, c, ranked) for c in self._covering(asked, chosen, ranked)]
        chosen += covering
        itemised = self._itemised(asked, chosen, ranked)
        chosen += itemised
        covering += itemised
        for candidate in list(chosen):  # "He is also the oldest…": quote who "he" is
            antecedent = _antecedent(candidate, ranked)
            if antecedent is not None and not _quoted(antecedent, chosen):
                chosen.append(antecedent)
        if asked.listed_in_words:  # "Which documents were signed?": a sentence opening a list brings its items
            for candidate in list(chosen):
                chosen += [item for item in _list_items(candidate, ranked) if not _quoted(item, chosen)]
        limit = max(self.max_sentences + len(covering), len(chosen))  # the best article keeps its context
        for candidate in ranked:  # context from the quoted article: other articles only answer lists
            if len(chosen) >= limit:
                break
            if candidate.hit.article.id != best.hit.article.id or redundant(candidate):
                continue
            if candidate.score >= best.score - self.model.context_margin:
                chosen.append(candidate)
        return chosen

    def _stating(self, asked: Question, candidate: Candidate, ranked: list[Candidate]) -> Candidate:
        """The relation asked about checked against a further article's quote: when the sentence
        quoted for it does not state the relation ("trade with Estonia and with Portugal in 2023"
        answered, for Portugal, by its investment figure) and another sentence of the same article
        does, holding the kind of answer and the asked years the first one held, that one is quoted
        instead (for "how much"/"how many", with a figure linked to the question). The article stays
        the same. The best sentence is never swapped: the bold direct answer and the evidence the
        refusal was decided on stand on it."""
        if not asked.relations or _states(asked, candidate.text):
            return candidate
        figure = asked.answer_type in (AMOUNT, COUNT)
        years = [year for year in asked.years if year in candidate.text]
        return next((c for c in ranked if c.hit.article.id == candidate.hit.article.id and _states(asked, c.text)
                     and (c.typed or not candidate.typed) and all(year in c.text for year in years)
                     and (c.links_figure or not figure)), candidate)

    def _covering(self, asked: Question, chosen: list[Candidate], ranked: list[Candidate]) -> list[Candidate]:
        """A question about separate years ("met in 2022 and in 2025"), several countries or
        coordinated parts ("in May 2023 and with the Shihezi zone") spans an article per year, country or
        part, each of which grounding found among the allowed ones: for each one the quoted
        articles do not cover yet, the best sentence of an article
        that does (for "how much"/"how many", one with a figure linked to the question), up to
        `MAX_LIST_ARTICLES` articles in all."""
        needs: list[tuple[str, ...]] = [(year,) for year in asked.years] if asked.years_apart else []
        needs += [(code,) for code in asked.countries] if len(asked.countries) > 1 else []
        needs += list(asked.parts)

        def meets(candidate: Candidate, need: tuple[str, ...]) -> bool:
            if need[0] in asked.countries:
                return need[0] in self._article_facts(candidate.hit).countries
            return self._meets_part(candidate.hit, need)

        def says(candidate: Candidate, need: tuple[str, ...]) -> bool:
            """A part's names and years in the sentence itself ("the Shihezi zone" asked: the
            sentence on Shihezi, not the article's best one on something else)."""
            facts = sentence_facts(candidate.text, tag=False)
            return all(facts.has_anchor(a) for a in need)

        added: list[Candidate] = []
        for need in needs:
            quoted = [*chosen, *added]
            if len({c.hit.article.id for c in quoted}) >= MAX_LIST_ARTICLES:
                break
            part = need in asked.parts
            if any(says(c, need) if part else meets(c, need) for c in quoted):
                continue
            pool = [c for c in ranked if meets(c, need)]
            stated = [c for c in pool if says(c, need)] if part else []
            match = self._lead(asked, stated) or self._lead(asked, pool)
            if match is None and part and (stated or pool):  # a part may ask for other than a figure
                match = (stated or pool)[0]                    # ("which documents…, and what turnover…")
            if match is not None and all(match is not c for c in quoted):
                added.append(match)
        return added

    def _itemised(self, asked: Question, chosen: list[Candidate], ranked: list[Candidate]) -> list[Candidate]:
        """An enumeration after a colon ("…with their dates: the start of visa-free travel, the
        membership application and candidate status") asks for each item: for each, the sentence
        most like it (e5, the item with the question's head as a query) in the allowed articles, of
        the kind of answer asked for where there is one, unless a quoted sentence is about as like
        it (`ITEM_SLACK`). The whole question's score does not rank them: a sentence on one item
        shares little with the others' words."""
        if not (asked.items or asked.clauses):
            return []
        head = set(stem_terms(asked.items[0].partition(": ")[0])) if asked.items else set()
        terms = {id(c): set(stem_terms(c.text)) for c in ranked if not c.cross}
        added: list[Candidate] = []
        for item in [*asked.items, *asked.clauses]:
            # a sentence in the item's language must share one of the item's own words (not only the
            # head's): an item the articles do not cover gets no quote rather than any nearby one
            own = set(stem_terms(item.partition(": ")[2] if item in asked.items else item)) - head
            pool = [c for c in ranked if c.cross or own & terms[id(c)]]
            if not pool:
                continue
            typed = [c for c in pool if c.typed]
            vector = np.asarray(self.embedder.embed_query_vector(item), dtype=np.float32)
            pick = max(typed or pool, key=lambda c: float(c.vector @ vector))
            like = float(pick.vector @ vector)
            if all(float(c.vector @ vector) < like - ITEM_SLACK for c in [*chosen, *added]):
                added.append(pick)
        return added

    @staticmethod
    def _dated(candidate: Candidate, lang: str) -> str | None:
        """What a day named relative to the article ("on Monday", "today") is relative to: the
        article's date, else the date in the dateline the sentence follows ("ASTANA, June 25 –")."""
        article = candidate.hit.article
        if article.date and _ISO_DAY.fullmatch(article.date):
            return frame(lang, "dated").format(date=iso_for_reader(article.date, lang))
        written = dateline_date(article.text, candidate.start)
        return frame(lang, "dateline").format(date=date_for_reader(written, lang)) if written else None

    def _compose(self, question: str, asked: Question, grounding: Grounding, chosen: list[Candidate],
                 hits: list[Hit], started: float, evidence: float) -> Answer:
        lang = asked.lang
        citations: list[Citation] = []
        numbers: dict[str, int] = {}
        by_article: dict[str, list[Candidate]] = {}
        for candidate in chosen:  # cited in order of relevance
            by_article.setdefault(candidate.hit.article.id, []).append(candidate)
        lead = _lead_quote(asked, chosen)
        lines = []
        for article_id, group in by_article.items():
            best = lead if article_id == lead.hit.article.id else group[0]
            group.sort(key=lambda c: c.start)
            numbers[article_id] = len(citations) + 1
            citations.append(Citation.from_hit(numbers[article_id], group[0].hit, " … ".join(
                without_source_markers(c.text) for c in group), group[0].start, max(c.end for c in group)))
            lines += [f"- {without_source_markers(c.text)} [{numbers[article_id]}]"
                      for c in _best_first(group, best)]
        heading = frame(lang, "heading")
        if asked.is_list and len(by_article) > 1:
            heading = frame(lang, "list_heading").format(n=len(by_article))
        foreign = sorted({c.hit.article.lang for c in chosen} - {lang})
        if foreign:
            names = ", ".join(LANGUAGE_NAMES[lang].get(code, code) for code in foreign)
            heading = f"{heading} {frame(lang, 'quoted').format(lang=names)}"
        # one bold answer would stand for one of several years or countries asked about
        several = len(by_article) > 1 and (asked.years_apart or len(asked.countries) > 1 or bool(asked.parts))
        direct = None if asked.is_list or several else direct_span(asked, lead.text)
        day = None if asked.is_list or several or asked.answer_type != DATE else relative_day(lead.text, lang)
        if direct and day:  # "On Monday they signed…, after talks on March 3": which one dates the event?
            if day[1] in ("today", "сегодня"):  # "today" is also "nowadays" ("Today, the city…, founded in 1636")
                day = None
            else:
                direct = day = None
        dated = self._dated(lead, lang) if day else None
        if direct:  # the date, figure or name asked for leads, bold and cited; the quotes follow as evidence
            bold = shown(direct, asked.answer_type, lang)
            lines = [f"**{bold}** [{numbers[lead.hit.article.id]}]", heading, *lines]
        elif day and dated:  # "signed on Monday": the day, with the article's date it is relative to
            lines = [f"**{day[1]}** {dated} [{numbers[lead.hit.article.id]}]", heading, *lines]
            direct = day[0]
        else:
            lines = [heading, *lines]
        return Answer(question=question, answer="\n".join(lines), refused=False, mode=self.mode,
                      citations=citations, lang=lang, hits=hits, answer_type=asked.answer_type,
                      grounding=grounding.to_json(), evidence=evidence, direct_answer=direct,
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
            for hit in hits:  # the home country's partners: an article not about it says nothing of its relations
                if HOME in hit.article.countries and (
                        relation is None or self._article_facts(hit).has_relation(relation)):
                    covered += [c for c in hit.article.countries if c not in covered and c != HOME
                                and c not in asked.countries and (c in ORGANISATIONS) == organisations]
            asked_names = ", ".join(_display(c, lang) for c in absent)
            if not covered:
                return frame(lang, "not_about").format(what=asked_names)
            topic = frame(lang, "topics").split("|")[list(RELATIONS).index(relation) if relation else -1]
            return frame(lang, "covers_not").format(home=_display(HOME, lang), topic=topic, covered=", ".join(
                _display(c, lang) for c in covered[:4]), asked=asked_names)
        names = [n for n in asked.names if n in grounding.absent]
        if names:
            return frame(lang, "not_about").format(what=", ".join(names))
        relations = [r for r in asked.relations if r in grounding.absent]
        if relations:
            subject = ", ".join([_display(c, lang) for c in asked.countries] + list(asked.names))
            return frame(lang, "no_relation" if subject else "no_relation_at_all").format(
                subject=subject, relation=RELATIONS[relations[0]][1][lang])
        years = [y for y in asked.years if y in grounding.absent]
        if years:
            return frame(lang, "no_year").format(year=", ".join(years))
        return frame(lang, "refusal")


PRONOUN_LED = re.compile(r"^\W*(?:he|she|it|they|his|her|its|their|this|these|those|him|them|"
                         r"он|она|оно|они|его|её|ее|их|это|этот|эта|эти|там|тогда)\b", re.IGNORECASE)
"""A sentence that names its subject only by a pronoun: quoted alone, it never says who."""


_NOT_ANAPHORIC = (r"(?:year|week|month|day|time|morning|evening|season|summer|winter|spring|autumn|fall|century|decade"
                  r"|год|недел|месяц|раз|момент|врем|лет|вечер|утр|осен|весн|зим|сезон|век)")
REFERS_BACK = re.compile(rf"\b(?:these|this)\s+(?!{_NOT_ANAPHORIC})[^\W\d_]+\b(?!\s+(?:that|which|who|whose|whom)\b)"
                         rf"|(?<![\w-])(?:этот|эта|эти|этого|этой|этим|этих|этому|эту|этими"
                         rf"|данн(?:ый|ая|ое|ые|ого|ой|ом|ых|ым))\s+(?!{_NOT_ANAPHORIC})[а-яё]+"
                         rf"|(?<![\w-])вс[её]\s+это(?![\w-])", re.IGNORECASE)
"""A phrase inside a sentence that points back to the one before ("treated using these devices",
"использует этот тип сети", "Всё это подготовило почву"): what it points at is said there. Not
"those"/"such", which mostly point ahead ("those drugs to which…", "such as"), nor a phrase a
relative clause defines ("these countries that…"), nor a time ("this year", "в этом году")."""


def _leans_back(text: str) -> bool:
    """Whether a sentence needs the one before it to say who or what it is about."""
    return bool(PRONOUN_LED.match(text) or REFERS_BACK.search(text))


def _antecedent(candidate: Candidate, ranked: list[Candidate]) -> Candidate | None:
    """The sentence just before a pronoun-led one in its article, which says who or what the
    pronoun stands for, or before one that points back to it (`REFERS_BACK`); None when the
    sentence names its subject itself."""
    if not _leans_back(candidate.text):
        return None
    before = [c for c in ranked if c.hit.article.id == candidate.hit.article.id and c.end <= candidate.start]
    return max(before, key=lambda c: c.end, default=None)


def _quoted(candidate: Candidate, chosen: list[Candidate]) -> bool:
    """Whether the same sentence of the same article is already quoted."""
    return any(c.start == candidate.start and c.hit.article.id == candidate.hit.article.id for c in chosen)


MAX_LIST_ITEMS = 8
"""Items of an enumeration quoted after the sentence that opens it."""


def _list_items(candidate: Candidate, ranked: list[Candidate]) -> list[Candidate]:
    """The items that follow a sentence opening an enumeration ("…documents were signed:" or
    "…signed in Ankara." followed by "X signed a memorandum on…;" items): the agency style of
    listing agreements, where the sentence the question matches names none of them. The run ends
    at the first item closed by a full stop."""
    text = candidate.hit.article.text
    following = sorted((c for c in ranked if c.hit.article.id == candidate.hit.article.id and c.start >= candidate.end),
                       key=lambda c: c.start)
    items: list[Candidate] = []
    end = candidate.end
    for item in following:
        if text[end:item.start].strip(" \t\n-–—•*") or len(items) >= MAX_LIST_ITEMS:
            break
        items.append(item)
        end = item.end
        if not item.text.rstrip().endswith(";"):
            break
    opens = candidate.text.rstrip().endswith(":") or (bool(items) and items[0].text.rstrip().endswith(";"))
    return items if opens else []


def _states(asked: Question, text: str) -> bool:
    """Whether a sentence states every relation the question asks about (not only denies it)."""
    lower = text.lower().replace("ё", "е")
    return all(states_relation(lower, relation) for relation in asked.relations)


def _score_term_overlap(found: list[Candidate], terms: set[str], idf: Callable[[str], float]) -> None:
    """Set each candidate's `lexical` (IDF-weighted share of the question's terms it contains),
    `translated` (of a sentence in the other language: the share it holds only as a translation,
    `lexicon`),
    `distinct` (the same, each term also weighted by how rare it is among its article's sentences)
    and `uncovered` (the share none of its article's sentences contains, same language only).
    Each term weighs its `idf` in the corpus. The sums are `math.fsum`: exact, so a set's order
    (which the process's hash seed sets) never moves the last digit."""
    weights = {t: idf(t) for t in terms}
    total = math.fsum(weights.values())
    if not total:
        return
    translated = {t: translations(t) for t in weights}
    stems: list[set[str]] = []
    bridged: list[dict[str, float]] = []
    for candidate in found:
        own = set(stem_terms(candidate.text))
        stems.append(own & set(weights))
        # a term held through its translation weighs what the translation's rarity says
        bridged.append({t: min(weights[t], max(idf(s) for s in translated[t] & own)) for t in weights
                        if t not in own and not translated[t].isdisjoint(own)} if candidate.cross else {})
    sentences_with: dict[tuple[str, str], int] = {}
    per_article: dict[str, int] = {}
    in_article: dict[str, set[str]] = {}
    for candidate, shared, through in zip(found, stems, bridged, strict=True):
        article_id = candidate.hit.article.id
        per_article[article_id] = per_article.get(article_id, 0) + 1
        in_article.setdefault(article_id, set()).update(shared)
        for term in shared | set(through):
            sentences_with[(article_id, term)] = sentences_with.get((article_id, term), 0) + 1
    for candidate, shared, through in zip(found, stems, bridged, strict=True):
        article_id = candidate.hit.article.id
        n = per_article[article_id]
        candidate.lexical = math.fsum(weights[t] for t in shared) / total
        rarity = {t: math.log(1 + n / sentences_with[(article_id, t)]) / math.log(1 + n) for t in shared | set(through)}
        candidate.distinct = math.fsum(weights[t] * rarity[t] for t in shared) / total
        candidate.translated = math.fsum(weight * rarity[t] for t, weight in through.items()) / total
        if not candidate.cross:
            candidate.uncovered = 1.0 - math.fsum(weights[t] for t in in_article[article_id]) / total


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ADJACENT_GAP = 3
"""Characters between two quoted sentences that read as one passage (the space or line break
between neighbouring sentences)."""


def _lead_quote(asked: Question, chosen: list[Candidate]) -> Candidate:
    """The quote the answer leads with, and reads its bold date or figure from: the best one, or,
    when it does not state the relation asked about and another quote of its article does, that
    one ("What did they sign?" after "When were relations established?": the signing, not 1993)."""
    best = chosen[0]
    if not asked.relations or _states(asked, best.text):
        return best
    return next((c for c in chosen if c.hit.article.id == best.hit.article.id and _states(asked, c.text)), best)


def _best_first(group: list[Candidate], best: Candidate) -> list[Candidate]:
    """One article's quoted sentences (in article order) as the answer lists them: the best one
    first, after the neighbours it needs (the sentence that says who its "He" is, `_antecedent`)
    and with the neighbours that follow it on (an enumeration's items), then the others in article
    order. The answer leads with what answers ("signed a Memorandum…", which closed the article,
    was quoted last)."""
    first = last = next(i for i, c in enumerate(group) if c is best)

    def adjacent(i: int) -> bool:  # group[i - 1] ends right where group[i] starts
        return group[i].start - group[i - 1].end <= ADJACENT_GAP

    while first > 0 and adjacent(first) and _leans_back(group[first].text):
        first -= 1
    while last + 1 < len(group) and adjacent(last + 1):
        last += 1
    return [*group[first:last + 1], *group[:first], *group[last + 1:]]


def _display(code: str, lang: str) -> str:
    """A country's or organisation's name in the answer's language."""
    if lang == "ru":
        russian = EXTRAS.get(code, ([], []))[1] or ORGANISATIONS.get(code, ("", [], []))[2]
        if russian:
            return russian[0]
    return country_name(code)
