"""Country and organisation tags, in English and Russian.

English names and codes come from pycountry; what it lacks is curated here, small and
explicit: Russian names (matched by Snowball stem, so inflected forms like «Казахстана»,
«российской» match), demonyms, capitals used as metonyms (Washington, Moscow), common
abbreviations (США, РАН, Госдеп), and the international organisations the articles mention.
"""

from __future__ import annotations

import difflib
import gettext
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from bm25s.stopwords import STOPWORDS_RUSSIAN

from ..core.errors import AssistantError
from ..core.records import Article
from ..core.sanitize import ZERO_WIDTH
from ..core.settings import setting_default
from ..core.terminal import terminal_safe
from ..core.text import stem_word

HOME: str = setting_default("home_country")
"""The corpus is about Kazakhstan: "relations with X" means Kazakhstan with X. The default of
`ASSISTANT_HOME_COUNTRY`; the app, `assistant countries` and `assistant summarize` read the
setting, the answerer's question analysis uses this default."""

ORGANISATIONS: dict[str, tuple[str, list[str], list[str]]] = {
    # code: (display name, English aliases, Russian aliases)
    "EU": ("European Union", ["European Union", "EU", "European", "EEAS", "European Commission"],
           ["Евросоюз", "Европейский союз", "Европейского союза", "Евросоюза", "ЕС"]),
    "UN": ("United Nations", ["United Nations", "UN", "UNDP", "UNDRR", "UNISDR", "UN General Assembly"],
           ["ООН", "Организация Объединенных Наций", "ПРООН"]),
    "UNESCO": ("UNESCO", ["UNESCO"], ["ЮНЕСКО"]),
    "OIC": ("Organisation of Islamic Cooperation", ["OIC", "Organization of Islamic Cooperation",
                                                     "Organisation of Islamic Cooperation"],
            ["ОИС", "Организация исламского сотрудничества"]),
    "IAEA": ("International Atomic Energy Agency", ["IAEA", "International Atomic Energy Agency"], ["МАГАТЭ"]),
    "WTO": ("World Trade Organization", ["WTO", "World Trade Organization"], ["ВТО"]),
}

AGENCIES: frozenset[str] = frozenset({"UNDP", "UNDRR", "UNISDR", "ПРООН", "EEAS", "USAID", "РАН"})
"""Aliases above that name a body of the country or organisation, not itself: an article about UNDP
is tagged UN, but a claim that names UNDP is not borne out by passages that name only the UN
(`anchors.missing_anchors`)."""

