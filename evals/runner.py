"""The reference evaluation as a function (`python -m evals run` and the app's Evaluation page),
and the guard that keeps two runs from overlapping.

The app runs it inside a Streamlit session; every browser session shares the process, so a
module-level lock is the guard (plus an advisory file lock in the reports folder, for a second
app process). A second run is refused with `EvaluationBusyError`, never queued.
"""

from __future__ import annotations

import fcntl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.core.errors import EvaluationBusyError
from assistant.core.settings import Settings
from assistant.index.embeddings import get_embedder

from .dataset import DEFAULT, Case, load_cases
from .report import git_commit, markdown_table, write_report

_RUNNING = threading.Lock()


@contextmanager
def exclusive_run(folder: Path) -> Iterator[None]:
    """Hold the evaluation lock for the block, or raise `EvaluationBusyError` at once."""
    if not _RUNNING.acquire(blocking=False):
        raise EvaluationBusyError("An evaluation is already running (perhaps from another browser tab).")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / ".evaluation.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise EvaluationBusyError("An evaluation is already running in another process.") from None
            yield
    finally:
        _RUNNING.release()


def is_running() -> bool:
    return _RUNNING.locked()


def run_reference_eval(service: Any, settings: Settings, limit: int = 0,
                       on_case: Callable[[int, int], None] | None = None, dataset: Path = DEFAULT) -> Path:
    """Run the reference evaluation (the first `limit` cases; 0: all) under the lock and write
    its reports; returns the JSON report's path."""
    with exclusive_run(settings.reports_dir):
        cases = load_cases(dataset)[: limit or None]
        data, md = reference_report(service, settings, cases, str(dataset), on_case=on_case, progress=False)
        json_path, _ = write_report("reference", data, md, settings.reports_dir)
    return json_path


def report_config(settings: Settings, mode: str) -> dict[str, Any]:
    return {"embedder": get_embedder(settings).version, "answerer": mode,
            "model": settings.model if mode == "llm" else None,
            "top_k": settings.top_k, "candidates": settings.candidates, "bm25_weight": settings.bm25_weight,
            "refusal_threshold": settings.refusal_threshold, "git_commit": git_commit()}


def scorer_config(service: Any) -> dict[str, Any]:
    """The answerer's whole tuning (features, weights, threshold, margins): copied into each report."""
    extractive = getattr(service, "extractive", None)
    if extractive is None:
        return {}
    return {**extractive.model.to_json(), "threshold_in_use": extractive.threshold}


def _raw_query_ms(service: Any, questions: list[str]) -> float | None:
    """p50 of e5 embedding one question, uncached: the unit the ask latency is compared with."""
    model = getattr(service.embedder, "_model", None)
    if model is None or not questions:
        return None
    from .metrics import percentile

    times = []
    for question in questions:
        started = time.perf_counter()
        model.query(question + " ")  # a new string: no cache anywhere
        times.append((time.perf_counter() - started) * 1000)
    return percentile(times, 50)


def reference_report(service: Any, settings: Settings, cases: list[Case], dataset: str,
                     on_case: Callable[[int, int], None] | None = None, progress: bool = True
                     ) -> tuple[dict[str, Any], str]:
    """The reference evaluation of `service` over `cases`: the JSON report and its Markdown
    (shared by `python -m evals run` and the app's Evaluation page)."""
    from .reference import calibrate, case_rows, failures, margin_to, run_reference, score_splits

    raw_ms = _raw_query_ms(service, [c.question for c in cases])
    metrics, results = run_reference(service, cases, progress=progress, on_case=on_case)
    metrics["splits"] = score_splits(results)
    calibration_rows = [r for r in results if r.case.split == "calibration"] or results
    threshold = service.extractive.threshold
    metrics["calibration"] = {**calibrate(calibration_rows), "configured_threshold": threshold,
                              "closest_case_to_configured": round(margin_to(threshold, results), 3)}
    overall = metrics["overall"]
    if raw_ms:
        overall["raw_query_embed_p50_ms"] = raw_ms
        overall["ask_p50_over_embed"] = overall["latency_p50_ms"] / raw_ms
    config = {**report_config(settings, service.mode), "dataset": dataset, "cases": len(cases)}
    failed = failures(results)
    data = {"kind": "reference", "config": config, "scorer": scorer_config(service), "metrics": metrics,
            "failures": failed, "cases": case_rows(results)}
    split_rows = [{"split": name, **{k: v for k, v in m["overall"].items() if not k.startswith("latency")}}
                  for name, m in metrics["splits"].items()]
    md = ["# Reference Q&A evaluation", "", "Config: " + ", ".join(f"{k}={v}" for k, v in config.items()), "",
          markdown_table([overall], list(overall)), "", "## By split", "",
          markdown_table(split_rows, list(split_rows[0]) if split_rows else []), "", "## Calibration", "",
          markdown_table([metrics["calibration"]], list(metrics["calibration"])), "", "## By kind", "",
          markdown_table([{"kind": k, **v} for k, v in metrics["by_kind"].items()],
                         ["kind", "cases", "fact_recall", "citation_recall", "hit@5", "refused", "language_match"]),
          "", "## By question language and kind", "",
          markdown_table([{"language, kind": k, **v} for k, v in metrics["by_lang"].items()],
                         ["language, kind", "cases", "fact_recall", "citation_precision", "refused"]),
          "", f"## Failing cases ({len(failed)})", ""]
    for row in failed:
        md += [f"### {row['id']} ({row['kind']}): {row['question']}",
               f"- expected: {row['expected']}; refused: {row['refused']}; cited: {row['cited']}; "
               f"retrieved top-5: {row['retrieved']}",
               "- answer: " + row["answer"].replace("\n", " "), ""]
    return data, "\n".join(md) + "\n"


