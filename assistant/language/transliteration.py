"""Names across scripts, one home: does a word in one script spell a name written in the other?

Four readers, from strict to tolerant, used by the question grounding (`question.TextFacts`) and
the claim check (`anchors`) alike:
- `skeleton` / `name_matches`: a spelling-tolerant Latin key (Керри ~ Kerry, Исекешевым ~
  Issekeshev), a prefix absorbing Russian case endings;
- `consonant_codes` / `codes_match`: Latin consonants of the word and of its Snowball stem, with a
  letter's other readings (Г and Х as H and K, a soft c as s, pinyin and the Russian system:
  Грейнджера ~ Grainger, Хубилая ~ Kublai, Цзиньпином ~ Jinping), one consonant apart for long ones;
- `readings`: a short Chinese name by its whole reading (Qiang ~ Цян);
- `spelling_distance`: the whole spelling, vowels included, for what the consonants miss (below).

(`crosslingual.skeleton` is not one of them: it is the retrieval index's token, versioned with the
saved index, and kept apart so that changing a matcher here never invalidates an index.)

**Spelling distance.** The consonant codes drop vowels and need three consonants, so
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
from difflib import SequenceMatcher
from functools import lru_cache

from anyascii import anyascii

from ..core.text import stem_word

_SKELETON_FOLDS = (("yu", "u"), ("th", "t"),  # Лютер ~ Luther
                   ("shch", "s"), ("sch", "s"), ("sh", "s"), ("zh", "z"), ("kh", "h"), ("ts", "c"), ("tz", "c"),
                   ("ch", "c"), ("ck", "k"), ("ph", "f"), ("q", "k"), ("x", "ks"), ("w", "v"), ("y", "i"), ("j", "i"))


@lru_cache(maxsize=4096)
def skeleton(word: str) -> str:
    """A spelling-tolerant Latin key of a word in either script: Керри -> keri, Kerry -> keri."""
    word = re.sub(r"^[Ёё]", "Йо", word)  # Ёко ~ Yoko (inside a word ё is as often "e": Горбачёв ~ Gorbachev)
    key = re.sub(r"[^a-z0-9]", "", anyascii(word).lower())
    for old, new in _SKELETON_FOLDS:
        key = key.replace(old, new)
    key = key.replace("c", "k")  # Macron ~ Макрон; after ch/ts, which both scripts fold alike
    return re.sub(r"(.)\1+", r"\1", key)


def name_matches(name_key: str, word_key: str) -> bool:
    """Does a word (in any case form) spell the name? Russian case endings only extend a name,
    so a prefix match counts; otherwise the spellings must be close."""
    if len(name_key) < 3 or len(word_key) < 3:
        return name_key == word_key
    if word_key.startswith(name_key) or (name_key.startswith(word_key) and len(word_key) >= 4):
        return True
    if abs(len(word_key) - len(name_key)) > 4 or name_key[0] != word_key[0]:
        return False
    return SequenceMatcher(None, name_key, word_key[: len(name_key) + 2]).ratio() >= 0.8


_CONSONANT_REWRITES = (("shch", "sh"), ("sch", "sh"), ("tch", "ch"), ("dzh", "j"), ("zh", "j"), ("ts", "z"),
                       ("tz", "z"), ("kh", "h"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("ch", "4"), ("x", "ks"),
                       ("q", "k"), ("c", "k"), ("z", "s"), ("h", ""))
"""Russian and English spellings of one name converge (Грейнджер/Grainger, Мезьер/Maizière,
Шольц/Scholz, Брукхейвен/Brookhaven): дж/j and g before e/i, ц/ts/z, х/kh/h, then vowels go."""


_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def is_cyrillic(word: str) -> bool:
    """Written in Cyrillic: the script a name is compared across. Not `isascii`: Erdoğan and
    Maizière are Latin-script words, and an English article quoting them has no Russian word."""
    return _CYRILLIC.search(word) is not None


@lru_cache(maxsize=1 << 15)
def consonant_codes(word: str, variants: bool = True) -> frozenset[str]:
    """Latin consonant codes of a word in either script, for matching a name across scripts.
    A Russian word gives its form as written and its Snowball stem (and an adjective's stem
    without -ск-: Ньюкаслский -> Ньюкасл), so every case form meets the other script's one form.
    Codes shorter than three consonants say too little to be matched and are left out.
    `variants` adds the other readings of a letter (a soft c as s, Г as H, Х as K, Chinese names
    in pinyin and in the Russian system: Jinping ~ Цзиньпин, Tianjin ~ Тяньцзинь): asked of a
    name and of a text's rare words, not of its common ones (cells would read as Шольц)."""
    lower = word.lower().replace("ё", "е")
    forms = {lower}
    if is_cyrillic(lower):
        stem = stem_word(lower)
        forms |= {stem, stem[:-2] if stem.endswith("ск") else stem}
    spellings = set()
    for form in forms:
        latin = re.sub(r"[^a-z]", "", anyascii(form).lower())
        latin = re.sub(r"(?<=[aeiouy])w", "", latin).replace("w", "v")  # Newcastle ~ Ньюкасл, Wales ~ Уэльс
        spellings.add(re.sub(r"g(?=[eiy])", "j", latin))
        if not variants:
            continue
        if not is_cyrillic(form):  # a soft c is an s (Centro ~ Сентро); pinyin -ng is Russian -н (Jinping);
            # Greek and Latin au/eu are Russian ав/ев (Augustine ~ Августин, Euphrates ~ Евфрат)
            spellings |= {re.sub(r"c(?=[eiy])", "s", latin), latin.replace("ng", "n"),
                          re.sub(r"(?<![a-z])([ae])u(?=[^aeiouy])", r"\1v", latin)}
        else:  # Г and Х also stand for H and K (Гарвард ~ Harvard, Хубилай ~ Kublai); Цз is pinyin j;
            # an opening У before a vowel is a W (Уэльс ~ Wales, Уильям ~ William, Уорд ~ Ward)
            spellings |= {latin.replace("g", "h"), latin.replace("kh", "k"), latin.replace("tsz", "j"),
                          re.sub(r"^u(?=[aeio])", "v", latin)}
    codes = {_consonants(latin) for latin in spellings}
    return frozenset(code for code in codes if len(code) >= 3)


