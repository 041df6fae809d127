"""What a question asks for, read from its wording (English or Russian), and whether a text
contains what the question is about.

An answer is only as trustworthy as its evidence: a question about trade with Chile must not be
answered with a sentence about trade with Estonia. So before answering we take out of the question
what constrains it (countries and organisations through the tagger's bilingual alias tables, rare
proper names, years, the relation asked about: signing, trade, investment, funding, visits,
chairing) and what kind of answer it expects (person, date, amount, count, place, organisation,
list, yes/no, description). Names are compared across scripts by `transliteration`'s readers,
so Kerry matches Керри, Исекешевым Issekeshev and Уотерфилд Waterfield.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..core.text import answer_language, detect_language, stem_word
from ..core.wordlists import frequency_dict
from .countries import HOME, REMEMBERED_CHARS, find_countries
from .numbers import OBLIQUE_NUMBERS, SMALL_NUMBERS
from .transliteration import (
    codes_match,
    consonant_codes,
    is_cyrillic,
    name_matches,
    readings,
    skeleton,
    spells_same_name,
)

PERSON, DATE, AMOUNT, COUNT, PLACE, ORGANISATION, YESNO, DESCRIPTION = (
    "person", "date", "amount", "count", "place", "organisation", "yes/no", "description")

COMMON_WORD_ZIPF = 3.0
"""A capitalised word this frequent in everyday English or Russian (wordfreq's Zipf scale: 3 is
about once per million words) is a word, not a name: "Siberian", "Academy", "Kerry" are not held
as constraints, "Idrissov", "Blinken", "Жумангарин" are. The check is a table lookup, the same on
every machine."""

_WHAT_IS_THE = r"\b(?:what|which)\s+(?:(?:is|was|were|are|will be|would be)\s+)?(?:the\s+)?"
"""The opening of a question that asks for the noun after it ("what was the trade turnover")."""
_WHICH_RU = r"\b(?:каков\w*|как(?:ой|ая|ое|ую|ого|ом|им))"
"""Its Russian opening ("каков объём", "каким был товарооборот"), in the singular."""

_TYPE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (DATE, re.compile(r"^\s*when\b|\b(what|which) (date|year|day|month)\b|\bin which year\b|\bsince when\b"
                      r"|^\s*когда\b|\bв каком (году|месяце)\b|\bкакого числа\b|\bс какого (года|времени)\b"
                      r"|\bкакая дата\b|\bв какой день\b|\bкогда\b|\bwith (?:their|the|its) dates?\b"
                      r"|\bс (?:их )?датами\b")),
    # the amount must be what is asked ("what was the volume of trade", "каков объём", "на какую сумму"),
    # not a word further on ("the unproven assumption ascribed to the value of complexity classes",
    # "кем является третий человек по размеру состояния")
    # a quantity asked by its noun ("what was the trade turnover", "каким был товарооборот") or its
    # pace ("how fast did trade grow", "какими темпами"): the answer is a figure, as for "how much"
    (AMOUNT, re.compile(r"\bhow much\b|\bhow (big|large)\b|\bhow (?:fast|quickly|rapidly)\b"
                        rf"|{_WHAT_IS_THE}(?:\w+\s+){{0,2}}?"
                        r"(?:volume|value|amount|sum|size|total|turnover|revenues?|budget|gdp|price|cost|percentage|share"
                        r"|proportion|(?:growth|increase|rise|decline|decrease|drop)(?=\s+(?:of|in)\b))\b"
                        r"|\bby (?:what|how many) (?:percent|percentage|per cent|points?)\b"
                        r"|\b(?:what|how much)\s+(?:(?:is|was|were|are|will be)\s+)?(?:\w+\s+){1,4}?worth\b"
                        r"(?!\s+(?:\w+ing|it)\b)"
                        r"|\bсколько (денег|средств|долларов|стоит|стоил\w*|составил\w*|составля\w*|получил\w*"
                        r"|выделил\w*)\b"
                        rf"|(?:{_WHICH_RU}|\bкак(?:ие|ими|их))\s+(?:\w+\s+){{0,2}}?"
                        r"(?:(?:объ[её]м|сумм|размер|стоимост|товарооборот|оборот|бюджет|выручк|ввп|процент|рост|прирост)\w*"
                        r"|дол(?:я|и|ю|ей)\b"
                        r"|темп(?:ы|ов|ами|ах|ам|а)?\b)")),
    # "сколько" in any case: "в скольких странах", "скольким", "со сколькими"; a size by its noun
    (COUNT, re.compile(r"\bhow many\b|\bnumber of\b|\bсколько\b|\bскольк(?:их|им|ими)\b|\bчисло\b|\bколичеств\w*"
                       rf"|{_WHAT_IS_THE}(?:\w+\s+)?(?:population|length|distance|height|depth)\b"
                       rf"|{_WHICH_RU}\s+(?:\w+\s+){{0,2}}?"
                       r"(?:численност|мощност|протяж[её]нност|длин|расстояни|высот|глубин)\w*")),
    (PERSON, re.compile(r"^\s*(who|whom|whose)\b|\bwho\b|\b(with|by) whom\b"
                        r"|\bwhat (?:is|was) the name of the (?:\w+\s+)?(?:ambassador|minister|president|leader|envoy"
                        r"|person|founder|chairman|head|spokes(?:man|woman|person)|director|king|queen|emperor|son"
                        r"|daughter)\b"
                        r"|\bкак зовут\b|\bкак звали\b"
                        r"|\bwhich(\s+\w+)?\s+(person|people|officials?|ministers?|ambassadors?|diplomats?|"
                        r"presidents?|secretar(y|ies)|leaders?|representatives?|envoys?|academicians?|scientists?|heads?)\b"
                        r"|^\s*(кто|кого|кому|кем)\b|\b(с|со) кем\b|\bкто\b|\bкем\b"
                        r"|\bкак(ой|ие|ая|ого|ому)\s+(\w+\s+)?(министр\w*|посл\w*|посол|чиновник\w*|президент\w*|"
                        r"представител\w*|академик\w*|учен\w*|дипломат\w*)\b")),
    (PLACE, re.compile(r"^\s*where\b|\bwhere\b|\bin which (city|country|place)\b|\bwhich (city|venue)\b"
                       r"|\b(?:which|what) (?:country|countries|city|cities|capital)\b"
                       r"|^\s*где\b|\bгде\b|\bкуда\b|\bоткуда\b|\bв каком (городе|месте)\b|\bв какой стране\b"
                       r"|\bкак(?:ая|ой|ие|ую|их|им|ими) (?:стран\w*|город\w*|столиц\w*)")),
    (ORGANISATION, re.compile(r"\b(which|what) (organi[sz]ations?|agency|agencies|company|companies|institution"
                              r"|university|body|fund|ministry|ministries|bank|committee)\b"
                              r"|\bкак(ая|ой|ое|ие|ую|ого|ом|им) (организаци\w*|компани\w*|фонд\w*|университет\w*"
                              r"|институт\w*|ведомств\w*|министерств\w*|банк\w*|комитет\w*|агентств\w*)")),
    (YESNO, re.compile(r"^\s*(is|are|was|were|did|does|do|has|have|had|can|could|will|would)\b|\bли\b")),
]
_NOT_PLURAL = {"is", "was", "does", "has", "its", "this", "us", "as", "his", "thus", "plus", "across"}
_COUNTED_REQUEST = re.compile(r"\b(?:give|name|list|cite|mention|summari[sz]e)\s+(?:the\s+)?"
                              r"(?:two|three|four|five|several)\b|\b(?:назовите|приведите|перечислите|укажите)\s+(?:два|две|три|четыре|пять|несколько)\b")
_PLURAL_AFTER_WH = re.compile(r"\b(?:which|what)\s+(?:\w+\s+){0,2}?(\w{3,}s)\b")

RELATIONS: dict[str, tuple[re.Pattern[str], dict[str, str]]] = {
    # relation: (pattern over lower-cased text in either language, display names)
    # not подписка, подписчик, подписной (subscribing); every form of signing goes on подписа-/подпиши-
    # and the news wording for it: "inked a deal", "concluded an agreement", "заключили соглашение"
    # (not talks "о заключении договора", on concluding one)
    "sign": (re.compile(r"\bsign(s|ed|ing)?\b|\bsignator|\bподпис(?![кчн])|\binked\b"
                        r"|\bconclu(?:de|des|ded|ding) (?:an? |the )?(?:\w+ ){0,2}(?:agreements?|deals?|treat(?:y|ies)"
                        r"|contracts?|memorand(?:um|a))\b"
                        r"|\bзаключ(?:ил|ат|ён|ит|ен(?!и))\w* (?:\w+ ){0,2}(?:соглашени|договор|контракт|меморандум)"
                        r"|(?:соглашени|договор|контракт|меморандум)\w* (?:\w+ ){0,2}заключ(?:ил|ат|ён|ит|ен(?!и))"),
             {"en": "a signing", "ru": "подписании"}),
    "invest": (re.compile(r"\binvest|\bинвест"), {"en": "investment", "ru": "инвестициях"}),
    "trade": (re.compile(r"\btrad(e|es|ed|ing)\b|\bexports?\b|\bimports?\b|\bturnover\b|\bторгов|\bтоварооборот|"
                         r"\bэкспорт|\bимпорт"), {"en": "trade", "ru": "торговле"}),
    "fund": (re.compile(r"\bfund(s|ed|ing)?\b|\bgrant(s|ed)?\b|\bfinanc|\bфинансир|\bфонд|\bгрант|\bвыделил"),
             {"en": "funding", "ru": "финансировании"}),
    "visit": (re.compile(r"\bvisit|\bвизит|\bпосети|\bпосещ|\bприбыл"), {"en": "a visit", "ru": "визите"}),
    "chair": (re.compile(r"\bchair|\bco-chair|\bпредседател|\bпредседательств|\bсопредседател"),
              {"en": "who chaired", "ru": "председательстве"}),
}

_ATTENDED = re.compile(r"(?<![\w])посеща(?:л|ла|ло|ли|ет|ют)(?![\w])(?P<what>[^?.!]{0,40})")
"""The imperfective "посещал(и) Гарвард", "посещали академии": attending a school or an event, as
"attended" is in English, not a visit a question requires of the article. A country after it
("посещал Китай"), the infinitive ("решил не посещать страну"), the perfective ("посетил") and the
noun ("посещение") still ask for one."""


def _without_attending(lower: str) -> str:
    """The question with its attending verbs (`_ATTENDED`) blanked, for reading its relations."""
    return _ATTENDED.sub(lambda m: m.group() if find_countries(m.group("what")) else " ", lower)

_RUSSIAN_ADJECTIVE = re.compile(r"(?:ск|цк)(?:ий|ой|ая|ое|ие|ого|ому|им|ом|ую|их|ими)$"
                                r"|нн?(?:ий|ый|ая|яя|ое|ее|ие|ые|ого|его|ому|ему|ую|юю|ых|их|ыми|ими)$"
                                r"|летн(?:ей|ем|юю|им)$")
"""Endings of a Russian adjective made from a name (Киотский, Шотландская, Семилетняя, Рейнское)."""
_IMPERATIVE = re.compile(r"summari[sz]e|list|name|give|describe|explain|compare|tell|show|outline|identify|"
                         r"state|mention|provide|enumerate|\w{3,}(?:ите|йте)")
"""A request's opening verb, English or Russian (Назовите, Перечислите, Опишите): never a name."""
_QUESTION_WORDS = frozenset("who whom whose what which when where why how is are was were did does do has have "
                            "кто кого кому кем что чем какой какая какое какие каков когда где куда откуда "
                            "почему сколько скольких скольким сколькими ли".split())
