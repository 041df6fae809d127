"""Reference cases (`evals/datasets/*.jsonl`): one JSON object per line.

Schema:
    id               unique string
    question         the question as a user would ask it
    lang             "en" | "ru": the question's language (the answer must be in it)
    kind             in-language | digest | cross-lingual | multi-article | out-of-domain | near-miss
    gold_articles    article ids that answer it ("<file>" or "<file>#NN" for a digest part); [] if none
    key_facts        list of facts; each fact is a list of acceptable variants (English and Russian)
    expect_refusal   true when the articles cannot answer it
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATASETS = Path(__file__).resolve().parent / "datasets"
DEFAULT = DATASETS / "reference.jsonl"
KINDS = {"in-language", "digest", "cross-lingual", "multi-article", "out-of-domain", "near-miss"}


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    lang: str
    kind: str
    gold_articles: tuple[str, ...]
    key_facts: tuple[tuple[str, ...], ...]
    expect_refusal: bool


def load_cases(path: Path = DEFAULT) -> list[Case]:
    """Cases from a JSONL file, checked: a bad line is a ValueError naming the line and field."""
    cases: list[Case] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        raw = json.loads(line)
        where = f"{path.name}:{number}"
        for name in ("id", "question", "lang", "kind", "gold_articles", "key_facts", "expect_refusal"):
            if name not in raw:
                raise ValueError(f"{where}: missing field '{name}'")
        if raw["lang"] not in ("en", "ru"):
            raise ValueError(f"{where}: lang must be 'en' or 'ru'")
        if raw["kind"] not in KINDS:
            raise ValueError(f"{where}: kind must be one of {sorted(KINDS)}")
        if raw["expect_refusal"] != (not raw["gold_articles"]):
            raise ValueError(f"{where}: a case expects a refusal exactly when it has no gold articles")
        if raw["id"] in seen:
            raise ValueError(f"{where}: duplicate id {raw['id']}")
        seen.add(raw["id"])
        cases.append(Case(raw["id"], raw["question"], raw["lang"], raw["kind"], tuple(raw["gold_articles"]),
                          tuple(tuple(v) for v in raw["key_facts"]), bool(raw["expect_refusal"])))
    return cases
