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
ANSWER_LANGUAGES = ("en", "ru")
"""The languages answers are written in; a Kazakh question is answered in Russian."""
_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_STOPWORDS = frozenset(STOPWORDS_EN) | frozenset(STOPWORDS_RUSSIAN)


_LETTERS = re.compile(r"[^\W\d_]+")
MIN_RUNNING_LETTERS = 2
"""Fewer letters than this in lower-case words (a headline in capitals, a lone name): every word counts."""


def _script_letters(words: list[str]) -> tuple[int, int, int]:
    """Cyrillic (Russian), Kazakh-only and Latin letters in `words`."""
    cyrillic = latin = kazakh = 0
    for word in words:
        for ch in word:
            if "а" <= ch.lower() <= "я" or ch in "ёЁ":
                cyrillic += 1
            elif ch in _KAZAKH_LETTERS:
                kazakh += 1
            elif ch.isascii() and ch.isalpha():
                latin += 1
    return cyrillic, latin, kazakh


def detect_language(text: str) -> str:
    """Tell en / ru / kk apart by script: enough for this corpus and robust on short questions.
    The letters of lower-case words decide: a name or an acronym keeps its own script inside the
    other language's sentence, so "Кто был основателем Oracle Corporation?" is Russian although
    most of its letters are Latin."""
    words = _LETTERS.findall(text)
    cyrillic, latin, kazakh = _script_letters([word for word in words if word[:1].islower()])
    if cyrillic + latin + kazakh < MIN_RUNNING_LETTERS:
        cyrillic, latin, kazakh = _script_letters(words)
    if cyrillic + kazakh > latin:
        return "kk" if kazakh >= max(2, 0.02 * (cyrillic + kazakh)) else "ru"
    return "en"


def answer_language(lang: str, fallback: str = "ru") -> str:
    """`lang` if answers are written in it (`ANSWER_LANGUAGES`), else `fallback` (Russian by default:
    the other Cyrillic language of the corpus)."""
    return lang if lang in ANSWER_LANGUAGES else fallback


@dataclass(frozen=True)
class Span:
    """A sentence and where it sits in the text it came from."""

    start: int
    end: int
    text: str


@lru_cache(maxsize=4)
def _segmenter(lang: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en" if lang == "en" else "ru", clean=False, char_span=True)


MAX_PIECE_CHARS = 2000
"""pysbd's time grows faster than linearly with paragraph length (a 1 MB line took 15 minutes),
so longer lines are first cut into pieces of at most this many characters, at the last
sentence-like punctuation, else the last space, else anywhere. No sentence is longer."""
_SENTENCE_END = re.compile(r"[.!?…。！？;]")
_PIECE_BREAKS = (". ", "! ", "? ", "… ", "。", "！", "？", "; ")


def _pieces(line: str, limit: int = MAX_PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces of `line`, each at most `limit` characters, covering it."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(line) - start > limit:
        end = start + limit
        cut = max(line.rfind(mark, start + limit // 2, end) + len(mark) for mark in _PIECE_BREAKS)
        if cut <= start + limit // 2:
            cut = max(line.rfind(" ", start + 1, end), line.rfind("\t", start + 1, end)) + 1
        if cut <= start + 1:
            cut = end
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(line)))
    return bounds


def split_sentences(text: str, lang: str) -> list[Span]:
    """Sentences with character offsets; paragraphs (blank or single newlines) always break.
    Linear in the text's length: see `MAX_PIECE_CHARS`."""
    spans: list[Span] = []
    for para in re.finditer(r"[^\n]+", text):
        line = para.group()
        for piece_start, piece_end in _pieces(line):
            piece = line[piece_start:piece_end]
            offset = para.start() + piece_start
            if len(line) > MAX_PIECE_CHARS and not _SENTENCE_END.search(piece):  # one sentence, no pysbd
                stripped = piece.strip()
                if stripped:
                    start = offset + len(piece) - len(piece.lstrip())
                    spans.append(Span(start, start + len(stripped), stripped))
                continue
            for seg_start, raw in _segments(piece, lang):
                stripped = raw.strip()
                if not stripped:
                    continue
                start = offset + seg_start + (len(raw) - len(raw.lstrip()))
                spans.append(Span(start, start + len(stripped), stripped))
    return _join_initials(spans, text)


_INITIAL_END = re.compile(r"(?:^|[\s(«\"'])(?:[A-HJ-Z]|[А-ЯЁ]|Ch|Sh|Kh|Ts|Zh|Ya|Yu|Ye|Yo|Дж)\.$")
"""A "sentence" ending in a person's initial: pysbd breaks Russian text after every initial
("Глава офиса Я." | "Содбаатар заявил…") and English text after two-letter ones ("Ya. Sodbaatar",
"Ch. Saikhanbileg", as Mongolian and Central Asian agencies write names). Only letters an initial
is written with: not a Roman numeral (Peter I.), nor a short surname or suffix (Wang Yi., Xi., Jr.)."""
_NOT_A_SURNAME = frozenset({"he", "she", "it", "they", "we", "затем", "потом", "однако", "также"})
"""Words that open a new sentence rather than follow an initial (besides the stop words)."""


def _join_initials(spans: list[Span], text: str) -> list[Span]:
    """Spans with each break after an initial, before a capitalised name on the same line, undone
    (never past `MAX_PIECE_CHARS`); and each break inside a Markdown image ("talks ![x](url)" is one
    sentence, not "talks !" and "[x](url)", which would read as a link of its own)."""
    joined: list[Span] = []
    for span in spans:
        before = joined[-1] if joined else None
        first = span.text.split(maxsplit=1)[0].strip("«\"'“(").lower() if span.text.strip() else ""
        image = before is not None and before.text.endswith("!") and span.start == before.end and span.text[:1] == "["
        if before is not None and span.end - before.start <= MAX_PIECE_CHARS and (image or (
                _INITIAL_END.search(before.text) and span.text[:1].isupper()
                and first not in _STOPWORDS and first not in _NOT_A_SURNAME
                and "\n" not in text[before.end:span.start])):
            joined[-1] = Span(before.start, span.end, text[before.start:span.end])
        else:
            joined.append(span)
    return joined


def _segments(text: str, lang: str) -> list[tuple[int, str]]:
    """pysbd's sentences with their offsets, as `Segmenter(char_span=True).segment` gives them,
    but located in one left-to-right pass: pysbd rescans the text from its start for every
    sentence, which is quadratic on a line of many short sentences ("a. a. a. ...")."""
    segmenter = _segmenter(lang)
    if not text:
        return []
    found: list[tuple[int, str]] = []
    prior_end = 0
    for sent in segmenter.processor(text).process():
        pattern = re.compile(re.escape(sent) + r"\s*")
        pos = found[-1][0] if found else 0  # pysbd scans from 0; earlier matches end before prior_end
        while True:
            match = pattern.search(text, pos)
            if match is None:
                break
            if match.end() > prior_end:
                found.append((match.start(), match.group()))
                prior_end = match.end()
                break
            pos = match.start() + 1
    return found


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
