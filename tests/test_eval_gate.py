"""Regression gate: a fast subset of the reference Q&A on the bundled corpus (floors in evals/gate.py)."""

from __future__ import annotations

from pathlib import Path

from assistant.chain import build_service
from evals.dataset import load_cases
from evals.gate import FLOORS, GATE_CASES, MAX_FALSE_REFUSALS
from evals.reference import run_reference


def test_reference_subset_stays_above_its_floors(use_bundled: Path) -> None:
    cases = [c for c in load_cases() if c.id in GATE_CASES]
    assert len(cases) == len(GATE_CASES)
    metrics, results = run_reference(build_service(), cases, progress=False)
    overall = metrics["overall"]
    print({k: round(v, 3) if isinstance(v, float) else v for k, v in overall.items()})
    below = {name: round(overall[name], 3) for name, floor in FLOORS.items() if overall[name] < floor}
    failing = [r.case.id for r in results if r.failed]
    assert not below, f"below the floor: {below}; failing cases: {failing}"
    assert overall["false_refusals"] <= MAX_FALSE_REFUSALS
