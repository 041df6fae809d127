"""`python -m evals run` (reference Q&A) and `python -m evals xquad` (retrieval benchmark)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.answer.chain import build_service
from assistant.core.errors import AssistantError
from assistant.core.settings import Settings
from assistant.index.embeddings import get_embedder

from .dataset import DEFAULT, load_cases, select
from .report import compare, format_comparison, git_commit, markdown_table, write_report
from .runner import reference_report, report_config


def _finish(kind: str, data: dict[str, Any], md: str, previous: str | None) -> None:
    json_path, md_path = write_report(kind, data, md)
    print(md)
    print(f"reports: {json_path} {md_path}", file=sys.stderr)
    if previous:
        before = json.loads(Path(previous).read_text(encoding="utf-8"))
        print(format_comparison(compare(data, before)))


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
    config = {**report_config(settings, service.mode), "base_url": settings.openai_base_url,
              "max_tokens": settings.max_tokens, "dataset": str(args.dataset), "cases": len(cases)}
    data = {"kind": "llm", "config": config, "metrics": metrics, "cases": rows}
    table = {k: v for k, v in metrics.items() if k != "verdicts"}
    quality = ["fact_recall", "citation_precision", "citation_recall", "refusal_precision", "refusal_recall",
               "grounded_rate", "grounded_fact_recall", "grounded_citation_precision"]
    behaviour = [k for k in table if k not in quality]
    md = ["# LLM mode evaluation", "", "Config: " + ", ".join(f"{k}={v}" for k, v in config.items()), "",
          "What the user is shown (grounded answer, the model's refusal or the extractive fallback):", "",
          markdown_table([table], quality), "", markdown_table([table], behaviour), "", "## Verdicts", "",
          markdown_table([{"verdict": k, "answers": v} for k, v in metrics["verdicts"].items()],
                         ["verdict", "answers"]),
          "", "## Answers", ""]
    md += [f"- {r['id']} [{r['verdict']}] {r['question']} -> {r['answer'][:160]!r}" for r in rows]
    _finish("llm", data, "\n".join(md) + "\n", args.compare)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    if args.mode == "llm":
        return cmd_llm(args)
    settings = Settings()
    service = build_service(settings)
    service.store.current()
    cases = select(load_cases(Path(args.dataset)), args.split)[: args.limit or None]
    data, md = reference_report(service, settings, cases, str(args.dataset))
    _finish("reference", data, md, args.compare)
    return 0


def cmd_corpora(args: argparse.Namespace) -> int:
    """The reference evaluation over whole corpora nobody tuned on: XQuAD as a corpus, the news set."""
    from .corpora import news_set, service_for, xquad_set

    settings = Settings()
    names = args.sets.split(",")
    for name in names:
        if name == "summaries":
            from .summaries import run_summaries

            result = run_summaries(args.split)
            lines = ["# Country summaries on the news set", "",
                  markdown_table([{"split": k, **v} for k, v in result["summary"].items()],
                                 ["split", "partners", "precision", "recall", "key_facts"]), "",
                  markdown_table(result["rows"], ["partner", "split", "precision", "recall", "key_facts"])]
            _finish("summaries", {"kind": "summaries", **result}, "\n".join(lines) + "\n", None)
            continue
        if name == "xquad":
            corpus = xquad_set(settings, sample=args.sample)
        elif name == "news":
            corpus = news_set(settings)
        elif name == "news-cold":
            corpus = news_set(settings, "questions_cold.jsonl", "news-cold")
        else:
            raise ValueError(f"unknown set {name!r}: xquad, news, news-cold or summaries")
        cases = select(corpus.cases, args.split)[: args.limit or None]
        data, md = reference_report(service_for(corpus), corpus.settings, cases, corpus.name)
        _finish(corpus.name, data, md.replace("# Reference Q&A evaluation", f"# {corpus.name} evaluation", 1), None)
    return 0


def cmd_capable(args: argparse.Namespace) -> int:
    """The answer check on a capable model's labelled answers (faithful ones and planted errors)."""
    from .capable import WRITTEN, run_capable, run_cold, run_written
    from .claim_probes import run_probes
    from .translations import run_translations

    settings = Settings()
    service = build_service(settings)
    service.store.current()
    result, rows = run_capable(service)
    config = {"embedder": service.embedder.version, "answers": len(rows), "git_commit": git_commit()}
    cold, cold_rows = run_cold(service)
    written = {name: run_written(service, path) for name, path in WRITTEN.items()}
    translations, _ = run_translations()
    probes = run_probes(service.embedder)
    data = {"kind": "capable", "config": config, **result, "rows": rows, "cold_faithful": cold, "probes": probes,
            "cold_rows": cold_rows, **{name: scored for name, (scored, _) in written.items()},
            **{f"{name}_rows": rows_of for name, (_, rows_of) in written.items()}, "translations": translations}
    md = ["# The answer check on a capable model's answers", "",
          "Config: " + ", ".join(f"{k}={v}" for k, v in config.items()), "",
          "Faithful answers shown as grounded with all their claims; planted errors kept out of the shown text.", ""]
    for part in ("calibration", "test", "all"):
        if part not in result:
            continue
        block = result[part]
        rates = [{"measure": k, **block[k]} for k in ("faithful_shown", "errors_kept_out")]
        md += [f"## {part}", "", markdown_table(rates, ["measure", "cases", "ok", "rate"]), "",
               markdown_table([{"kind": k, **v} for k, v in block["by_kind"].items()], ["kind", "cases", "ok", "rate"]),
               "", markdown_table([{"direction": d, "faithful shown": f"{v['faithful_shown']['ok']}/"
                                    f"{v['faithful_shown']['cases']}", "errors kept out":
                                    f"{v['errors_kept_out']['ok']}/{v['errors_kept_out']['cases']}"}
                                   for d, v in block["by_direction"].items()],
                                  ["direction", "faithful shown", "errors kept out"]), ""]
    md += ["## Wrong decisions", ""] + [f"- {r['id']} ({r['kind']}, {r['direction']}) [{r['verdict']}]"
                                        for r in rows if not r["ok"]]
    md += ["", "## Faithful answers written cold (shown whole, or refused where the writer refused)", "",
           markdown_table([{"split": k, **v} for k, v in cold.items() if k != "by_kind"],
                          ["split", "cases", "ok", "rate"]), ""]
    md += [f"- {r['id']} [{r['verdict']}] struck: {'; '.join(r['unsupported']) or '-'}" for r in cold_rows
           if not r["ok"]]
    for name, (scored, written_rows) in written.items():
        md += ["", f"## `{WRITTEN[name].name}`: written cold (faithful shown whole; a planted error not shown whole)",
               "", markdown_table([{"kind": k, **v} for k, v in scored["by_kind"].items()],
                                  ["kind", "cases", "ok", "rate"]), ""]
        md += [f"- {r['id']} ({r['kind']}) [{r['verdict']}] struck: {'; '.join(r['unsupported']) or '-'}"
               for r in written_rows if not r["ok"]]
    md += ["", "## XQuAD's human translations, each sentence against the paragraph it translates (faithful: a "
           "strike is too eager, or the translator's own error)", "",
           f"{translations['struck']} of {translations['sentences']} sentences struck ({translations['rate']:.1%}); "
           "by anchor: " + ", ".join(f"{k} {v}" for k, v in translations["by_anchor"].items() if v), ""]
    md += ["## Claim probes: one claim against one passage (`evals/claim_probes.py`)", "",
           markdown_table([{"set": name, "faithful struck": f"{p['faithful_struck']}/{p['faithful']}",
                            "errors supported": f"{p['errors_supported']}/{p['errors']}"}
                           for name, p in probes.items()],
                          ["set", "faithful struck", "errors supported"]), ""]
    md += [f"- {w['id']} ({w['kind']}): {w['claim']}" for p in probes.values() for w in p["wrong"]]
    _finish("capable", data, "\n".join(md) + "\n", None)
    return 0