WEAK_ANCHOR = 0.5
"""A country or a relation word is half an anchor: every article about that country has it."""
ANCHOR_PRIOR = 1.0
"""Added to the anchors a question has, so one shared country is not full marks."""
_LANGUAGE_NAMED = re.compile(
    r"\b[A-Z][a-z]+-language\b"
    r"|(?:(?<=\bthe )|(?<=\bThe )|(?<=\ba )|(?<=\bA )|(?<=\ban ))[A-Z][a-z]+"
    r"(?=\s+(?:word|term|translation|spelling|name)\s+for\b)"
    r"|(?:(?<=\bthe )|(?<=\bThe )|(?<=\ba )|(?<=\bin ))[A-Z][a-z]+(?:ish|ese|ian|an|ch|ic|ek|kh|ai)(?<!stan)"
    r"(?=\s+language\b)"
    r"|(?<![\w-])(?i:на\s+\w+[оеё]м(?:\s+и\s+\w+[оеё]м)?\s+язык(?:е|ах)\b|по-\w+ски\b"
    r"|\w+(?:ого|ий|ой|ый|ом)\s+язык(?:а|е|ом|и|ах|ов|ам)?\b)")
"""A country's adjective naming a language ("the Dutch word for", "Russian-language", "the German
language", "на русском языке", "по-английски", "с английского языка"): no country the answer must
concern. Not a country's own name ("the Ukraine language law"), "name" as a verb ("whom did
Russia name for the post"), nor "языковой" (a language law or centre of a country)."""
_CODE = re.compile(r"(?<![\w+])[A-ZА-Я]{1,4}\d+(?:\+\d+)?(?![\w+])")
"""Codes that name a format or a body (C5+1, G20): required of the evidence like a name."""
_COMMON_SUFFIX = re.compile(r"(ственн|тельн|ическ|ционн|ональн)\w*$|(ние|ния|нию|нием|нии|ция|ции|цию|цией|ость|ости|"
                            r"ство|ства|ству|ством)$|(tional|ment|tion|sion|ities|ity|ism)$")
"""Endings of common nouns and adjectives, not of people's names: a capitalised word of an official
name ("Бюро Межправительственного комитета") is not a constraint even when it is rare."""
_YEAR = re.compile(r"(?<!\d)(1[89]\d{2}|20\d{2})(?!\d)")
_RELATIVE_YEAR = (
    (-1, re.compile(r"(?<!the )\b(?:last|previous) year\b|\ba year (?:ago|earlier)\b"
                    r"|\bв (?:прошлом|минувшем|прошедшем) году|\bпрошлого года\b|\bгодом ранее\b|\bгод назад\b")),
    (1, re.compile(r"\bnext year\b|\bв (?:следующем|будущем|наступающем) году|\bследующего года\b")),
)
"""A year a dated article names relative to its date ("last year" or "last year's forum" in a 2025
article is 2024; not "over the last year", the past twelve months)."""
_ASKS_YEAR = re.compile(r"\b(?:what|which) year\b|\byear (?:did|was|were|does|do|is)\b"
                        r"|\bв как(?:ом|ой) год|\bв котором году\b|\bкакого года\b|\bкакой год\b")
