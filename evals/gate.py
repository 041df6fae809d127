"""The regression gate that runs inside `make test`: the whole reference set (both halves, about
15 s) on the bundled corpus, extractive mode, with floors a stated tolerance below the values
measured when they were set. A drop below a floor fails CI; raise a floor when a change
measurably improves it, and never set one within the tolerance of its measured value: the 4-bit
embedder's floats differ slightly between CPUs, and a floor that sits on the measurement flips."""

from __future__ import annotations

TOLERANCE = 0.04
"""About five answerable cases of fact recall, or one unanswerable case of refusal recall."""

MEASURED = {
    # `python -m evals run` on the bundled corpus, 156 cases, with the scorer refitted on 2026-12-02
    # after names were matched across scripts (AMD EPYC, AVX-512). First fit: fact recall .899,
    # citation precision .987, citation recall .970; hand-set weights before it: .892, .984, .976,
    # refusal recall .931
    "hit@5": 1.0,
    "fact_recall": 0.907,
    "citation_precision": 0.991,
    "citation_recall": 0.967,
    "refusal_precision": 1.0,
    "refusal_recall": 1.0,
    "language_match": 1.0,
}
FLOORS = {name: round(value - TOLERANCE, 3) for name, value in MEASURED.items()}
MAX_FALSE_REFUSALS = 2
"""Measured: none of 127 answerable questions."""

DECISION_MARGIN = 0.03
"""No question a test asserts an answer or a refusal for may have evidence this close to the
refusal threshold (see tests/test_eval_gate.py)."""

# XQuAD (tests/test_xquad_gate.py): the fixed slice of `evals.xquad.subset` (40 parallel
# paragraphs in runs of 5, 100 questions per language), hybrid retriever, R@1 and R@5 per
# direction. MEASURED is what this branch's retriever scored on it; each floor sits XQUAD_TOLERANCE
# below (at least 0.03: the 4-bit embedder's floats differ slightly across CPUs; 0.05 is five of
# the 100 questions). The "only" directions drop the paragraph's same-language copy from the pool.
XQUAD_TOLERANCE = 0.05
XQUAD_MEASURED = {
    "en->EN": {"R@1": 0.98, "R@5": 1.00},
    "ru->RU": {"R@1": 0.98, "R@5": 1.00},
    "en->RU": {"R@1": 0.88, "R@5": 1.00},
    "ru->EN": {"R@1": 0.95, "R@5": 0.99},
    "en->MIXED": {"R@1": 0.96, "R@5": 1.00},
    "ru->MIXED": {"R@1": 0.99, "R@5": 1.00},
    "en->MIXED(RU only)": {"R@1": 0.83, "R@5": 1.00},
    "ru->MIXED(EN only)": {"R@1": 0.84, "R@5": 0.99},
}
XQUAD_FLOORS = {direction: {metric: round(value - XQUAD_TOLERANCE, 2) for metric, value in row.items()}
                for direction, row in XQUAD_MEASURED.items()}
