"""`python -m evals run --mode llm`: how a configured model fares under the answer check.

Each reference question is streamed through the service (OPENAI_BASE_URL / OPENAI_API_KEY /
ASSISTANT_MODEL); the report counts the verdicts (grounded, refused, rejected: <reason>,
fallback: <reason>), the share of claim sentences of grounded answers that were unsupported,
whether grounded answers are in the question's language, and first-token / total latency.
Rates are over all questions; a metric with nothing to measure is nan, not 0.
"""

from __future__ import annotations

import collections
import time
from typing import Any

from tqdm import tqdm

from assistant.answers import Answer
from assistant.chain import AnswerService
from assistant.text import detect_language, split_sentences
from assistant.verdict import is_claim

from .dataset import Case
from .metrics import NAN, mean, percentile


def run_case(service: AnswerService, case: Case) -> dict[str, Any]:
    """One question streamed: its verdict, sentence counts and latencies."""
    started = time.perf_counter()
    first_ms = NAN
    final: Answer | None = None
    for piece in service.stream(case.question):
        if isinstance(piece, Answer):
            final = piece
        elif first_ms != first_ms:  # nan: the first token
            first_ms = (time.perf_counter() - started) * 1000
    total_ms = (time.perf_counter() - started) * 1000
    assert final is not None
    claims = [s for s in split_sentences(final.answer, final.lang) if is_claim(s.text)]
    return {"id": case.id, "question": case.question, "lang": case.lang, "verdict": final.verdict or final.mode,
            "notice": final.notice, "answer": final.answer, "claims": len(claims) + len(final.unsupported),
            "unsupported": len(final.unsupported), "language_match": detect_language(final.answer) == final.lang,
            "first_token_ms": first_ms, "total_ms": total_ms}


def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    verdicts = collections.Counter(r["verdict"] for r in rows)
    grounded = [r for r in rows if r["verdict"] == "grounded"]
    claims = sum(r["claims"] for r in grounded)
    firsts = [r["first_token_ms"] for r in rows if r["first_token_ms"] == r["first_token_ms"]]
    return {
        "questions": n,
        "grounded_rate": verdicts["grounded"] / n if n else NAN,
        "refused_rate": verdicts["refused"] / n if n else NAN,
        "rejected_rate": sum(v for k, v in verdicts.items() if k.startswith("rejected")) / n if n else NAN,
        "fallback_rate": sum(v for k, v in verdicts.items() if k.startswith("fallback")) / n if n else NAN,
        "unsupported_sentence_rate": sum(r["unsupported"] for r in grounded) / claims if claims else NAN,
        "language_match": mean([float(r["language_match"]) for r in grounded]),
        "first_token_p50_ms": percentile(firsts, 50), "first_token_p95_ms": percentile(firsts, 95),
        "total_p50_ms": percentile([r["total_ms"] for r in rows], 50),
        "total_p95_ms": percentile([r["total_ms"] for r in rows], 95),
        "verdicts": dict(verdicts.most_common()),
    }


def run_llm_eval(service: AnswerService, cases: list[Case],
                 progress: bool = True) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    rows = [run_case(service, case) for case in tqdm(cases, desc="llm", disable=not progress, unit="q")]
    return score(rows), rows
