"""Thumbs up/down from the chat, appended to a local JSONL file (ASSISTANT_FEEDBACK_PATH)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


def record_feedback(path: Path, *, question: str, answer: str, citations: list[dict[str, Any]], rating: str,
                    mode: str) -> None:
    if rating not in ("up", "down"):
        raise ValueError("rating must be 'up' or 'down'")
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "rating": rating, "mode": mode,
              "question": question, "answer": answer,
              "sources": [{k: c.get(k) for k in ("n", "article_id", "source", "title", "quote")} for c in citations]}
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