# Curated extras per ISO code: (English demonyms/capitals/aliases, Russian names and forms).
EXTRAS: dict[str, tuple[list[str], list[str]]] = {
    "KZ": (["Kazakh", "Kazakhstani", "Astana", "Almaty"],
           ["Казахстан", "казахстанский", "казахский", "Астана", "Алматы", "РК"]),
    "RU": (["Russia", "Russian", "Moscow", "Kremlin", "Russian Academy of Sciences"],
           ["Россия", "российский", "русский", "Москва", "Кремль", "РФ", "РАН", "Российская Федерация"]),
    "US": (["US", "USA", "U.S.", "American", "Washington", "USAID", "United States of America"],
           ["США", "Соединенные Штаты", "американский", "Вашингтон", "Госдеп", "Госдепартамент"]),
    "CN": (["Chinese", "Beijing", "PRC"], ["Китай", "китайский", "Пекин", "КНР"]),
    "FR": (["French", "Paris"], ["Франция", "французский", "Париж"]),
    "DE": (["German", "Berlin"], ["Германия", "немецкий", "германский", "Берлин", "ФРГ"]),
    "GB": (["British", "London", "UK", "Britain", "Great Britain"], ["Великобритания", "британский", "Лондон"]),
    "UA": (["Ukrainian", "Kyiv", "Kiev"], ["Украина", "украинский", "Киев"]),
    "KG": (["Kyrgyz", "Kyrgyzstan", "Bishkek"], ["Кыргызстан", "Киргизия", "кыргызский", "Бишкек"]),
    "UZ": (["Uzbek", "Tashkent"], ["Узбекистан", "узбекский", "Ташкент"]),
    "TJ": (["Tajik", "Dushanbe"], ["Таджикистан", "таджикский", "Душанбе"]),
    "TM": (["Turkmen", "Ashgabat"], ["Туркменистан", "туркменский", "Ашхабад"]),
    "TR": (["Turkish", "Ankara", "Turkey"], ["Турция", "турецкий", "Анкара"]),
    "IR": (["Iranian", "Tehran"], ["Иран", "иранский", "Тегеран"]),
    "IN": (["Indian", "New Delhi"], ["Индия", "индийский", "Нью-Дели"]),
    "JP": (["Japanese", "Tokyo"], ["Япония", "японский", "Токио"]),
    "KR": (["South Korea", "Republic of Korea", "Korea", "Korean", "Seoul"],
           ["Южная Корея", "Республика Корея", "корейский", "Сеул"]),
    "KP": (["North Korea", "North Korean", "DPRK", "Pyongyang"],
           ["Северная Корея", "КНДР", "северокорейский", "Пхеньян"]),
    "EE": (["Estonian", "Tallinn"], ["Эстония", "эстонский", "Таллин"]),
    "KE": (["Kenyan", "Nairobi"], ["Кения", "кенийский", "Найроби"]),
    "PT": (["Portuguese", "Lisbon"], ["Португалия", "португальский", "Лиссабон"]),
    "DZ": (["Algerian", "Algiers"], ["Алжир", "алжирский"]),
    "BE": (["Belgian", "Brussels"], ["Бельгия", "бельгийский", "Брюссель"]),
    "CH": (["Swiss", "Bern"], ["Швейцария", "швейцарский", "швейцарцы", "Берн"]),
    "SA": (["Saudi", "Riyadh"], ["Саудовская Аравия", "саудовский", "Эр-Рияд"]),
    "HU": (["Hungarian", "Budapest"], ["Венгрия", "венгерский", "Будапешт"]),
    "UG": (["Ugandan", "Kampala"], ["Уганда"]),
    "PY": (["Paraguayan", "Asuncion"], ["Парагвай"]),
    "CI": (["Ivorian", "Cote d'Ivoire", "Ivory Coast"], ["Кот-д'Ивуар"]),
    "ET": (["Ethiopian", "Addis Ababa"], ["Эфиопия", "эфиопский", "Аддис-Абеба"]),
    "ZA": (["South African", "Pretoria"], ["ЮАР", "Южная Африка"]),
    "AF": (["Afghan", "Kabul"], ["Афганистан", "афганский", "Кабул"]),
    "AZ": (["Azerbaijani", "Baku"], ["Азербайджан", "азербайджанский", "Баку"]),
    "GE": (["Georgian", "Tbilisi"], ["Грузия", "грузинский", "Тбилиси"]),
    "BY": (["Belarusian", "Minsk"], ["Беларусь", "Белоруссия", "белорусский", "Минск"]),
    "IT": (["Italian", "Rome"], ["Италия", "итальянский", "Рим"]),
    "ES": (["Spanish", "Madrid"], ["Испания", "испанский", "Мадрид"]),
    "PL": (["Polish", "Warsaw"], ["Польша", "польский", "Варшава"]),
    "IL": (["Israeli"], ["Израиль", "израильский"]),
    "EG": (["Egyptian", "Cairo"], ["Египет", "египетский", "Каир"]),
    "AE": (["UAE", "Emirati", "Abu Dhabi"], ["ОАЭ", "Объединенные Арабские Эмираты"]),
    "QA": (["Qatari", "Doha"], ["Катар"]),
    "MN": (["Mongolian", "Ulaanbaatar", "Ulan Bator"], ["Монголия", "монгольский", "Улан-Батор", "Улан-Баторе"]),
    "PK": (["Pakistani", "Islamabad"], ["Пакистан", "пакистанский"]),
    "CA": (["Canadian", "Ottawa"], ["Канада", "канадский"]),
    "AU": (["Australian", "Canberra"], ["Австралия", "австралийский"]),
    "BR": (["Brazilian", "Brasilia"], ["Бразилия", "бразильский"]),
    "LT": (["Lithuanian", "Vilnius"], ["Литва", "литовский", "Вильнюс"]),
    "LV": (["Latvian", "Riga"], ["Латвия", "латвийский"]),
    "AM": (["Armenian", "Yerevan"], ["Армения", "армянский", "Ереван"]),
    "BG": (["Bulgarian"], ["Болгария", "болгарский"]),
    "RO": (["Romanian", "Bucharest"], ["Румыния", "румынский", "Бухарест"]),
    "AT": (["Austrian"], ["Австрия", "австрийский"]),  # not Vienna: the IAEA's and OSCE's seat
    "HR": (["Croatian", "Zagreb"], ["Хорватия", "хорватский", "Загреб"]),
    "RS": (["Serbian", "Belgrade"], ["Сербия", "сербский", "Белград"]),
    "CU": (["Cuban", "Havana"], ["Куба", "кубинский", "Гавана"]),
    "MY": (["Malaysian", "Kuala Lumpur"], ["Малайзия", "малайзийский", "Куала-Лумпур"]),
    "ID": (["Indonesian", "Jakarta"], ["Индонезия", "индонезийский", "Джакарта"]),
    "CO": (["Colombian", "Bogota"], ["Колумбия", "колумбийский", "Богота"]),
    "SK": (["Slovak", "Slovakian", "Bratislava"], ["Словакия", "словацкий", "Братислава"]),
    "MD": (["Moldovan", "Chisinau"], ["Молдова", "Молдавия", "молдавский", "Кишинев"]),
    "CZ": (["Czech", "Prague"], ["Чехия", "чешский", "Прага"]),
    "FI": (["Finnish", "Helsinki"], ["Финляндия", "финский", "финляндский", "Хельсинки"]),
    "SE": (["Swedish", "Stockholm"], ["Швеция", "шведский", "Стокгольм"]),
    "NO": (["Norwegian", "Oslo"], ["Норвегия", "норвежский", "Осло"]),
    "DK": (["Danish", "Copenhagen"], ["Дания", "датский", "Копенгаген"]),
    "NL": (["Dutch", "Amsterdam"], ["Нидерланды", "нидерландский", "голландский", "Амстердам"]),  # not The Hague
    "GR": (["Greek", "Athens"], ["Греция", "греческий", "Афины"]),
    "VN": (["Vietnamese", "Hanoi"], ["Вьетнам", "вьетнамский", "Ханой"]),
    "TH": (["Thai", "Bangkok"], ["Таиланд", "тайский", "таиландский", "Бангкок"]),
    "MX": (["Mexican"], ["Мексика", "мексиканский"]),
    "AR": (["Argentine", "Argentinian", "Buenos Aires"], ["Аргентина", "аргентинский", "Буэнос-Айрес"]),
    "CL": (["Chilean"], ["Чили", "чилийский"]),
    "NG": (["Nigerian", "Abuja"], ["нигерийский", "Абуджа"]),
}

