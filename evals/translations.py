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


def run_translation_semantics(data_dir: Path = DEFAULT_DATA, seed: int = 0) -> dict[str, Any]:
    """Calibration of the translation floors (`citations.CROSS_SEMANTIC_SUPPORT`, passage cosine,
    and `CROSS_SENTENCE_SUPPORT`, best-sentence cosine) on XQuAD, split by article (even: calibration,
    odd: test). A faithful claim: each sentence (four words or more) of a paragraph's translation
    against the paragraph; an unsupported one: a sentence of a sibling paragraph's translation (same
    article and names, other facts) against the same paragraph. Both directions."""
    import random

    import numpy as np

    from assistant.answer.citations import CROSS_SEMANTIC_SUPPORT, CROSS_SENTENCE_SUPPORT
    from assistant.core.settings import Settings
    from assistant.index.embeddings import get_embedder
    from assistant.language.anchors import passage_sentences

    embedder = get_embedder(Settings())
    english, russian = (json.loads((data_dir / f"xquad.{lang}.json").read_text(encoding="utf-8"))["data"]
                        for lang in ("en", "ru"))
    rng = random.Random(seed)
    rows: list[tuple[int, int, float, float]] = []  # (article, faithful, passage cosine, best sentence cosine)
    cache: dict[str, np.ndarray] = {}  # a paragraph's sentences are a claim, a sibling and a passage's: embed once

    def embed(texts: list[str]) -> np.ndarray:
        new = [text for text in dict.fromkeys(texts) if text not in cache]
        if new:
            cache.update(zip(new, embedder.embed_passages(new), strict=True))
        return np.stack([cache[text] for text in texts])

    for number, (a, b) in enumerate(zip(english, russian, strict=True)):
        pairs = [(en["context"], ru["context"]) for en, ru in zip(a["paragraphs"], b["paragraphs"], strict=True)]
        for i, pair in enumerate(pairs):
            sibling = pairs[rng.choice([j for j in range(len(pairs)) if j != i])] if len(pairs) > 1 else None
            for side, claim_lang in ((0, "ru"), (1, "en")):  # the passage is pair[side], the claim the other
                passage, claims = pair[side], [(1, pair[1 - side])] + ([(0, sibling[1 - side])] if sibling else [])
                vectors = embed([passage])
                sentences = embed([sentence for sentence, _, _ in passage_sentences(passage)])
                for faithful, paragraph in claims:
                    texts = [s.text for s in split_sentences(paragraph, claim_lang) if len(s.text.split()) >= 4]
                    if not texts:
                        continue
                    claim_vectors = embed(texts)
                    rows += [(number, faithful, float(v @ vectors[0]), float(np.max(sentences @ v)))
                             for v in claim_vectors]
        print(f"\rtranslation semantics: article {number + 1}/{len(english)}", end="", flush=True)
    print()

    def passed(part: list[tuple[int, int, float, float]], faithful: int, sentence_floor: float | None,
               passage_floor: float = CROSS_SEMANTIC_SUPPORT) -> float:
        chosen = [r for r in part if r[1] == faithful]
        ok = [r[2] >= passage_floor or (sentence_floor is not None and r[3] >= sentence_floor) for r in chosen]
        return round(sum(ok) / len(ok), 3) if ok else float("nan")

    result: dict[str, Any] = {"passage_floor": CROSS_SEMANTIC_SUPPORT, "sentence_floor": CROSS_SENTENCE_SUPPORT}
    for name, parity in (("calibration", 0), ("test", 1)):
        part = [r for r in rows if r[0] % 2 == parity]
        result[name] = {"faithful": sum(r[1] for r in part), "siblings": sum(1 - r[1] for r in part),
                        "passage_floor_only": {"faithful_passed": passed(part, 1, None),
                                               "siblings_passed": passed(part, 0, None)},
                        **{f"with_sentence_floor_{floor:.2f}": {"faithful_passed": passed(part, 1, floor),
                                                                "siblings_passed": passed(part, 0, floor)}
                           for floor in (0.83, 0.84, CROSS_SENTENCE_SUPPORT, 0.86, 0.87)},
                        **{f"passage_floor_{floor:.2f}_with_sentence_floor": {
                            "faithful_passed": passed(part, 1, CROSS_SENTENCE_SUPPORT, floor),
                            "siblings_passed": passed(part, 0, CROSS_SENTENCE_SUPPORT, floor)}
                           for floor in (0.80, 0.81, 0.82, 0.84, 2.0)}}
    siblings = sorted(r[3] for r in rows if r[0] % 2 == 0 and r[1] == 0)
    result["calibration"]["siblings_sentence_cosine_q99"] = round(siblings[int(0.99 * (len(siblings) - 1))], 3)
    return result