def _consonants(latin: str) -> str:
    for old, new in _CONSONANT_REWRITES:
        latin = latin.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", latin))


_PINYIN_AS_RUSSIAN = (("zh", "\x01"), ("ch", "\x02"), ("sh", "\x03"), ("ng", "n"), ("q", "ts"), ("x", "s"),
                      ("c", "ts"), ("z", "tsz"), ("j", "tsz"), ("r", "zh"), ("w", "v"),
                      ("\x01", "chzh"), ("\x02", "ch"), ("\x03", "sh"))
"""Pinyin as the Russian (Palladius) system writes it: Qiang Цян, Qin Цинь, Zhang Чжан, Wang Ван."""


@lru_cache(maxsize=1 << 14)
def readings(word: str) -> frozenset[str]:
    """How a word sounds in Latin letters, vowels kept: a Russian word as written and by its stem
    (Цяном -> tsian), a Latin one as written and as pinyin in the Russian system (Qiang -> tsian).
    A short Chinese name (Qiang, Qin, Chen) has under three consonants, too few for its consonant
    code to tell it from chance (Qiang and Сиань share 's-n'); its whole reading can."""
    lower = word.lower().replace("ё", "е")
    if is_cyrillic(lower):
        forms = {lower, stem_word(lower)}
    else:
        pinyin = re.sub(r"[^a-z]", "", anyascii(lower).lower())
        for old, new in _PINYIN_AS_RUSSIAN:
            pinyin = pinyin.replace(old, new)
        forms = {lower, pinyin}
    found = {re.sub(r"[^a-z]", "", anyascii(form).lower()).replace("y", "i") for form in forms}
    return frozenset(reading for reading in found if len(reading) >= 3)


