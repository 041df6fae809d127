"""Reference cases (`evals/datasets/*.jsonl`): one JSON object per line.

Schema:
    id               unique string
    question         the question as a user would ask it
    lang             "en" | "ru": the question's language (the answer must be in it)
    kind             in-language | digest | cross-lingual | multi-article | out-of-domain | near-miss
    gold_articles    article ids that answer it ("<file>" or "<file>#NN" for a digest part); [] if none
    key_facts        list of facts; each fact is a list of acceptable variants (English and Russian)
    expect_refusal   true when the articles cannot answer it
    split            "calibration" | "test": calibration cases may be used to tune the system (thresholds,
                     prompts); test cases are held out for reporting. Each kind is split about half/half
                     (alternating within each kind in file order). Required on every case.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATASETS = Path(__file__).resolve().parent / "datasets"
DEFAULT = DATASETS / "reference.jsonl"
KINDS = {"in-language", "digest", "cross-lingual", "multi-article", "out-of-domain", "near-miss"}
SPLITS = ("calibration", "test")


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    lang: str
    kind: str
    gold_articles: tuple[str, ...]
    key_facts: tuple[tuple[str, ...], ...]
    expect_refusal: bool
    split: str


def load_cases(path: Path = DEFAULT) -> list[Case]:
    """Cases from a JSONL file, checked: a bad line is a ValueError naming the line and field."""
    cases: list[Case] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        raw = json.loads(line)
        where = f"{path.name}:{number}"
        for name in ("id", "question", "lang", "kind", "gold_articles", "key_facts", "expect_refusal", "split"):
            if name not in raw:
                raise ValueError(f"{where}: missing field '{name}'"
                                 + (f" (must be one of {list(SPLITS)})" if name == "split" else ""))
        if raw["lang"] not in ("en", "ru"):
            raise ValueError(f"{where}: lang must be 'en' or 'ru'")
        if raw["kind"] not in KINDS:
            raise ValueError(f"{where}: kind must be one of {sorted(KINDS)}")
        if raw["split"] not in SPLITS:
            raise ValueError(f"{where}: split must be one of {list(SPLITS)}, got {raw['split']!r}")
        if raw["expect_refusal"] != (not raw["gold_articles"]):
            raise ValueError(f"{where}: a case expects a refusal exactly when it has no gold articles")
        if raw["id"] in seen:
            raise ValueError(f"{where}: duplicate id {raw['id']}")
        seen.add(raw["id"])
        cases.append(Case(raw["id"], raw["question"], raw["lang"], raw["kind"], tuple(raw["gold_articles"]),
                          tuple(tuple(v) for v in raw["key_facts"]), bool(raw["expect_refusal"]), raw["split"]))
    return cases


def select(cases: list[Case], split: str | None) -> list[Case]:
    """The cases of one split ("calibration" or "test"); all of them when split is None."""
    if split is None:
        return list(cases)
    if split not in SPLITS:
        raise ValueError(f"split must be one of {list(SPLITS)} or None, got {split!r}")
    return [case for case in cases if case.split == split]
