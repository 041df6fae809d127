"""Thumbs up/down from the chat, with an optional reason, appended to a local JSONL file
(ASSISTANT_FEEDBACK_PATH). A reason given after the thumb is a further record for the same
answer (`answer_id`): the file is append-only, the latest record of an answer is its feedback."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REASONS = {"wrong": "Wrong", "off-topic": "Off-topic", "wrong-language": "Wrong language",
           "source-does-not-say": "Source does not say this"}
"""Why an answer was bad: the saved value and the label the chat shows."""


def record_feedback(path: Path, *, question: str, answer: str, citations: list[dict[str, Any]], rating: str,
                    mode: str, reason: str | None = None, answer_id: str | None = None) -> None:
    if rating not in ("up", "down"):
        raise ValueError("rating must be 'up' or 'down'")
    if reason is not None and reason not in REASONS:
        raise ValueError(f"reason must be one of {', '.join(REASONS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "rating": rating, "mode": mode,
              "question": question, "answer": answer,
              "sources": [{k: c.get(k) for k in ("n", "article_id", "source", "title", "quote")} for c in citations]}
    if reason is not None:
        record["reason"] = reason
    if answer_id is not None:
        record["answer_id"] = answer_id
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
