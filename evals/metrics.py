"""Pure metric functions. Each says what it measures and its range; an undefined score is
`nan`, never 0, so it cannot drag an average down silently."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

NAN = float("nan")


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")


def hit_at_k(ranked: Sequence[str], gold: Sequence[str], k: int) -> float:
    """1.0 if any gold id is among the first k ranked ids, else 0.0; nan without gold."""
    _check_k(k)
    if not gold:
        return NAN
    return 1.0 if set(ranked[:k]) & set(gold) else 0.0


def reciprocal_rank(ranked: Sequence[str], gold: Sequence[str], k: int | None = None) -> float:
    """1/rank of the first gold id (0 if absent within k); range 0..1; nan without gold."""
    if not gold:
        return NAN
    limit = ranked if k is None else ranked[:k]
    for position, item in enumerate(limit, start=1):
        if item in gold:
            return 1.0 / position
    return 0.0


def _normalise(text: str) -> str:
    text = text.lower().replace("ё", "е").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


def key_fact_recall(answer: str, facts: Sequence[Sequence[str]]) -> float:
    """Share of key facts present in the answer; a fact is present when any of its variants
    occurs (case-insensitive). Range 0..1; nan when there are no facts."""
    if not facts:
        return NAN
    text = _normalise(answer)
    found = sum(1 for variants in facts if any(_normalise(v) in text for v in variants))
    return found / len(facts)


def citation_precision(cited: Sequence[str], gold: Sequence[str]) -> float:
    """Share of distinct cited articles that are gold. Range 0..1; nan when nothing is cited."""
    distinct = set(cited)
    if not distinct:
        return NAN
    return len(distinct & set(gold)) / len(distinct)


def citation_recall(cited: Sequence[str], gold: Sequence[str]) -> float:
    """Share of gold articles that are cited. Range 0..1; nan without gold."""
    if not gold:
        return NAN
    return len(set(cited) & set(gold)) / len(set(gold))


def refusal_scores(refused: Sequence[bool], expected: Sequence[bool]) -> tuple[float, float]:
    """(precision, recall) of refusals: refused when it should / should-refuse cases refused."""
    if len(refused) != len(expected):
        raise ValueError("refused and expected must have the same length")
    true_positive = sum(1 for r, e in zip(refused, expected, strict=True) if r and e)
    made = sum(refused)
    wanted = sum(expected)
    return (true_positive / made if made else NAN, true_positive / wanted if wanted else NAN)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation; nan for no values."""
    if not values:
        return NAN
    if not 0 <= q <= 100:
        raise ValueError("q must be within 0..100")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def mean(values: Sequence[float]) -> float:
    """Mean of the defined values (nan ignored); nan if none is defined."""
    defined = [v for v in values if not math.isnan(v)]
    return sum(defined) / len(defined) if defined else NAN
