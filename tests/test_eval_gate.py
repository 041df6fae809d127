"""Regression gate: the reference Q&A on the bundled corpus (floors in evals/gate.py), and the
check that no asserted answer or refusal rests on a score a hair from the refusal threshold."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.chain import build_service
from evals.dataset import load_cases
from evals.gate import DECISION_MARGIN, FLOORS, MAX_FALSE_REFUSALS
from evals.reference import calibrate, run_reference, score_splits

from .test_cli import SIBERIA
from .test_llm import ESTONIA_Q

ASSERTED = [
    # questions whose answer or refusal a test asserts on the bundled corpus
    SIBERIA, ESTONIA_Q, "What is the capital of France?", "Какой прогноз погоды на 10 января?",
    "When were diplomatic relations between Kazakhstan and Kenya established?",
    "How much funding did Kazakhstan receive from the UNESCO Intangible Cultural Heritage Fund?",
    "What did Kazakhstan and Estonia discuss?",
    "What did Kazakhstan and Estonia discuss? And what was their trade in 2023?",
    "Who co-chaired the first Kazakhstan–US Joint Committee meeting on Science and Technology Cooperation "
    "on the Kazakh side?", "Who initiated the Critical Minerals Dialogue with Central Asia?",
    "What was Kazakhstan's trade with Estonia and with Portugal in 2023?",
    "What memorandum did Kazakhstan and Kenya sign in Nairobi?",
    "What did the U.S. side praise Kazakhstan for in the nuclear field?",
]


def test_reference_set_stays_above_its_floors(use_bundled: Path) -> None:
    cases = load_cases()
    metrics, results = run_reference(build_service(), cases, progress=False)
    overall = metrics["overall"]
    print({k: round(v, 3) if isinstance(v, float) else v for k, v in overall.items()})
    print({split: round(m["overall"]["fact_recall"], 3) for split, m in score_splits(results).items()})
    print("calibration:", calibrate([r for r in results if r.case.split == "calibration"]))
    below = {name: round(overall[name], 3) for name, floor in FLOORS.items() if overall[name] < floor}
    failing = [r.case.id for r in results if r.failed]
    assert not below, f"below the floor: {below}; failing cases: {failing}"
    assert overall["false_refusals"] <= MAX_FALSE_REFUSALS


def test_no_asserted_decision_sits_near_the_threshold(use_bundled: Path) -> None:
    service = build_service()
    threshold = service.extractive.threshold
    close = {}
    for question in ASSERTED:
        evidence = service.ask(question).evidence
        if evidence is not None and abs(evidence - threshold) < DECISION_MARGIN:
            close[question] = round(evidence, 4)
    assert not close, f"within {DECISION_MARGIN} of the threshold {threshold}: {close}"


def test_calibration_picks_the_widest_gap() -> None:
    from evals.dataset import Case
    from evals.reference import CaseResult

    def result(expect_refusal: bool, evidence: float) -> CaseResult:
        case = Case("x", "q", "en", "near-miss" if expect_refusal else "in-language", () if expect_refusal else ("a",),
                    () if expect_refusal else (("f",),), expect_refusal, "calibration")
        return CaseResult(case, "", expect_refusal, [], [], 1.0, evidence=evidence)

    rows = [result(True, 0.10), result(True, 0.15), result(False, 0.40), result(True, 0.46), result(True, 0.47),
            result(False, 0.49), result(False, 0.9)]
    found = calibrate(rows)
    # 0.48 (one false refusal) and 0.275 (two false answers) cost the same; the wider gap wins, and
    # the wide gap above 0.49 is not taken: it would refuse two answerable questions
    assert found["threshold"] == pytest.approx(0.275) and found["margin"] == pytest.approx(0.125)
    assert (found["false_refusals"], found["false_answers"], found["cost"], found["cheapest"]) == (0, 2, 2, 2)