PEOPLE: dict[str, tuple[list[str], list[str]]] = {
    "KZ": (["Kazakhstanis"], ["казахи", "казахов", "казахстанцы", "казахстанцев"]),
    "RU": ([], ["россияне", "россиян"]), "US": ([], ["американцы", "американцев"]),
    "CN": ([], ["китайцы", "китайцев"]), "FR": (["Frenchmen"], ["французы", "французов"]),
    "DE": ([], ["немцы", "немцев"]), "GB": (["Britons"], ["британцы", "британцев"]),
    "UA": ([], ["украинцы", "украинцев"]), "KG": ([], ["кыргызстанцы", "кыргызстанцев", "киргизы", "киргизов"]),
    "UZ": ([], ["узбеки", "узбеков", "узбекистанцы"]), "TJ": ([], ["таджики", "таджиков"]),
    "TM": ([], ["туркмены", "туркменов"]), "TR": (["Turks"], ["турки"]), "IR": ([], ["иранцы", "иранцев"]),
    "IN": ([], ["индийцы", "индийцев"]), "JP": ([], ["японцы", "японцев"]),
    "KR": ([], ["Корея", "корейцы", "корейцев"]), "AZ": ([], ["азербайджанцы", "азербайджанцев"]),
    "GE": ([], ["грузины"]), "BY": ([], ["белорусы", "белорусов"]), "IT": ([], ["итальянцы", "итальянцев"]),
    "ES": (["Spaniards"], ["испанцы", "испанцев"]), "PL": ([], ["поляки", "поляков"]),
    "CA": ([], ["канадцы", "канадцев"]), "MN": (["Mongol", "Mongols"], ["монголы", "монголов"]),
    "AM": ([], ["армяне"]), "EG": ([], ["египтяне", "египтян"]), "IL": ([], ["израильтяне", "израильтян"]),
    "AF": ([], ["афганцы", "афганцев"]), "PK": ([], ["пакистанцы", "пакистанцев"]),
    "VN": ([], ["вьетнамцы", "вьетнамцев"]), "GR": ([], ["греки", "греков"]), "HU": ([], ["венгры", "венгров"]),
    "CZ": ([], ["чехи"]), "FI": (["Finns"], ["финны", "финнов"]), "SE": (["Swedes"], ["шведы", "шведов"]),
    "NO": ([], ["норвежцы", "норвежцев"]), "DK": (["Danes"], ["датчане", "датчан"]),
    "NL": ([], ["голландцы", "голландцев", "нидерландцы"]), "RS": (["Serbs"], ["сербы", "сербов"]),
    "AT": ([], ["австрийцы", "австрийцев"]), "EE": ([], ["эстонцы", "эстонцев"]),
}
"""A country's people (nominative and genitive plural in Russian), as its adjective already is:
"Americans" named the United States while "американцы" named nothing, and a bare "Корея" no
country where "Korea" was South Korea. Not "Poles" (the poles of a magnet) or "Чехов" (Chekhov)."""

