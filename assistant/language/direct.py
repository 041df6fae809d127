"""The direct answer: the date (and, when surer, the figure or name) a question asks for, taken from
the sentence the answer stands on, so it can lead the answer in bold with its citation
("**November 15, 1993** [1]").

Only a span the sentence holds unambiguously is lifted: one distinct date, amount, count or
person's name that the question does not already contain. Otherwise there is no direct line and
the quotes speak for themselves: a wrong span in bold would mislead more than none. A name
written in another script than the question's is also given transliterated (anyascii), so
"Валентин Пармон" reads "Valentin Parmon" to an English reader.
"""

from __future__ import annotations

import re

from anyascii import anyascii

from .countries import find_countries
from .numbers import MONTH_NAMES, MONTH_WORD, month_number
from .question import AMOUNT, COUNT, DATE, PERSON, Question, _is_common_word

_MONTHS = (r"January|February|March|April|May|June|July|August|September|October|November|December|"
           r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?|"  # "arrived Nov 1"
           r"январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|"
           r"ноябр[яь]|декабр[яь]")
_DATE_SPAN = re.compile(
    rf"\b(?:(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}}(?:\s+года)?)?"
    rf"|(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?|(?:in\s+|в\s+)?(?:{_MONTHS})\s+\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}"
    rf"|(?<![\d.,])(?:1[89]|20)\d{{2}}(?:\s+год[ау]?)?(?![\d.,]))", re.IGNORECASE)
_UNIT = (r"(?:%|percent|per cent|million|billion|thousand|trillion|mln|bn|(?:US\s+)?dollars?|USD|euros?|EUR|"
         r"tenge|tons?|tonnes?|процент\w*|млн|млрд|тыс\.?|миллион\w*|миллиард\w*|доллар\w*|евро|тенге|тонн\w*)")
_DIGITS = r"(?<!\d)\d+(?:\s\d{3})*(?:[.,]\d+)?"
"""A figure, its thousands maybe set apart by spaces ("1 234,5"); not any run of digits and spaces,
which a run of years ("2023 2023 …") made quadratic (1.9 s at 2,000 characters)."""
_AMOUNT_SPAN = re.compile(rf"(?:[$€£₸]\s?|US\$\s?)?{_DIGITS}(?:\s*{_UNIT})+(?:\s+(?:USD|долларов|dollars))?"
                          rf"|(?:[$€£₸]|US\$)\s?{_DIGITS}", re.IGNORECASE)
_COUNT_SPAN = re.compile(r"(?<![\w.,$€£₸])(\d{1,5})(?![\d.,%])\s+([^\W\d_]{3,})")
_NAME_WORD = r"(?:[A-ZА-ЯЁ]\.\s?)*[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ]?[a-zа-яё]+)?"
_NAME_RUN = re.compile(rf"(?<![\w.])(?:{_NAME_WORD})(?:\s+{_NAME_WORD}){{0,2}}")


def _unique(spans: list[str], question: str) -> str | None:
    lower = question.lower()
    fresh = list(dict.fromkeys(s.strip(" ,.") for s in spans if s.strip(" ,.").lower() not in lower))
    longest = [s for s in fresh if not any(s != t and s.lower() in t.lower() for t in fresh)]
    return longest[0] if len(longest) == 1 else None


def _person(sentence: str, question: str) -> str | None:
    runs = []
    for match in _NAME_RUN.finditer(sentence):
        words = [w for w in re.split(r"\s+", match.group()) if w]
        if match.start() == 0 and len(words) == 1:
            continue  # the sentence's first word is capitalised anyway
        rare = [w for w in words if not _is_common_word(w.split(".")[-1]) and not find_countries(w)]
        if rare and not find_countries(match.group()):
            runs.append(match.group())
    return _unique(runs, question)


DIRECT_TYPES = (DATE,)
"""The answer types whose span leads the answer. Measured on the three sets' runs (span holding a
key fact / spans shown): dates 15 of 17, names 16 of 32, counts 5 of 9, amounts 2 of 4: for "who"
and "how much" the sentence the answer stands on is too often about another person or figure of
the same article, and a wrong span in bold misleads more than none. `direct_span` still reads
the other types, for when the lead is surer."""


def direct_span(asked: Question, sentence: str, types: tuple[str, ...] = DIRECT_TYPES) -> str | None:
    """The one span of `sentence` that answers `asked` directly, or None when there is no such
    span or more than one, or the question's type is not among `types`."""
    if asked.answer_type not in types:
        return None
    if asked.answer_type == DATE:
        span = _unique(_DATE_SPAN.findall(sentence), asked.text)
        return _PREPOSITION.sub("", span) if span else None
    if asked.answer_type == AMOUNT:
        return _unique([m.group() for m in _AMOUNT_SPAN.finditer(sentence)], asked.text)
    if asked.answer_type == COUNT:
        years = set(re.findall(r"(?<!\d)(?:1[89]|20)\d{2}(?!\d)", sentence))
        return _unique([f"{n} {w}" for n, w in _COUNT_SPAN.findall(sentence) if n not in years], asked.text)
    if asked.answer_type == PERSON:
        return _person(sentence, asked.text)
    return None