"""A question asking for a year, not a date or a time ("In what year…", "В каком году…")."""
_ANY_YEAR = re.compile(r"(?<![\d.,])\d{3,4}(?![\d.,]\d)|\b(?:this|last|next|that) year\b"
                       r"|\bв (?:этом|том|прошлом|минувшем|прошедшем|следующем|будущем) году\b")
"""What a sentence answering "what year" holds: a number of three or four digits (988, 1066,
2015), or a year named relative to the article's date. Loose on purpose: a figure of 3-4 digits
passes too, so a year question is never refused for a year written in a way this misses."""
_NUMBER = re.compile(r"(?<![\w.,+])\d+(?:[.,]\d+)*(?![\w+]|[.,]?\d|-?[^\W\d])")
"""A figure: digits, maybe with separators, not part of a name (C5+1) or an ordinal (78th, 5-й)."""
_CAPITALISED = re.compile(r"(?<![\w'’])[A-ZА-ЯЁ][\w'’-]{2,}")
_TOKEN = re.compile(r"[^\W_]{2,}", re.UNICODE)
_CAPITALISED_WORD = re.compile(r"(?<![\w'’-])[A-ZА-ЯЁ][^\W\d_]+")
_NAMED_WORD = re.compile(r"(?:(?<=[^\W_] )|(?<=[,;] ))[A-ZА-ЯЁ][^\W\d_]{3,}")
"""A capitalised word of four letters or more after a word or a comma: a name, not a sentence's first word."""
_COMPOUND_NAME = re.compile(r"(?<![\w'’-])(?=([A-ZА-ЯЁ](?![A-ZА-ЯЁ])[^\W\d_]+|du|de|le|la|van|von|ван|фон|де|ле)[ -]"
                            r"([A-ZА-ЯЁ](?![A-ZА-ЯЁ])[^\W\d_]+)(?![\w'’-]))")
"""Two words of a name, each capitalised (not an acronym: CEO Brady), or a particle and a capitalised word."""
_CURRENCY_WORD = (r"(?:(?:u\.?s\.?\s*)?dollars?|usd|euros?|eur|tenge|yen|yuan|renminbi|r[o]?ubles?|pounds?|manats?|"
                  r"lari|tugriks?|soms?\b|доллар\w*|евро|тенге|рубл\w*|юан\w*|[ий]ен\b|манат\w*|тугрик\w*|"
                  r"фунт(?:а|ов|ы)?\b|сом(?:а|ов|ы)?\b)")
"""A currency named in words, in either language: what a figure must be followed by to be money."""
_NUMBER_WORDS = "|".join(sorted({w for w, n in [*SMALL_NUMBERS.items(), *OBLIQUE_NUMBERS.items()] if n > 1}
                                 | {"thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                                    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
                                    "hundred", "тринадцать", "пятнадцать", "двадцать", "двадцати", "тридцать",
                                    "тридцати", "сорок", "сорока", "пятьдесят", "сто", "ста"}, key=len, reverse=True))
"""Cardinals from two as words, English and Russian in every case ("десятью", "двух"; not "one",
"один", which are as often "a" or "alone"): a count written out."""
_MEASURE = (r"(?:mm|cm|km|kg|km2|km²|m2|m²|square (?:miles?|kilomet(?:re|er)s?)|miles?|kilomet(?:re|er)s?|"
            r"met(?:re|er)s?|feet|foot|inch(?:es)?|kilograms?|grams?|litres?|liters?|gallons?|acres?|hectares?|"
            r"мм|см|км|кг|км2|км²|м2|м²|метр\w*|километр\w*|миль|мил[иья]\w*|фут\w*|дюйм\w*|килограмм\w*|"
            r"грамм\w*|литр\w*|галлон\w*|гектар\w*|акр\w*)(?![\w])")
"""Units of length, area, weight and volume ("1435 мм", "5,500,000 square kilometres")."""
_AMOUNT = re.compile(r"(?<![\d.,]\s)(?<![\d.,])\d[\d.,]*+(?:\s[\d.,]++)*+\s*+"
                     r"(?:%|percent|per cent|million|billion|thousand|trillion|mln|bn|tons?|tonnes?|"
                     rf"процент\w*|млн|млрд|тыс\w*|миллион\w*|миллиард\w*|тонн\w*|{_CURRENCY_WORD}|{_MEASURE})"
                     r"|[$€£₸]\s*\d"
                     rf"|(?<![\w])(?:{_NUMBER_WORDS}|a|several|несколь\w+)\s+(?:million|billion|thousand|trillion|"
                     r"миллион\w*|миллиард\w*|тысяч\w*|триллион\w*)"
                     r"|\b(?:half|(?:one|two)[- ]thirds?|a third|(?:a|one|three)[- ]quarters?)\b"
                     rf"|\b(?:\d+|{_NUMBER_WORDS}|ten|hundred)[- ]?fold\b|\b(?:doubled|tripled|quadrupled|halved)\b"
                     r"|(?<![\w])(?:вдвое|втрое|вчетверо|впятеро)(?![\w])"
                     rf"|(?<![\w])в\s+(?:\d[\d.,]*|{_NUMBER_WORDS}|полтора|несколько)\s+раз(?:а)?(?![\w])"
                     r"|(?<![\w])(?:половин\w*|треть|трети|третью|четверть|четверти|четвертью)(?![\w])", re.IGNORECASE)
"""An amount: a figure with its scale, unit or currency, a scale in words ("ten million",
"десятью миллионами"), a share in words ("two thirds", "две трети"), or a multiple ("fivefold",
"doubled", "вдвое", "в 2,5 раза"): how much something grew."""
_TIME_UNIT = (r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|секунд\w*|минут\w*|час(?:а|ов)?|дн(?:я|ей)|"
              r"суток|недел\w*|месяц\w*|лет|год(?:а|у)?)(?![\w])")
_DURATION = re.compile(rf"(?<![\d.,])\d+(?:[.,]\d+)?\s*{_TIME_UNIT}|(?<![\w])(?:{_NUMBER_WORDS})\s+{_TIME_UNIT}"
                       r"|(?<![\d:.,])\d{1,2}:\d{2}(?![\d:])", re.IGNORECASE)
"""A span of time ("17 seconds", "three years", "3:08 left"): what "how much time" asks for."""
_ASKS_TIME = re.compile(r"\bhow much time\b|\bhow many (?:seconds|minutes|hours|days|weeks|months|years)\b"
                        r"|\bсколько (?:времени|секунд|минут|часов|дней|недель|месяцев|лет)\b")
"""A question asking for a span of time, which a duration answers and no sum does."""
_MONEY = re.compile(r"[$€£₸]\s*\d|\d[\d.,]*(?:\s[\d.,]+)*\s*(?:(?:million|billion|thousand|trillion|mln|bn|m|млн|"
                    rf"млрд|трлн|тыс\w*|миллион\w*|миллиард\w*|триллион\w*)\.?\s+)?{_CURRENCY_WORD}", re.IGNORECASE)