TRANSLATED_NAMES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    # cities whose Russian name is no spelling of the English one (the gazetteer's others are: Astana)
    (("Beijing", "Peking"), ("Пекин",)), (("Kyiv", "Kiev"), ("Киев",)), (("Rome",), ("Рим",)),
    (("Athens",), ("Афины", "Афинах", "Афин", "Афинам", "Афинами")), (("Havana",), ("Гавана",)),
    (("Chisinau",), ("Кишинев",)),
    (("Ashgabat",), ("Ашхабад",)), (("Ulaanbaatar", "Ulan Bator"), ("Улан-Батор",)), (("Almaty",), ("Алматы",)),
    (("Abuja",), ("Абуджа",)), (("Moscow",), ("Москва", "московский")), (("Warsaw",), ("Варшава",)),
    (("Brussels",), ("Брюссель",)), (("Washington",), ("Вашингтон",)),
    # international bodies, by acronym and by name
    (("CSTO", "Collective Security Treaty Organization", "Collective Security Treaty Organisation"),
     ("ОДКБ", "Организация Договора о коллективной безопасности")),
    (("SCO", "Shanghai Cooperation Organisation", "Shanghai Cooperation Organization"),
     ("ШОС", "Шанхайская организация сотрудничества")),
    (("CIS", "Commonwealth of Independent States"), ("СНГ", "Содружество Независимых Государств")),
    (("EAEU", "EAEC", "EEU", "Eurasian Economic Union"), ("ЕАЭС", "Евразийский экономический союз")),
    (("CICA", "Conference on Interaction and Confidence Building Measures in Asia"),
     ("СВМДА", "Совещание по взаимодействию и мерам доверия в Азии")),
    (("OSCE", "Organization for Security and Co-operation in Europe"),
     ("ОБСЕ", "Организация по безопасности и сотрудничеству в Европе")),
    (("NATO", "North Atlantic Treaty Organization", "North Atlantic Alliance"),
     ("НАТО", "Североатлантический альянс")),
    (("EBRD", "European Bank for Reconstruction and Development"),
     ("ЕБРР", "Европейский банк реконструкции и развития")),
    (("ADB", "Asian Development Bank"), ("АБР", "Азиатский банк развития")),
    (("AIIB", "Asian Infrastructure Investment Bank"), ("АБИИ", "Азиатский банк инфраструктурных инвестиций")),
    (("IMF", "International Monetary Fund"), ("МВФ", "Международный валютный фонд")),
    (("EDB", "Eurasian Development Bank"), ("ЕАБР", "Евразийский банк развития")),
    (("IsDB", "Islamic Development Bank"), ("ИБР", "Исламский банк развития")),
    (("OTS", "Organization of Turkic States", "Organisation of Turkic States"),
     ("ОТГ", "Организация тюркских государств")),
    (("BRICS",), ("БРИКС",)), (("OPEC",), ("ОПЕК",)), (("ASEAN",), ("АСЕАН",)),
    (("European Council",), ("Европейский совет", "Евросовет")),
    (("European Commission",), ("Европейская комиссия", "Еврокомиссия")),
    (("European Parliament",), ("Европейский парламент", "Европарламент")),
)
"""Places and bodies named in English and in Russian by words that are not one another's spelling:
a claim translated from its source must name the same one (`anchors.untranslated_names`)."""