def cmd_build_lexicon(args: argparse.Namespace) -> int:
    from .lexicon import main as lexicon_main

    lexicon_main()
    return 0


def cmd_fit_scorer(args: argparse.Namespace) -> int:
    from .fit_scorer import main as fit_main

    fit_main(sample=args.sample)
    return 0


def best_of_each(sweep: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sweep row with the highest F1 for each (invented, anchors, unit) rule."""
    best: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in sweep:
        key = (row["invented"], row["anchors"], row["unit"])
        f1 = row["f1"] if row["f1"] == row["f1"] else -1.0
        if key not in best or f1 > best[key]["f1"]:
            best[key] = {**row, "f1": f1}
    return list(best.values())


def cmd_claims(args: argparse.Namespace) -> int:
    """Precision/recall of the unsupported-sentence check on the hand-labelled claims."""
    from .claims import load_claims, score_claims

    settings = Settings()
    embedder = get_embedder(settings)
    claims = load_claims(Path(args.dataset))
    result, rows = score_claims(claims, embedder)
    config = {"embedder": embedder.version, "dataset": str(args.dataset), "claims": len(claims),
              "git_commit": git_commit()}
    data = {"kind": "claims", "config": config, **result, "rows": rows}
    columns = ["invented", "anchors", "unit", "lexical_support", "semantic_support", "precision", "recall", "f1",
               "flagged", "unsupported", "claims"]
    md = ["# Unsupported-sentence check on hand-labelled claims", "",
          "Config: " + ", ".join(f"{k}={v}" for k, v in config.items()), "",
          "## The verdict as it judges these sentences (an unmarked claim is flagged whatever its support)", "",
          markdown_table([result["verdict"]], columns[5:]), "",
          "## The support test alone, at the configured thresholds (as if each sentence cited its passages)", "",
          markdown_table([result["configured"]], columns), "",
          markdown_table(result["rules"], ["rule", *columns[5:]]), "",
          f"Nearest claim to the thresholds: lexical {result['margin']['lexical']:.3f}, "
          f"semantic {result['margin']['semantic']:.3f}", "",
          "## Best thresholds of each rule (F1; the whole sweep is in the JSON report)", "",
          "semantic 1.01: lexical support alone; lexical 0.0: semantic alone; unit: the claim compared with whole "
          "passages or with their single sentences; anchors: also flag a claim naming what its passages lack; "
          "invented: flag a claim with this many words in neither its passages nor a dictionary (0: off)", "",
          markdown_table(best_of_each(result["sweep"]), columns), "",
          "## Disagreements at the configured thresholds", ""]
    md += [f"- {r['id']} label={r['label']} flagged={r['flagged']} lexical={r['lexical']:.2f} "
           f"semantic={r['semantic']:.3f}: {r['sentence'][:160]!r}"
           for r in rows if r["flagged"] != (r["label"] == "unsupported")]
    _finish("claims", data, "\n".join(md) + "\n", None)
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


def cmd_translation_semantics(args: argparse.Namespace) -> int:
    """The translation floors of the claim check, calibrated on XQuAD split by article."""
    from .translations import run_translation_semantics

    result = run_translation_semantics()
    md = ["# Translated claims against e5 (XQuAD, split by article)", "",
          f"Passage floor {result['passage_floor']}, sentence floor {result['sentence_floor']}. A faithful claim: "
          "a sentence of a paragraph's translation against the paragraph; a sibling: a sentence of another "
          "paragraph's translation of the same article against it.", "",
          "| half | rule | faithful passed | siblings passed |", "|---|---|---|---|"]
    for half in ("calibration", "test"):
        for rule, rates in result[half].items():
            if isinstance(rates, dict):
                md.append(f"| {half} ({result[half]['faithful']} / {result[half]['siblings']}) | {rule} | "
                          f"{rates['faithful_passed']:.3f} | {rates['siblings_passed']:.3f} |")
    md += ["", f"Calibration siblings' best-sentence cosine, 99th percentile: "
               f"{result['calibration']['siblings_sentence_cosine_q99']}"]
    _finish("translation-semantics", {"kind": "translation-semantics", "git_commit": git_commit(), **result},
            "\n".join(md) + "\n", None)
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
    p = sub.add_parser("corpora", help="answers over corpora nobody tuned on: XQuAD as a corpus, the news set")
    p.add_argument("--sets", default="xquad,news,news-cold,summaries",
                   help="comma-separated: xquad, news, news-cold, summaries")
    p.add_argument("--split", choices=["calibration", "test"], help="only the cases of one half")
    p.add_argument("--sample", type=int, default=1, help="XQuAD: every N-th question of each paragraph")
    p.add_argument("--limit", type=int, default=0)
    p.set_defaults(func=cmd_corpora)
    p = sub.add_parser("capable", help="the answer check on a capable model's labelled answers")
    p.set_defaults(func=cmd_capable)
    p = sub.add_parser("build-lexicon", help="induce the en-ru stem lexicon from e5 and wordfreq (~7 min)")
    p.set_defaults(func=cmd_build_lexicon)
    p = sub.add_parser("fit-scorer", help="fit the offline answerer's scorer on the calibration halves")
    p.add_argument("--sample", type=int, default=2, help="XQuAD: every N-th question of each paragraph")
    p.set_defaults(func=cmd_fit_scorer)
    p = sub.add_parser("claims", help="precision/recall of the unsupported-sentence check on labelled claims")
    p.add_argument("--dataset", default=str(DEFAULT.parent / "llm_claims.jsonl"))
    p.set_defaults(func=cmd_claims)
    p = sub.add_parser("translation-semantics",
                       help="calibrate the claim check's translation floors on XQuAD, split by article")
    p.set_defaults(func=cmd_translation_semantics)
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