"""A sum of money: a figure with its currency ("$4.4 billion", "4,4 миллиарда долларов", "US $ 3.5")."""
_PERCENT = re.compile(r"\d[\d.,]*\s*(?:%|percent\b|per cent\b|процент\w*)", re.IGNORECASE)
"""A share in per cent: what "how many" of things is not answered by."""
_NAMES_CURRENCY = re.compile(r"(?:\bin\b|\bв\b|\bhow many\b|\bсколько\b)\s+(?:u\.?s\.?\s+)?(?:dollars?|euros?|tenge|"
                             r"yuan|roubles?|rubles?|доллар\w*|евро|тенге|юан\w*|рубл\w*)|[$€£₸]|\busd\b",
                             re.IGNORECASE)
"""A question that names the currency of the sum it asks for ("какого объёма в долларах")."""
_MONTH_RANGE = re.compile(r"(?:{m})(?:\s*[-–]\s*(?:{m}))+".format(m=r"january|february|march|april|may|june|july|"
                          r"august|september|october|november|december|январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяе]|"
                          r"июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*"))
"""A span of months ("January-November", "январе-ноябре"): a date, not a name."""
_MONTHS = (r"january|february|march|april|may|june|july|august|september|october|november|december|"
           r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
           r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*")
_DATE = re.compile(rf"\b(?:{_MONTHS})\b\.?\s*\d{{0,2}}|\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b\d{{1,2}}\.\d{{1,2}}\.\d{{4}}\b"
                   r"|(?<!\d)(?:1[89]|20)\d{2}(?!\d)|\btoday\b|\byesterday\b|\bсегодня\b|\bвчера\b", re.IGNORECASE)
_ORDINAL = re.compile(r"(?<![\w.,])(\d{1,4})(?:-?(?:st|nd|rd|th)|-(?:е|й|го|му|м|я|ю|ое|ой|ого|ый|ий|ая|ом))\b"
                      rf"(?!\s+(?:centur|millenni|век|тысячелет|год|гг|(?:{_MONTHS})\b))", re.IGNORECASE)
"""A numbered event or session (24th, 24-е, 78-й): not a century, which Russian writes in Roman,
nor a decade ("в 90-е годы", the 1990s), nor a date ("1-го июля")."""
_ORDINAL_WORDS = {word: str(n) for n, words in enumerate((
    "first перв", "second втор", "third трет", "fourth четверт", "fifth пят", "sixth шест", "seventh седьм",
    "eighth восьм", "ninth девят", "tenth десят", "eleventh одиннадцат", "twelfth двенадцат",
    "thirteenth тринадцат", "fourteenth четырнадцат", "fifteenth пятнадцат", "sixteenth шестнадцат",
    "seventeenth семнадцат", "eighteenth восемнадцат", "nineteenth девятнадцат", "twentieth двадцат"), start=1)
    for word in words.split()}
"""Ordinals up to the twentieth as words (English whole, Russian stems): "tenth" is the 10th."""
_NEGATED_BEFORE = re.compile(r"(?:\bnot|n't|\bnever|\bno|(?<![\w])не|(?<![\w])ни)\s+(?:\w+\s+)?$")
"""A negation just before a relation word ("did not sign", "не подписали", "never visited")."""
_COUNT_WORD = re.compile(rf"(?<![\w])(?:once|twice|thrice|dozens?|hundreds|thousands|millions|дважды|трижды|"
                         rf"четырежды|десятк\w*|сотн[иеяю]\w*|тысяч[аиуеь]\w*|миллион\w*|{_NUMBER_WORDS})(?![\w])",
                         re.IGNORECASE)
"""Counts written as words ("twice", "три раза"): a "how many" answer need not be in digits."""
_TITLE_WORD = re.compile(r"(?<![\w'’-])[A-ZА-ЯЁ][a-zа-яё]+(?:[-'’][A-Za-zА-Яа-яЁё]+)*(?![\w'’-]|\.[a-z])")


@dataclass(frozen=True)
class Question:
    """The question's constraints and expected answer."""

    text: str
    lang: str
    answer_type: str
    is_list: bool
    countries: tuple[str, ...] = ()
    """Countries/organisations asked about (Kazakhstan, the corpus's home, excluded)."""
    names: tuple[str, ...] = ()
    """Rare proper names as written in the question."""
    years: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    proper_nouns: tuple[str, ...] = ()
    """Other capitalised words (Kerry, Biden): not required of the evidence, but a sentence that
    has them is more likely the answer, in either script."""

    items: tuple[str, ...] = ()
    """What an enumeration after a colon asks for, each with the head before the colon ("Give
    three milestones of Georgia-EU relations: the start of visa-free travel, the EU membership
    application…" -> "Give three milestones of Georgia-EU relations: the start of visa-free
    travel", …): each is quoted from the sentence that best answers it."""
    parts: tuple[tuple[str, ...], ...] = ()
    """The names, years and relations of each coordinated part ("…with Chinese partners in May 2023
    and with the Shihezi zone": (2023), (Shihezi)), when two or more parts have names or years of
    their own: each may stand in its own article."""
    ordinals: tuple[str, ...] = ()
    """Numbered events as written ("the 24th meeting", "24-е заседание"): the 25th is another one."""
    clauses: tuple[str, ...] = ()
    """The questions a compound question joins ("What did they sign in Shusha, and which documents
    were signed in Ankara?" -> both halves): each is quoted from the sentence that best answers it,
    often in another article."""

    @property
    def constraints(self) -> list[str]:
        return [*self.countries, *self.names, *self.years, *self.ordinals, *self.relations]

    @property
    def listed_in_words(self) -> bool:
        """The wording asks for several items ("which countries", "list", "с кем"), not only the
        several countries the question names ("trade between Turkey and Azerbaijan" is one relation)."""
        return bool(self.items) or _is_list(self.text.lower().replace("ё", "е"), ())

    @property
    def countries_apart(self) -> bool:
        """Several countries asked about as separate items ("trade with Estonia and with Portugal",
        "which countries…"), each of which may stand in its own article, not one relation between
        them ("France agreed to hand Armenia…", "trade between Turkey and Azerbaijan")."""
        if len(self.countries) < 2:
            return False
        if self.listed_in_words:
            return True
        asked = set(self.countries)  # parts apart: each side of a coordination names a country the other does not
        for cut in _PART_START.finditer(self.text):
            before = set(find_countries(self.text[:cut.start()])) & asked
            after = set(find_countries(self.text[cut.end():])) & asked
            if before - after and after - before:
                return True
        return False

    @property
    def countries_bound(self) -> bool:
        """Several countries in one phrase, with no "and" or comma between them ("the share of
        foreign investment in Mongolia's economy from Russia"): one relation that an article on
        only one of them cannot answer (not "the Estonian ambassador and the Portuguese chargé")."""
        asked = set(self.countries)
        return len(asked) > 1 and any(asked <= set(find_countries(segment))
                                      for segment in _COORDINATION.split(self.text))

    @property
    def asks_money(self) -> bool:
        """An amount asked in a currency ("в долларах", "how many dollars"): a percentage is no answer
        (and for "how many", a sum is)."""
        return self.answer_type in (AMOUNT, COUNT) and _NAMES_CURRENCY.search(self.text) is not None

    @property
    def asks_time(self) -> bool:
        """A span of time asked ("how much time was left", "сколько лет"): a duration answers it."""
        return self.answer_type in (AMOUNT, COUNT) and _ASKS_TIME.search(self.text.lower()) is not None

    @property
    def asks_year(self) -> bool:
        """A year asked ("In what year…", "В каком году…"): a sentence with no year cannot answer it."""
        return self.answer_type == DATE and _ASKS_YEAR.search(self.text.lower()) is not None

    @property
    def years_apart(self) -> bool:
        """Several years asked as separate events ("met in 2022 and 2025"), not a period ("from
        2000 to 2005", "с 1995 по 2000 год"): each may stand in its own article. (Years in
        coordinated parts are those parts' business.)"""
        return len(self.years) > 1 and not self.parts and _YEAR_PERIOD.search(self.text) is None

    def to_json(self) -> dict[str, object]:
        return {"answer_type": self.answer_type, "list": self.is_list, "countries": list(self.countries),
                "names": list(self.names), "years": list(self.years), "relations": list(self.relations)}


_YEAR_PERIOD = re.compile(r"\b(?:from|between|since|с|со|между|от)\s+(?:\w+\s+){0,2}\d{4}\b|\d{4}\s*[-–—]\s*\d{4}",
                          re.IGNORECASE)
"""A period between two years, whose both ends one article must have."""


@lru_cache(maxsize=2)
def _common_words(lang: str) -> dict[str, float]:
    """wordfreq's "small" list (the full list takes 0.6 s to load), read on first use without
    importing wordfreq (`wordlists`: its import cost 0.3 s of every cold `ask`)."""
    return frequency_dict(lang, "small")


def is_common_word(word: str) -> bool:
    """Whether wordfreq counts a word as common in English or Russian (a name rarely is)."""
    return _is_common_word(word)


def _is_common_word(word: str) -> bool:
    lower = word.lower().replace("ё", "е")
    threshold = 10 ** (COMMON_WORD_ZIPF - 9)  # Zipf = log10(frequency per billion words)
    return any(_common_words(lang).get(form, 0.0) >= threshold
               for lang in ("en", "ru") for form in (lower, word.lower()))


@lru_cache(maxsize=1)
def _common_russian_forms() -> list[str]:
    """The common Russian word forms, sorted, so the forms sharing a stem are found by bisection
    (built on first need, about 0.01 s; stemming the whole list took 0.1 s of a cold ask)."""
    threshold = 10 ** (COMMON_WORD_ZIPF - 9)
    return sorted(form for form, frequency in _common_words("ru").items() if frequency >= threshold)


def _is_common_inflection(word: str) -> bool:
    """A Russian case form the word list lacks of a common word it holds ("Повелителем" of
    "повелитель", "Суперкубке" of "суперкубка", the same Snowball stem): capitalised in a title
    ("последним Повелителем времени", "на Суперкубке 50"), not a name an article must spell."""
    lower = word.lower().replace("ё", "е")
    if not is_cyrillic(word) or lower in _common_words("ru"):
        return False
    stem = stem_word(lower)
    forms = _common_russian_forms()
    following = itertools.islice(forms, bisect.bisect_left(forms, stem), None)
    return any(stem_word(form) == stem for form in itertools.takewhile(lambda f: f.startswith(stem), following))


_WORD_CHAR = re.compile(r"\w")


def _last_question(text: str) -> str:
    """The last question of several ("When were relations established? What did they sign?", as an
    offline follow-up is searched joined to the question before it), else the whole text: what
    is asked, and in which language, is read there. (Split, not a pattern: "[^?]*\\w[^?]*\\?"
    backtracked for 0.3 s on 1,000 characters with no "?".)"""
    parts = [part for part in text.split("?")[:-1] if _WORD_CHAR.search(part)]
    return parts[-1] + "?" if len(parts) > 1 else text


def _answer_type(lower: str) -> str:
    """The kind of answer asked for, in the (lower-cased) last question of several
    (`_last_question`: "What did they sign?" after a "when" question asks what was signed, not when)."""
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.search(lower):
            return kind
    return DESCRIPTION


def _is_list(lower: str, countries: tuple[str, ...]) -> bool:
    if len(countries) > 1:
        return True
    if re.search(r"\blist\b|\bname all\b|\bперечисл|\bкакие\b|\bкаких\b|\bкакими\b|\b(с|со) кем\b|\bwith whom\b",
                 lower):
        return True
    if _COUNTED_REQUEST.search(lower):  # "give three milestones", "назовите два документа"
        return True
    match = _PLURAL_AFTER_WH.search(lower)
    return bool(match and match.group(1) not in _NOT_PLURAL and not match.group(1).endswith("ss"))


_PART_START = re.compile(
    r"(?:,\s*|(?<![\s,])\s+)(?:and|и)\s+(?=(in|on|at|with|by|for|from|to|during|what|which|who|when|where|how|"
    r"about|в|во|на|с|со|к|ко|по|из|от|для|при|о|об|что|как|какой|какая|какое|какие|каким|какую|когда|где|кто)\b)",
    re.IGNORECASE)
"""Where a question coordinates another part: "…in May 2023 and with the Shihezi zone", "…в мае
и с зоной Шихэцзы", "…is set, and what turnover was reached…" (not "Turkey and Azerbaijan")."""


def _coordinated_parts(text: str, anchors: list[str], items: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The anchors (names, years and, beside those, relations) of each coordinated part of a
    question, when two or more parts have names or years of their own (a relation alone, "…, and
    which documents were signed", says too little of an article to stand for a part: it stays
    required of all). The first part's own ones are those from where the phrase parallel to the
    second begins ("with Chinese partners in May 2023 … and with the Shihezi zone": from the first
    "with"); anchors before it (the subject: "What did Vassilenko discuss with Tirs and with
    Amaral?") are shared, so every article must have them, and are left out of the parts. `items`,
    the question's enumeration after a colon (`_enumerated_items`), are its parts when it has one."""
    if not anchors:
        return ()
    if items:  # "Summarise X: the 2022 turnover, the 2023 one in Krasnoyarsk, …": the head's anchors are shared
        return _anchored([[a for a in anchors if _mentions(item.partition(": ")[2], a)] for item in items])
    cuts = list(_PART_START.finditer(text))
    if not cuts:
        return ()
    bounds = [0, *(m.end() for m in cuts)]
    ends = [*(m.start() for m in cuts), len(text)]
    lead = cuts[0].group(1).lower()
    first = re.search(rf"(?<=\s){re.escape(lead)}\b(?!\s+{_FIXED_PHRASE})", text[:ends[0]], re.IGNORECASE)
    if first is not None and lead not in _QUESTION_WORDS_AT_START:
        bounds[0] = first.start()
    segments = [[a for a in anchors if _mentions(text[start:end], a)] for start, end in zip(bounds, ends, strict=True)]
    if len(segments) == 2 and all(segments) and _CLAUSE_OPENING.match(text, bounds[1]) and segments[1] != segments[0]:
        # "What did they sign in Shusha in 2021, and which documents were signed in Ankara?": two
        # questions, each with its own constraints, even a relation alone; one may stand in another article
        return tuple(tuple(part) for part in segments)
    # a year closing the last phrase ("…with Mirziyoyev and with Japarov in 2024") dates them all,
    # unless an earlier part has a year of its own ("in May 2023 … and in 2025") or the last part
    # is a clause of its own ("…, and how did Zourabichvili call the decision in December 2023?")
    clause = cuts[-1].group(1).lower() in _QUESTION_WORDS_AT_START
    if not clause and not any(_YEAR.fullmatch(a) for part in segments[:-1] for a in part):
        last = text[bounds[-1]:]
        named = max((last.find(a) for a in segments[-1] if not _YEAR.fullmatch(a)), default=-1)
        segments[-1] = [a for a in segments[-1] if not (_YEAR.fullmatch(a) and last.find(a) > named)]
    return _anchored(segments)


_CLAUSE_OPENING = re.compile(r"(?:(?:in|on|at|with|by|for|from|to|during|в|во|на|с|со|к|по|из|от|для|при|о|об)\s+)?"
                             r"(?:what|which|whom|who|when|where|how|что|как\w*|когда|где|кто|кого|кем|чем|чему)\b",
                             re.IGNORECASE)
"""A part that is a question of its own: a question word, after a preposition or not ("and in
what capacity", "и с какого числа")."""


MIN_CLAUSE_WORDS = 4
"""Words a joined question needs to be one of its own (not "and what other characteristic?")."""


_COORDINATION = re.compile(r",|;|\b(?:and|or|as well as)\b|(?<![\w])(?:и|или|а также)(?![\w])", re.IGNORECASE)


def _clauses(text: str) -> tuple[str, ...]:
    """The questions joined by ", and which/what/when/…" (a part opening with a question word),
    when there are two or more; the first keeps the question's opening."""
    cuts = [m for m in _PART_START.finditer(text) if _CLAUSE_OPENING.match(text, m.end())]
    if not cuts:
        return ()
    bounds = [0, *(m.end() for m in cuts)]
    ends = [*(m.start() for m in cuts), len(text)]
    clauses = tuple(text[start:end].strip(" ,?") for start, end in zip(bounds, ends, strict=True))
    # "…capitalism, imperialism, and what?", "Как и когда…": an ellipsis or a pair of question words
    return clauses if all(len(re.findall(r"\w+", c)) >= MIN_CLAUSE_WORDS for c in clauses) else ()


def _anchored(segments: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """The segments with a name or a year of their own, when there are two or more."""
    kept = [tuple(part) for part in segments if any(a not in RELATIONS for a in part)]
    return tuple(kept) if len(kept) >= 2 else ()


_FIXED_PHRASE = r"(?:ходе|рамках|связи|целях|течение|результате|качестве|order|the course|terms)\b"
"""A preposition that opens a fixed phrase ("в ходе визита", "in the course of"), not a part's
phrase parallel to the next part's."""


_ITEM_SPLIT = re.compile(r"(?<!\s)\s*[,;]\s*(?:(?:and|и)\s+)?|(?<!\s)\s+(?:and|и)\s+"
                         r"(?=(?:the|a|an|what|which|how|who|when|where|in|on|at|with|by|for|from|to|что|как\w*|кто|когда|где|в|во|на|с|со|по)\b)")
MAX_ITEMS = 5
"""An enumeration of more items than this is not a question's parts but a list in its wording."""


def _enumerated_items(text: str) -> tuple[str, ...]:
    """The items of an enumeration after a colon, each with the head before the colon."""
    unquoted = re.sub(r"«[^»]*»|\"[^\"]*\"|“[^”]*”", lambda m: "_" * len(m.group()), text)
    colon = unquoted.find(":")
    head, tail = text[:colon], text[colon + 1:]
    if colon < 0 or not re.search(r"\w", head) or re.search(r"[.?!]\s+\w", tail.strip()):
        return ()  # a colon in a quoted title, or a note before the question ("Note: answer briefly. Who…")
    items = [item for item in _ITEM_SPLIT.split(tail.strip(" ?.!\t\n")) if re.search(r"\w{3,}", item)]
    if not 2 <= len(items) <= MAX_ITEMS:
        return ()
    return tuple(f"{head.strip()}: {item}" for item in items)


def _mentions(text: str, anchor: str) -> bool:
    if anchor in RELATIONS:  # "documents were signed …, and what did Japarov mention": signing is part one's
        return RELATIONS[anchor][0].search(text.lower().replace("ё", "е")) is not None
    return re.search(rf"(?<!\w){re.escape(anchor)}(?!\w)", text) is not None


_QUESTION_WORDS_AT_START = {"what", "which", "who", "when", "where", "how", "что", "как", "какой", "какая", "какое",
                            "какие", "каким", "какую", "когда", "где", "кто"}
"""A part that opens with a question word parallels the whole first part, not a phrase in it."""


_EMPTY_WORDS = frozenset(
    "who whom whose what which when where why how is are was were be been do does did it its he she they them "
    "this that these those there and or so then about of the a an to in on for happened happen tell me us more "
    "else please ok okay yes no "
    "кто кого кому что чего чем когда где куда откуда почему зачем как какой какая какое какие каков это этот "
    "эта то он она оно они его её ее их и а но ли же был была было были есть там тут так случилось произошло "
    "расскажи расскажите мне нам ещё еще подробнее пожалуйста да нет".split())
"""Question words, pronouns and fillers: a question of these alone ("Who?", "Что это?") names nothing
to look for, and was answered with whatever sentence e5 put nearest."""


def names_nothing(question: str) -> bool:
    """Whether every word of the question is a question word, pronoun or filler (`_EMPTY_WORDS`)."""
    words = re.findall(r"[^\W_]+", question.lower())
    return bool(words) and all(word in _EMPTY_WORDS for word in words)


@lru_cache(maxsize=256)
def analyze(question: str) -> Question:
    """Read the question's expected answer and constraints (pure, no index needed; remembered, so a
    request's retrieval and answer steps read one analysis)."""
    asking = _last_question(question)  # a follow-up joined to an earlier question asks this, in its language
    lang = detect_language(asking)
    lower = question.lower().replace("ё", "е")
    countries = tuple(code for code in find_countries(_LANGUAGE_NAMED.sub(" ", question)) if code != HOME)
    names: list[str] = [code for code in _CODE.findall(question)]
    proper: list[str] = []
    matches = list(_CAPITALISED.finditer(question))
    for i, match in enumerate(matches):
        word = re.sub(r"['’]s$", "", match.group().strip("'’-"))  # Melbourne's -> Melbourne
        if (word.isupper() and len(word) <= 3) or find_countries(word) or word in names or word in proper:
            continue  # an abbreviation (US, EU, CMD) the tagger or BM25 handles, or a country
        if not question[:match.start()].strip(" \t\"'«(") and _IMPERATIVE.fullmatch(word.lower()):
            continue  # the request itself ("Summarise...", "Перечислите..."), not a name
        given_name = i + 1 < len(matches) and question[match.end():matches[i + 1].start()] == " "
        common = (_is_common_word(word) or _is_common_inflection(word)
                  or _MONTH_RANGE.fullmatch(word.lower()) is not None)  # January-November
        if not (common or given_name or _COMMON_SUFFIX.search(word.lower())):
            names.append(word)
        elif match.start() > 0 and word.lower() not in _QUESTION_WORDS:
            proper.append(word)  # a given name is spelt too many ways to be required (Emmanuel ~ Эмманюэль)
    years = tuple(dict.fromkeys(_YEAR.findall(question)))
    numbers = tuple(n for n in dict.fromkeys(_NUMBER.findall(question)) if n not in years)
    ordinals = tuple(dict.fromkeys(m.group() for m in _ORDINAL.finditer(question)))
    relations = tuple(key for key, (pattern, _) in RELATIONS.items() if pattern.search(_without_attending(lower)))
    items = _enumerated_items(question)
    parts = _coordinated_parts(question, [*names, *years, *relations], items)
    return Question(question, answer_language(lang), _answer_type(asking.lower().replace("ё", "е")),
                    _is_list(lower, countries) or bool(parts) or bool(items), countries, tuple(names), years,
                    numbers, relations, tuple(proper), items, parts, ordinals, _clauses(question))


@dataclass
class TextFacts:
    """What a piece of text (an article or a sentence) offers the constraints, computed once."""

    lower: str
    keys: frozenset[str]
    countries: frozenset[str]
    years: frozenset[str] = field(default_factory=frozenset)
    capitalised: frozenset[str] = field(default_factory=frozenset)
    """Lower-cased words the text writes with a capital: a place or a person, even a common word."""
    compounds: frozenset[str] = field(default_factory=frozenset)
    """Two-word names written as one (Pro Bowl, du Pont), lower-cased: the other script often
    joins them (Пробоул, Дюпон)."""
    named: frozenset[str] = field(default_factory=frozenset)
    """Lower-cased words written with a capital after another word, not opening a sentence: a name
    even when it is also a common word (William, Ward), unlike "Soon" at a sentence's start."""
    _codes: dict[bool, tuple[frozenset[str], frozenset[str], frozenset[str]]] = field(
        default_factory=dict, repr=False, compare=False)

    def _script_codes(self, latin: bool) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """The consonant codes of the text's words in one script: of all of them, and of the rare
        ones (written capitalised or not common), and the rare words a name is spelt against (a
        name, or not a common word; computed on first use)."""
        if latin not in self._codes:
            words = {w for w in _TOKEN.findall(self.lower) if is_cyrillic(w) != latin and not w.isdigit()}
            compounds = {w for w in self.compounds if is_cyrillic(w) != latin}
            rare = frozenset(w for w in words if w in self.capitalised or not _is_common_word(w)) | compounds
            spelt = frozenset(w for w in rare if w in self.named or not _is_common_word(w))
            self._codes[latin] = (frozenset(c for w in words for c in consonant_codes(w, variants=w in rare)),
                                  frozenset(c for w in rare for c in consonant_codes(w)), spelt)
        return self._codes[latin]

    def has_name_across_scripts(self, name: str) -> bool:
        """A name written in one script found among the text's words in the other (Грейнджера
        in a question, Grainger in the article): the same consonants as any word, or one apart
        from a name's (a word written capitalised, or a rare one: a common word one consonant off
        is another word, бездействия is not Bodhisattva). Only the other script's words are
        compared, so a same-script miss stays a miss."""
        every, rare, spelt = self._script_codes(latin=is_cyrillic(name))
        codes = consonant_codes(name)
        if codes & every or any(codes_match(code, word) for code in codes for word in rare):
            return True
        if any(spells_same_name(name, word) for word in spelt):
            return True  # vowels too: Эша ~ Esch, Уотерфилд ~ Waterfield (not "Soon" opening a sentence)
        sounds = readings(name)  # a short Chinese name, by its whole reading (Qiang ~ Цян)
        return bool(sounds) and any(sounds & readings(word) for word in self.capitalised  # not День for Deng
                                    if is_cyrillic(word) != is_cyrillic(name) and not _is_common_word(word))

    @classmethod
    def of(cls, text: str, countries: tuple[str, ...] = (), date: str | None = None, tag: bool = True) -> "TextFacts":
        """`tag=False` skips finding the countries a text names, the costly part, when only its
        names and years are asked about (a sentence checked for a question's part)."""
        lower = text.lower().replace("ё", "е")
        keys = frozenset(skeleton(w) for w in _TOKEN.findall(text))
        years = set(_YEAR.findall(text))
        if date and _YEAR.fullmatch(date[:4]):
            years.add(date[:4])
            years |= {str(int(date[:4]) + shift) for shift, pattern in _RELATIVE_YEAR if pattern.search(lower)}
        capitalised = frozenset(w.lower().replace("ё", "е") for w in _CAPITALISED_WORD.findall(text))
        compounds = frozenset((a + b).lower().replace("ё", "е") for a, b in _COMPOUND_NAME.findall(text))
        named = frozenset(w.lower().replace("ё", "е") for w in _NAMED_WORD.findall(text))
        tags = frozenset(countries) | frozenset(find_countries(text) if tag else ())
        return cls(lower, keys, tags, frozenset(years), capitalised, compounds, named)

    def has_name(self, name: str) -> bool:
        """Whether the text names `name`, or cannot be held to it (see `finds_name`): what a
        constraint asks, where an unreadable name must not refuse the question."""
        return self.finds_name(name) is not False

    def finds_name(self, name: str) -> bool | None:
        """True when the text names `name`, False when it does not, None when it cannot tell: a
        name translated rather than transliterated, or too short to match across scripts, in a
        text with no word in its script. A score counts only what is found, never the unknown."""
        if _CODE.fullmatch(name):
            return name.lower() in self.lower
        if any(ch.isdigit() for ch in name):  # an identifier (PRJ-1007, ЭКСПО-2017): as written, or part by part
            if re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", self.lower) is not None:
                return True  # across scripts, its letters by their skeleton (ЭКСПО ~ EXPO), its digits as they are
            return all(skeleton(part) in self.keys or (not part.isdigit() and any(
                name_matches(skeleton(part), k) for k in self.keys)) for part in re.findall(r"[^\W_]+", name))
        parts = [part for part in name.split("-") if part[:1].isupper() and len(part) > 1]
        if "-" in name and parts != [name]:  # Лос-Анджелеса, HD-качестве: each name part, not the common words
            verdicts = [self.finds_name(part) for part in parts]
            return False if False in verdicts else True if all(verdicts) else None
        key = skeleton(name)
        if key in self.keys or any(name_matches(key, k) for k in self.keys) or self.has_name_across_scripts(name):
            return True
        # An acronym or a Russian adjective is translated, not transliterated (МГЭИК is IPCC,
        # Семилетняя война the Seven Years' War), and a name of fewer than three consonants (Мота,
        # Юаня) says too little to be matched across scripts: in a text with no word in its script
        # it cannot be looked for, so it is not held against the text.
        translated = name.isupper() or not consonant_codes(name) or (
            is_cyrillic(name) and _RUSSIAN_ADJECTIVE.search(name.lower()) is not None)
        unreadable = translated and not any(is_cyrillic(w) == is_cyrillic(name) for w in _TOKEN.findall(self.lower)
                                            if not w.isdigit())
        return None if unreadable else False

    def has_relation(self, relation: str) -> bool:
        return states_relation(self.lower, relation)

    def has_anchor(self, anchor: str) -> bool:
        """A coordinated part's year, relation or name in the text."""
        if _YEAR.fullmatch(anchor):
            return anchor in self.years
        return self.has_relation(anchor) if anchor in RELATIONS else self.has_name(anchor)

    def has_ordinal(self, ordinal: str) -> bool:
        """The number of an ordinal in the text, in digits (24th, 24-го, 24) or, up to the
        twentieth, in words (tenth, десятого)."""
        digits = re.match(r"\d+", ordinal)
        if digits is None:
            return True
        number = digits.group()
        if re.search(rf"(?<![\d.,]){number}(?![\d])", self.lower):
            return True
        if any(_roman(numeral) == int(number) for numeral in re.findall(r"\b[ivxlc]+\b", self.lower)):
            return True  # "XXIV заседание": Russian official texts number sessions in Roman
        return any(value == number and re.search(rf"\b{word}", self.lower) for word, value in _ORDINAL_WORDS.items())


def _roman(numeral: str) -> int:
    """The value of a Roman numeral up to 399 (i, iv, xxiv, cxl), 0 for anything else."""
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for i, letter in enumerate(numeral):
        value = values[letter]
        total += -value if i + 1 < len(numeral) and values[numeral[i + 1]] > value else value
    return total if re.fullmatch(r"c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})", numeral) else 0


def states_relation(lower: str, relation: str) -> bool:
    """Whether a lower-cased text (ё as е) states the relation, not only denies it ("did not sign
    any documents")."""
    return any(not _NEGATED_BEFORE.search(lower[max(0, m.start() - 30):m.start()])
               for m in RELATIONS[relation][0].finditer(lower))


def missing_constraints(question: Question, facts: TextFacts) -> list[str]:
    """The constraints an article does not meet. Countries: the article must concern at least one
    country asked about (a question may span several articles, one per country; that every asked
    country is covered by some article is checked over all of them); years likewise ("met in 2022
    and 2025" spans two articles); names and relations: all of them."""
    missing: list[str] = []
    if question.countries and not set(question.countries) & facts.countries:
        missing += list(question.countries)

    def lacks(anchor: str) -> bool:
        if (not facts.years and len(question.years) == 1 and _YEAR.fullmatch(anchor)
                and not any(pattern.search(facts.lower) for _, pattern in _RELATIVE_YEAR)):
            # an article with no year and no date (an encyclopedia paragraph, an undated note) does not
            # place its facts in time, so nothing in it gainsays the year asked and the question's other
            # words decide ("How many interceptions in 2015?" of a season's statistics); an article
            # that gives other years or speaks of "last year" does, and so does a period ("between
            # 2004 and 2014"), which an article without years cannot cover
            return False
        return not facts.has_anchor(anchor)

    in_parts = {anchor for part in question.parts for anchor in part}
    missing += [n for n in [*question.names, *question.years] if n not in in_parts and lacks(n)]
    years = [y for y in question.years if y not in in_parts]
    if question.years_apart and len([y for y in years if lacks(y)]) < len(years):  # of separate years, one will do
        missing = [m for m in missing if m not in years]
    if question.parts:  # of coordinated parts, one will do: the one it misses least of
        fewest: list[str] = min(([a for a in part if lacks(a)] for part in question.parts), key=len)
        missing.extend(fewest)
    missing += [o for o in question.ordinals if not facts.has_ordinal(o)]
    missing += [r for r in question.relations if r not in in_parts and not facts.has_relation(r)]
    return missing


def anchor_overlap(question: Question, sentence: str, cross_lingual: bool = False) -> float:
    """Share of the question's anchors (rare names, years, numbers, any asked country, relations)
    found in a sentence, in either script: what carries an answer across languages when e5
    similarity is flat. Other capitalised words (Kerry) count only across scripts, where the
    lexical overlap cannot see them."""
    proper = question.proper_nouns if cross_lingual else ()
    weak = bool(question.countries) + len(question.relations)
    strong = len(question.names) + len(question.years) + len(question.numbers) + len(proper)
    if not weak + strong:
        return 0.0
    facts = sentence_facts(sentence)
    found = WEAK_ANCHOR * sum(1 for r in question.relations if facts.has_relation(r))
    found += WEAK_ANCHOR * bool(set(question.countries) & facts.countries)
    found += sum(1 for y in question.years if y in facts.years)
    figures = {n.replace(",", "").replace(" ", "") for n in _NUMBER.findall(sentence)}
    found += sum(1 for n in question.numbers if n.replace(",", "") in figures)
    # a name the sentence cannot be read for (Уэльсе, МГЭИК over English) is neither found nor missed:
    # counted as found, it raised every sentence of the other language alike, off-topic ones too
    verdicts = [facts.finds_name(n) for n in (*question.names, *proper)]
    found += sum(verdict is True for verdict in verdicts)
    strong -= sum(verdict is None for verdict in verdicts)
    if not weak + strong:
        return 0.0
    return found / (WEAK_ANCHOR * weak + strong + ANCHOR_PRIOR)


def sentence_facts(sentence: str, tag: bool = True) -> TextFacts:
    """`TextFacts.of` a sentence, remembered (with the consonant codes it computes on use): the
    answerer reads the same passages' sentences again for each question asked about them."""
    return _remembered_facts(sentence, tag) if len(sentence) <= REMEMBERED_CHARS else TextFacts.of(sentence, tag=tag)


_remembered_facts = lru_cache(maxsize=1024)(lambda sentence, tag: TextFacts.of(sentence, tag=tag))
"""About 6 KB a sentence (15 MB for XQuAD's 2,566, measured with tracemalloc): 1,024 hold the
candidates of a few questions, enough for the questions that follow on the same passages."""


def person_names(sentence: str) -> list[str]:
    """Words that look like people's names: title-case, rare in everyday language, not a country,
    and not the sentence's first word (a capitalised common word would be)."""
    found = []
    for match in _TITLE_WORD.finditer(sentence):
        word = match.group()
        if match.start() == 0 or _is_common_word(word) or find_countries(word):
            continue
        found.append(word)
    return found


def states_year(text: str) -> bool:
    """Whether a sentence holds something a "what year" question could be answered with."""
    return _ANY_YEAR.search(text.lower()) is not None


def has_answer_of_type(answer_type: str, sentence: str, money: bool = False, time: bool = False) -> bool:
    """Does the sentence contain the kind of thing the question asks for? `money`: the question
    asks for a sum in some currency ("в долларах", "how many dollars"), which a percentage or a
    tonnage does not answer; `time`: it asks for a span of time ("how much time was left"), which
    a duration or a clock time does."""
    if time and answer_type in (AMOUNT, COUNT) and _DURATION.search(sentence):
        return True
    if answer_type == AMOUNT:
        return bool(_MONEY.search(sentence) if money else _AMOUNT.search(sentence))
    if answer_type == COUNT:
        if not money:  # a sum or a percentage counts no things ("how many students": not "$255 million")
            sentence = _PERCENT.sub(" ", _MONEY.sub(" ", sentence))
        return (any(n not in _YEAR.findall(sentence) for n in _NUMBER.findall(sentence))
                or bool(_COUNT_WORD.search(sentence.replace("ё", "е"))))
    if answer_type == DATE:
        return bool(_DATE.search(sentence))
    if answer_type == PERSON:
        return bool(person_names(sentence))
    if answer_type in (PLACE, ORGANISATION):
        return bool(find_countries(sentence)) or bool(_CAPITALISED.search(sentence[1:]))
    return True

