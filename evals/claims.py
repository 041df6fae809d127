"""`python -m evals claims`: precision and recall of the unsupported-sentence check on claims a
real model wrote, labelled by hand (`evals/datasets/llm_claims.jsonl`).

Each labelled line holds a claim sentence the model wrote, the passages its `[n]` markers pointed
to (or, for a sentence without a valid marker, all the sources the model was given; `marked`
says which), and a human label: `supported` (the passages state it) or `unsupported` (they do
not, or the sentence is not a faithful claim about them). The SmolLM2 set has no marked
sentence: that model never wrote a valid `[n]`. The check flags a sentence as
unsupported when it has `INVENTED_WORDS` words found in neither its passages nor a dictionary, or
when its lexical support is below `LEXICAL_SUPPORT` and its e5 support below `SEMANTIC_SUPPORT`
(`assistant/answer/citations.py`). Flagging is the positive class: precision is the
share of flagged sentences that are truly unsupported, recall the share of unsupported ones
flagged. A sweep over both thresholds shows how much room the configured pair has.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answer.answers import MARKER
from assistant.answer.citations import INVENTED_WORDS, LEXICAL_SUPPORT, SEMANTIC_SUPPORT, invented_words, support
from assistant.core.text import detect_language, split_sentences
from assistant.index.embeddings import Embedder
from assistant.language.question import TextFacts, analyze

from . import metrics as m
from .dataset import DATASETS

CLAIMS = DATASETS / "llm_claims.jsonl"
LABELS = ("supported", "unsupported")
ANCHORS = False
"""Whether the check also flags a claim naming a name, year, figure or country its passages lack."""
_DIGITS = re.compile(r"\d+")


def novel_anchors(sentence: str, sources: str) -> list[str]:
    """The names, years, figures and countries a sentence states that its sources never mention:
    a model's claim that adds one has not been taken from them, however many words it shares.
    A rule tried on the labelled set, not shipped (`ANCHORS`): it flags dates a model rightly
    takes from a source's header.
    Names are compared by skeleton (either script, any case form); figures by their digit groups
    (1.5 ~ 1,5), figures of one digit left out (often spelt as words)."""
    claim = analyze(re.sub(r"\[\d{1,3}\]", " ", sentence))  # citation markers are not figures
    facts = TextFacts.of(sources)
    digits = set(_DIGITS.findall(sources))
    novel = [name for name in claim.names if not facts.has_name(name)]
    novel += [year for year in claim.years if year not in facts.years]
    novel += [number for number in claim.numbers
              if len(re.sub(r"\D", "", number)) >= 2 and not set(_DIGITS.findall(number)) <= digits]
    novel += [code for code in claim.countries if code not in facts.countries]
    return novel


@dataclass(frozen=True)
class LabelledClaim:
    id: str
    case: str
    lang: str
    sentence: str
    passages: tuple[str, ...]
    label: str
    marked: bool = True
    """Whether the sentence carried a valid [n] (its passages are the cited ones); an unmarked
    sentence is listed with all the sources the model was given."""

    @property
    def unsupported(self) -> bool:
        return self.label == "unsupported"


def load_claims(path: Path = CLAIMS) -> list[LabelledClaim]:
    """The labelled claims, checked: a bad line is a ValueError naming the line and the field."""
    claims = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        raw = json.loads(line)
        where = f"{path.name}:{number}"
        for name in ("id", "case", "lang", "sentence", "passages", "label"):
            if name not in raw:
                raise ValueError(f"{where}: missing field '{name}'")
        if raw["label"] not in LABELS:
            raise ValueError(f"{where}: label must be one of {list(LABELS)}, got {raw['label']!r}")
        if not raw["passages"]:
            raise ValueError(f"{where}: a claim cites at least one passage")
        claims.append(LabelledClaim(raw["id"], raw["case"], raw["lang"], raw["sentence"], tuple(raw["passages"]),
                                    raw["label"], bool(raw.get("marked", True))))
    return claims


def flag_scores(flagged: list[bool], truth: list[bool]) -> dict[str, float]:
    """Precision, recall and F1 of flagging (positive class: unsupported); nan when undefined."""
    hits = sum(1 for f, t in zip(flagged, truth, strict=True) if f and t)
    precision = hits / sum(flagged) if any(flagged) else m.NAN
    recall = hits / sum(truth) if any(truth) else m.NAN
    f1 = 2 * precision * recall / (precision + recall) if precision == precision and recall == recall and \
        precision + recall else m.NAN
    return {"precision": precision, "recall": recall, "f1": f1, "flagged": sum(flagged),
            "unsupported": sum(truth), "claims": len(truth)}


def score_claims(claims: list[LabelledClaim], embedder: Embedder,
                 lexical_support: float = LEXICAL_SUPPORT, semantic_support: float = SEMANTIC_SUPPORT
                 ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The check's precision/recall on `claims` at the given thresholds, a sweep around them, and
    one row per claim (its support scores, label and the check's decision)."""
    rows: list[dict[str, Any]] = []
    sentence_vectors: dict[str, np.ndarray] = {}
    for claim in claims:
        lexical, semantic = support(claim.sentence, list(claim.passages), embedder)
        rows.append({"id": claim.id, "case": claim.case, "label": claim.label, "lexical": lexical,
                     "semantic": semantic, "sentence_semantic": sentence_support(claim, embedder, sentence_vectors),
                     "novel": novel_anchors(claim.sentence, " ".join(claim.passages)),
                     "invented": invented_words(claim.sentence, list(claim.passages)), "sentence": claim.sentence})
    truth = [c.unsupported for c in claims]

    def flags(lex: float, sem: float, anchors: bool = ANCHORS, unit: str = "passage",
              invented: int = INVENTED_WORDS) -> list[bool]:
        key = "semantic" if unit == "passage" else "sentence_semantic"
        return [(r["lexical"] < lex and r[key] < sem) or (anchors and bool(r["novel"]))
                or (invented > 0 and len(r["invented"]) >= invented) for r in rows]

    configured_flags = flags(lexical_support, semantic_support)
    for row, flagged in zip(rows, configured_flags, strict=True):
        row["flagged"] = flagged
    sweep = [{"invented": invented, "anchors": anchors, "unit": unit, "lexical_support": lex,
              "semantic_support": sem, **flag_scores(flags(lex, sem, anchors, unit, invented), truth)}
             for invented in (0, 1, 2, 3) for anchors in (False, True) for unit in ("passage", "sentence")
             for lex in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8) for sem in (0.82, 0.84, 0.86, 0.88, 0.90, 1.01)]
    configured = {"invented": INVENTED_WORDS, "anchors": ANCHORS, "unit": "passage",
                  "lexical_support": lexical_support, "semantic_support": semantic_support,
                  **flag_scores(configured_flags, truth)}
    configured_rules = [(0, "support scores alone (before)"), (INVENTED_WORDS, "with invented words (now)")]
    by_rule = [{"rule": name, **flag_scores(flags(lexical_support, semantic_support, invented=n), truth)}
               for n, name in configured_rules]
    as_judged = flag_scores([not c.marked or f for c, f in zip(claims, configured_flags, strict=True)], truth)
    return {"configured": configured, "verdict": as_judged, "rules": by_rule, "sweep": sweep,
            "margin": margins(rows, lexical_support, semantic_support)}, rows