# Short all-caps aliases match case-sensitively on the raw text; "US dollars" and "долларов США"
# are a currency (the Russian names it after the unit, so an article on trade with China is not
# about the United States).
_ABBREVIATION = re.compile(r"^[A-ZА-ЯЁ.]{2,6}$")
_NOT_A_COUNTRY_AFTER = {"US": re.compile(r"^\s*(?:\$|dollars?|cents?)", re.IGNORECASE),
                        "U.S.": re.compile(r"^\s*(?:\$|dollars?)", re.IGNORECASE)}
_NOT_A_COUNTRY_BEFORE = {"США": re.compile(r"(?:доллар[а-яё]*|долл?\.?|цент[а-яё]*)\s*$", re.IGNORECASE)}
_LOWER_CASE = re.compile(r"[a-zа-яё]")
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    is_organisation: bool = False


def _stem(word: str) -> str:
    return stem_word(word.lower().replace("ё", "е"))


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(_stem(w) for w in _TOKEN.findall(phrase))


def _russian_names() -> gettext.NullTranslations:
    """Russian country names from the ISO 3166 translations that ship with pycountry."""
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    except OSError:
        return gettext.NullTranslations()


_EXACT = "="
"""Key prefix of a Russian name matched by its exact case forms rather than by stem."""
_RUSSIAN_VOWELS = set("аеёиоуыэюяй")
_RUSSIAN_ENDINGS = (("ия", ("ии", "ию", "ией")), ("ая", ("ой", "ую")), ("ея", ("еи", "ею", "еей", "ее")),
                    ("а", ("ы", "е", "у", "ой")),
                    ("ь", ("и", "ью")), ("й", ("я", "ю", "ем", "е")), ("", ("а", "у", "ом", "е")))


