"""Checks an LLM answer's citations against the passages it was given.

Markers that point to no source are removed, numbering is made dense (1..N in order of first
use), and each cited sentence is tested for support by its passages: the share of its content
terms found in them (lexical) and its e5 similarity to them (semantic). A sentence supported by
neither is reported as unsupported.
"""

from __future__ import annotations

import re

import numpy as np

from .answers import MARKER, Citation, renumber
from .embeddings import Embedder
from .search import Hit
from .text import split_sentences, stem_terms

LEXICAL_SUPPORT = 0.5
SEMANTIC_SUPPORT = 0.86


def support(sentence: str, passages: list[str], embedder: Embedder) -> tuple[float, float]:
    """(lexical, semantic) support of a sentence by passages, each 0..1."""
    terms = set(stem_terms(MARKER.sub("", sentence)))
    passage_terms = set().union(*(set(stem_terms(p)) for p in passages)) if passages else set()
    lexical = len(terms & passage_terms) / len(terms) if terms else 1.0
    if not passages:
        return lexical, 0.0
    vectors = embedder.embed_passages([MARKER.sub("", sentence)] + passages)
    semantic = float(np.max(vectors[1:] @ vectors[0]))
    return lexical, semantic


def check_citations(text: str, hits: list[Hit], embedder: Embedder, lang: str) -> tuple[str, list[Citation], list[str]]:
    """(cleaned text, citations, unsupported sentences) for an answer whose markers number `hits` from 1."""
    candidates = [Citation.from_hit(n, hit) for n, hit in enumerate(hits, start=1)]
    cleaned, citations = renumber(text, candidates)
    by_n = {c.n: c for c in citations}
    unsupported: list[str] = []
    for span in split_sentences(cleaned, lang if lang in ("en", "ru") else "en"):
        numbers = [int(n) for n in MARKER.findall(span.text) if int(n) in by_n]
        if not numbers:
            continue
        lexical, semantic = support(span.text, [by_n[n].quote for n in numbers], embedder)
        if lexical < LEXICAL_SUPPORT and semantic < SEMANTIC_SUPPORT:
            unsupported.append(re.sub(r"\s+", " ", span.text).strip())
    return cleaned, citations, unsupported
