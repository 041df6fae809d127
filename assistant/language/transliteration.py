"""How far apart two spellings of one name are across scripts, vowels included.

The consonant codes (`question.consonant_codes`) drop vowels and need three consonants, so
short names (Esch ~ Эша, Eero ~ Эро, Kuo ~ Куа) and names whose consonants the two scripts
render apart (Waterfield ~ Уотерфилд, Jamukha ~ Джамуха) were never matched: a faithful
translation was struck and a cross-language question refused. Here both spellings are romanised
(`anyascii`) and folded alike, and compared by an edit distance whose costs follow how
transliteration goes wrong: one vowel for another, a vowel or an h/j/w put in or left out, and
sounds of one group (s/z/c, k/g/h, v/w/f/u, d/t, b/p) cost a fraction of another letter.

`SPELLING_DISTANCE` was calibrated on XQuAD's parallel paragraphs (`evals/translations.py`
explains the data), split by article: every name of a paragraph against its translation (should
match) and against the translation of another paragraph of the same article that does not name it
(same topic, other names: should not). Pure string arithmetic, so the same on every CPU."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

from ..core.text import stem_word

SPELLING_DISTANCE = 0.12
"""Largest distance (per letter of the longer spelling) at which two words spell one name.
On the calibration half (even XQuAD articles) the first non-match this close to a name was at
0.143 (Хубилай-ханом against another paragraph's Kublai), so 0.12 leaves a margin of 0.023;
on the test half (odd articles) the names found went from 555 to 593 of 706, with no more
false matches (56 of 2,595 pairs, all from the other matchers or the labels)."""

_VOWELS = frozenset("aeiouy")
_SOUND_GROUPS = (frozenset("szc"), frozenset("kcqgh"), frozenset("gjh"), frozenset("vwfu"), frozenset("iyj"),
                 frozenset("dt"), frozenset("bp"), frozenset("lr"))
_FOLDS = (("ph", "f"), ("th", "t"), ("ck", "k"), ("qu", "kv"), ("x", "ks"), ("sch", "sh"), ("tsz", "j"),
          ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("ch", "4"))
"""Digraphs either script writes for one sound (Джамуха dzhamukha ~ Jamukha; Цз is pinyin j; ч
and English ch as one letter of their own)."""
_VOWEL_SWAP, _GROUP_SWAP, _SOFT_GAP = 0.25, 0.4, 0.35
_MIN_LETTERS = 3
"""Shorter spellings (Li, Ли) say too little to be matched by distance."""


@lru_cache(maxsize=1 << 16)
def romanised(word: str) -> str:
    """A word in Latin letters, folded: soft c as s, hard c as k, digraphs as one letter, doubles as one."""
    latin = re.sub(r"[^a-z]", "", anyascii(word.lower().replace("ё", "е")).lower())
    latin = re.sub(r"c(?!h)", "k", re.sub(r"c(?=[eiy])", "s", latin))
    for old, new in _FOLDS:
        latin = latin.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", latin)


def _swap(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if a in _VOWELS and b in _VOWELS:
        return _VOWEL_SWAP
    return _GROUP_SWAP if any(a in group and b in group for group in _SOUND_GROUPS) else 1.0


def _gap(letter: str) -> float:
    return _SOFT_GAP if letter in _VOWELS or letter in "hjw" else 1.0


@lru_cache(maxsize=1 << 18)
def _distance(a: str, b: str) -> float:
    """Weighted edit distance (Levenshtein with the costs above)."""
    previous = [0.0]
    for letter in b:
        previous.append(previous[-1] + _gap(letter))
    for x in a:
        current = [previous[0] + _gap(x)]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + _gap(x), current[j - 1] + _gap(y), previous[j - 1] + _swap(x, y)))
        previous = current
    return previous[-1]


@lru_cache(maxsize=1 << 15)
def _spellings(word: str) -> frozenset[str]:
    """A Russian word as written and by its stem (Уильямом ~ William: case endings only extend a name)."""
    lower = word.lower().replace("ё", "е")
    forms = {lower, stem_word(lower)} if re.search(r"[а-я]", lower) else {lower}
    return frozenset(latin for latin in map(romanised, forms) if len(latin) >= _MIN_LETTERS)


def spelling_distance(word: str, other: str) -> float:
    """The distance per letter between two words' closest spellings (inf when either is too short)."""
    return min((_distance(a, b) / max(len(a), len(b)) for a in _spellings(word) for b in _spellings(other)),
               default=float("inf"))


def spells_same_name(word: str, other: str) -> bool:
    """Do two words (one Cyrillic, one Latin) spell one name, by `SPELLING_DISTANCE`?"""
    return spelling_distance(word, other) <= SPELLING_DISTANCE
