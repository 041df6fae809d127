"""Checks an LLM answer's citations against the passages it was given.

Markers that point to no source are removed, numbering is made dense (1..N in order of first
use), and each cited sentence is tested for support by its passages: the share of its content
terms found in them (lexical) and its e5 similarity to them (semantic). A sentence supported by
neither is reported as unsupported; so is a sentence with `INVENTED_WORDS` or more words that
exist neither in its passages nor in English or Russian (wordfreq's dictionaries): small models
write fluent-looking strings of made-up words that share enough real ones with the passage to
pass both scores. `python -m evals claims` measures the rules on hand-labelled model output.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from wordfreq import zipf_frequency

from .answers import MARKER, Citation, renumber, tidy_spacing
from .embeddings import Embedder
from .search import Hit
from .text import answer_language, split_sentences, stem_terms, stem_word

LEXICAL_SUPPORT = 0.5
SEMANTIC_SUPPORT = 0.86
INVENTED_WORDS = 2
"""Two, not one: about 1 in 1,000 lowercase words of real news is missing from wordfreq (rare
derivations, Kazakh words), so a faithful sentence almost never has two; the labelled SmolLM2
sentences that pass both scores mostly have two or more."""
_LETTER_RUN = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=65536)
def _in_dictionary(word: str) -> bool:
    return zipf_frequency(word, "en") > 0 or zipf_frequency(word, "ru") > 0


def invented_words(sentence: str, passages: list[str]) -> list[str]:
    """Lowercase words of three letters or more that are in neither the passages (compared by
    stem, so another case form counts) nor an English or Russian dictionary. Capitalised words
    are left out: names are often in no dictionary."""
    known = {stem_word(word.lower()) for passage in passages for word in _LETTER_RUN.findall(passage)}
    return [word for word in _LETTER_RUN.findall(MARKER.sub(" ", sentence))
            if len(word) >= 3 and word[0].islower() and stem_word(word.lower()) not in known
            and not _in_dictionary(word.lower())]


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


def unsupported_sentences(text: str, passages: dict[int, str], embedder: Embedder, lang: str) -> list[str]:
    """Sentences of `text` whose cited passages (by marker number) support them neither
    lexically nor semantically."""
    unsupported: list[str] = []
    for span in split_sentences(text, answer_language(lang, fallback="en")):
        numbers = [int(n) for n in MARKER.findall(span.text) if int(n) in passages]
        if not numbers:
            continue
        cited = [passages[n] for n in numbers]
        if len(invented_words(span.text, cited)) >= INVENTED_WORDS:
            unsupported.append(re.sub(r"\s+", " ", span.text).strip())
            continue
        lexical, semantic = support(span.text, cited, embedder)
        if lexical < LEXICAL_SUPPORT and semantic < SEMANTIC_SUPPORT:
            unsupported.append(re.sub(r"\s+", " ", span.text).strip())
    return unsupported


def drop_unknown_markers(text: str, known: set[int]) -> str:
    """Remove markers that point to no source, keeping the numbers of the others."""
    return tidy_spacing(MARKER.sub(lambda m: m.group(0) if int(m.group(1)) in known else "", text))


def check_citations(text: str, hits: list[Hit], embedder: Embedder, lang: str) -> tuple[str, list[Citation], list[str]]:
    """(cleaned text, citations, unsupported sentences) for an answer whose markers number `hits` from 1."""
    candidates = [Citation.from_hit(n, hit) for n, hit in enumerate(hits, start=1)]
    cleaned, citations = renumber(text, candidates)
    passages = {c.n: c.quote for c in citations}
    return cleaned, citations, unsupported_sentences(cleaned, passages, embedder, lang)
