"""Language-aware text utilities: language detection, sentences, stemmed terms.

Everything that must treat English and Russian (and Kazakh) text alike goes through here,
so the BM25 index, the extractive answerer and the country tagger agree on what a word is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd
import Stemmer
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_RUSSIAN

LANGUAGES = ("en", "ru", "kk")
_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_STOPWORDS = frozenset(STOPWORDS_EN) | frozenset(STOPWORDS_RUSSIAN)


def detect_language(text: str) -> str:
    """Tell en / ru / kk apart by script: enough for this corpus and robust on short questions."""
    cyrillic = latin = kazakh = 0
    for ch in text:
        if "а" <= ch.lower() <= "я" or ch in "ёЁ":
            cyrillic += 1
        elif ch in _KAZAKH_LETTERS:
            kazakh += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    if cyrillic + kazakh > latin:
        return "kk" if kazakh >= max(2, 0.02 * (cyrillic + kazakh)) else "ru"
    return "en"


@dataclass(frozen=True)
class Span:
    """A sentence and where it sits in the text it came from."""

    start: int
    end: int
    text: str


@lru_cache(maxsize=4)
def _segmenter(lang: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en" if lang == "en" else "ru", clean=False, char_span=True)


def split_sentences(text: str, lang: str) -> list[Span]:
    """Sentences with character offsets; paragraphs (blank or single newlines) always break."""
    spans: list[Span] = []
    for para in re.finditer(r"[^\n]+", text):
        offset = para.start()
        segments = _segmenter(lang).segment(para.group())
        for seg in segments:
            raw = seg.sent
            stripped = raw.strip()
            if not stripped:
                continue
            start = offset + seg.start + (len(raw) - len(raw.lstrip()))
            spans.append(Span(start, start + len(stripped), stripped))
    return spans


@lru_cache(maxsize=4)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english" if lang == "en" else "russian")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("ё", "е"))


def stem_terms(text: str, keep_stopwords: bool = False) -> list[str]:
    """Lower-cased, stemmed terms. Each word is stemmed by its own script, so Latin names inside
    a Russian article (C5+1, CMD) and Cyrillic words in English text are both handled."""
    out: list[str] = []
    for word in words(text):
        if not keep_stopwords and word in _STOPWORDS:
            continue
        out.append(stem_word(word))
    return out


def stem_word(word: str) -> str:
    """A lower-cased word's Snowball stem, English or Russian by its script."""
    return _stemmer("en" if word.isascii() else "ru").stemWord(word)