_DAYS = (("today", "сегодня"), ("yesterday", "вчера"), ("tomorrow", "завтра"), ("on Monday", "в понедельник"),
         ("on Tuesday", "во вторник"), ("on Wednesday", "в среду"), ("on Thursday", "в четверг"),
         ("on Friday", "в пятницу"), ("on Saturday", "в субботу"), ("on Sunday", "в воскресенье"))
"""A day said relative to the article's date, as the reader reads it in English and in Russian."""
_RELATIVE_DAY = re.compile(
    r"(?<![\w-])(?:today|yesterday|tomorrow|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|сегодня|вчера|завтра|во?\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье))(?![\w-]|['’]s)",
    re.IGNORECASE)
"""Not "yesterday's discussion": a day that describes a noun does not date the event asked about."""


def relative_day(sentence: str, lang: str) -> tuple[str, str] | None:
    """The one day `sentence` names relative to its article's date ("signed on Monday", "сегодня
    провели переговоры"): as written, and in the reader's language; None when it names none or several."""
    found = {match.group().lower().split()[-1]: match.group() for match in _RELATIVE_DAY.finditer(sentence)}
    if len(found) != 1:
        return None
    [(word, written)] = found.items()
    for english, russian in _DAYS:
        if word in (english.split()[-1].lower(), russian.split()[-1]):
            return written, english if lang == "en" else russian
    return None


MAX_DATELINE_CHARS = 80
"""Text before a sentence on its line that can be a dateline ("ASTANA, June 25 –")."""


def dateline_date(text: str, start: int) -> str | None:
    """The one date in the dateline the sentence at `start` follows on its line ("ASTANA, June 25 –
    … met in Astana today"), as written; None when there is no such dateline or date."""
    prefix = text[text.rfind("\n", 0, start) + 1:start]
    if not prefix.strip() or len(prefix) > MAX_DATELINE_CHARS:
        return None
    return _unique(_DATE_SPAN.findall(prefix), "")


def iso_for_reader(iso: str, lang: str) -> str:
    """An article's ISO date as the reader writes dates: "April 14, 2025", "14 апреля 2025 года"."""
    year, month, day = (int(part) for part in iso.split("-"))
    return _written_date(day, month, year, lang)


_PREPOSITION = re.compile(r"^(?:in|в)\s+", re.IGNORECASE)
"""The "in" of "in February 2015": read with the date, not part of it."""
_RU_MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь",
              "декабрь")
_RU_MONTHS_OF = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
                 "ноября", "декабря")


def date_for_reader(span: str, lang: str) -> str:
    """A date span written in the reader's language: "7 января 1943 года" reads "January 7, 1943"
    to an English reader and "May 18, 1756" reads "18 мая 1756 года" to a Russian one (a
    transliterated date, "7 yanvarya 1943 goda", told an English reader nothing). A span in the
    reader's language, or in digits only, is given as written."""
    foreign = re.search(r"[А-Яа-яЁё]", span) if lang == "en" else re.search(r"[A-Za-z]", span)
    if foreign is None:
        return span
    match = MONTH_WORD.search(span)
    month = month_number(match.group()) if match else None
    rest = span.replace(match.group(), " ") if match else span
    day = next((int(d) for d in re.findall(r"(?<!\d)\d{1,2}(?!\d)", rest)), None)
    year = next(iter(re.findall(r"(?<!\d)\d{4}(?!\d)", rest)), None)
    if month is None:
        return year or span
    return _written_date(day, month, year, lang)


def _written_date(day: int | None, month: int, year: int | str | None, lang: str) -> str:
    """A date as the reader writes it: "January 7, 1943", "7 января 1943 года", or a part of one."""
    if lang == "en":
        head = f"{MONTH_NAMES[month - 1]} {day}" if day else MONTH_NAMES[month - 1]
        return f"{head}, {year}" if day and year else f"{head} {year}" if year else head
    if day:
        return f"{day} {_RU_MONTHS_OF[month - 1]} {year} года" if year else f"{day} {_RU_MONTHS_OF[month - 1]}"
    return f"{_RU_MONTHS[month - 1]} {year} года" if year else _RU_MONTHS[month - 1]


def shown(span: str, answer_type: str, lang: str) -> str:
    """The direct answer as the reader sees it: a date in the reader's language, a name also
    transliterated."""
    return date_for_reader(span, lang) if answer_type == DATE else with_transliteration(span, lang)


def with_transliteration(span: str, lang: str) -> str:
    """The span, followed by its Latin transliteration when it is Cyrillic and the reader's
    language is English (a Russian reader reads Latin names as they are)."""
    if lang == "en" and re.search(r"[А-Яа-яЁё]", span):
        return f"{span} ({anyascii(span)})"
    return span
