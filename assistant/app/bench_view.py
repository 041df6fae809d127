"""The latest `make bench` report as a chart and a table (the app's Evaluation page shows them).

App-side (it renders with altair and streamlit; `evals/` writes the report and imports no app
framework). Kept apart from the page script so it only calls `show_bench(folder)`: latency (ask p50/p95,
retrieval, raw query embedding) and resident memory against corpus size, on a log x-axis.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import altair as alt

LATENCY = {"ask_p50_ms": "ask p50", "ask_p95_ms": "ask p95", "retrieval_p50_ms": "retrieval p50",
           "answer_p50_ms": "answer step p50", "raw_embed_p50_ms": "raw e5 query embed p50"}
TABLE = ["passages", "raw_embed_p50_ms", "ask_p50_ms", "ask_p50_x", "ask_p95_ms", "ask_p95_x", "retrieval_p50_ms",
         "filtered_over_unfiltered", "load_s", "cli_cold_s", "rss_after_load_mb", "disk_mb"]


def latest_bench(folder: Path) -> tuple[Path, dict[str, Any]] | None:
    """The newest `bench-*.json` in `folder` and its data, or None when there is none (or it is unreadable)."""
    reports = sorted(folder.glob("bench-*.json"), key=lambda p: p.stat().st_mtime, reverse=True) \
        if folder.exists() else []
    for path in reports:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("kind") == "bench" and isinstance(data.get("sizes"), dict):
            return path, data
    return None


def rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per corpus size, smallest first, with the table's columns."""
    found = [{"passages": int(row.get("passages") or size), **{k: row.get(k) for k in TABLE if k != "passages"}}
             for size, row in data["sizes"].items()]
    return sorted(found, key=lambda r: r["passages"])


def chart(data: dict[str, Any]) -> alt.HConcatChart:
    """Latency (ms) and resident memory (MiB) against passages, log x-axis."""
    size_rows = sorted(data["sizes"].items(), key=lambda item: int(item[0]))
    latency = [{"passages": int(row.get("passages") or size), "measure": label, "ms": row[key]}
               for size, row in size_rows for key, label in LATENCY.items() if row.get(key) is not None]
    memory = [{"passages": int(row.get("passages") or size), "MiB": row["rss_after_load_mb"]}
              for size, row in size_rows if row.get("rss_after_load_mb") is not None]
    x = alt.X("passages:Q", scale=alt.Scale(type="log"), title="passages (log)")
    left = alt.Chart(alt.Data(values=latency)).mark_line(point=True).encode(
        x=x, y=alt.Y("ms:Q", title="ms"), color=alt.Color("measure:N", title=None)).properties(
        title="Latency vs corpus size", width=320)
    right = alt.Chart(alt.Data(values=memory)).mark_line(point=True).encode(
        x=x, y=alt.Y("MiB:Q", title="resident MiB after load")).properties(title="Memory vs corpus size", width=220)
    return alt.hconcat(left, right)


def show_bench(folder: Path) -> bool:
    """Render the latest bench report (subheader, chart, table, targets); False when there is none."""
    import streamlit as st

    found = latest_bench(folder)
    if found is None:
        return False
    path, data = found
    st.subheader("Scale benchmark")
    st.caption(f"{path.name} · `make bench` · times in ms, `_x` = ratio to the raw e5 query embedding")
    st.altair_chart(chart(data))
    st.dataframe(rows(data), hide_index=True)
    targets = data.get("targets") or []
    if targets:
        st.dataframe([{"target": t["target"], "value": t["value"], "limit": t["limit"], "met": t["met"]}
                      for t in targets], hide_index=True)
    return True