def codes_match(name: str, word: str) -> bool:
    """Same consonants, or, when both have four or more and one five or more, one consonant
    apart with the same first one (Ньюкасл nksl ~ Newcastle nkstl)."""
    if name == word:
        return True
    if min(len(name), len(word)) < 4 or max(len(name), len(word)) < 5 or name[0] != word[0]:
        return False
    if abs(len(name) - len(word)) > 1:
        return False
    short, long = sorted((name, word), key=len)
    if len(short) == len(long):
        return sum(a != b for a, b in zip(short, long, strict=True)) == 1
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


SPELLING_DISTANCE = 0.12
"""Largest distance (per letter of the longer spelling) at which two words spell one name.
On the calibration half (even XQuAD articles) the first non-match this close to a name was at
0.143 (Хубилай-ханом against another paragraph's Kublai), so 0.12 leaves a margin of 0.023;
on the test half (odd articles) the names found went from 555 to 593 of 706, with no more
false matches (63 of 2,607 pairs, all from the other matchers or the labels)."""

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


_LETTERS = "abcdefghijklmnopqrstuvwxyz4"
_SWAPS = {(a, b): _swap(a, b) for a in _LETTERS for b in _LETTERS}
_GAPS = {letter: _gap(letter) for letter in _LETTERS}
"""The costs looked up, not recomputed in every cell: a name is held against every rare word of
an article, and the table made that 2.3x faster."""


@lru_cache(maxsize=1 << 18)
def _distance(a: str, b: str) -> float:
    """Weighted edit distance (Levenshtein with the costs above), or inf once it is sure to pass
    `SPELLING_DISTANCE` per letter of the longer word: a name is held against every rare word of
    an article, most of them far off after a letter or two, so the table stops there."""
    limit = SPELLING_DISTANCE * max(len(a), len(b)) + 1e-9  # a row's least cell only grows
    previous = [0.0]
    for letter in b:
        previous.append(previous[-1] + _GAPS[letter])
    for x in a:
        gap_x = _GAPS[x]
        current = [previous[0] + gap_x]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + gap_x, current[j - 1] + _GAPS[y], previous[j - 1] + _SWAPS[x, y]))
        if min(current) > limit:
            return float("inf")
        previous = current
    return previous[-1]


@lru_cache(maxsize=1 << 15)
def _spellings(word: str) -> frozenset[str]:
    """A Russian word as written and by its stem (Уильямом ~ William: case endings only extend a name)."""
    lower = word.lower().replace("ё", "е")
    forms = {lower, stem_word(lower)} if re.search(r"[а-я]", lower) else {lower}
    return frozenset(latin for latin in map(romanised, forms) if len(latin) >= _MIN_LETTERS)


def spelling_distance(word: str, other: str) -> float:
    """The distance per letter between two words' closest spellings (inf when either is too short,
    or when it is past `SPELLING_DISTANCE`: only whether it is within is ever asked)."""
    return min((_distance(a, b) / max(len(a), len(b)) for a in _spellings(word) for b in _spellings(other)),
               default=float("inf"))


MAX_NAME_LETTERS = 40
"""Longer words are spelt against nothing (the longest word in XQuAD, the news and seed corpora has 22
letters, the longest capitalised one 21)."""


def spells_same_name(word: str, other: str) -> bool:
    """Do two words (one Cyrillic, one Latin) spell one name, by `SPELLING_DISTANCE`? Pairs whose
    lengths alone put them further apart (each letter of the difference costs at least a soft
    gap) are not compared: a name is held against every rare word of an article."""
    if max(len(word), len(other)) > MAX_NAME_LETTERS:
        return False  # no name: a 950-letter "name" in a question cost 0.6 s and filled the caches
    if not any(abs(len(a) - len(b)) * _SOFT_GAP <= SPELLING_DISTANCE * max(len(a), len(b))
               for a in _spellings(word) for b in _spellings(other)):
        return False
    return spelling_distance(word, other) <= SPELLING_DISTANCE
