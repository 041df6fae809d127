"""The figures, dates and money a text states, read the same way in English and Russian: numbers
in any format ("157,5 млн" is 157.5 million), small numbers and ordinals written as words, months,
ISO dates written out, currencies, and what a trade figure measures (exports, imports, turnover)
and which way it moved. The claim check (`anchors`) holds a model's claim to them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise

from ..core.text import detect_language, split_sentences
from .countries import country_spans

_SCALE_WORDS = {
    "thousand": 1e3, "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3,
    "million": 1e6, "millions": 1e6, "mln": 1e6, "m": 1e6, "млн": 1e6, "миллион": 1e6, "миллиона": 1e6,
    "миллионов": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9,
    "миллиардов": 1e9,
    "trillion": 1e12, "трлн": 1e12, "триллион": 1e12, "триллиона": 1e12, "триллионов": 1e12,
}
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,3}(?:,\d{3})+(?=\.\d)"
                     r"|\d{1,3}(?:,\d{3}){2,}(?![\d,])|\d+)"
                     r"(?:([.,])(\d+))?(?:(?:\s*|-)([^\W\d_]+)\.?)?")
SMALL_NUMBERS = {w: n for n, ws in enumerate([
    (), ("one", "один", "одна", "одно"), ("two", "два", "две"), ("three", "три"), ("four", "четыре"),
    ("five", "пять"), ("six", "шесть"), ("seven", "семь"), ("eight", "восемь"), ("nine", "девять"),
    ("ten", "десять"), ("eleven", "одиннадцать"), ("twelve", "двенадцать")]) for w in ws}
OBLIQUE_NUMBERS = {w: n for n, ws in [
    (2, ("двух", "двум", "двумя")), (3, ("трех", "трем", "тремя")), (4, ("четырех", "четырем", "четырьмя")),
    (5, ("пяти", "пятью")), (6, ("шести", "шестью")), (7, ("семи",)), (8, ("восьми", "восемью")),
    (9, ("девяти", "девятью")), (10, ("десяти", "десятью")), (11, ("одиннадцати",)), (12, ("двенадцати",))]
    for w in ws}
"""Russian cardinals in their other cases ("в пяти регионах", "с двумя странами"; ё read as е): what
a passage states (a claim's "two" is there in "двумя") and what a count counts. Not claimed as
figures: "в двух областях — Новосибирской и Томской" counts what its source names one by one. Not
"семью", which is also "family"."""
_MONTHS = [("january", "jan", "январ"), ("february", "feb", "феврал"), ("march", "mar", "март"),
           ("april", "apr", "апрел"), ("may", "ма"), ("june", "jun", "июн"), ("july", "jul", "июл"),
           ("august", "aug", "август"), ("september", "sep", "сентябр"), ("october", "oct", "октябр"),
           ("november", "nov", "ноябр"), ("december", "dec", "декабр")]
MONTH_WORD = re.compile(r"(?<![\w])(january|february|march|april|may|june|july|august|september|october|november|"
                         r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|январ[ьяе]|феврал[ьяе]|марта?|марте|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|"
                         r"августа?|августе|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])(?![\w])", re.IGNORECASE)


def _value(whole: str, sep: str | None, frac: str | None, decimal_comma: bool = False) -> float:
    """A number as written; `decimal_comma`: before a Russian scale word ("1,345 млрд"), a comma
    is a decimal one even before three digits."""
    digits = re.sub(r"[ \u00a0\u202f,]", "", whole)
    if sep and frac:
        if sep == "," and len(frac) == 3 and not decimal_comma and not re.search(r"[ \u00a0\u202f]", whole):
            return float(digits + frac)  # 1,234 = one thousand two hundred and thirty-four
        return float(f"{digits}.{frac}")
    return float(digits)


def _number_matches(text: str) -> Iterator[tuple[re.Match[str], float, float | None]]:
    """Each number in digits: (its match, its value as written, its value scaled by the unit word
    after it, or None when there is none). A Russian compound ("2 млрд 125,8 млн", "5 трлн 600
    млрд") is one figure, written in its smaller unit (2125.8) and scaled (2125800000)."""
    matches = list(_NUMBER.finditer(text))
    skip = False
    for match, after in zip(matches, [*matches[1:], None]):  # noqa: B905 (one longer: the last has none after)
        if skip:
            skip = False
            continue
        whole, sep, frac, unit = match.groups()
        scale = _SCALE_WORDS.get((unit or "").lower())
        value = _value(whole, sep, frac, decimal_comma=bool(scale) and not (unit or "").isascii())
        if after is not None and scale and scale >= 1e6 and not sep and not text[match.end():after.start()].strip():
            smaller = _SCALE_WORDS.get((after.group(4) or "").lower())
            if smaller and smaller < scale:
                part = _value(after.group(1), after.group(2), after.group(3))
                skip = True
                yield match, round(value * scale / smaller + part, 3), round(value * scale + part * smaller, 3)
                continue
        yield match, value, round(value * scale, 3) if scale else None


def _numbers(text: str) -> Iterator[tuple[float, float | None]]:
    """`_number_matches` without the matches."""
    for _, value, scaled in _number_matches(text):
        yield value, scaled


_RU_ADJECTIVE = r"(?:ый|ий|ой|ая|ое|ые|ого|ому|ым|ом|ую|ых|ыми)"
_ORDINALS = [(n, re.compile(pattern)) for n, pattern in [
    (3, r"third|трет(?:ий|ья|ье|ьи|ьего|ьему|ьим|ьем|ьей|ью|ьих|ьими)"), (4, r"fourth|четв[её]рт" + _RU_ADJECTIVE),
    (5, r"fifth|пят" + _RU_ADJECTIVE), (6, r"sixth|шест" + _RU_ADJECTIVE), (7, r"seventh|седьм" + _RU_ADJECTIVE),
    (8, r"eighth|восьм" + _RU_ADJECTIVE), (9, r"ninth|девят" + _RU_ADJECTIVE), (10, r"tenth|десят" + _RU_ADJECTIVE),
    (11, r"eleventh|одиннадцат" + _RU_ADJECTIVE), (12, r"twelfth|двенадцат" + _RU_ADJECTIVE)]]
"""Ordinals from third to twelfth ("the sixth trading partner", "третьим партнёром"): a rank is a
figure. "First" is a ranking word (`QUALIFIERS`); "second" is also a unit of time."""


_MULTIPLES = [(2, re.compile(r"doubled|twice|вдвое|дважды|удво(?:ил|ен)\w*|двукратн\w*")),
              (3, re.compile(r"tripled|trebled|thrice|втрое|трижды|утро(?:ил|ен)\w*|тр[её]хкратн\w*")),
              (4, re.compile(r"quadrupled|вчетверо|учетвер(?:ил|ен)\w*|четыр[её]хкратн\w*")),
              (5, re.compile(r"впятеро|пятикратн\w*"))]
"""A multiple written as a verb or an adverb ("doubled", "twice", "вдвое", "утроился"): the figure a claim
commits to as surely as "twofold" or "в два раза" ("the number of companies doubled" where the
source says "tripled" is a wrong figure). Not "double" or "двойной" ("double taxation")."""


_MULTIPLE_VALUES = tuple(n for n, _ in _MULTIPLES)


def _word_value(word: str) -> int | None:
    """The number a word writes out: a small cardinal (five, пять), a multiple ("fivefold": five
    times, as Russian writes "в пять раз"; "doubled", "втрое") or an ordinal (sixth, шестым)."""
    word = word.replace("ё", "е")
    if word in SMALL_NUMBERS:
        return SMALL_NUMBERS[word]
    multiple = next((n for n, pattern in _MULTIPLES if pattern.fullmatch(word)), None)
    if multiple is not None:
        return multiple
    if word.endswith("fold") and word[:-4] in SMALL_NUMBERS and word[:-4].isascii():
        return SMALL_NUMBERS[word[:-4]]
    return next((n for n, pattern in _ORDINALS if pattern.fullmatch(word)), None)


def figures(text: str) -> set[float]:
    """The numbers a text states, each as written and scaled by its unit word (157.5 million ->
    157.5 and 157500000.0), plus small numbers and ordinals written as words."""
    found = {v for value, scaled in _numbers(text) for v in (value, scaled) if v is not None}
    words = (_stated_value(w) for w in re.findall(r"[^\W\d_]+", text.lower()))
    return found | {float(n) for n in words if n is not None}


def _stated_value(word: str) -> int | None:
    """The number a passage's word states: `_word_value`, or a Russian cardinal in another case."""
    return _word_value(word) or OBLIQUE_NUMBERS.get(word.replace("ё", "е"))


_PERIOD = re.compile(r"(?<![\w.,])(\d{1,2}|[^\W\d_]+)\s+(?:(?:calendar|fiscal|first|last|past)\s+)?"
                     r"(quarters?|months?|кварта\w*|месяц\w*)\b", re.IGNORECASE)
_HALF_YEAR = re.compile(r"\b(?:first|second) half\b|(?<![\w])полугоди\w*", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
"""A year written in digits."""
_PREVIOUS_YEAR = re.compile(r"\b(?:the )?(?:previous|preceding|prior) year\b|\ba year (?:earlier|before)\b"
                            r"|\bthe year before\b|(?<![\w])(?:предыдущ\w* год\w*|прошл\w* год\w*)", re.IGNORECASE)


_ROMAN = re.compile(r"(?<![\w.-])([IVXL]{2,7})(?![\w-])")
"""An ordinal in Roman numerals ("XVIII Веронский форум": the 18th), as Russian writes them; not
"II", which is mostly a name's (World War II, Elizabeth II)."""


def _roman_value(numeral: str) -> int | None:
    """The value of a well-formed Roman numeral up to 89 (XVIII -> 18), None for any other letters."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = sum(-values[a] if values[a] < values[b] else values[a] for a, b in pairwise(numeral)) \
        + values[numeral[-1]]
    return total if _to_roman(total) == numeral else None


def roman_value(word: str) -> int | None:
    """The value of a word that is a Roman numeral of two letters or more up to 89 (XVIII -> 18),
    else None: a century or an ordinal a translation writes in digits ("18th century")."""
    return _roman_value(word) if _ROMAN.fullmatch(word) and word != "II" else None


def _to_roman(value: int) -> str:
    out = ""
    for amount, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, value = divmod(value, amount)
        out += letters * count
    return out


_HUNDREDS = re.compile(r"(?<![\d,.])(1\d|20)\d0['’]?s\b")
"""A decade or the hundreds of a century ("the 1890s", "the 1700s"), which name the century a
translation gives as "конце XIX века" or "XVIII веке"."""


def implied_figures(text: str) -> set[float]:
    """Figures a text states in other units or relative to a year it names, which a faithful claim
    may give as such: "the first three quarters" is nine months (and 9 months three quarters), a
    half-year six months, "65% more than the previous year" in a sentence on 2023 names 2022, and
    two figures of a sentence, one a multiple of the other ("from 10% to 5%"), the multiple ("вдвое")."""
    found: set[float] = set()
    for match in _PERIOD.finditer(text):
        word, unit = match.group(1).lower(), match.group(2).lower()
        count = float(word) if word.isdigit() else _stated_value(word)
        if not count:
            continue
        if unit.startswith(("quarter", "кварт")):
            found.add(3.0 * count)
        elif count % 3 == 0:
            found.add(count / 3)
    if _HALF_YEAR.search(text):
        found.add(6.0)
    found |= {float(value) for numeral in _ROMAN.findall(text) if (value := roman_value(numeral))}
    found |= {float(int(m.group(1)) + 1) for m in _HUNDREDS.finditer(text)}  # the 1700s: the 18th century
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if _PREVIOUS_YEAR.search(sentence):
            found |= {float(int(year) - 1) for year in YEAR.findall(sentence)}
        # "from 10% to 5%" halves, "from 5 to 15" triples: the multiple a claim may give for it
        values = {v for v, _ in _numbers(sentence) if v and not YEAR.fullmatch(f"{v:g}")}
        found |= {float(n) for a in values for b in values for n in _MULTIPLE_VALUES if a == n * b}
    return found


_SENTENCE_END = frozenset(".!?…\n\"«(") | {""}
"""What may stand before a sentence's first word (nothing, at the start of the text)."""


_ENGLISH_VERBS = frozenset({"may", "march"})
_DIGIT_AFTER = re.compile(r"[a-z]+\.?,?\s*\d", re.IGNORECASE)
_MONTH_BEFORE = re.compile(r"\b(?:in|early|late|mid|since|until|till|through|last|next)[\s-]+$", re.IGNORECASE)
"""Words after which a lower-case "may" or "march" is the month ("in may", "since march"): the verb
follows its subject ("elections may be held", "this may change", "phase 2 may begin")."""


_NAME_BEFORE = re.compile(r"(?<![\w.])(?!(?:In|Early|Late|Mid|Since|Until|Till|Through|Last|Next|By|On|Of|From|To|"
                          r"During|This|Each|Every|And|Or|The|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                          r"Sunday)\b)[A-Z][a-z]+\.?\s+$")
"""A capitalised word before a capitalised "May" or "March" with no day or year after it: a name
("Theresa May", "Mrs. May", "Prime Minister May"), not the month ("In May", "on Monday, May 5")."""


def months(text: str) -> set[int]:
    """The months `text` names. A Russian month is written in lower case, so a capitalised one inside
    a sentence is a name ("еврокомиссар Марта Кос", Marta Kos), not March; an English one is
    capitalised, so "may" and "march" are verbs unless a day or a year follows them or "in",
    "since" and the like come before them."""
    found = set()
    for match in MONTH_WORD.finditer(text):
        word = match.group(1).lower()
        before = text[:match.start()].rstrip()[-1:]
        if match.group(1)[0].isupper() and not match.group(1).isupper() and not word.isascii() \
                and before not in _SENTENCE_END and not before.isdigit():
            continue  # (but "9 Мая", the holiday, and "АСТАНА, 5 МАЯ" are dates)
        if word in _ENGLISH_VERBS and not _DIGIT_AFTER.match(text, match.start(), match.end() + 3):
            reach = max(0, match.start() - 20)  # the words just before it
            if match.group(1) == word and not _MONTH_BEFORE.search(text, reach, match.start()):
                continue  # "may" and "march" in lower case are verbs ("the plague may have entered"), not months
            if match.group(1) != word and _NAME_BEFORE.search(text, reach, match.start()):
                continue  # "Theresa May": a name
        for number, forms in enumerate(_MONTHS, start=1):
            if any(word.startswith(f) for f in forms) and not (word.startswith("ма") and number == 5 and
                                                                   word.startswith("мар")):
                found.add(number)
                break
    return found


def month_number(word: str) -> int | None:
    """The month a month word names (November, ноября, Nov), as `months` reads it."""
    found = months(word)
    return next(iter(found)) if len(found) == 1 else None


_DAY_MONTH = re.compile(rf"(?<![\d.,])(\d{{1,2}})(?:st|nd|rd|th|-?(?:го|е))?\s+(?:of\s+)?{MONTH_WORD.pattern}"
                        rf"|{MONTH_WORD.pattern}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?![\d.,]*\d)", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"{MONTH_WORD.pattern}\.?,?\s+(?:(?:\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?((?:19|20)\d\d)(?!\d)",
                         re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?![\d])")


_RANGE_JOIN = r"\s*(?:[-–—]|\s(?:по|до|to|and|until|till|through)\s)\s*"
_DAY_RANGE = re.compile(rf"(?<![\d.,])(\d{{1,2}}){_RANGE_JOIN}(\d{{1,2}})\s+(?:of\s+)?{MONTH_WORD.pattern}"
                        rf"|{MONTH_WORD.pattern}\.?\s+(\d{{1,2}}){_RANGE_JOIN}(\d{{1,2}})(?![\d.,]*\d)", re.IGNORECASE)
"""Two days of one month: "18-19 мая", "с 10 по 15 мая", "from 10 to 15 May", "May 18-19" (each day
is a date the text states, so "10-15 May" is matched by either way of writing it)."""


def day_dates(text: str) -> list[tuple[tuple[str, int, int], int, int]]:
    """Each day-and-month date a text writes ("November 2", "2 ноября", "Nov 1", both days of
    "May 18-19"), with where it stands: (("day", day, month), start, end)."""
    found = []
    for match in _DAY_RANGE.finditer(text):
        word = match.group(3) or match.group(4)
        month = None if word.isascii() and word.islower() else month_number(word)
        days = [int(d) for d in (match.group(1), match.group(2)) if d] or [int(match.group(5)), int(match.group(6))]
        if month is not None and all(1 <= day <= 31 for day in days):
            found += [(("day", day, month), match.start(), match.end()) for day in days]
    for match in _DAY_MONTH.finditer(text):
        day = int(match.group(1) or match.group(4))  # MONTH_WORD brings its own group: 2 or 3
        word = match.group(2) or match.group(3)
        if word.isascii() and word.islower():
            continue  # "5 may attend": a month is written with a capital in English
        month = month_number(word)
        if month is not None and 1 <= day <= 31:
            found.append((("day", day, month), match.start(), match.end()))
    return found


@lru_cache(maxsize=512)
def dates_of(text: str) -> frozenset[tuple[str, int, int]]:
    """The dates a text states as pairs: ("day", day, month) for "June 24", "24 июня", "24.06.2024",
    and ("month", month, year) for "November 2022", "в ноябре 2022 года", "November 2, 2022". A
    day, a month and a year each found somewhere in a text do not make it state their date."""
    found: set[tuple[str, int, int]] = {date for date, _, _ in day_dates(text)}
    for match in _MONTH_YEAR.finditer(text):
        if match.group(1).isascii() and match.group(1).islower():
            continue
        month = month_number(match.group(1))
        if month is not None:
            found.add(("month", month, int(match.group(2))))
    for match in _NUMERIC_DATE.finditer(text):
        day, month, year = (int(g) for g in match.groups())
        if 1 <= day <= 31 and 1 <= month <= 12:
            found |= {("day", day, month), ("month", month, year)}
    return frozenset(found)


def claim_figures(text: str) -> list[float]:
    """The figures a claim commits to: each number with its scale when it has one ("450 billion"
    must be 450 billion, not 450 million), and small numbers written as words ("five working groups")."""
    found = [value if scaled is None else scaled for value, scaled in _numbers(text)]
    lower = text.lower()
    words = [m.group(1) for m in _SMALL_WORD.finditer(lower) if not _PAIR.match(lower, m.end())
             and not (lower[:m.start()].endswith("the ") and _ACTS.match(lower, m.end()))]
    values = (_word_value(w) for w in words)
    return found + [float(n) for n in values if n is not None and n > 1]


_SMALL_WORD = re.compile(r"(?<![\w])([^\W\d_]+)")
_PAIR = re.compile(r"\s+(?:countries|sides|nations|states|leaders|presidents|ministers|parties|стран\w*|сторон\w*|"
                   r"государств\w*|лидер\w*|президент\w*|министр\w*)\b")
""""the two countries", "обе стороны": how a writer refers to the parties, not a figure to check."""
_ACTS = re.compile(r"\s+(?:\w+ed|also|have|had|will|would|are|were|agrees?|discuss(?:es)?|notes?|stress(?:es)?)\b")
""""The two stressed…": "the two" as the subject of a verb refers to the parties too."""


_TRENDS = {
    "rise": re.compile(r"\b(?:increas\w*|grew|grow(?:s|n|th)?|rose|rise[sn]?|up)\b|(?<![\w])(?:вырос\w*|увелич\w*|"
                       r"рост\w*|возрос\w*)", re.IGNORECASE),
    "fall": re.compile(r"\b(?:decreas\w*|declin\w*|fell|fall(?:s|en)?|drop(?:s|ped)?|down|shr[au]nk)\b"
                       r"|(?<![\w])(?:сократил\w*|сокращ\w*|снизил\w*|снижени\w*|уменьш\w*|упал\w*|падени\w*)",
                       re.IGNORECASE),
}
"""Which way a figure moved ("сократился на 29%" where the source says "increased by 29%"): read
beside the figure, as its flow is, since rise and fall words elsewhere in a text say nothing of it."""
_FLOWS = {
    "export": re.compile(r"\bexport(?:s|ed|ing|ers?)?\b|(?<![\w])(?:экспорт\w*|вывоз\w*)", re.IGNORECASE),
    "import": re.compile(r"\bimport(?:s|ed|ing|ers?)?\b|(?<![\w])(?:импорт\w*|ввоз\w*)", re.IGNORECASE),
    "turnover": re.compile(r"\bturnover\b|\b(?:mutual|bilateral|total) trade\b|\btrade between\b"
                           r"|(?<![\w])(?:товарооборот\w*|взаимн\w* торговл\w*)", re.IGNORECASE),
}
"""Which flow a trade figure measures. A translation that moves a figure from imports to exports
keeps every number and word of its source ("казахстанский экспорт — 79,4 млн" where the article
says "Kazakh imports of $79.4 million"); only the figure's own flow word shows the change."""
_FLOW_BACK_WORDS = 8
_FLOW_AHEAD_WORDS = 5
_RESPECTIVELY = re.compile(r"\brespectively\b|(?<![\w])соответственно(?![\w])", re.IGNORECASE)
_FLOW_JOIN = re.compile(r"[.;:()\n,]|\s(?:and|while|with|whereas|а|и|при этом)\s", re.IGNORECASE)
"""Where the words of one figure end and the next figure's begin: in "$4.9 million in exports and
$45.6 million in imports" the "exports" before 45.6 belongs to 4.9."""


def _flow_near(before: str, after: str, kinds: dict[str, re.Pattern[str]]) -> str | None:
    """The flow word closest before a figure (up to `_FLOW_BACK_WORDS` words, after the last
    join), else just after it ("$4.9 million in exports", up to the next join)."""
    back = " ".join(_FLOW_JOIN.split(before)[-1].split()[-_FLOW_BACK_WORDS:])
    found = [(m.end(), flow) for flow, pattern in kinds.items() for m in pattern.finditer(back)]
    if found:
        return max(found)[1]
    ahead = " ".join(_FLOW_JOIN.split(after)[0].split()[:_FLOW_AHEAD_WORDS])
    found = [(m.start(), flow) for flow, pattern in kinds.items() for m in pattern.finditer(ahead)]
    return min(found)[1] if found else None


@lru_cache(maxsize=512)
def figure_flows(text: str, kinds: str = "flows") -> dict[float, frozenset[str | None]]:
    """For each figure a text states (as written and scaled), the flows (`kinds` "flows": export,
    import, turnover) or trends ("trends": rise, fall) it is given as (None: no such word near it).
    Years are not trade figures, and a sentence that pairs figures with flows "respectively" is
    left unread. Cached: a claim's passages are read once for all its claims; read-only."""
    words = _TRENDS if kinds == "trends" else _FLOWS
    flows: dict[float, set[str | None]] = {}
    for span in split_sentences(text, detect_language(text)):
        sentence = span.text
        if _RESPECTIVELY.search(sentence):
            continue
        numbers = list(_number_matches(sentence))
        for i, (match, value, scaled) in enumerate(numbers):
            previous = numbers[i - 1][0].end() if i else 0
            following = numbers[i + 1][0].start() if i + 1 < len(numbers) else len(sentence)
            if scaled is None and match.group(2) is None and 1900 <= value <= 2100:
                continue  # a year
            flow = _flow_near(sentence[previous:match.start()], sentence[match.end():following], words)
            for v in (value, scaled):
                if v is not None:
                    flows.setdefault(v, set()).add(flow)
    return {value: frozenset(given) for value, given in flows.items()}


def misplaced_flows(claim: str, text: str, kinds: str = "flows") -> tuple[float, ...]:
    """Figures the claim gives as one flow (exports) that the passages give, everywhere they state
    them, only as another (imports, turnover); with `kinds` "trends", as a fall for a rise."""
    have = figure_flows(text, kinds)
    wrong = []
    for value, stated in figure_flows(claim, kinds).items():
        given = have.get(value, frozenset())
        if given and None not in given and any(flow is not None and flow not in given for flow in stated) \
                and not (kinds == "flows" and _seen_from_the_other_side(value, claim, text)):
            wrong.append(value)
    return tuple(sorted(wrong))


def _seen_from_the_other_side(value: float, claim: str, text: str) -> bool:
    """The claim gives the passages' exports as the buyer's imports, or the other way round, and
    names the same direction ("Estonian imports from Kazakhstan" for "Kazakh exports" to Estonia)."""
    claimed = figure_directions(claim).get(value, frozenset())
    given = figure_directions(text).get(value, frozenset())
    return bool(claimed) and None not in claimed and bool(given) and None not in given and all(
        _same_way(c, g) for c in claimed if c is not None for g in given if g is not None)


Direction = tuple[str | None, str | None]
"""Where a trade figure's goods go: (the exporting country's code, the importing one's), either
unknown (None)."""
_OWNER_GAP = re.compile(r"^(?:['’]s?)?\s*(?:[^\W\d_]+\s+){0,2}$")
"""Between a country and the flow word it owns: "Kazakh exports", "Kazakhstan's total exports",
"Estonia exported goods"."""
_OWNED_GAP = re.compile(r"^\s*(?:of\s+)?(?:the\s+)?$")
"""Between an export word and the country it belongs to: "exports of Kazakhstan", "экспорт
Казахстана", "экспорт казахстанской продукции"."""
_ADJECTIVE = re.compile(r"(?:ean|ian|can|ese|ish|i|kh|ic|ch)$|^[а-яё]")
"""A country named by its adjective: "Kazakh", "Chinese", "казахстанской" (Russian adjectives are
written in lower case, names not)."""
_OF_BEFORE = re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
_TOWARDS = re.compile(r"(?:\b(?:to|into)|(?<![\w])во?)\s+(?:the\s+)?$", re.IGNORECASE)
_FROM = re.compile(r"(?:\bfrom|(?<![\w])из)\s+(?:the\s+)?$", re.IGNORECASE)
_RUSSIAN_LOCATIVE = re.compile(r"(?:е|ии|ие)$", re.IGNORECASE)
""""в Казахстане" is where, not whither ("в Казахстан", "в Эстонию")."""


def _direction(clause: str, flow: str, at: int, end: int) -> Direction:
    """The direction of the one export or import figure of `clause`, its flow word at [at, end)."""
    origin: str | None = None
    destination: str | None = None
    owner: str | None = None
    for start, stop, code in country_spans(clause):
        before = clause[:start]
        if _TOWARDS.search(before) and not (before.rstrip().endswith(("в", "во", "В", "Во"))
                                            and _RUSSIAN_LOCATIVE.search(clause[start:stop])):
            destination = destination or code
        elif _FROM.search(before):
            origin = origin or code
        elif stop <= at and _OWNER_GAP.match(clause[stop:at]):
            owner = code
        elif start >= end and _OWNED_GAP.match(clause[end:start]):
            if flow == "import" and _ADJECTIVE.search(clause[start:stop]):
                origin = origin or code  # "imports of Kazakh wheat": the goods' maker; "imports of Iran": the buyer
            elif owner is None:
                owner = code
        elif start >= end and flow == "import" and _ADJECTIVE.search(clause[start:stop]) \
                and _OF_BEFORE.search(clause[:start]):
            origin = origin or code  # "imported $78.1 million of Kazakh goods"
    if flow == "export":
        origin = origin or owner
    else:
        destination = destination or owner
    return origin, destination


@lru_cache(maxsize=512)
def figure_directions(text: str) -> dict[float, frozenset[Direction | None]]:
    """For each figure a text gives as exports or imports, which way its goods go (None: a mention
    of the figure whose direction, or whose flow, the words around it do not say)."""
    found: dict[float, set[Direction | None]] = {}
    for span in split_sentences(text, detect_language(text)):
        sentence = span.text
        if _RESPECTIVELY.search(sentence):
            continue
        numbers = [(match, value, scaled) for match, value, scaled in _number_matches(sentence)
                   if not (scaled is None and match.group(2) is None and 1900 <= value <= 2100)]  # not years
        pair = _bilateral_pair(sentence)
        for i, (match, value, scaled) in enumerate(numbers):
            previous = numbers[i - 1][0].end() if i else 0
            following = numbers[i + 1][0].start() if i + 1 < len(numbers) else len(sentence)
            back = _FLOW_JOIN.split(sentence[previous:match.start()])[-1]
            ahead = _FLOW_JOIN.split(sentence[match.end():following])[0]
            clause = back + match.group() + ahead
            words = [(m.start(), m.end(), flow) for flow in ("export", "import") for m in _FLOWS[flow].finditer(clause)]
            direction: Direction | None = None
            if len(words) == 1:
                at, end, flow = words[0]
                direction = _completed(_direction(clause, flow, at, end), pair)
                if direction == (None, None):
                    direction = None
            for v in (value, scaled):
                if v is not None:
                    found.setdefault(v, set()).add(direction)
    return {value: frozenset(given) for value, given in found.items()}


def _bilateral_pair(sentence: str) -> tuple[str, str] | None:
    """The two countries of a sentence on their mutual trade ("mutual trade between Kazakhstan and
    Estonia … (Kazakh exports of $78.1 million…)"), whose exports go to the other one."""
    if not _FLOWS["turnover"].search(sentence):
        return None
    codes = list(dict.fromkeys(code for _, _, code in country_spans(sentence)))
    return (codes[0], codes[1]) if len(codes) == 2 else None


def _completed(direction: Direction, pair: tuple[str, str] | None) -> Direction:
    """A direction with its missing end read from the sentence's two trading countries."""
    origin, destination = direction
    if pair is None or (origin is None) == (destination is None):
        return direction
    known = origin or destination
    if known not in pair:
        return direction
    other = pair[1] if known == pair[0] else pair[0]
    return (origin, other) if destination is None else (other, destination)


def _opposed(claimed: Direction, given: Direction) -> bool:
    (c_from, c_to), (g_from, g_to) = claimed, given
    return bool((c_from and g_from and c_from != g_from) or (c_to and g_to and c_to != g_to)
                or (c_from and c_from == g_to) or (c_to and c_to == g_from))


def _same_way(claimed: Direction, given: Direction) -> bool:
    """Every end the claim names is the one the passage names ("Kazakhstan's imports" supports no
    exporter)."""
    (c_from, c_to), (g_from, g_to) = claimed, given
    return (c_from is not None or c_to is not None) and c_from in (None, g_from) and c_to in (None, g_to)


def reversed_flows(claim: str, text: str) -> tuple[float, ...]:
    """Figures the claim sends the other way than the passages do, everywhere they state them:
    "Estonia exported $78.1 million to Kazakhstan" where the article has "Kazakh exports of $78.1
    million" (to Estonia). Only directions both sides spell out are compared."""
    have = figure_directions(text)
    wrong = []
    for value, claimed in figure_directions(claim).items():
        given = have.get(value, frozenset())
        if given and None not in given and any(
                c is not None and all(_opposed(c, g) for g in given if g is not None) for c in claimed):
            wrong.append(value)
    return tuple(sorted(wrong))


_UNITS = {
    "country": re.compile(r"\bcountr(?:y|ies)\b|\bnations?\b|(?<![\w])(?:стран[аыеуо]?\w*|государств\w*)(?![\w])",
                          re.IGNORECASE),
    "region": re.compile(r"\bregions?\b|\bprovinces?\b|\boblasts?\b|(?<![\w])(?:регион\w*|област\w*|провинци\w*)",
                         re.IGNORECASE),
    "city": re.compile(r"\bcit(?:y|ies)\b|\btowns?\b|(?<![\w])(?:город(?:а|ов|ах|ам|ами|е|у)?)(?![\w])",
                       re.IGNORECASE),
    "year": re.compile(r"\byears?\b|(?<![\w])(?:год|года|годам?|годами|годах|лет)(?![\w])", re.IGNORECASE),
    "month": re.compile(r"\bmonths?\b|(?<![\w])месяц\w*", re.IGNORECASE),
    "week": re.compile(r"\bweeks?\b|(?<![\w])недел\w*", re.IGNORECASE),
    "day": re.compile(r"\bdays?\b|(?<![\w])(?:день|дня|дней|дням|днях|сутки|суток)(?![\w])", re.IGNORECASE),
    "person": re.compile(r"\b(?:people|persons?|officials?|participants?|delegates?|experts?|specialists?|students?"
                         r"|scientists?|diplomats?)\b|(?<![\w])(?:человек|чиновник\w*|участник\w*|делегат\w*"
                         r"|эксперт\w*|специалист\w*|студент\w*|учен(?:ый|ых|ые|ым|ыми)|дипломат\w*)(?![\w])",
                         re.IGNORECASE),
    "organisation": re.compile(r"\b(?:institutions?|organi[sz]ations?|compan(?:y|ies)|firms?|enterprises?"
                               r"|agenc(?:y|ies))\b|(?<![\w])(?:учреждени\w*|организаци\w*|компани\w*"
                               r"|предприяти\w*|фирм\w*|ведомств\w*)(?![\w])", re.IGNORECASE),
}
"""What a count counts, in classes a faithful writer never swaps: countries, regions, cities,
people and organisations ("60 officials" are not "60 institutions"), and spans of time ("a
four-month project" is not "a four-year" one). A mistranslation that keeps the
count ("в пяти странах региона" for "in five regions of the country") keeps every figure of its
source; only the counted word shows the change."""
_UNIT_AHEAD_WORDS = 3
_COUNT_WORD = re.compile(r"(?<![\w])([^\W\d_]+)")


@lru_cache(maxsize=512)
def figure_units(text: str) -> dict[float, frozenset[str | None]]:
    """For each count a text states (in digits or as a word, up to a thousand, not a year), the
    classes of what it counts (`_UNITS`), read in the few words after it up to the next join (None:
    no such word there). Cached and read-only, as `figure_flows`."""
    units: dict[float, set[str | None]] = {}
    lower = text.lower()
    counts = [(m.end(1), value) for m, value, scaled in _number_matches(lower)
              if scaled is None and m.group(2) is None and value <= 1000]
    for match in _COUNT_WORD.finditer(lower):
        word = match.group(1).replace("ё", "е")
        number = SMALL_NUMBERS.get(word, OBLIQUE_NUMBERS.get(word))
        if number is not None:
            counts.append((match.end(), float(number)))
    for end, value in counts:
        ahead = " ".join(_FLOW_JOIN.split(lower[end:], maxsplit=1)[0].split()[:_UNIT_AHEAD_WORDS])
        found = [(m.start(), unit) for unit, pattern in _UNITS.items() for m in pattern.finditer(ahead)]
        units.setdefault(value, set()).add(min(found)[1] if found else None)
    return {value: frozenset(given) for value, given in units.items()}


def miscounted(claim: str, text: str) -> tuple[float, ...]:
    """Counts the claim gives of one class (countries) that the passages give, everywhere they
    state them, only of another (regions)."""
    have = figure_units(text)
    wrong = []
    for value, stated in figure_units(claim).items():
        given = have.get(value, frozenset())
        if given and None not in given and any(unit is not None and unit not in given for unit in stated):
            wrong.append(value)
    return tuple(sorted(wrong))


_PERCENT_AFTER = re.compile(r"\s*(?:%|per\s+cent\b)", re.IGNORECASE)
_PERCENT_WORD = re.compile(r"(?:percent\w*|процент\w*|проц)$", re.IGNORECASE)
_CENT_AFTER = re.compile(r"\s*cent\b", re.IGNORECASE)
"""After a number whose unit word is "per": "5 per cent"."""


def percentages(text: str) -> set[float]:
    """The figures a text gives as percentages ("29%", "29 percent", "29 per cent", "на 29
    процентов"; the unit word is read with the number, the sign after it)."""
    return {value for match, value, _scaled in _number_matches(text)
            if _PERCENT_WORD.match(match.group(4) or "") or _PERCENT_AFTER.match(text, match.end())
            or ((match.group(4) or "").lower() == "per" and _CENT_AFTER.match(text, match.end()))}


def unstated_percentages(claim: str, text: str) -> tuple[float, ...]:
    """Percentages the claim gives that the passages hold only as another figure: "trade rose by
    27%" where trade "increased by 29%" and the meeting was on "February 27". A figure the passages
    do not hold at all is the figure check's; one they imply ("doubled") stands."""
    claimed = percentages(claim)
    if not claimed:  # most claims: the passages are not read
        return ()
    given = percentages(text) | implied_figures(text)
    held = figures(text)
    return tuple(sorted(value for value in claimed if value in held and value not in given))


_BOUND_TAIL = r"\s*(?:(?:на|в|во|of|by)\s+)?[$€£¥]?\s*$"
"""What may stand between a bound and its figure: "как минимум в 20 млн", "up to $5 billion"."""
_UPPER_BOUND = re.compile(r"(?:\bup to|\bat most|\bno more than|\bnot more than|\bnot exceeding|\bmaximum of"
                          r"|\bless than|\bfewer than|\bunder|\bbelow"
                          r"|(?<![\w])(?:не более(?: чем)?|не больше(?: чем)?|максимум|до|менее(?: чем)?"
                          r"|меньше(?: чем)?|не превыша\w*))" + _BOUND_TAIL, re.IGNORECASE)
_LOWER_BOUND = re.compile(r"(?:\bat least|\bno less than|\bnot less than|\bminimum of|\bmore than|\bover|\babove"
                          r"|\bexceeding|(?<![\w])(?:не менее(?: чем)?|не меньше(?: чем)?|как минимум|минимум"
                          r"|по меньшей мере|свыше|более(?: чем)?|больше(?: чем)?))" + _BOUND_TAIL, re.IGNORECASE)
_NEGATED_BOUND = re.compile(r"(?<!тем )(?:\bno|\bnot|(?<![\w])не)\s+(?P<word>более|больше|менее|меньше|more|less|fewer)"
                            r"(?:\s+(?:чем|than))?" + _BOUND_TAIL, re.IGNORECASE)
_UP_TO = re.compile(r"(?<![\w])до" + _BOUND_TAIL, re.IGNORECASE)
_TO_A_LEVEL = re.compile(r"(?<![\w])(?:(?:увелич|сократ|вырос|выраст|возрос|снизи|сниж|понизи|повыс|повыш|довес|довед"
                         r"|достиг|упал|упад|расшир|нарас|подня|сокращ|подскоч|взлет|опуст|подешев|подорож|уменьш|замедл"
                         r"|ускор|рост|падени)\w*|с\s+[\d.,]+\s*\w*)\s+(?:[\w.,%-]+\s+){0,6}до\s*$",
                         re.IGNORECASE)
"""A level a figure is raised or cut to ("увеличить до 12 млрд", "с 5 до 7"): "до" there is no bound."""


def bounded_figures(text: str) -> dict[float, set[str]]:
    """Each figure stated with a bound before it, and which: "upper" (up to, at most, less than,
    не более, до 7 рейсов) or "lower" (at least, more than, не менее, свыше). "До" after a verb of
    change is the level reached, not a bound; a year is never bounded here."""
    bounds: dict[float, set[str]] = {}
    stated = [(match.start(), scaled if scaled is not None else value) for match, value, scaled in _number_matches(text)
              if scaled is not None or not 1900 <= value <= 2100]
    stated += [(match.start(), float(number)) for match in re.finditer(r"(?<![\w])[^\W\d_]+", text)
               if (number := _stated_value(match.group().lower()))]
    for start, key in stated:
        before = text[max(0, start - 60):start]
        if negated := _NEGATED_BOUND.search(before):
            kind = "lower" if negated.group("word").lower() in ("менее", "меньше", "less", "fewer") else "upper"
        elif _UPPER_BOUND.search(before):
            if _UP_TO.search(before) and _TO_A_LEVEL.search(before):
                continue
            kind = "upper"
        elif _LOWER_BOUND.search(before):
            kind = "lower"
        else:
            continue
        bounds.setdefault(key, set()).add(kind)
    return bounds


def reversed_bounds(claim: str, text: str) -> tuple[float, ...]:
    """The claim's figures bounded the other way than the passages bound them ("at least seven"
    where the source has "до семи": up to seven; "не более трёх месяцев" for "at least three"),
    judged only where the passages bound that figure and never the claim's way."""
    ours = bounded_figures(claim)
    if not ours:
        return ()  # most claims bound nothing: the passages are not read for them
    theirs = bounded_figures(text)
    return tuple(sorted(value for value, kinds in ours.items() if value in theirs and not kinds & theirs[value]))


CURRENCIES = {
    "dollar": re.compile(r"\$|\bdollars?\b|\busd\b|доллар", re.IGNORECASE),
    "euro": re.compile(r"€|\beuros?\b|\beur\b|\bевро\b", re.IGNORECASE),
    "pound": re.compile(r"£|\bpounds? sterling\b|\bpounds?\b|\bGBP\b|\bфунт", re.IGNORECASE),
    "tenge": re.compile(r"₸|\btenge\b|\bKZT\b|\bтенге\b", re.IGNORECASE),
    "yuan": re.compile(r"\byuan\b|\brenminbi\b|\b(?:CNY|RMB)\b|\bюан", re.IGNORECASE),
    "rouble": re.compile(r"₽|\broubles?\b|\brubles?\b|\bRUB\b|\bрубл", re.IGNORECASE),
    "yen": re.compile(r"¥|\byen\b|\bJPY\b|\bиен", re.IGNORECASE),
}


def currencies_of(text: str) -> set[str]:
    return {name for name, pattern in CURRENCIES.items() if pattern.search(text)}


_ISO_DATE = re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")


def spell_dates(text: str) -> str:
    """ISO dates written out ("2015-11-02" -> "November 2, 2015"): a claim may copy a source's date
    from the prompt's header, which is not three figures 2015, 11 and 2 but a day, month and year."""
    def spelt(match: re.Match[str]) -> str:
        year, month, day = (int(g) for g in match.groups())
        return f"{MONTH_NAMES[month - 1]} {day}, {year}" if 1 <= month <= 12 and 1 <= day <= 31 else match.group(0)

    return _ISO_DATE.sub(spelt, text)
