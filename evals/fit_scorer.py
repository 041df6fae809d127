"""`python -m evals fit-scorer`: fit the offline answerer's scorer (`assistant/answer/scorer.py`) and
choose its refusal threshold, on the calibration halves of the three sets, split by article.

For every calibration question the answerer's own steps run (retrieve, ground, candidates) and
each candidate sentence becomes a row of named features; its label is 1 when the sentence is in a
gold article and holds one of the question's key facts (XQuAD: the gold answer span). A logistic
regression (scikit-learn; the `fit` extra) is fitted on the standardised rows, each set weighted
alike whatever its size, so neither XQuAD's many questions nor the seed set's few articles decide
alone. The refusal threshold is then chosen on the questions' evidence, the probability of the
sentence the answer would stand on: among thresholds within one weighted error of the cheapest
(a false refusal costs twice a false answer), the one in the widest gap, and its half-width is the
margin stated in the file. Only sound if reported on what it was not fitted on: `python -m evals
run --split test` and `python -m evals corpora --split test` report the test halves.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from assistant.answer.chain import AnswerService, build_service
from assistant.answer.extractive import Candidate, lead_rule
from assistant.answer.scorer import (
    ANSWER_FEATURES,
    FEATURES,
    MODEL_FILE,
    ScorerModel,
    answer_context,
    answer_features,
    load_model,
)
from assistant.core.settings import Settings
from assistant.language.question import analyze

from .dataset import Case, load_cases, select
from .metrics import _normalise
from .reference import choose_threshold

COST_SLACK = 0.05
"""Thresholds costing up to this share more than the cheapest compete on the width of their gap:
on hundreds of questions the cheapest threshold sits between two of them a hair apart, and a
decision that close flips between CPUs (the 4-bit embedder's floats differ by about 1e-3)."""
REGULARISATION = 1.0
"""scikit-learn's C (inverse L2 strength) of the answerability model, on standardised features."""
LIST_MARGIN = 2.0
"""Rank-score margin of a list answer's further articles: chosen on the calibration halves among
1, 2, 4 and 7.2 (7.2 is the earlier hand-set 0.15 in rank units): best fact recall on the news
set at citation precision .94 (7.2: .73), and .982 on the seed set."""
RANK_L2 = 0.01
"""L2 penalty of the rank weights (standardised features)."""


@dataclass
class QuestionRows:
    set_name: str
    case: Case
    features: np.ndarray
    labels: np.ndarray
    eligible: np.ndarray
    """Rows a "how much / how many" answer may stand on (a figure linked to the question), or an
    "in what year" one (a year)."""
    figure: bool
    """The answer must stand on an eligible row (a figure or a year is asked)."""


def _label(candidate: Candidate, case: Case) -> int:
    if candidate.hit.article.id not in case.gold_articles:
        return 0
    text = _normalise(candidate.text)
    return int(any(_normalise(v) in text for variants in case.key_facts for v in variants))


def collect(name: str, service: AnswerService, cases: list[Case], progress: bool = True) -> list[QuestionRows]:
    answerer = service.extractive
    rows = []
    for case in tqdm(cases, desc=f"features {name}", disable=not progress, unit="q"):
        asked = analyze(case.question)
        depth = service.settings.top_k * (2 if asked.is_list else 1)
        hits = service.searcher.search(case.question, depth)
        grounding = answerer.ground(asked, hits)
        found = answerer.candidates(asked, hits, set(grounding.allowed)) if grounding.allowed else []
        matrix = np.array([[c.features()[f] for f in FEATURES] for c in found], dtype=np.float64)
        matrix = matrix.reshape(-1, len(FEATURES))
        rule = lead_rule(asked)
        rows.append(QuestionRows(name, case, matrix, np.array([_label(c, case) for c in found], dtype=np.int8),
                                 np.array([rule is None or rule(c) for c in found], dtype=bool), rule is not None))
    return rows


def _lead(rows: QuestionRows, ranks: np.ndarray) -> int | None:
    """The row the answer stands on, as `ExtractiveAnswerer._lead` picks it."""
    if not rows.figure:
        return int(np.argmax(ranks))
    eligible = [i for i in np.argsort(-ranks, kind="stable") if rows.eligible[i]]
    return int(eligible[0]) if eligible else None


def _answer_row(rows: QuestionRows, ranks: np.ndarray) -> dict[str, float] | None:
    lead = _lead(rows, ranks)
    if lead is None:
        return None
    order = np.argsort(-ranks, kind="stable")
    ranked = [(float(ranks[i]), dict(zip(FEATURES, rows.features[i], strict=True))) for i in order]
    return answer_features(dict(zip(FEATURES, rows.features[lead], strict=True)), answer_context(ranked))


def fit_rank(rows: list[QuestionRows], mean: np.ndarray, scale: np.ndarray, weight_of: dict[str, float]
             ) -> np.ndarray:
    """Conditional-logit weights: per question, a softmax over its candidates; maximise the
    probability mass on the sentences that hold the answer (each set weighted alike)."""
    from scipy.optimize import minimize

    usable = [r for r in rows if len(r.labels) and r.labels.any()]
    standardised = [((r.features - mean) / scale, r.labels > 0, weight_of[r.set_name]) for r in usable]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = RANK_L2 * float(w @ w), 2 * RANK_L2 * w
        for z, positive, weight in standardised:
            s = z @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            mass = p[positive].sum()
            total -= weight * math.log(mass + 1e-12)
            q = np.where(positive, p / (mass + 1e-12), 0.0)
            grad -= weight * ((q - p) @ z)
        return total, grad

    return np.asarray(minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B").x)


def fit(rows: list[QuestionRows]) -> tuple[ScorerModel, dict[str, Any]]:
    from sklearn.linear_model import LogisticRegression

    per_set: dict[str, int] = {}
    for r in rows:
        per_set[r.set_name] = per_set.get(r.set_name, 0) + 1
    weight_of = {name: 1.0 / n for name, n in per_set.items()}
    x = np.vstack([r.features for r in rows if len(r.labels)])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    rank_coef = fit_rank(rows, mean, scale, weight_of)

    answer_rows, answerable, weights = [], [], []
    for r in rows:
        values = _answer_row(r, ((r.features - mean) / scale) @ rank_coef) if len(r.labels) else None
        if values is not None:
            answer_rows.append([values[name] for name in ANSWER_FEATURES])
            answerable.append(int(not r.case.expect_refusal))
            weights.append(weight_of[r.set_name])
    a = np.array(answer_rows)
    a_mean, a_scale = a.mean(axis=0), a.std(axis=0)
    a_scale[a_scale == 0] = 1.0
    w = np.array(weights)
    answer_model = LogisticRegression(C=REGULARISATION, max_iter=3000)
    answer_model.fit((a - a_mean) / a_scale, np.array(answerable), sample_weight=w / w.mean())
    probabilities = answer_model.predict_proba((a - a_mean) / a_scale)[:, 1]
    choice = choose_threshold([(float(p), bool(y), float(wt))
                               for p, y, wt in zip(probabilities, answerable, weights, strict=True)], COST_SLACK)
    # the margins of the earlier hand-set score (0.15 of a unit of cosine), in rank-score units
    per_cosine = abs(rank_coef[FEATURES.index("cosine")] / scale[FEATURES.index("cosine")])
    info = {"sets": per_set, "sentences": int(len(x)), "positives": int(sum(int(r.labels.sum()) for r in rows)),
            "answer_C": REGULARISATION, "rank_l2": RANK_L2, "date": datetime.date.today().isoformat(),
            "calibration": choice}
    model = ScorerModel(tuple(FEATURES), _floats(mean), _floats(scale), _floats(rank_coef), _floats(a_mean),
                        _floats(a_scale), _floats(answer_model.coef_[0]), float(answer_model.intercept_[0]),
                        round(choice["threshold"], 4), round(choice["margin"], 4),
                        LIST_MARGIN, round(0.15 * per_cosine, 3), info)
    return model, info


def _floats(values: np.ndarray) -> tuple[float, ...]:
    return tuple(round(float(v), 6) for v in values)


def neutral_model() -> ScorerModel:
    """A scorer with this version's features and no weights: the fitter reads the features of
    every candidate, never their ranks, and the shipped file may be of an earlier feature set."""
    zeros, ones = tuple(0.0 for _ in FEATURES), tuple(1.0 for _ in FEATURES)
    answer_zeros, answer_ones = tuple(0.0 for _ in ANSWER_FEATURES), tuple(1.0 for _ in ANSWER_FEATURES)
    return ScorerModel(FEATURES, zeros, ones, zeros, answer_zeros, answer_ones, answer_zeros, 0.0, 0.5, 0.0,
                       LIST_MARGIN, 0.0)


@contextmanager
def features_only() -> Iterator[None]:
    """Answerers built inside rank with `neutral_model` instead of the shipped file."""
    import assistant.answer.extractive as extractive

    original = extractive.load_model
    extractive.load_model = lambda *args: neutral_model()  # type: ignore[assignment]
    try:
        yield
    finally:
        extractive.load_model = original


def collect_all(split: str, sample: int, progress: bool = True) -> list[QuestionRows]:
    with features_only():
        return _collect_all(split, sample, progress)


def _collect_all(split: str, sample: int, progress: bool = True) -> list[QuestionRows]:
    from .corpora import news_set, service_for, xquad_set

    base = Settings()
    rows = collect("reference", build_service(base), select(load_cases(), split), progress)
    for corpus in (xquad_set(base, sample=sample, progress=progress), news_set(base)):
        rows += collect(corpus.name, service_for(corpus), select(corpus.cases, split), progress)
    return rows


def main(sample: int = 2, output: Path = MODEL_FILE) -> dict[str, Any]:
    rows = collect_all("calibration", sample)
    model, info = fit(rows)
    output.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    load_model.cache_clear()
    print(json.dumps({"written": str(output), **info,
                      "rank_weights": dict(zip(model.features, model.rank_coef, strict=True)),
                      "answer_weights": dict(zip(ANSWER_FEATURES, model.answer_coef, strict=True)),
                      "threshold": model.threshold, "margin": model.margin},
                     indent=1, default=lambda v: round(v, 4) if isinstance(v, float) and not math.isnan(v) else v))
    return info
