"""The Evaluation page in plain words: metric names a reader understands, the question set each
run used (so runs of different sets are not compared as one series), failing questions with
what was expected and the answer given, and a run's settings without local paths."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

METRIC_NAMES = {
    "fact_recall": "Facts found", "citation_precision": "Citations that support",
    "citation_recall": "Right sources cited", "refusal_precision": "Refusals that were right",
    "refusal_recall": "Unanswerable questions refused", "answer_recall": "Answers found",
    "false_refusals": "Wrongly refused", "latency_p50_ms": "Typical time (ms)", "latency_p95_ms": "Slow time (ms)",
    "recall_at_k": "Found in the top results", "mrr": "Rank of the right passage (MRR)",
}


def plain_metric(name: str) -> str:
    """A metric's plain name: known ones from the table, others de-snake-cased ("hit_rate" -> "Hit rate")."""
    return METRIC_NAMES.get(name) or name.replace("_", " ").strip().capitalize()


def plain_columns(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{plain_metric(k): v for k, v in row.items()} for row in rows]


def question_sets(folder: Path) -> dict[str, str]:
    """Report stem -> its question set ("156 questions"), from each reference report's config."""
    sets: dict[str, str] = {}
    for path in folder.glob("reference-*.json") if folder.is_dir() else []:
        try:
            config = json.loads(path.read_text(encoding="utf-8")).get("config", {})
        except (OSError, ValueError, AttributeError):
            continue
        cases = config.get("cases") if isinstance(config, dict) else None
        sets[path.stem] = f"{cases} questions" if cases else "all questions"
    return sets


def config_line(config: dict[str, Any]) -> str:
    """A run's settings on one line, a path shown by its file name only (no local folders)."""
    def shown(value: Any) -> str:
        text = str(value)
        return Path(text).name if "/" in text or "\\" in text else text

    return ", ".join(f"{k.replace('_', ' ')}: {shown(v)}" for k, v in config.items())


def failure_rows(failures: list[dict[str, Any]], cases: list[dict[str, Any]] | None = None
                 ) -> list[dict[str, Any]]:
    """Each failing question with what was expected (its key facts, from the report's cases, and
    the articles to cite) and the answer it got."""
    facts_by_id = {c.get("id"): c.get("key_facts") for c in cases or [] if isinstance(c, dict)}
    rows = []
    for f in failures:
        expected = f.get("expected")
        if isinstance(expected, list):
            expected = "cite: " + ", ".join(str(e) for e in expected)
        facts = facts_by_id.get(f.get("id"))
        if facts:
            expected = f"{expected}; facts: {', '.join(str(x) for x in facts)}"
        rows.append({"question": f.get("question", ""), "kind": f.get("kind", ""), "expected": expected or "",
                     "answer given": "(refused)" if f.get("refused") else str(f.get("answer", ""))[:400],
                     "id": f.get("id", "")})
    return rows
