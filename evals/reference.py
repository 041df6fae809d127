"""Run the answer chain over the reference cases and score it (see evals/metrics.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from typing import Any

from tqdm import tqdm

from assistant.answer.answers import Answer
from assistant.answer.chain import AnswerService
from assistant.core.text import detect_language

from . import metrics as m
from .dataset import Case

BATCH = 8
"""Questions per `chain.batch` call: small enough for a steady progress bar."""


@dataclass
class CaseResult:
    case: Case
    answer: str
    refused: bool
    cited: list[str]
    retrieved: list[str]
    latency_ms: float
    scores: dict[str, float] = field(default_factory=dict)
    evidence: float | None = None
    """The evidence the refusal threshold decided on (None: decided before it); see `calibrate`."""
    answer_type: str | None = None

    @property
    def failed(self) -> bool:
        if self.case.expect_refusal:
            return not self.refused
        return self.refused or self.scores["fact_recall"] < 1.0 or self.scores["citation_recall"] < 1.0


def _ranked_articles(service: AnswerService, question: str, k: int = 20) -> list[str]:
    ranked: list[str] = []
    for hit in service.searcher.search(question, k):
        if hit.article.id not in ranked:
            ranked.append(hit.article.id)
    return ranked


_QUOTE_LINE = re.compile(r"^- .*\[\d+\]\s*$|^\*\*.+\*\* \[\d+\]\s*$")
"""A quoted line, or the direct answer lifted from a quote (the article's own words)."""


def frame_language(answer: str) -> str:
    """The language the answer speaks in: extractive answers quote articles verbatim in their own
    language, so their quoted lines are left out; what remains (heading, refusal) must be in the
    question's language."""
    frame = "\n".join(line for line in answer.splitlines() if not _QUOTE_LINE.match(line))
    return detect_language(frame or answer)


def run_case(service: AnswerService, case: Case, answer: Answer | None = None) -> CaseResult:
    """Score one case on `answer` (asked here when not given). Latency is the answer's own total
    (retrieve + answer step), which a batch leaves per question."""
    answer = service.ask(case.question) if answer is None else answer
    latency = answer.timings_ms["total"]
    cited = [c.article_id for c in answer.citations]
    ranked = _ranked_articles(service, case.question)
    gold = list(case.gold_articles)
    answered_lang = frame_language(answer.answer)
    evidence = answer.evidence
    scores = {
        "hit@1": m.hit_at_k(ranked, gold, 1), "hit@5": m.hit_at_k(ranked, gold, 5),
        "hit@10": m.hit_at_k(ranked, gold, 10), "mrr": m.reciprocal_rank(ranked, gold, 10),
        "fact_recall": 0.0 if (answer.refused and case.key_facts) else m.key_fact_recall(answer.answer, case.key_facts),
        "citation_precision": m.citation_precision(cited, gold) if gold else m.NAN,
        "citation_recall": m.citation_recall(cited, gold),
        "language_match": 1.0 if answered_lang == case.lang else 0.0,
    }
    return CaseResult(case, answer.answer, answer.refused, cited, ranked[:5], latency, scores, evidence,
                      answer.answer_type)


def score(results: list[CaseResult]) -> dict[str, Any]:
    answerable = [r for r in results if not r.case.expect_refusal]

    def avg(name: str, rows: list[CaseResult]) -> float:
        return m.mean([r.scores[name] for r in rows])

    precision, recall = m.refusal_scores([r.refused for r in results], [r.case.expect_refusal for r in results])
    latencies = [r.latency_ms for r in results]
    overall = {
        "cases": len(results), "answerable": len(answerable),
        "hit@1": avg("hit@1", answerable), "hit@5": avg("hit@5", answerable), "hit@10": avg("hit@10", answerable),
        "mrr": avg("mrr", answerable), "fact_recall": avg("fact_recall", answerable),
        "citation_precision": avg("citation_precision", answerable),
        "citation_recall": avg("citation_recall", answerable),
        "refusal_precision": precision, "refusal_recall": recall,
        "false_refusals": sum(1 for r in answerable if r.refused),
        "language_match": avg("language_match", results),
        "latency_p50_ms": m.percentile(latencies, 50), "latency_p95_ms": m.percentile(latencies, 95),
    }
    by_kind: dict[str, dict[str, float]] = {}
    for kind in sorted({r.case.kind for r in results}):
        rows = [r for r in results if r.case.kind == kind]
        by_kind[kind] = {"cases": len(rows), "fact_recall": avg("fact_recall", rows),
                         "citation_recall": avg("citation_recall", rows), "hit@5": avg("hit@5", rows),
                         "refused": sum(r.refused for r in rows) / len(rows),
                         "language_match": avg("language_match", rows)}
    by_lang: dict[str, dict[str, float]] = {}
    for lang, kind in sorted({(r.case.lang, r.case.kind) for r in results}):
        rows = [r for r in results if r.case.lang == lang and r.case.kind == kind]
        by_lang[f"{lang} {kind}"] = {"cases": len(rows), "fact_recall": avg("fact_recall", rows),
                                     "citation_precision": avg("citation_precision", rows),
                                     "refused": sum(r.refused for r in rows) / len(rows)}
    return {"overall": overall, "by_kind": by_kind, "by_lang": by_lang}


def score_splits(results: list[CaseResult]) -> dict[str, Any]:
    """`score` for the whole set and for each split (calibration / test) the cases carry."""
    splits = sorted({r.case.split for r in results})
    return {split: score([r for r in results if r.case.split == split]) for split in splits}


def calibrate(results: list[CaseResult]) -> dict[str, Any]:
    """The refusal threshold where answerable and unanswerable evidence are furthest apart.

    Every midpoint between neighbouring evidence values is a candidate, costed as
    2 x (answerable cases below it: false refusals, the costlier error) + (unanswerable cases at or
    above it). Among those within one unit of the cheapest, the one in the widest gap wins: a
    threshold a hair from a case flips on another CPU (the 4-bit engine's floats differ by about
    1e-3), so one more wrong answer is a fair price for a wide margin. `margin` is the distance to
    the nearest case on either side. Cases refused before the threshold (grounding, no figure)
    have no evidence and are left out."""
    scored = [(r.evidence, not r.case.expect_refusal, 1.0) for r in results if r.evidence is not None]
    choice = choose_threshold(scored)
    return {"threshold": round(choice["threshold"], 3), "margin": round(choice["margin"], 3),
            "false_refusals": choice["false_refusals"], "false_answers": choice["false_answers"],
            "cost": choice["cost"], "cheapest": choice["cheapest"],
            "answerable": sum(1 for _, answerable, _ in scored if answerable),
            "unanswerable_scored": sum(1 for _, answerable, _ in scored if not answerable),
            "refused_before_threshold": sum(1 for r in results if r.case.expect_refusal and r.evidence is None)}


FALSE_REFUSAL_COST = 2.0


def choose_threshold(evidence: list[tuple[float, bool, float]], slack: float = 0.0) -> dict[str, Any]:
    """(evidence, answerable, weight) per question -> the threshold in the widest gap among the
    thresholds costing at most `slack` (a share) plus one question more than the cheapest, its
    margin (half the gap) and its errors. A false refusal costs `FALSE_REFUSAL_COST`, a false
    answer 1, each times its question's weight. Shared by `calibrate` and `fit_scorer`."""
    values = sorted({e for e, _, _ in evidence} | {0.0, 1.0})
    unit = min((w for _, _, w in evidence), default=1.0)
    options = []
    for low, high in pairwise(values):
        t = (low + high) / 2
        cost = sum(w * FALSE_REFUSAL_COST for e, a, w in evidence if a and e < t)
        cost += sum(w for e, a, w in evidence if not a and e >= t)
        options.append((cost, high - low, t))
    cheapest = min(o[0] for o in options)
    cost, gap, threshold = max((o for o in options if o[0] <= cheapest * (1 + slack) + unit),
                               key=lambda o: (o[1], -o[0]))
    return {"threshold": threshold, "margin": gap / 2, "cost": cost, "cheapest": cheapest,
            "false_refusals": sum(1 for e, a, _ in evidence if a and e < threshold),
            "false_answers": sum(1 for e, a, _ in evidence if not a and e >= threshold),
            "questions": len(evidence)}


def margin_to(threshold: float, results: list[CaseResult]) -> float:
    """The smallest distance between a case's evidence and the threshold (how close a decision is
    to flipping)."""
    distances = [abs(r.evidence - threshold) for r in results if r.evidence is not None]
    return min(distances) if distances else float("nan")


def run_reference(service: AnswerService, cases: list[Case], progress: bool = True,
                  on_case: Callable[[int, int], None] | None = None) -> tuple[dict[str, Any], list[CaseResult]]:
    """Score every case, asked through the chain's `batch` a few at a time; `on_case(done,
    total)` is called after each (the app's progress bar)."""
    results = []
    with tqdm(total=len(cases), desc="reference", disable=not progress, unit="q") as bar:
        for start in range(0, len(cases), BATCH):
            group = cases[start:start + BATCH]
            for case, answer in zip(group, service.batch([c.question for c in group]), strict=True):
                results.append(run_case(service, case, answer))
                bar.update()
                if on_case is not None:
                    on_case(len(results), len(cases))
    return score(results), results


def failures(results: list[CaseResult]) -> list[dict[str, Any]]:
    rows = []
    for r in results:
        if r.failed:
            rows.append({"id": r.case.id, "kind": r.case.kind, "question": r.case.question,
                         "expected": "refusal" if r.case.expect_refusal else list(r.case.gold_articles),
                         "refused": r.refused, "cited": r.cited, "retrieved": r.retrieved,
                         "answer": r.answer, "scores": r.scores})
    return rows


def case_rows(results: list[CaseResult]) -> list[dict[str, Any]]:
    return [{**asdict(r.case), "answer": r.answer, "refused": r.refused, "cited": r.cited,
             "retrieved": r.retrieved, "latency_ms": r.latency_ms, "scores": r.scores, "evidence": r.evidence,
             "answer_type": r.answer_type} for r in results]
