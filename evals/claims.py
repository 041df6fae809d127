"""`python -m evals claims`: precision and recall of the unsupported-sentence check on claims a
real model wrote, labelled by hand (`evals/datasets/llm_claims.jsonl`).

Each labelled line holds a sentence the model wrote with a `[n]` marker, the passages the marker
pointed to, and a human label: `supported` (the passages state it) or `unsupported` (they do
not, or the sentence is not a faithful claim about them). The check flags a sentence as
unsupported when its lexical support is below `LEXICAL_SUPPORT` and its e5 support below
`SEMANTIC_SUPPORT` (`assistant/citations.py`). Flagging is the positive class: precision is the
share of flagged sentences that are truly unsupported, recall the share of unsupported ones
flagged. A sweep over both thresholds shows how much room the configured pair has.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.citations import LEXICAL_SUPPORT, SEMANTIC_SUPPORT, support
from assistant.embeddings import Embedder
from assistant.question import novel_anchors

from . import metrics as m
from .dataset import DATASETS

CLAIMS = DATASETS / "llm_claims.jsonl"
LABELS = ("supported", "unsupported")
ANCHORS = False
"""Whether the check also flags a claim naming a name, year, figure or country its passages lack."""


@dataclass(frozen=True)
class LabelledClaim:
    id: str
    case: str
    lang: str
    sentence: str
    passages: tuple[str, ...]
    label: str

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
                                    raw["label"]))
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
    for claim in claims:
        lexical, semantic = support(claim.sentence, list(claim.passages), embedder)
        rows.append({"id": claim.id, "case": claim.case, "label": claim.label, "lexical": lexical,
                     "semantic": semantic, "novel": novel_anchors(claim.sentence, " ".join(claim.passages)),
                     "sentence": claim.sentence})
    truth = [c.unsupported for c in claims]

    def flags(lex: float, sem: float, anchors: bool) -> list[bool]:
        return [(r["lexical"] < lex and r["semantic"] < sem) or (anchors and bool(r["novel"])) for r in rows]

    for row, flagged in zip(rows, flags(lexical_support, semantic_support, ANCHORS), strict=True):
        row["flagged"] = flagged
    sweep = [{"anchors": anchors, "lexical_support": lex, "semantic_support": sem,
              **flag_scores(flags(lex, sem, anchors), truth)}
             for anchors in (False, True) for lex in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
             for sem in (0.82, 0.84, 0.86, 0.88, 0.90, 1.01)]
    configured = {"anchors": ANCHORS, "lexical_support": lexical_support, "semantic_support": semantic_support,
                  **flag_scores(flags(lexical_support, semantic_support, ANCHORS), truth)}
    return {"configured": configured, "sweep": sweep, "margin": margins(rows, lexical_support, semantic_support)}, rows


def margins(rows: list[dict[str, Any]], lexical_support: float, semantic_support: float) -> dict[str, float]:
    """How far the nearest claim sits from each threshold: a decision within a hair of one could
    flip on another CPU (the 4-bit embedder's floats differ slightly)."""
    return {"lexical": min((abs(r["lexical"] - lexical_support) for r in rows), default=m.NAN),
            "semantic": min((abs(r["semantic"] - semantic_support) for r in rows), default=m.NAN)}
