"""Faithful translations against the claim check: every sentence of XQuAD's human-translated
paragraphs (English <-> Russian, CC BY-SA 4.0) is a claim its parallel paragraph supports, so each
anchor the check finds missing there is a strike a faithful cross-language answer could suffer.

Broad data nobody tuned the check on: the calibration every new anchor is held to before it
ships (a new anchor that strikes translations is too eager). A flag here is not always wrong:
the translators made mistakes of their own ("в апреле 2000 года" for "in April 1991")."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

from assistant.answer.citations import aligned_sentence
from assistant.core.text import split_sentences
from assistant.language.anchors import missing_anchors

from .xquad import DEFAULT_DATA


def parallel_paragraphs(data_dir: Path = DEFAULT_DATA) -> list[tuple[str, str]]:
    """(English, Russian) paragraph pairs, in XQuAD's order."""
    english, russian = (json.loads((data_dir / f"xquad.{lang}.json").read_text(encoding="utf-8"))["data"]
                        for lang in ("en", "ru"))
    return [(en["context"], ru["context"]) for a, b in zip(english, russian, strict=True)
            for en, ru in zip(a["paragraphs"], b["paragraphs"], strict=True)]


def run_translations(data_dir: Path = DEFAULT_DATA) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Each translated sentence checked against the paragraph it translates, both directions:
    how many are struck at all and by which kind of anchor, with the struck sentences listed."""
    counts = {f.name: 0 for f in fields(missing_anchors("", []))}
    struck: list[dict[str, Any]] = []
    sentences = 0
    for english, russian in parallel_paragraphs(data_dir):
        for claim_text, lang, passage in ((russian, "ru", english), (english, "en", russian)):
            for span in split_sentences(claim_text, lang):
                sentences += 1
                missing = missing_anchors(span.text, [passage], aligned_sentence(span.text, [passage]))
                if not missing:
                    continue
                kinds = [name for name in counts if getattr(missing, name)]
                for name in kinds:
                    counts[name] += 1
                struck.append({"sentence": span.text, "lang": lang, "kinds": kinds,
                               "missing": {name: getattr(missing, name) for name in kinds}})
    return {"sentences": sentences, "struck": len(struck),
            "rate": round(len(struck) / sentences, 4) if sentences else float("nan"), "by_anchor": counts}, struck
