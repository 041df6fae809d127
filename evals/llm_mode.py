"""`python -m evals run --mode llm`: how a configured model fares under the answer check.

Each reference question is streamed through the service (OPENAI_BASE_URL / OPENAI_API_KEY /
ASSISTANT_MODEL). The report scores what the user is shown (a grounded model answer, the model's
refusal, or the extractive fallback) the way the extractive eval does: fact recall, citation
precision/recall against the gold articles, refusal precision/recall. It adds what only LLM mode
has: the verdicts (grounded, refused, rejected: <reason>, fallback: <reason>), the share of claim
sentences of grounded answers that were unsupported, whether grounded answers are in the
question's language, and first-token / total latency. Rates are over all questions; a metric
with nothing to measure is nan, not 0.

Every claim sentence the model wrote (shown or not) is kept in the report with the passages it
cites (all its sources when it cites none) and its support scores: the raw material of the
hand-labelled set (`evals/datasets/llm_claims.jsonl`, scored by `python -m evals claims`).
"""

from __future__ import annotations

import collections
import re
import time
from typing import Any

from tqdm import tqdm

from assistant.answer.answers import MARKER, Answer
from assistant.answer.chain import AnswerService
from assistant.answer.citations import invented_words, support
from assistant.answer.verdict import attach_markers, echoed, is_claim
from assistant.core.records import Hit
from assistant.core.text import answer_language, detect_language, split_sentences
from assistant.index.embeddings import Embedder

from . import metrics as m
from .dataset import Case

NAN = m.NAN


def claim_records(text: str, hits: list[Hit], embedder: Embedder, lang: str) -> list[dict[str, Any]]:
    """The model's claim sentences, each with the passages its markers point to (all the sources
    it was given when it has no valid marker; `marked` says which) and its (lexical, semantic)
    support: the raw material of the hand-labelled set (`evals/datasets/llm_claims.jsonl`)."""
    records = []
    for span in split_sentences(attach_markers(text.strip()), answer_language(lang, fallback="en")):
        sentence = re.sub(r"\s+", " ", span.text).strip()
        if not is_claim(sentence) or echoed(sentence):
            continue
        numbers = sorted({int(n) for n in MARKER.findall(sentence) if 1 <= int(n) <= len(hits)})
        cited = [hits[n - 1] for n in numbers] or hits
        passages = [hit.chunk.text for hit in cited]
        lexical, semantic = support(sentence, passages, embedder)
        records.append({"sentence": sentence, "marked": bool(numbers), "cited": [hit.chunk.id for hit in cited],
                        "passages": passages, "lexical": round(lexical, 4), "semantic": round(semantic, 4),
                        "invented": invented_words(sentence, passages)})
    return records


def run_case(service: AnswerService, case: Case) -> dict[str, Any]:
    """One question streamed: what was shown, its verdict and scores, the model's claims, latencies."""
    started = time.perf_counter()
    first_ms = NAN
    final: Answer | None = None
    pieces: list[str] = []
    for piece in service.stream(case.question):
        if isinstance(piece, Answer):
            final = piece
            continue
        if not pieces:
            first_ms = (time.perf_counter() - started) * 1000
        pieces.append(piece)
    total_ms = (time.perf_counter() - started) * 1000
    assert final is not None
    raw = "".join(pieces)
    claims = [s for s in split_sentences(final.answer, final.lang) if is_claim(s.text)]
    cited = [c.article_id for c in final.citations]
    gold = list(case.gold_articles)
    return {
        "id": case.id, "question": case.question, "lang": case.lang, "kind": case.kind, "split": case.split,
        "expect_refusal": case.expect_refusal, "verdict": final.verdict or final.mode, "mode": final.mode,
        "notice": final.notice, "answer": final.answer, "raw": raw, "refused": final.refused, "cited": cited,
        "fact_recall": 0.0 if (final.refused and case.key_facts) else m.key_fact_recall(final.answer, case.key_facts),
        "citation_precision": m.citation_precision(cited, gold) if gold else NAN,
        "citation_recall": m.citation_recall(cited, gold),
        "claims": len(claims) + len(final.unsupported), "unsupported": len(final.unsupported),
        "language_match": detect_language(final.answer) == final.lang,
        "model_claims": claim_records(raw, final.hits, service.embedder, final.lang) if raw else [],
        "first_token_ms": first_ms, "total_ms": total_ms,
    }


def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    verdicts = collections.Counter(r["verdict"] for r in rows)
    answerable = [r for r in rows if not r["expect_refusal"]]
    grounded = [r for r in rows if r["verdict"] == "grounded"]
    grounded_answerable = [r for r in grounded if not r["expect_refusal"]]
    claims = sum(r["claims"] for r in grounded)
    firsts = [r["first_token_ms"] for r in rows if r["first_token_ms"] == r["first_token_ms"]]
    refusal_p, refusal_r = m.refusal_scores([r["refused"] for r in rows], [r["expect_refusal"] for r in rows])

    def rate(count: int) -> float:
        return count / n if n else NAN

    return {
        "questions": n,
        "fact_recall": m.mean([r["fact_recall"] for r in answerable]),
        "citation_precision": m.mean([r["citation_precision"] for r in answerable]),
        "citation_recall": m.mean([r["citation_recall"] for r in answerable]),
        "refusal_precision": refusal_p, "refusal_recall": refusal_r,
        "grounded_rate": rate(verdicts["grounded"]),
        "grounded_fact_recall": m.mean([r["fact_recall"] for r in grounded_answerable]),
        "grounded_citation_precision": m.mean([r["citation_precision"] for r in grounded_answerable]),
        "refused_rate": rate(verdicts["refused"]),
        "rejected_rate": rate(sum(v for k, v in verdicts.items() if k.startswith("rejected"))),
        "fallback_rate": rate(sum(v for k, v in verdicts.items() if k.startswith("fallback"))),
        "unsupported_sentence_rate": sum(r["unsupported"] for r in grounded) / claims if claims else NAN,
        "language_match": m.mean([float(r["language_match"]) for r in grounded]),
        "first_token_p50_ms": m.percentile(firsts, 50), "first_token_p95_ms": m.percentile(firsts, 95),
        "total_p50_ms": m.percentile([r["total_ms"] for r in rows], 50),
        "total_p95_ms": m.percentile([r["total_ms"] for r in rows], 95),
        "verdicts": dict(verdicts.most_common()),
    }


def run_llm_eval(service: AnswerService, cases: list[Case],
                 progress: bool = True) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    rows = [run_case(service, case) for case in tqdm(cases, desc="llm", disable=not progress, unit="q")]
    return score(rows), rows
