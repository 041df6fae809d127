"""The headline metrics of every reference report in the reports folder, oldest first: what the
app's Evaluation page charts so that a regression from one run to the next is visible at a glance."""

from __future__ import annotations

import json
import math
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HEADLINE_METRICS = ("fact_recall", "citation_precision", "citation_recall", "refusal_precision", "refusal_recall")
_STAMP = re.compile(r"-(\d{8}-\d{6})$")


def report_time(path: Path) -> str:
    """When a report was written: the UTC stamp in its name (`reference-20260101-120000.json`),
    else the file's modification time; ISO 8601."""
    found = _STAMP.search(path.stem)
    if found:
        moment = datetime.strptime(found.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=timezone.utc)
    else:
        moment = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
    return moment.isoformat()


def headline_history(folder: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """(rows, skipped): one row per report and headline metric (`report`, `time`, `metric`,
    `value`), oldest first; `skipped` names the reference reports that could not be read."""
    rows: list[dict[str, Any]] = []
    skipped: list[str] = []
    paths = sorted(folder.glob("reference-*.json"), key=report_time) if folder.is_dir() else []
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            overall = data["metrics"]["overall"]
        except (OSError, ValueError, KeyError, TypeError):
            skipped.append(path.name)
            continue
        for metric in HEADLINE_METRICS:
            value = overall.get(metric)
            if isinstance(value, (int, float)) and not math.isnan(value):
                rows.append({"report": path.stem, "time": report_time(path), "metric": metric, "value": float(value)})
    return rows, skipped