def sentence_support(claim: LabelledClaim, embedder: Embedder, cache: dict[str, np.ndarray] | None = None) -> float:
    """e5 similarity of the claim to the closest single sentence of its passages (the passage
    score compares it with a whole ~300-token chunk, which dilutes a one-sentence claim).
    `cache` keeps passage sentence vectors across claims that cite the same passages."""
    cache = {} if cache is None else cache
    sentences = [span.text for passage in claim.passages
                 for span in split_sentences(passage, detect_language(passage)) if span.text.strip()]
    if not sentences:
        return 0.0
    new = [s for s in dict.fromkeys(sentences) if s not in cache]
    if new:
        cache.update(zip(new, embedder.embed_passages(new), strict=True))
    claim_vector = embedder.embed_passages([MARKER.sub("", claim.sentence)])[0]
    return float(max(float(cache[s] @ claim_vector) for s in sentences))


def margins(rows: list[dict[str, Any]], lexical_support: float, semantic_support: float) -> dict[str, float]:
    """How far the nearest claim sits from each threshold: a decision within a hair of one could
    flip on another CPU (the 4-bit embedder's floats differ slightly)."""
    return {"lexical": min((abs(r["lexical"] - lexical_support) for r in rows), default=m.NAN),
            "semantic": min((abs(r["semantic"] - semantic_support) for r in rows), default=m.NAN)}
