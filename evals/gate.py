"""The regression gate that runs inside `make test`: a small, fast subset of the reference cases
with floors set from measured numbers (see the closing note of the evaluation issue). A drop
below a floor fails CI; raise a floor when a change measurably improves it."""

from __future__ import annotations

GATE_CASES = (
    "en-03", "en-05", "en-07", "en-10", "en-15", "en-19",       # in-language and digest
    "ru-01", "ru-03", "ru-06",                                  # Russian
    "xen-01", "xru-02", "xru-03",                               # cross-lingual
    "multi-03",                                                 # two articles
    "none-01", "none-04", "none-05",                            # must refuse
)

# Measured on the subset with the bundled corpus (extractive mode): hit@5 1.0, fact recall 0.885,
# citation recall 0.962, refusal recall 1.0, no false refusal. Floors leave one case of slack.
FLOORS = {
    "hit@5": 0.92,
    "fact_recall": 0.80,
    "citation_recall": 0.90,
    "refusal_recall": 0.66,
    "language_match": 0.80,
}
MAX_FALSE_REFUSALS = 1

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
