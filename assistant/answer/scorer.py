"""The offline answerer's one scorer: how likely a sentence is to answer the question.

A logistic model over named features of a candidate sentence (`FEATURES`, computed in
`extractive.Candidate.features`), fitted by `python -m evals fit-scorer` on the calibration halves
of three sets split by article (the seed reference set, XQuAD used as a corpus, the news set),
and shipped as `scorer.json` beside this file: the feature names, their standardisation, the
weights, and the refusal threshold chosen on the same calibration questions with its margin.
Before it, about fifty hand-set weights, margins and offsets lived in seven files and were tuned
on 156 questions over 13 articles; a fix for one corpus moved the others.

Two parts, fitted on the same rows: a sentence's `rank` score orders one question's candidates (a
conditional logit: the answer sentence should top its question's list), and `answerable` is the
probability that the articles answer the question at all, from the features of the sentence the
answer would stand on and the best of the others: the evidence the refusal threshold is compared
with. Every number lives in the file, which each evaluation report copies whole.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL_FILE = Path(__file__).with_name("scorer.json")

FEATURES = (
    "cosine",        # e5 cosine of question and sentence
    "passage",       # e5 cosine of question and the retrieved passage holding the sentence
    "lexical",       # IDF-weighted share of the question's terms in the sentence (same script)
    "distinct",      # the same, terms weighted by rarity among the article's own sentences
    "anchors",       # share of the question's names, years, numbers, countries, relations (either script)
    "typed",         # holds the kind of answer asked for (a name for who, a figure for how much...)
    "typed_strict",  # typed, for the questions whose answer is a figure or a date
    "retrieval",     # fused retrieval score of the passage (relative to the other passages)
    "cross",         # the sentence is in another language than the question
    "cross_cosine",  # cosine, for cross-language sentences (e5 rates them lower)
    "pronoun",       # opens with a pronoun: its subject is in the sentence before
    "words",         # log of its length in words
    "uncovered",     # share of the question's terms absent from the whole article (same language)
    "translated",    # share of the question's terms held only as a translation (other language)
)


ANSWER_FEATURES = (*(f"lead.{name}" for name in FEATURES),
                   *(f"max.{name}" for name in ("cosine", "passage", "lexical", "distinct", "anchors")),
                   "gap", "candidates")
"""Features of a whole question's evidence: those of the sentence the answer would stand on, the
best of each similarity over all candidates, how far the lead stands above the runner-up, and
how many candidates there were (log)."""


@dataclass(frozen=True)
class ScorerModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    rank_coef: tuple[float, ...]
    """Weights of the standardised features in a sentence's rank score (a conditional logit: fitted
    so that, among one question's candidates, the sentences holding the answer score highest)."""
    answer_mean: tuple[float, ...]
    answer_scale: tuple[float, ...]
    answer_coef: tuple[float, ...]
    answer_intercept: float
    """Logistic model of "the articles answer this question" over `ANSWER_FEATURES`."""
    threshold: float
    """Refusal threshold on that probability (chosen on calibration questions)."""
    margin: float
    """Distance from the threshold to the nearest calibration question, on either side."""
    list_margin: float
    """A list answer quotes another article's best sentence when its rank score is within this of the best."""
    context_margin: float
    """A further sentence of the quoted article is quoted when its rank score is within this of the best."""
    fitted: dict[str, Any] = field(default_factory=dict)
    """How the model was fitted: data, sizes, regularisation, date, calibration (reported, not used)."""

    def standardise(self, values: dict[str, float]) -> list[float]:
        return [(values[name] - mean) / scale for name, mean, scale in zip(self.features, self.mean, self.scale,
                                                                             strict=True)]

    def rank(self, values: dict[str, float]) -> float:
        """The sentence's rank score (higher: more likely the answer among this question's sentences)."""
        return sum(c * z for c, z in zip(self.rank_coef, self.standardise(values), strict=True))

    def answerable(self, lead: dict[str, float], context: dict[str, float]) -> float:
        """Probability that the question is answered, from the lead sentence's features and the
        question's `answer_context` (the same for every lead it is asked about)."""
        values = answer_features(lead, context)
        total = self.answer_intercept
        for name, mean, scale, coef in zip(ANSWER_FEATURES, self.answer_mean, self.answer_scale, self.answer_coef,
                                           strict=True):
            total += coef * (values[name] - mean) / scale
        return probability(total)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ScorerModel":
        fields = {**data}
        for key in ("features", "mean", "scale", "rank_coef", "answer_mean", "answer_scale", "answer_coef"):
            fields[key] = tuple(fields[key])
        model = cls(**fields)
        if model.features != FEATURES or len(model.answer_coef) != len(ANSWER_FEATURES):
            raise ValueError("the scorer file does not match this version's features: refit it "
                             "(python -m evals fit-scorer)")
        return model


def answer_context(ranked: list[tuple[float, dict[str, float]]]) -> dict[str, float]:
    """The part of `ANSWER_FEATURES` that depends on all candidates, not the lead: computed once
    per question from each candidate's (rank score, features), best first."""
    context = {f"max.{name}": max(v[name] for _, v in ranked)
               for name in ("cosine", "passage", "lexical", "distinct", "anchors")}
    context["gap"] = ranked[0][0] - ranked[1][0] if len(ranked) > 1 else 5.0
    context["candidates"] = math.log(len(ranked))
    return context


def answer_features(lead: dict[str, float], context: dict[str, float]) -> dict[str, float]:
    """`ANSWER_FEATURES` of a question whose answer would stand on `lead`."""
    return {**{f"lead.{name}": lead[name] for name in FEATURES}, **context}


def probability(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, logit))))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> ScorerModel:
    return ScorerModel.from_json(json.loads(path.read_text(encoding="utf-8")))
