"""Untrusted text made safe to process and to show: the question's validation, and the invisible
characters that make text read as something else.

Why a module of its own: `assistant ask` validates the question before anything costly starts
(the question's embedding, the index load), so this module imports nothing heavy.

- Bidi controls (U+202A..202E, U+2066..2069, U+200E/F, U+061C) reorder what is displayed: a title
  with U+202E shows reversed. Every display channel (terminal, Markdown in the app and exports,
  chart tooltips, JSON) removes or escapes them.
- Zero-width characters (U+200B..200D, U+2060..2064, U+FEFF, U+180E, U+00AD) are invisible: a
  question broken up by them is the same question, and one made only of them asks nothing.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import InvalidQuestionError

BIDI_CONTROLS = re.compile(r"[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
"""Characters that change the display order of the text around them."""
ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060-\u2064\ufeff\u180e\u00ad]")
"""Characters that are not seen at all."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
"""Lone surrogates: undecodable bytes of a command line (surrogate escapes); no encoder takes them."""
_READABLE = re.compile(r"[^\W_]")
"""A letter or a digit (in any script): what a question needs at least one of."""
RAW_LIMIT_FACTOR = 4
"""A raw question longer than this many times the limit is refused before it is even normalised."""


SOURCE_MARKERS = re.compile(r"[ \t]*[\[［]\s*\d{1,3}[a-z]?(?:\s*[,;–-]\s*\d{1,3}[a-z]?)*\s*[\]］]")
"""An article's own footnote or citation markers ("… in 2012 [7]."): quoted in an answer, they would
read as the answer's citations of other sources."""


def without_source_markers(text: str) -> str:
    """A quote without the article's own "[n]" markers."""
    return SOURCE_MARKERS.sub("", text)


def strip_bidi(text: str) -> str:
    """`text` without bidi controls: it displays in the order it is stored."""
    return BIDI_CONTROLS.sub("", text)


_LATIN_LOOKALIKE = frozenset("AaBCcEeHKMOoPpTXxy")
_CYRILLIC_LOOKALIKE = frozenset("АаВСсЕеНКМОоРрТХху")
_TO_CYRILLIC = str.maketrans("AaBCcEeHKMOoPpTXxy", "АаВСсЕеНКМОоРрТХху")
_TO_LATIN = str.maketrans("АаВСсЕеНКМОоРрТХху", "AaBCcEeHKMOoPpTXxy")
_WORD = re.compile(r"[^\W\d_]+")
_HAS_LATIN = re.compile(r"[A-Za-z]")
_HAS_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def fold_lookalikes(text: str) -> str:
    """A word written in one script with a few look-alike letters of the other (Симанcом with a
    Latin c, pаssword with a Cyrillic а) in its own script: such a word matches nothing in either
    language, so a name in it would be reported missing and a word never found."""
    def fold(match: re.Match[str]) -> str:
        word = match.group()
        if not (_HAS_LATIN.search(word) and _HAS_CYRILLIC.search(word)):
            return word
        # the letters only one script has decide (d, m in Аcаdеmy; л, ж in Симанcом); else the majority
        latin = sum(1 for ch in word if ch.isascii() and ch not in _LATIN_LOOKALIKE)
        cyrillic = sum(1 for ch in word if not ch.isascii() and ch not in _CYRILLIC_LOOKALIKE)
        if latin == cyrillic:
            latin = sum(1 for ch in word if ch.isascii())
            cyrillic = len(word) - latin
        return word.translate(_TO_CYRILLIC if cyrillic > latin else _TO_LATIN)
    return _WORD.sub(fold, text)  # linear: a pattern for 'a word with both scripts' backtracks cubically


def clean_question(question: str | None, max_chars: int) -> str:
    """The question as it will be answered: Unicode NFKC, control characters as spaces, bidi and
    zero-width characters removed, undecodable bytes (lone surrogates) as U+FFFD, look-alike
    letters of the other script folded into a word's own (`fold_lookalikes`), trimmed.
    Refused (InvalidQuestionError) when empty, over `max_chars`, or without a single letter or
    digit (punctuation, emoji, invisible characters). Cheap and bounded: callers run it before
    any embedding, search or index load."""
    raw = question or ""
    if len(raw) > RAW_LIMIT_FACTOR * max_chars:  # bounded work: not even normalised
        raise _too_long(len(raw), max_chars)
    text = unicodedata.normalize("NFKC", _SURROGATE.sub("\ufffd", raw))
    text = ZERO_WIDTH.sub("", BIDI_CONTROLS.sub("", text))
    text = fold_lookalikes(_CONTROL.sub(" ", text).strip())
    if not text:
        raise InvalidQuestionError("The question is empty.", hint="Ask something about the articles.")
    if len(text) > max_chars:
        raise _too_long(len(text), max_chars)
    if not _READABLE.search(text):
        raise InvalidQuestionError("The question has no words in it (only punctuation, symbols or invisible "
                                   "characters).", hint="Ask a question about the articles.")
    return text


def _too_long(length: int, max_chars: int) -> InvalidQuestionError:
    return InvalidQuestionError(f"The question is {length} characters long; the limit is {max_chars}.",
                                hint="Shorten it (ASSISTANT_MAX_QUESTION_CHARS sets the limit).")
