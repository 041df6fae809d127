"""Eval metrics on hand-made samples, the dataset's schema, and report comparison."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from evals import metrics as m
from evals.dataset import DEFAULT, load_cases, select
from evals.report import compare, format_comparison


def test_retrieval_metrics() -> None:
    ranked = ["a", "b", "c", "d"]
    assert m.hit_at_k(ranked, ["c"], 1) == 0.0 and m.hit_at_k(ranked, ["c"], 3) == 1.0
    assert m.reciprocal_rank(ranked, ["c", "d"]) == pytest.approx(1 / 3)
    assert m.reciprocal_rank(ranked, ["d"], k=3) == 0.0
    assert math.isnan(m.hit_at_k(ranked, [], 5)) and math.isnan(m.reciprocal_rank(ranked, []))
    with pytest.raises(ValueError):
        m.hit_at_k(ranked, ["a"], 0)


def test_key_fact_recall_accepts_any_variant_case_insensitively() -> None:
    facts = [["Parmon", "Пармон"], ["Кольцово", "Koltsovo"], ["157.5"]]
    assert m.key_fact_recall("Академиком Валентином ПАРМОНОМ ... 157.5 млн", facts) == pytest.approx(2 / 3)
    assert math.isnan(m.key_fact_recall("anything", []))


def test_citation_precision_and_recall() -> None:
    assert m.citation_precision(["a", "a", "x"], ["a", "b"]) == 0.5
    assert m.citation_recall(["a", "x"], ["a", "b"]) == 0.5
    assert math.isnan(m.citation_precision([], ["a"]))
    assert math.isnan(m.citation_recall(["a"], []))


def test_refusal_scores() -> None:
    precision, recall = m.refusal_scores([True, True, False, False], [True, False, True, False])
    assert (precision, recall) == (0.5, 0.5)
    assert math.isnan(m.refusal_scores([False], [False])[0])
    with pytest.raises(ValueError):
        m.refusal_scores([True], [True, False])


def test_percentile_and_mean() -> None:
    assert m.percentile([10, 20, 30, 40], 50) == 25
    assert m.percentile([5], 95) == 5
    assert math.isnan(m.percentile([], 50))
    assert m.mean([1.0, float("nan"), 3.0]) == 2.0


def test_reference_dataset_meets_its_brief() -> None:
    cases = load_cases(DEFAULT)
    assert len(cases) >= 100
    kinds = {c.kind for c in cases}
    assert {"in-language", "digest", "cross-lingual", "multi-article", "out-of-domain", "near-miss"} <= kinds
    assert sum(c.kind == "cross-lingual" for c in cases) >= 20
    assert sum(c.expect_refusal for c in cases) >= 20 and sum(c.kind == "near-miss" for c in cases) >= 10
    assert sum(c.kind == "multi-article" for c in cases) >= 10
    assert {c.lang for c in cases} == {"en", "ru"}
    assert any(c.kind == "cross-lingual" and c.lang == "en" for c in cases)
    assert any(c.kind == "cross-lingual" and c.lang == "ru" for c in cases)
    assert all(len(c.gold_articles) >= 2 for c in cases if c.kind == "multi-article")
    assert all(c.key_facts for c in cases if not c.expect_refusal)
    for kind in kinds:  # both halves hold every kind, about evenly
        halves = [sum(1 for c in cases if c.kind == kind and c.split == split) for split in ("calibration", "test")]
        assert min(halves) >= 1 and abs(halves[0] - halves[1]) <= 1, (kind, halves)
    assert select(cases, "test") and all(c.split == "test" for c in select(cases, "test"))


def test_dataset_validation_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x", "question": "q", "lang": "de", "kind": "digest", "gold_articles": ["a"],
                               "key_facts": [["f"]], "expect_refusal": False, "split": "test"}) + "\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:1: lang"):
        load_cases(bad)


def test_compare_reports_deltas() -> None:
    rows = compare({"metrics": {"overall": {"fact_recall": 0.8, "x": float("nan")}}},
                   {"metrics": {"overall": {"fact_recall": 0.7, "x": 0.1}}})
    assert rows == [("overall.fact_recall", 0.7, 0.8, pytest.approx(0.1))]
    assert "+0.100" in format_comparison(rows)


def test_flag_scores_of_the_answer_check() -> None:
    from evals.claims import flag_scores

    scores = flag_scores([True, True, False, False], [True, False, True, False])
    assert scores["precision"] == 0.5 and scores["recall"] == 0.5 and scores["f1"] == 0.5
    assert math.isnan(flag_scores([False, False], [True, False])["precision"])
    assert math.isnan(flag_scores([True], [False])["recall"])


def test_labelled_claims_validation_names_the_line(tmp_path: Path) -> None:
    from evals.claims import load_claims

    good = {"id": "c1", "case": "en-01", "lang": "en", "sentence": "Trade grew [1].", "passages": ["Trade grew."],
            "label": "supported"}
    path = tmp_path / "claims.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "label": "maybe"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="claims.jsonl:2: label"):
        load_claims(path)
    path.write_text(json.dumps({**good, "passages": []}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="at least one passage"):
        load_claims(path)


def test_the_labelled_claims_ship_with_both_labels() -> None:
    from evals.claims import load_claims

    claims = load_claims()
    labels = {c.label for c in claims}
    assert len(claims) >= 200 and labels == {"supported", "unsupported"}
    assert len({c.id for c in claims}) == len(claims) and all(c.passages for c in claims)