def _case_forms(alias: str) -> list[str]:
    """The alias and, for a Russian one, its last word in the other cases. Snowball stems some
    forms apart (Казахстан -> казахста, but Казахстане -> казахстан), so each form is keyed."""
    words = alias.split()
    if not words or not re.search("[а-яё]", words[-1].lower()):
        return [alias]
    last = words[-1]
    for ending, others in _RUSSIAN_ENDINGS:
        if last.lower().endswith(ending):
            base = last[: len(last) - len(ending)] if ending else last
            if not base or (ending != "й" and base[-1].lower() in _RUSSIAN_VOWELS):
                return [alias]  # Самоа, Конго, Перу, Чили: not declined
            endings = [("и" if other == "ы" and base[-1].lower() in "гкхжшчщ" else other)  # Праги, Америки
                       for other in others]
            return [alias] + [" ".join(words[:-1] + [base + other]) for other in endings]
    return [alias]


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[tuple[str, ...], str], dict[str, str], dict[str, Country], dict[str, str]]:
    """(stemmed phrase -> code, abbreviation -> code, code -> Country, lookup name -> code)."""
    phrases: dict[tuple[str, ...], str] = {}
    abbreviations: dict[str, str] = {}
    known: dict[str, Country] = {}
    names: dict[str, str] = {}

    stemmed: dict[tuple[str, ...], list[tuple[str, str]]] = {}

    def add(alias: str, code: str) -> None:
        names.setdefault(alias.lower(), code)
        if _ABBREVIATION.match(alias.replace(" ", "")):
            abbreviations[alias] = code
        else:
            for form in _case_forms(alias):
                key = _key(form)
                if len(key) == 1 and len(key[0]) < 5 and re.search("[а-яё]", form.lower()):
                    key = (_EXACT + form.lower().replace("ё", "е"),)  # short stems collide: Дания, данные -> дан
                if key:
                    stemmed.setdefault(key, []).append((form, code))

    prefixes = Counter(c.name.split(",")[0] for c in pycountry.countries if "," in c.name)
    for country in pycountry.countries:
        code = country.alpha_2
        display = getattr(country, "common_name", None) or country.name
        if code == "RU":
            display = "Russia"
        known[code] = Country(code, display)
        names[code.lower()] = code
        names[country.alpha_3.lower()] = code
        for alias in {country.name, display, getattr(country, "official_name", None) or country.name}:
            if "," not in alias:
                add(alias, code)
            elif prefixes[alias.split(",")[0]] == 1:  # "Moldova, Republic of" -> Moldova (not Korea: two)
                add(alias.split(",")[0], code)
    translations = _russian_names()
    for country in pycountry.countries:
        common = getattr(country, "common_name", country.name)
        for alias in {translations.gettext(country.name), translations.gettext(common)}:
            # pycountry's own Russian translations; one that is also a function word (Того) is left out
            if alias and not re.search("[A-Za-z,]", alias) and alias.lower() not in STOPWORDS_RUSSIAN:
                add(alias, country.alpha_2)
    for table in (EXTRAS, PEOPLE):
        for code, (english, russian_aliases) in table.items():
            for alias in english + russian_aliases:
                add(alias, code)
    for code, (display, english, russian) in ORGANISATIONS.items():
        known[code] = Country(code, display, is_organisation=True)
        names[code.lower()] = code
        for alias in english + russian:
            add(alias, code)
    for key, claims in stemmed.items():
        codes = {code for _, code in claims}
        if len(codes) == 1 or len(key) > 1:
            phrases.setdefault(key, claims[0][1])
            continue
        # two countries' names share a stem (Нигер and Нигерия -> нигер): each case form is read as
        # written, so "в Нигерии" is Nigeria and "в Нигере" Niger; a form both share (Congo) goes to the first
        for form, code in claims:
            phrases.setdefault((_EXACT + form.lower().replace("ё", "е"),), code)
    return phrases, abbreviations, known, names


def find_countries(text: str) -> list[str]:
    """Codes of the countries and organisations a text mentions, in order of first mention."""
    found = country_mentions(text)
    return sorted(found, key=lambda code: found[code])


def country_mentions(text: str) -> dict[str, int]:
    """Where each country or organisation a text mentions is first named (its offset)."""
    found: dict[str, int] = {}
    for start, _, code in country_spans(text):  # abbreviations first, as they always were
        found.setdefault(code, start)
    if "UNESCO" in found:
        found.setdefault("UN", found["UNESCO"])
    return found


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern[str], dict[str, int]]:
    """The abbreviations as one pattern, and for each stem the most words a phrase starting with it
    has: built once, so a sentence is read in one pass (the answerer reads thousands per minute)."""
    phrases, abbreviations, _, _ = _tables()
    pattern = re.compile(r"(?<![\w.])(" + "|".join(sorted(map(re.escape, abbreviations), key=len, reverse=True))
                         + r")(?![\w])")
    longest: dict[str, int] = {}
    for key in phrases:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    return pattern, longest


