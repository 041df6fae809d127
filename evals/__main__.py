"""`python -m evals run` (reference Q&A) and `python -m evals xquad` (retrieval benchmark)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from assistant.chain import build_service
from assistant.embeddings import get_embedder
from assistant.errors import AssistantError
from assistant.settings import Settings

from .dataset import DEFAULT, load_cases, select
from .report import compare, format_comparison, git_commit, markdown_table, write_report


def _config(settings: Settings, mode: str) -> dict[str, Any]:
    return {"embedder": get_embedder(settings).version, "answerer": mode,
            "model": settings.model if mode == "llm" else None,
            "top_k": settings.top_k, "candidates": settings.candidates, "bm25_weight": settings.bm25_weight,
            "refusal_threshold": settings.refusal_threshold, "git_commit": git_commit()}


def _finish(kind: str, data: dict[str, Any], md: str, previous: str | None) -> None:
    json_path, md_path = write_report(kind, data, md)
    print(md)
    print(f"reports: {json_path} {md_path}", file=sys.stderr)
    if previous:
        before = json.loads(Path(previous).read_text(encoding="utf-8"))
        print(format_comparison(compare(data, before)))


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


def cmd_llm(args: argparse.Namespace) -> int:
    """--mode llm: verdicts, unsupported sentences, language and latency of the configured model."""
    from .llm_mode import run_llm_eval

    settings = Settings()
    if not settings.llm_enabled:
        raise ValueError("--mode llm needs a model: set OPENAI_BASE_URL (and OPENAI_API_KEY, ASSISTANT_MODEL); "
                         "`make llm` serves a local one.")
    service = build_service(settings)
    service.store.current()
    cases = select(load_cases(Path(args.dataset)), args.split)[: args.limit or None]
    metrics, rows = run_llm_eval(service, cases)
    config = {**_config(settings, service.mode), "base_url": settings.openai_base_url,
              "max_tokens": settings.max_tokens, "dataset": str(args.dataset), "cases": len(cases)}
    data = {"kind": "llm", "config": config, "metrics": metrics, "cases": rows}
    table = {k: v for k, v in metrics.items() if k != "verdicts"}
    md = ["# LLM mode evaluation", "", "Config: " + ", ".join(f"{k}={v}" for k, v in config.items()), "",
          markdown_table([table], list(table)), "", "## Verdicts", "",
          markdown_table([{"verdict": k, "answers": v} for k, v in metrics["verdicts"].items()],
                         ["verdict", "answers"]),
          "", "## Answers", ""]
    md += [f"- {r['id']} [{r['verdict']}] {r['question']} -> {r['answer'][:160]!r}" for r in rows]
    _finish("llm", data, "\n".join(md) + "\n", args.compare)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    if args.mode == "llm":
        return cmd_llm(args)
    from .reference import calibrate, case_rows, failures, margin_to, run_reference, score_splits

    settings = Settings()
    service = build_service(settings)
    service.store.current()
    cases = load_cases(Path(args.dataset))
    cases = select(cases, args.split)
    cases = cases[: args.limit or None]
    raw_ms = _raw_query_ms(service, [c.question for c in cases])
    metrics, results = run_reference(service, cases)
    metrics["splits"] = score_splits(results)
    calibration_rows = [r for r in results if r.case.split == "calibration"] or results
    metrics["calibration"] = {**calibrate(calibration_rows), "configured_threshold": settings.refusal_threshold,
                              "closest_case_to_configured": round(margin_to(settings.refusal_threshold, results), 3)}
    overall = metrics["overall"]
    if raw_ms:
        overall["raw_query_embed_p50_ms"] = raw_ms
        overall["ask_p50_over_embed"] = overall["latency_p50_ms"] / raw_ms
    config = {**_config(settings, service.mode), "dataset": str(args.dataset), "cases": len(cases)}
    failed = failures(results)
    data = {"kind": "reference", "config": config, "metrics": metrics, "failures": failed, "cases": case_rows(results)}
    split_rows = [{"split": name, **{k: v for k, v in m["overall"].items() if not k.startswith("latency")}}
                  for name, m in metrics["splits"].items()]
    md = ["# Reference Q&A evaluation", "", "Config: " + ", ".join(f"{k}={v}" for k, v in config.items()), "",
          markdown_table([overall], list(overall)), "", "## By split", "",
          markdown_table(split_rows, list(split_rows[0]) if split_rows else []), "", "## Calibration", "",
          markdown_table([metrics["calibration"]], list(metrics["calibration"])), "", "## By kind", "",
          markdown_table([{"kind": k, **v} for k, v in metrics["by_kind"].items()],
                         ["kind", "cases", "fact_recall", "citation_recall", "hit@5", "refused", "language_match"]),
          "", f"## Failing cases ({len(failed)})", ""]
    for row in failed:
        md += [f"### {row['id']} ({row['kind']}): {row['question']}",
               f"- expected: {row['expected']}; refused: {row['refused']}; cited: {row['cited']}; "
               f"retrieved top-5: {row['retrieved']}",
               "- answer: " + row["answer"].replace("\n", " "), ""]
    _finish("reference", data, "\n".join(md) + "\n", args.compare)
    return 0


def cmd_xquad(args: argparse.Namespace) -> int:
    from .xquad import DEFAULT_DATA, markdown, run_xquad

    settings = Settings()
    embedder = get_embedder(settings)
    result = run_xquad(embedder, Path(args.data) if args.data else DEFAULT_DATA, args.limit,
                       bm25_weight=settings.bm25_weight, candidates=settings.candidates)
    config = {"embedder": embedder.version, "bm25_weight": settings.bm25_weight, "candidates": settings.candidates,
              "limit": args.limit, "git_commit": git_commit()}
    data = {"kind": "xquad", "config": config, **result}
    _finish("xquad", data, markdown(result, config), args.compare)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import SIZES, run

    sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else SIZES
    run(sizes, asks=args.asks)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="reference Q&A over the indexed articles")
    p.add_argument("--dataset", default=str(DEFAULT))
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--split", choices=["calibration", "test"], help="only the cases of one half")
    p.add_argument("--compare", metavar="PREVIOUS.json")
    p.add_argument("--mode", choices=["reference", "llm"], default="reference",
                   help="llm: verdict rates, unsupported sentences, language and latency of the configured model")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("xquad", help="XQuAD en/ru retrieval benchmark")
    p.add_argument("--data", help="folder with xquad.en.json and xquad.ru.json (default ../shared/benchmarks/xquad)")
    p.add_argument("--limit", type=int, default=0, help="questions per language")
    p.add_argument("--compare", metavar="PREVIOUS.json")
    p.set_defaults(func=cmd_xquad)
    p = sub.add_parser("bench", help="scale benchmark: 1k/10k/100k passages, cold start, concurrency (make bench)")
    p.add_argument("--sizes", help="comma-separated passage counts (default 1000,10000,100000)")
    p.add_argument("--asks", type=int, default=40, help="timed questions per size and measurement")
    p.set_defaults(func=cmd_bench)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (AssistantError, FileNotFoundError, ValueError) as err:
        message = err.user_message() if isinstance(err, AssistantError) else str(err)
        print(f"error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
