"""Reports: a JSON file (for `--compare` and the app) and a Markdown file, under evals/reports/."""

from __future__ import annotations

import json
import math
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from assistant.core.settings import Settings


def git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5,
                             cwd=Path(__file__).resolve().parent)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def markdown_table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(_fmt(row.get(c, "")) for c in columns) + " |")
    return "\n".join(lines)


def write_report(kind: str, data: dict[str, Any], markdown: str, directory: Path | None = None) -> tuple[Path, Path]:
    """Write both reports into `directory` (default: ASSISTANT_REPORTS_DIR, evals/reports)."""
    directory = directory or Settings().reports_dir
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    json_path = directory / f"{kind}-{stamp}.json"
    md_path = json_path.with_suffix(".md")
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    md_path.write_text(markdown, encoding="utf-8")
    return json_path, md_path


def _flatten(data: Any, prefix: str = "") -> dict[str, float]:
    flat: dict[str, float] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            flat.update(_flatten(value, f"{prefix}{key}."))
    elif isinstance(data, (int, float)) and not isinstance(data, bool):
        flat[prefix.rstrip(".")] = float(data)
    return flat


def compare(current: dict[str, Any], previous: dict[str, Any]) -> list[tuple[str, float, float, float]]:
    """(metric, previous, current, delta) for every numeric metric both reports have."""
    now, before = _flatten(current.get("metrics", {})), _flatten(previous.get("metrics", {}))
    rows = []
    for key in sorted(set(now) & set(before)):
        if math.isnan(now[key]) or math.isnan(before[key]):
            continue
        rows.append((key, before[key], now[key], now[key] - before[key]))
    return rows


def format_comparison(rows: list[tuple[str, float, float, float]]) -> str:
    lines = [f"{'metric':48} {'before':>8} {'now':>8} {'delta':>8}"]
    for key, before, now, delta in rows:
        mark = "" if abs(delta) < 1e-9 else (" +" if delta > 0 else " -")
        lines.append(f"{key:48} {before:8.3f} {now:8.3f} {delta:+8.3f}{mark}")
    return "\n".join(lines)