def country_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, code) of every mention of a country or organisation, abbreviations first.
    A sentence's are remembered: the answerer reads the same passages' sentences for each question."""
    return list(_remembered_spans(text) if len(text) <= REMEMBERED_CHARS else _spans(text))


REMEMBERED_CHARS = 2000
"""Texts up to this long (sentences, titles) are remembered, here and in `question.sentence_facts`;
a whole article at ingest is not."""


def _spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """`country_spans` read afresh: the abbreviations, then the longest phrase at each word."""
    phrases, abbreviations, _, _ = _tables()
    pattern, longest = _matcher()
    spans: list[tuple[int, int, str]] = []
    for match in pattern.finditer(text):
        alias = match.group(1)
        guard = _NOT_A_COUNTRY_AFTER.get(alias)
        if guard and guard.match(text[match.end():]):
            continue
        guard = _NOT_A_COUNTRY_BEFORE.get(alias)
        if guard and guard.search(text[max(0, match.start() - 20):match.start()]):
            continue
        if alias == "US" and not _LOWER_CASE.search(text[max(0, match.start() - 20):match.end() + 20]):
            continue  # "TALKS WITH US": a headline in capitals
        spans.append((match.start(), match.end(), abbreviations[alias]))
    tokens = [(m.start(), m.end(), _stem(m.group()), m.group().lower().replace("ё", "е"))
              for m in _TOKEN.finditer(text)]
    stems = [stem for _, _, stem, _ in tokens]
    i = 0
    while i < len(tokens):
        step = 1
        for size in range(min(longest.get(stems[i], 0), len(tokens) - i), 0, -1):
            code = phrases.get(tuple(stems[i: i + size]))
            if code:
                spans.append((tokens[i][0], tokens[i + size - 1][1], code))
                step = size  # "North Korea" is one mention, not also Korea
                break
        else:  # a Russian name read by its exact case forms (Нигере, Нигерии)
            code = phrases.get((_EXACT + tokens[i][3],))
            if code:
                spans.append((tokens[i][0], tokens[i][1], code))
        i += step
    return tuple(spans)


_remembered_spans = lru_cache(maxsize=8192)(_spans)


def tag_article(article: Article) -> Article:
    return article.with_countries(tuple(find_countries(f"{article.title}\n{article.text}")))


@lru_cache(maxsize=512)
def country_forms(code: str) -> tuple[str, ...]:
    """The names a country or organisation goes by itself, in English and Russian (Norway,
    Kingdom of Norway, Норвегия; United Nations), without the capitals and cities the tagger also
    maps to it: a claim that says Almaty where its source says Astana has moved a place."""
    forms = [code]
    country = pycountry.countries.get(alpha_2=code)
    if country is not None:
        translations = _russian_names()
        for name in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
            if name:
                forms += [name.split(",")[0], translations.gettext(name)]
    known = _tables()[2].get(code)
    if known is not None:
        forms.append(known.name)
    if code in ORGANISATIONS:
        display, english, russian = ORGANISATIONS[code]
        forms += [display, *english, *russian]
    return tuple(dict.fromkeys(forms))


def country_name(code: str) -> str:
    country = _tables()[2].get(code)
    return country.name if country else code


def resolve_country(name: str) -> Country:
    """A country or organisation from a code, an English or Russian name, or an alias."""
    _, _, known, names = _tables()
    query = " ".join(ZERO_WIDTH.sub("", terminal_safe(name)).split())  # "Fr\u200bance" is France
    code = names.get(query.lower())
    if code is None:
        phrases = _tables()[0]
        code = phrases.get(_key(query)) if query else None
    if code is None and query:
        found = find_countries(query)
        code = found[0] if len(found) == 1 else None
    if code is None or code not in known:
        choices = sorted({known[c].name for c in known})
        close = difflib.get_close_matches(query, choices, n=3, cutoff=0.5)
        hint = f"Did you mean: {', '.join(close)}?" if close else "Try an English name or an ISO code, e.g. 'US'."
        shown = query  # one line, bounded: the name is the user's, of any length
        shown = shown if len(shown) <= 80 else shown[:79] + "…"
        raise AssistantError(f"Unknown country or organisation '{shown}'.", hint=hint)
    return known[code]
