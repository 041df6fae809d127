"""What a claim commits to, and whether its cited passages say it: figures (and the trade flow
each is given as), dates, names, offices, countries and organisations, negation, the relation
(signed, met, agreed...), who leads and in which office, and ranking words (the largest, the
first, most of). Figures, dates and money are read by `numbers`.

Lexical overlap and passage-level e5 cannot see a changed number, name, year or "not": a copied
sentence with 157.5 made 957.5 shares every other word with its source. So a model's claim is
held to its anchors: every figure in it (normalised across formats and languages: "157,5 млн" is
"157.5 million"), every month, every rare name (across scripts and Russian case endings, through
the offline grounding's own matchers, `transliteration`), every country or
organisation, and every relation it states must be in the passages it cites; and a claim that
negates must have a negation in its passages, and one that does not, passages that state it
without one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

from ..core.errors import AssistantError
from ..core.text import _STOPWORDS, detect_language, split_sentences, stem_terms, stem_word
from .countries import (
    AGENCIES,
    EXTRAS,
    ORGANISATIONS,
    TRANSLATED_NAMES,
    _case_forms,
    _key,
    country_forms,
    country_mentions,
    find_countries,
    resolve_country,
)
from .numbers import (
    MONTH_WORD,
    YEAR,
    _number_matches,
    _stated_value,
    claim_figures,
    currencies_of,
    dates_of,
    day_dates,
    figures,
    implied_figures,
    miscounted,
    misplaced_flows,
    months,
    reversed_bounds,
    reversed_flows,
    roman_value,
    spell_dates,
    unstated_percentages,
)
from .question import _ORDINAL, _ORDINAL_WORDS, RELATIONS, TextFacts, _is_common_word, consonant_codes
from .transliteration import is_cyrillic, name_matches, skeleton

_NEGATION = re.compile(r"\b(?:not|never|no|none|neither|nor|without|failed to|refused to|rejected|declined"
                       r"|skip|skipped|skips|skipping|stayed away|turn(?:ed|s|ing)? down)\b|n't\b"
                       r"|(?<![\w])(?:не|нет|ни|никогда|никаких|никакого|без|отказал\w*|отказыва\w*|отказать\w*"
                       r"|откаж\w*|отклонил\w*|отклоня\w*|отклонен[аоы]?)(?![\w])",
                       re.IGNORECASE)
_OPENED_EN = r"\bopen(s|ed|ing)?\b|\binaugurat"
"""An opening in English words: a relation `EXTRA_RELATIONS` reads, and what a Russian "открыли"
that may be "discovered" is not (`_OPENED_RU`)."""
_TALKS_LED = (r"\s+(?:the\s+|both\s+)?(?:bilateral\s+|official\s+|formal\s+)?"
              r"(?:talks|negotiations|discussions|consultations)\b")
""""Led talks" is held them, as a translation writes "провёл переговоры": no one heads anything."""
EXTRA_RELATIONS = {
    "meet": re.compile(r"\bmet\b|\bmeet(s|ing|ings)?\b|\bвстрет|\bвстреч|\bпереговор|\btalks\b"),
    # not согласно: "according to"; not "договорно-правовая база", the legal framework two countries expand;
    # not the noun "договор", a treaty, which an English "treaty" is not read as either (`_TOLD_AS` has both)
    "agree": re.compile(r"\bagree(d|s|ment|ments)?\b|\bдоговор(?!но-правов)(?!(?:а|у|ом|е|ы|ов|ам|ами|ах)?\b)"
                        r"|\bсоглас(?!но\b)|\bсоглашени"),
    "discuss": re.compile(r"\bdiscuss|\bобсу[жд]"),
    "member": re.compile(r"\bmember(s|ship)?\b|\bчлен(?:а|у|ом|е|ы|ов|ам|ами|ах|ство|ства|ству|ством|стве)?\b"
                         r"|\bвступ(?!\w* в силу)(?!ительн)"),
    "approve": re.compile(r"\bapprov|\bratif|\bутверд|\bратифиц|\bодобр"),
    # not a cause ("led to", "led scientists to predict"), a first place ("led the team in sacks"), a
    # score ("a 24-10 lead"), an adjective ("lead vocalist", "leading universities"), a management
    # ("руководство Toyota заявило") or a manager ("руководители строительства"): under the
    # leadership of ("под руководством") still is
    "lead": re.compile(r"(?<!\d )\b(?:lead(?:s|ing)?|led)\b(?! to\b)(?!" + _TALKS_LED + ")"
                       r"(?!\s+(?:[\w'’-]+\s+){1,3}?to\s+(?:be|have|believe|think|predict|expect|suggest|conclude|"
                       r"speculate|doubt|question|move|leave|seek|support|adopt|abandon|develop|create|form|call|"
                       r"postpone|delay|cancel|suspend|halt|stop|raise|cut|reduce|increase|impose|introduce|review|"
                       r"reconsider|withdraw|join|turn|switch|look|buy|sell|invest)\b)"
                       r"(?!\s+(?:[\w'’-]+\s+){1,4}?(?:in|with)\s+(?:a |an |the )?"
                       r"(?:(?:career|team|league)[- ]high\s+)?(?:[\w'’½-]+\s+)?(?:sacks?|tackles?|interceptions?|"
                       r"receptions?|yards|goals|points|assists|rebounds|wins|touchdowns|rushing|passing|scoring)\b)"
                       r"(?!\s+(?:the |its |their )?(?:team|league|region|world|country|nation|continent|field|pack|"
                       r"polls?|charts?|rankings?|nfl|nba|cis|eaeu|eu|asia|europe)\s+(?:in|with|by)\b)"
                       r"(?!\s+(?:guitarist|vocalist|singer|actor|actress|author|compounds?|poisoning|pipes?|paint|"
                       r"universit\w*|compan\w*|countr\w*|nations?|international|global|world|economies|experts?|"
                       r"producers?|suppliers?|exporters?|importers?|manufacturers?|providers?|sources?|causes?)\b)"
                       r"|\bheaded\b|\bat the head of\b|\bhead of (?:the |a )?delegation|"
                       r"\bвозглав|(?<![\w])руковод(?!ител|ств[оа](?![\w]))|\bпод руководством|\bво главе\b"
                       r"|\bглав\w* делегаци"),
    "mediate": re.compile(r"\bmediat|\bbroker|\bпосредни"),
    # an invitation extended ("invited Kim Seung Ho to visit Kazakhstan"): a courtesy a model adds;
    # not "приглашенных ученых", visiting scholars
    "invite": re.compile(r"\binvit(?:e|es|ed|ing|ation|ations)\b|\bприглас|\bприглаш(?!енн)"),
    "sponsor": re.compile(r"\bsponsor|\bспонсор|\bсоавтор"),
    "open": re.compile(_OPENED_EN + r"|\bоткры"),
    # an agreement concluded ("заключили договор", "concluded a deal"), which a signing also tells
    # (`_TOLD_AS`); not "в заключение" (in conclusion), "concluded that", one only offered
    # ("предлагают заключить") or done without ("без заключения сделки")
    "conclude": re.compile(r"(?<![\w])(?<!без )заключ(?:ил|или|ила|ило|ен|ена|ено|ены|енн\w*|ени\w*)\s+"
                           r"(?:[\w-]+\s+){0,3}?(?:договор|соглашени|контракт|сделк|меморандум)"
                           r"|\bconcluded\s+(?!that\b)(?:[\w-]+\s+){0,3}?(?:agreements?|treat(?:y|ies)|deals?|"
                           r"contracts?|memorand\w*|pacts?|accords?)\b"),
    "rupture": re.compile(r"\bsever(?:s|ed|ing|ance)?\b|\bbr(?:oke|eak|eaks|eaking) off\b|"
                          r"\bcut (?:off )?(?:diplomatic )?(?:ties|relations)|\bsuspend|\bsuspension|\bexpel|"
                          r"\bexpulsion|\bterminat|\bdenounc|\bразорв|\bприостан|"
                          r"\bвысла|\bвыслал|\bвысыл|\bвысылк|\bденонс"),
    # the instrument of funding: a grant is not repaid, a loan is (grant -> loan keeps every figure)
    "loan": re.compile(r"\bloans?\b|\bcredit lines?\b|\bcredit (?:of|worth)\b"
                       r"|\b(?:concessional|preferential|soft|export|bank) credits?\b"
                       r"|(?<![\w])(?:кредит(?!ор|н\w* (?:рын|рейтинг|истори|карт|организац|учрежден))\w*"
                       r"|за[её]м|займ(?:а|у|ом|е|ы|ов|ам|ами|ах)?(?![\w]))"),
    "grant": re.compile(r"(?<!land )\bgrants?(?=\s*(?:(?:of|from|for|worth|to|agreements?|programmes?|programs?"
                        r"|funding|aid|amount\w*|total\w*)\b|[,.;:\[]|$))"
                        r"|\b(?:million|billion|bn|mln|[$€¥£]?[\d.,]+)\s+(?:[\w-]+\s+)?grants?\b"
                        r"|(?<![\w])грант\w*|\bбезвозмездн\w*"),
    "conflict": re.compile(r"\bwars?\b|\bwarfare\b|\binva(?:de|ded|des|ding|sion)|\bsanction|\benem(?:y|ies)\b|"
                           r"\bhostil|\battack|\bassault|\boffensive\b|\braid|\bowe[sd]?\b|\bdebts?\b|\bcancel|"
                           r"\bannul|\babolish|\babolition|\brepeal|\brevok|\brevocation|\brescind|\baccus|\bblame|"
                           r"\bindict|\bthreat|\bconflict|\bembargo|\bboycott|\bвойн|\bвоен(?:н\w+ )?действ|\bвторг|"
                           r"\bвторжени|\bнабег|\bсанкци|\bвраг|\bвражд|\bнапал|\bнападени|\bатак|\bдолг(?:а|у|ом|е|и|ов|ам|ами|ах)?\b|"
                           r"\bзадолж|\bотмен|\bаннулир|\bупраздн|\bобвин|\bугроз|\bконфликт|\bэмбарго|\bбойкот"),
}
_CURRENCY = re.compile(r"\b(?:доллар\w*|dollars?)\s+(?:США|US|U\.S\.|USA)(?![\w])"
                       r"|(?<![\w])(?:US|U\.S\.)\s*(?:\$|dollars?)|\bUSD\b|US\$", re.IGNORECASE)
""""US dollars", "долларов США": a currency, not a mention of the United States."""
_MARKERS = re.compile(r"\[\d{1,3}\]")
_CAPITALISED = re.compile(r"(?<![\w'’-])([A-ZА-ЯЁ][\w'’-]*[\w])")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁ]{2,}[a-zа-яё]?$")


REQUIRED_RELATIONS = ("sign", "agree", "member", "approve", "lead", "mediate", "sponsor", "open", "rupture",
                      "conflict", "loan", "grant", "conclude", "invite")
"""Relations a claim may not state unless its passages do: met -> signed, discussed -> agreed or
concluded, partner -> member, considered -> approved, took part -> led, presented -> opened, established ->
severed (or suspended, expelled, broke off: the relation turned into its end), partners -> at war
(or invaded, sanctioned, in debt, a deal cancelled: a conflict no passage speaks of), a grant ->
a loan or the reverse, met -> invited to visit. Topic words (trade, visit, funding) are
paraphrased too freely to be required."""


def _names_a_country(word: str) -> bool:
    """A country's or organisation's own name or adjective (Norway, Norwegian, Казахстана), which
    the country check covers; a city (Almaty, Nairobi) resolves to its country too, but is a place
    a claim must not move, so it is checked as a name."""
    codes = find_countries(word)
    if not codes:
        return False
    key = skeleton(word)[:4]
    return any(skeleton(form)[:4] == key for code in codes for form in country_forms(code))


def names(text: str) -> list[str]:
    """Rare capitalised words and acronyms: people, places, organisations a claim names. A
    sentence's first word is capitalised anyway and counts only as an acronym."""
    return [word for _, word in _placed_names(text)]


def leading_name(text: str) -> str | None:
    """The word opening `text` when it is a name: capitalised like any first word, but rare (not
    in the word lists), in Latin letters only, not an office, a month or a country. `names` leaves
    a sentence's first word out; a claim that opens with the wrong person ("Mirziyoyev met Putin"
    where the source has Tokayev) must not pass for that."""
    for match, word in _capitalised(text):
        if text[:match.start()].strip(" \t\n-–—•*\"«(").strip() or _ACRONYM.match(word):
            return None
        if len(word) < 3 or not (word.isascii() and word.isalpha()) or _office_month_or_country(word) \
                or _is_common_word(word):
            return None  # Russian inflects common words into forms the word lists lack (Сопредседателем)
        return word
    return None


def _capitalised(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """Each capitalised word of `text`, without a possessive 's."""
    for match in _CAPITALISED.finditer(text):
        yield match, re.sub(r"['’]s$", "", match.group(1))


def _office_month_or_country(word: str) -> bool:
    """A capitalised word that names an office, a month or a country, not a person or a place."""
    return bool(MONTH_WORD.fullmatch(word)) or any(pattern.search(word) for pattern in TITLES.values()) \
        or _names_a_country(word)


def _placed_names(text: str) -> Iterator[tuple[int, str]]:
    """`names` with the offset of each in `text`."""
    for match, word in _capitalised(text):
        if _ACRONYM.match(word):
            yield match.start(), word
            continue
        if not text[:match.start()].strip(" \t\n-–—•*\"«(").strip():
            continue
        if len(word) < 3 or _names_a_country(word) or _month_span(word) or (_is_common_word(word) and not (
                _NAMED_INSTITUTION.match(text, match.end()) and _RUSSIAN_SURNAME.search(word))):
            continue
        yield match.start(), word


def _compound_of_no_name(word: str) -> bool:
    """A hyphenated word that names nobody: no part of it is a rare capitalised word, and some part
    is lowercase, a figure, a prefix, an office or a country ("Chinese-style", "Communist-held",
    "T-клеток", "Северо-восточного", "Премьер-министра", "South-East", "Anti-Corruption", "Top-40"),
    which a faithful translation says in its own words ("in the Chinese style", "north-eastern").
    Compounds of capitalised words only stay names (Санкт-Петербург, Керри-Энн, Asia-Pacific), as
    do those with a rare part (Тоорил-хана, USAID-funded)."""
    parts = re.split(r"[-–]", word)
    if len(parts) < 2:
        return False
    proper = [len(part) >= 3 and part[:1].isupper() and not _office_month_or_country(part) for part in parts]
    if any(named and not _is_common_word(part) for named, part in zip(proper, parts, strict=True)):
        return False
    return not all(named and not _COMBINING_FORM.fullmatch(part) for named, part in zip(proper, parts, strict=True))


_COMBINING_FORM = re.compile(r"(?:Северо|Юго|Восточно|Западно|Южно|Центрально|Англо|Франко|Русско|Anglo|Franco"
                             r"|Sino|Indo|Afro|Euro|Pan|Anti|Pro|Neo|Post|Pre|Vice|Вице|Экс|Ex"
                             r"|North|South|East|West|Central)", re.IGNORECASE)
"""The first part of a compound that is a prefix, not a word of its own (Северо-Западный, Вице-премьер)."""


def _month_span(word: str) -> bool:
    """Months joined by a hyphen ("January-September"): a period the month check reads, no name."""
    parts = re.split(r"[-–]", word)
    return len(parts) > 1 and all(MONTH_WORD.fullmatch(part) for part in parts)


_RUSSIAN_SURNAME = re.compile(r"^[А-ЯЁ][а-яё]{2,}(?:[оеё]в|[иы]н)(?:а|у|ым|ом|е)?$")
_NAMED_INSTITUTION = re.compile(r"\s+(?:Университет|Фонд|Центр|Институт|Академи|Школ|Музе|Библиотек)")
"""A surname naming the institution after it (Назарбаев Университет): checked as a name even when
it is common enough to be in the word list (a leader's name is), which any surname alone is not
("Соединённых Штатов" and "Далеков" end like surnames too)."""


_INSTITUTION_WORDS = frozenset({
    "ministry", "council", "committee", "commission", "union", "nations", "assembly", "forum", "summit",
    "organization", "organisation", "agency", "bank", "fund", "office", "department", "government", "parliament",
    "senate", "house", "court", "university", "academy", "institute", "center", "centre", "foreign", "affairs",
    "state", "states", "national", "international", "republic", "federation", "general", "secretary", "director",
    "chief", "head", "special", "envoy", "representative", "service", "group", "conference", "session", "program",
    "programme", "initiative", "strategy", "partnership", "declaration", "agreement", "treaty", "road", "belt",
    "министерство", "совет", "комитет", "комиссия", "союз", "ассамблея", "форум", "саммит", "организация",
    "агентство", "банк", "фонд", "правительство", "парламент", "сенат", "суд", "университет", "академия",
    "институт", "центр", "республика", "федерация"})
"""Words of institutions, events and documents ("Security Council", "Foreign Ministry", "Belt and
Road"), which a faithful claim names in other words than its source: never read as a person's name."""


def common_word_names(text: str) -> list[str]:
    """Runs of two or more capitalised common words inside a sentence that look like a person's name
    (John Smith, Matthew Baldwin, Сергей Лавров): `names` leaves out common words, and a first name
    and surname often are. Offices, countries, months and institutions are not part of such a run."""
    runs: list[list[str]] = [[]]
    last_end = -1
    for match, word in _capitalised(text):
        person_like = (len(word) >= 3 and not _ACRONYM.match(word) and _is_common_word(word)
                       and bool(text[:match.start()].strip(" \t\n-–—•*\"«(").strip())
                       and word.lower() not in _INSTITUTION_WORDS and not _office_month_or_country(word))
        if not person_like or (runs[-1] and text[last_end:match.start()].strip()):
            runs.append([])
        if person_like:
            runs[-1].append(word)
            last_end = match.end()
    return [" ".join(run) for run in runs if len(run) >= 2]


_LED_BY = re.compile(r"\b(?:led|headed|chaired) by\b|\bunder the leadership of\b|\bhead(?:ed)? of (?:the )?delegation\b"
                     r"|(?<![\w])(?:во главе с|под руководством|глав\w* делегаци\w*|руководител\w* делегаци\w*)"
                     r"(?![\w])", re.IGNORECASE)
"""A lead phrase the leader follows: "led by X", "во главе с X", "глава делегации X"."""
_UNDER_LEADER = re.compile(r"\bunder\s+(?!(?:Article|Section|Chapter|Paragraph|Clause|Part|Title|Rule|Law|Act|Treaty|"
                           r"Agreement|Convention|Protocol|Resolution|Decree|Code|Secretary)\b)[A-Z][\w'’-]+")
"""A leader after a lower-case "under" ("40 men under William Trent", "Hungarians under Ferenc
Deák"), as a translation writes "во главе с", "под руководством": not a rule or a text ("under
Article 5"). Case-sensitive: read on the text as written."""
_RULE_AFTER = re.compile(r"\s+(?:rule|law|control|auspices|occupation|pressure|sanctions|mandate|command)\b",
                         re.IGNORECASE)


def _under_leaders(text: str) -> list[re.Match[str]]:
    """`_UNDER_LEADER` matches naming a person: not a country or a people ("under Chinese law",
    "under UN auspices"), nor a rule, control or occupation ("under Soviet rule")."""
    return [m for m in _UNDER_LEADER.finditer(text)
            if not find_countries(m.group().split()[-1]) and not _RULE_AFTER.match(text, m.end())]
_LEADS = re.compile(r"\b(?:led|leads)\b(?! (?:to|by)\b)(?!" + _TALKS_LED + r")|\bheaded\b(?! (?:to|by)\b)"
                    r"|(?<!\bthe )\bheads\b(?! (?:to|by|of)\b)|(?<![\w])возглав\w*", re.IGNORECASE)
"""A lead verb, its leader on either side ("X headed the delegation", "Делегацию возглавлял X");
not the noun ("together with the heads of diplomatic missions")."""
LEADER_REACH = 8
"""Words after a lead phrase where its leader's name stands ("во главе с председателем СО РАН
академиком Валентином Пармоном": six); either side of a lead verb, half as many in a claim and as
many in its passages, so that a name in the passage's clause (the project a leader heads) is
never read as a rival leader."""


def _words_span(text: str, start: int, end: int, before: int, after: int) -> tuple[int, int]:
    """Offsets `before` words before `start` and `after` words after `end`, within the sentence."""
    head = [m.start() for m in re.finditer(r"\S+", text[:start])]
    tail = [m.end() for m in re.finditer(r"\S+", text[end:])]
    first = head[-min(before, len(head))] if before and head else start
    last = end + tail[min(after, len(tail)) - 1] if after and tail else end
    return first, last


def leaders(text: str, verb_reach: int = LEADER_REACH // 2) -> tuple[list[str], str]:
    """(the people a text binds to leading something, the text around its lead phrases): a role
    swap keeps every name and the relation ("Делегацию возглавлял Жумангарин" where the article
    says Zhumangarin met the delegation led by Parmon), so only who stands by the lead word shows it."""
    people: list[str] = []
    around: list[str] = []
    for sentence in _sentences(text):
        placed = [(at, word) for at, word in _placed_names(sentence) if not _ACRONYM.match(word)]
        spans = [_words_span(sentence, m.start(), m.end(), 0, LEADER_REACH)
                 for m in _LED_BY.finditer(sentence)]
        spans += [_words_span(sentence, m.start(), m.end(), verb_reach, verb_reach)
                  for m in _LEADS.finditer(sentence)]
        spans += [_words_span(sentence, m.start(), m.start() + len("under"), 0, LEADER_REACH)
                  for m in _under_leaders(sentence)]
        for start, end in spans:
            around.append(sentence[start:end])
            people += [word for at, word in placed if start <= at < end and word not in people]
    return people, " ".join(around)


_PREDICATE = (r"\s*(?:(?:and|or|with|to|in|at|on|for|met|meets|said|says|held|holds|told|noted|stressed|visited|"
              r"signed|spoke|took|made|gave|has|had|was|were|is|are|will|would|discussed|welcomed|thanked|received|"
              r"attended|arrived|expressed|emphasi[sz]ed|underlined|called|added|и|или|с|со|в|во|на)(?![\w-])"
              r"|(?:встрет|провел|провёл|провод|отмет|заяв|подчеркн|обсуд|принял|посет|подпис|сообщ|выступ|прибы|"
              r"приглас|поблагодар|выраз|приветств|передал|вручил)[а-яё]*)")
"""What starts the rest of a sentence after a name and a comma, not an apposition of it: a verb of
meeting or saying ("Baimukhan, met with the Chief of …, Natalia Alonso Cano"), a preposition or a
conjunction ("…Alonso Cano, and the Deputy Chief, Sebastien Penzini": the next person's office).
Verbs are listed, not read by their ending: "appointed Foreign Minister in 2022" and "посол
Эстонии" are appositions."""
_CHIEF = re.compile(r"(?<![\w-])Chiefs?\b(?!\s+(?:Executive|Editor|Economist|Negotiator|Justice|Operating|Financial|"
                    r"Technology|Information|Commercial|Scientist|of Staff))")
"""A chief as the head of an office ("the Chief of the UN Office …, Natalia Alonso Cano"), read as
a head's office (written "Chair", which `TITLES` reads so) only where a person's offices are
compared (`_titled_names`): anywhere else "chief" is as often an adjective ("the chief goal") or a
part of another office ("Chief Executive")."""
_APPOSITION = re.compile(r"(?:\s+[A-ZА-ЯЁ][\w'’-]*)*\)?(?:\s*\([^)]*\))?\s*(?:,|\s[—–])(?!" + _PREDICATE
                         + r")\s*([^,;]*?)(?=[,;]|(?<!\b[A-Z])\.\s|\.?$)")
"""What follows a name (the rest of it, a spelling in brackets) after a comma or a dash, up to the
next comma or full stop ("Kerri-Ann Jones, U.S. Assistant Secretary of State", "Джонс — помощник"),
unless it is a `_PREDICATE`."""


def _titled_names(text: str) -> list[tuple[str, set[str]]]:
    """Each person's name in `text` with the offices given it: those written between the person
    named before and this name ("… Nurtleu and Minister of Foreign Affairs of Estonia Margus
    Tsahkna"), or in an apposition after it ("Toomas Tirs, Ambassador of Estonia", "Джонс —
    помощник госсекретаря")."""
    found: list[tuple[str, set[str]]] = []
    for line in _sentences(text):
        placed = [(at, word) for at, word in _placed_names(line) if not _ACRONYM.match(word)]
        person = [not _office_month_or_country(word) for _, word in placed]
        for i, (at, word) in enumerate(placed):
            if not person[i]:
                continue  # "Director-General" is no person, though it ends the offices of the one after it
            start = 0
            for before_at, before_word in reversed(placed[:i]):
                gap = line[before_at + len(before_word):at]
                if gap.strip():  # another person's name: this one's offices start after it and its apposition
                    start = before_at + len(before_word)
                    apposed = re.match(r"\s*,(?!" + _PREDICATE + r")[^,;.]*,", gap)
                    start += apposed.end() if apposed else 0
                    break
            end = at + len(word)
            following = next((a for j, (a, _) in enumerate(placed[i + 1:], start=i + 1)
                              if line[end:a].strip() and person[j]), len(line))  # an apposition goes on over offices
            apposition = _APPOSITION.match(line[end:following])
            offices = ranked_titles(_CHIEF.sub("Chair", line[start:at])) | (
                ranked_titles(_CHIEF.sub("Chair", apposition.group(1))) if apposition else set())
            found.append((word, offices))
    return found


def mistitled(claim: str, passages: list[str]) -> list[str]:
    """The people a claim gives an office their passages never give them: the Estonian foreign
    minister called its ambassador, a professor called an academician, a deputy minister called the
    minister (offices by `ranked_titles`). Judged only where the passages give the person some
    office, and the claim one of none of theirs."""
    claimed = [(name, offices) for name, offices in _titled_names(claim) if offices]
    if not claimed:
        return []
    wrong: list[str] = []
    passage_names = [(_Words.of(other), theirs) for other, theirs in _titled_names("\n".join(passages))]
    for name, offices in claimed:
        given: set[str] = set()
        for other, theirs in passage_names:
            if other.has(name):
                given |= theirs
        if given and not _same_office(offices, given) and name not in wrong:
            wrong.append(name)
    return wrong


def _same_office(claimed: set[str], given: set[str]) -> bool:
    """An office in common, a deputy of no named office ("her deputy") being any deputy's."""
    deputies = {office for office in claimed | given if office.startswith("deputy")}
    return bool(claimed & given) or ("deputy" in claimed | given and bool(deputies & claimed)
                                     and bool(deputies & given))


_PRESIDENT = re.compile(r"(?<![\w-])(?P<vice>vice[- ]|вице-)?(?:president|президент)\w*", re.IGNORECASE)


def _presidencies(window: str) -> tuple[bool, bool]:
    """(a president, a vice-president) named in `window`."""
    found = [bool(m.group("vice")) for m in _PRESIDENT.finditer(window)]
    return any(not vice for vice in found), any(found)


def promoted(claim: str, passages: list[str]) -> list[str]:
    """The people a claim calls president whom their passages call only vice-president ("президент
    РАН, председатель СО РАН академик Валентин Пармон" for "вице-президентом РАН, председателем СО
    РАН"): `mistitled` reads a president and a chair as one office, so the chair he also is hides
    the rank. Names are matched in any case and across scripts (`transliteration.name_matches`)."""
    bare = _MARKERS.sub(" ", claim)
    wrong: list[str] = []
    for at, name in _placed_names(bare):
        if not _presidencies(_office_window(bare, at))[0] or _ACRONYM.match(name):
            continue
        key = skeleton(name)
        president = vice = False
        for passage in passages:
            for match, word in _capitalised(passage):
                if not name_matches(key, skeleton(word)):
                    continue
                plain, deputy = _presidencies(_office_window(passage, match.start()))
                president, vice = president or plain, vice or deputy
        if vice and not president:
            wrong.append(name)
    return wrong


def misled(claim: str, passages: list[str]) -> list[str]:
    """The people a claim names as leading (a delegation, talks) whom no lead phrase of its
    passages names: the host made the delegation's leader, or the other way round."""
    claimed, _ = leaders(claim)
    if not claimed:
        return []
    _, around = leaders("\n".join(passages), verb_reach=LEADER_REACH)
    if not around:
        return []  # no lead phrase at all: the relation check reports the missing "lead"
    bound = _Words.of(around)
    return [person for person in claimed if not bound.has(person)]


_SITES = {
    "seat": re.compile(r"\b(?:headquartered|based|seated)\s+in\b|\bheadquarters\s+(?:is|are)\s+in\b"
                       r"|(?<![\w])(?:штаб-квартир\w*\s+(?:\w+\s+){0,2}?(?:находится|расположен\w*)\s+в"
                       r"|базиру\w*\s+в)(?![\w])", re.IGNORECASE),
    "held": re.compile(r"\b(?:was|were|is|are|will be) held\s+(?:in|at)\b|\btook place\s+(?:in|at)\b"
                       r"|(?<![\w])(?:прош(?:ел|ёл|ла|ло|ли)|состоял\w*|проходил\w*)\s+в(?![\w])", re.IGNORECASE),
}
"""Where something is seated or held ("headquartered in Geneva", "прошла в Брюсселе"): the place
that follows must follow the same phrase in the passages, not merely be named there ("its
regional office is in Brussels")."""
SITE_REACH = 4
"""Words after a site phrase where its place stands ("held in the city of Astana")."""


def _sites(text: str) -> dict[str, str]:
    """For each kind of site phrase in `text`, the words just after its occurrences."""
    found: dict[str, list[str]] = {}
    for kind, pattern in _SITES.items():
        for match in pattern.finditer(text):
            found.setdefault(kind, []).append(" ".join(text[match.end():].split()[:SITE_REACH]))
    return {kind: " ".join(places) for kind, places in found.items()}


_VENUE = re.compile(r"^(?:the\s+)?(?:\S+\s+)?(?:ministry|university|palace|hotel|cent(?:re|er)|hall|building|"
                    r"headquarters|embassy|residence|parliament)\b"
                    r"|^(?:\S+\s+)?(?:министерств|университет|дворц|отел|гостиниц|центр|зал|здани|посольств|резиденци"
                    r"|штаб-квартир|парламент)\w*", re.IGNORECASE)
"""A building an event is held in ("took place at the Ministry of Foreign Affairs"): the city a claim
names for it is then checked against the sentences that state the event, not against the building."""


def _held_in_a_building(text: str) -> bool:
    return any(_VENUE.search(" ".join(text[match.end():].split()[:SITE_REACH]))
               for match in _SITES["held"].finditer(text))


_HYPHENATED_NAME = re.compile(r"(?<![\w-])[A-ZА-ЯЁ]\w*(?:-\w+)*-[A-ZА-ЯЁ]\w*")
"""A name written in hyphenated parts, its last one capitalised too (Нью-Дели, Рио-де-Жанейро), not
any hyphenated word, nor one that opens a sentence ("Премьер-министры встретились в Йорке")."""


def misplaced(claim: str, passages: list[str], aligned: str | None = None) -> list[str]:
    """The places a claim says something is seated or held in, where its passages seat or hold it
    by the same phrase somewhere else (headquartered in Brussels, where the passage says Geneva
    and names Brussels for a regional office). Judged only where the passages use the phrase: in
    the sentences that state the claim when `aligned` (the closest) is known, not where another
    event is held ("прошло в Астане" for a meeting the passage datelines ASTANA, whose next one
    "will be held in the Ministry")."""
    read = "\n".join(stating_sentences(claim, passages, aligned) if aligned else passages)
    given = _sites(read)
    wrong: list[str] = []
    for kind, after in _sites(claim).items():
        if kind not in given:
            continue
        there = _Words.of(given[kind])
        if aligned and kind == "held" and _held_in_a_building(read) and not _VENUE.search(after):
            # "took place at the Ministry": a city it need not name, which the sentences stating the
            # event do; a building the claim names instead must be the passage's
            there = _Words.of(f"{given[kind]} {read}")
        places = [word for _, word in _capitalised(after)]  # common words too: Brussels, Geneva
        # across scripts a word of under three consonants (New, Rio: Нью-Дели, Рио-де-Жанейро) says
        # too little to be matched (`TextFacts.has_name`): it is excused when a longer word of the
        # same place is found (Delhi, Janeiro) and the passages write a name in hyphenated parts,
        # never alone (New York for Нью-Дели)
        excused = _has_cyrillic(claim) != _has_cyrillic(given[kind]) and bool(_HYPHENATED_NAME.search(given[kind])) \
            and any(len(word) > 3 and there.has(word) for word in places)
        wrong += [word for word in places if len(word) >= 3 and not _ACRONYM.match(word) and not there.has(word)
                  and not (excused and not consonant_codes(word))
                  and not _office_month_or_country(word) and word not in wrong
                  and not any(found for _, found in _cross_script_mentions(word, given[kind]))]  # Beijing: Пекин
    return wrong


_VISITED = re.compile(r"\b(?:visit(?:s|ed|ing)?|trip|travel(?:s|led|ed)?|tour)\b(?:\s+\S+){0,3}?\s+(?:to|in)\s+"
                      r"(?P<place>(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})"
                      r"|\bvisit(?:s|ed|ing)?\s+(?P<seen>(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})"
                      r"|(?<![\w])(?:визит\w*|поездк\w*|посещени\w*|приезд\w*)(?:\s+\S+){0,3}?\s+(?:в|во)\s+"
                      r"(?P<place_ru>[А-ЯЁ][\w-]*(?:\s+[А-ЯЁ][\w-]*)?)"
                      r"|(?<![\w])посети\w*\s+(?P<seen_ru>[А-ЯЁ][\w-]*(?:\s+[А-ЯЁ][\w-]*)?)")
"""Where a visit went: "visit to France", "visited Astana", "визита Макрона в Казахстан",
"посетил Францию" (a few words may stand between the visit and its place)."""


def _visited(text: str) -> set[str]:
    """The countries a text says somebody visited (a capital counts as its country)."""
    return {code for m in _VISITED.finditer(text) for code in find_countries(_first_group(m))}


def misvisited(claim: str, passages: list[str], aligned: str | None) -> list[str]:
    """The countries a claim says a visit went to where the sentences stating it send the visit
    elsewhere: "во время своего визита во Францию" where the passage speaks of Macron's "визита в
    Казахстан" (host and guest swapped). Judged only where those sentences name where a visit went."""
    if aligned is None:
        return []
    given = _visited("\n".join(stating_sentences(claim, passages, aligned)))
    if not given:
        return []
    return sorted(_visited(_MARKERS.sub(" ", claim)) - given)


_WORD = re.compile(r"[^\W_]+")
_WORD_BEFORE_WORD = re.compile(r"(?<![\w.,])([^\W\d_]+)(?=\s+([^\W\d_]{3,}))")
CONTEXT_WORDS = 5
"""Words before a country that place it in its sentence (see `_country_contexts`)."""


def _counted(text: str) -> set[tuple[float, str]]:
    """(value, stem of the word after it) of every number a text gives with the thing it counts:
    "five regions" -> (5.0, "region"), "99 600 dollars" -> (99600.0, "dollar"). Digits are read
    as every figure check reads them (`numbers._number_matches`), words by `_stated_value`."""
    lower = text.lower().replace("ё", "е")
    found = {(value, stem_word(match.group(4))) for match, value, _ in _number_matches(lower)
             if match.group(4) and len(match.group(4)) >= 3}
    for match in _WORD_BEFORE_WORD.finditer(lower):
        stated = _stated_value(match.group(1))
        if stated is not None:
            found.add((float(stated), stem_word(match.group(2))))
    return found


def _country_contexts(text: str) -> dict[str, frozenset[str]]:
    """Each country a text names (not organisations), with what comes before it: the stem of the
    word just before, and the content words among the five before (an official name moves the
    mention: "Delegate of the Republic of Paraguay" is matched from "Republic", Hungary after it)."""
    contexts = {}
    for code, at in country_mentions(text).items():
        if code not in ORGANISATIONS:
            before = _WORD.findall(text[:at].lower())[-CONTEXT_WORDS:]
            contexts[code] = frozenset({stem_word(w) for w in before if w not in _STOPWORDS}
                                       | {"^" + stem_word(w) for w in before[-1:]})
    return contexts


SLOT_WORDS = 2
"""Content words a claim's place must share with a place of the stating sentence, before the same
preposition, to be taken for it ("permanent residence in Nairobi" / "permanent residence in Addis
Ababa")."""
_LOCATIVE = frozenset({"in", "at", "в", "во"})
_NAME_RUN = re.compile(r"(?<![\w'’-])[A-ZА-ЯЁ][\w'’-]*[\w](?:\s+[A-ZА-ЯЁ][\w'’-]*[\w])*")
_LIST_JOIN = re.compile(r"\s*,\s*(?:(?:and|и)\s+)?|\s+(?:and|or|и|или)\s+")


def _placed_runs(text: str, lists: bool = False) -> list[tuple[str, str, frozenset[str]]]:
    """Each run of capitalised words after a locative preposition ("in Addis Ababa", "в Астане"),
    or with `lists` listed after one ("in Tokyo and Osaka": both; a claim's list is not read, since
    "in Addis Ababa, and Abraham SingOei" goes on with a person), that names no country, office or
    month and opens with no acronym (an organisation: "в МИД Казахстана"): (run, preposition, stems
    of the lower-case content words among the five before the preposition)."""
    runs = []
    previous: tuple[int, str, frozenset[str]] | None = None  # the last placed run: a list goes on from it
    for match in _NAME_RUN.finditer(text):
        words = re.findall(r"[^\W\d_]+", text[:match.start()])
        if words and words[-1] in _LOCATIVE:
            before = [w for w in words[-1 - CONTEXT_WORDS:-1] if w.islower() and w not in _STOPWORDS and len(w) >= 3]
            preposition, slot = words[-1], frozenset(stem_word(w) for w in before)
        elif lists and previous is not None and _LIST_JOIN.fullmatch(text[previous[0]:match.start()]):
            preposition, slot = previous[1], previous[2]
        else:
            previous = None
            continue
        previous = (match.end(), preposition, slot)
        names = match.group().split()
        if not _ACRONYM.match(names[0]) and not all(_office_month_or_country(w) for w in names):
            runs.append((match.group(), preposition, slot))
    return runs


def _same_name(one: str, other: str) -> bool:
    """One place, spelt alike up to an ending or a slip ("Астане"/"Астана", "Addis Ababa"/"Addis-Ababa"),
    or named in part ("New York" for "New York City")."""
    words, others = set(one.lower().split()), set(other.lower().split())
    return words <= others or others <= words or SequenceMatcher(None, one.lower(), other.lower()).ratio() >= 0.8


def swapped_places(claim: str, aligned: str | None) -> list[str]:
    """Places a claim puts where the sentence stating it has another: "has his permanent residence in
    Nairobi" where the sentence says "with permanent residence in Addis Ababa" and names Nairobi for
    the UN office, "онкологический центр в Алматы" for "в Астане". Judged only in the sentence's own
    script, for a place after the same preposition with `SLOT_WORDS` content words before it shared
    with a place of the sentence that the claim leaves out, and none of its own mentions there."""
    if aligned is None or _has_cyrillic(claim) != _has_cyrillic(aligned):
        return []
    bare = _MARKERS.sub(" ", claim)
    given = _placed_runs(aligned, lists=True)
    in_claim = _Words.of(bare)
    wrong: list[str] = []
    for run, preposition, slot in _placed_runs(bare):
        same_slot = [other for other, p, words in given if p == preposition and len(slot & words) >= SLOT_WORDS]
        if same_slot and not any(_same_name(run, other) for other in same_slot) \
                and any(not in_claim.has(other) for other in same_slot) and run not in wrong:
            wrong.append(run)
    return wrong


NamedKeys = tuple[tuple[str, tuple[str, ...]], ...]
"""A place's or body's names in one script, each with its stem key (`_name_key`)."""


@lru_cache(maxsize=1)
def _cross_script_names() -> tuple[tuple[NamedKeys, NamedKeys], ...]:
    """Each place or body named in both scripts: its English names and its Russian ones in every
    case, keyed. These are the gazetteer's capitals and cities whose two names spell one another
    (Astana / Астана, Berlin / Берлин; a demonym or a country's name is never one), and
    `TRANSLATED_NAMES` (Beijing / Пекин, CSTO / ОДКБ), which take precedence (Kyiv and Kiev)."""
    pairs: list[tuple[tuple[str, ...], tuple[str, ...]]] = list(TRANSLATED_NAMES)
    listed = {name for english, russian in TRANSLATED_NAMES for name in english + russian}
    for english, russian in EXTRAS.values():
        cities = [[w for w in names if w[:1].isupper() and w not in listed and not _ACRONYM.match(w.replace(" ", ""))
                   and not _names_a_country(w)] for names in (english, russian)]
        pairs += [((e,), (r,)) for e in cities[0] for r in cities[1] if _Words.of(e).has(r)]
    return tuple((tuple((name, _name_key(name)) for name in english),
                  tuple((form, _name_key(form)) for name in russian
                        for form in ([name] if _ACRONYM.match(name) else _case_forms(name))))  # not ОПЕКа: опека
                 for english, russian in pairs)


def _name_key(name: str) -> tuple[str, ...]:
    """A name's stems; a Russian word whose stem is short, by its form as written instead (as the
    country tagger does: Киев stems to "ки", Ханой to "хан")."""
    key = _key(name)
    if len(key) == 1 and len(key[0]) < 5 and _has_cyrillic(name):
        return ("=" + name.lower().replace("ё", "е"),)
    return key


@lru_cache(maxsize=16)  # about 0.4 MB a chunk-sized text; one answer's claims share their passages
def _stem_grams(text: str) -> frozenset[tuple[str, ...]]:
    """Every run of stemmed words of `text` as long as the longest name's key or shorter, and each
    word as written (`_name_key`)."""
    stems = _key(text)
    longest = max(len(key) for pair in _cross_script_names() for side in pair for _, key in side)
    return frozenset(tuple(stems[i:i + n]) for n in range(1, longest + 1) for i in range(len(stems) - n + 1)) | {
        ("=" + word.lower().replace("ё", "е"),) for word in re.findall(r"[^\W\d_]+", text)}


def untranslated_names(claim: str, text: str) -> list[str]:
    """Places and bodies a claim in one script names in place of another its passages, in the
    other script, name: "в Берлине" over "in Astana", "АБР" over "the EBRD", "European Commission"
    over "Европейского совета". Names spelt across scripts are checked by `_Words`, but a city or a
    body whose name is a common word (Berlin, Совет) is not, and an acronym in another script is
    never. Only the places and bodies of `_cross_script_names` are judged, and only as a swap: a
    claim may place an event its passage does not ("В Астане Керри подарили яблоки" over a
    passage that never says where), as the article's first lines may."""
    countries = set(find_countries(text)) - set(ORGANISATIONS)  # a capital's country; not the EU for a Commission
    missing = [name for name, found in _cross_script_mentions(claim, text) if not found
               and not (set(find_countries(name)) & countries and not _placed(name, claim))]
    if not missing or not any(not found for _, found in _cross_script_mentions(text, claim)):
        return []  # the passages name no other one: the place may come from the article's dateline
    return missing


def _placed(name: str, claim: str) -> bool:
    """Whether `claim` names the place `name` after a locative preposition ("в Берлине", "in
    Berlin"): a place. Elsewhere a capital may stand for its country ("Вашингтон ввел санкции":
    the United States), which the passages may name instead."""
    stem = re.escape(name[:max(3, len(name) - 2)])
    return bool(re.search(rf"(?<![\w])(?:в|во|in|at|near|под)\s+(?:the\s+)?{stem}", claim, re.IGNORECASE))


@lru_cache(maxsize=256)  # read by the name, place and country checks of one claim alike
def _cross_script_mentions(claim: str, text: str) -> tuple[tuple[str, bool], ...]:
    """Each place or body of `_cross_script_names` that `claim` names, as it names it, with
    whether `text` names it too (in either script, or by its Russian adjective)."""
    claim_grams, text_grams = _stem_grams(claim), _stem_grams(text)
    russian_claim = _has_cyrillic(claim)
    adjectives = {m.group(1) for m in _RUSSIAN_PLACE_ADJECTIVE.finditer(text.lower().replace("ё", "е"))}
    mentions: dict[str, bool] = {}
    for english, russian in _cross_script_names():
        own, other = (russian, english) if russian_claim else (english, russian)
        named = [name for name, key in own if key in claim_grams]
        if named:
            mentions[named[0]] = mentions.get(named[0], False) or any(key in text_grams for _, key in own + other) \
                or (not russian_claim and any(_adjective_of(name, adjectives) for name, _ in russian))
    return tuple(mentions.items())


_RUSSIAN_PLACE_ADJECTIVE = re.compile(r"(?<![\w-])([а-я-]{3,}?)(?:ь|ов)?ск(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими)"
                                      r"(?![\w])")
"""A Russian adjective made from a place's name ("Treaty of Rome" is "Римский договор", "University
of Paris" "Парижский университет"): the name's base, read by `_adjective_base`."""


def _adjective_of(name: str, adjectives: set[str]) -> bool:
    """Whether one of `adjectives` (bases read by `_RUSSIAN_PLACE_ADJECTIVE`) is made from the
    Russian place name: the part of the name its adjective keeps (Рим -> рим, Варшава -> варшав,
    Брюссель -> брюссел), exactly, or opening the base when it has four letters or more (Алматы ->
    алматинский)."""
    base = re.sub(r"[аеиоуыьяй]$", "", name.lower().replace("ё", "е"))
    return base in adjectives or (len(base) >= 4 and any(adjective.startswith(base) for adjective in adjectives))


_TODAY = re.compile(r"\btoday\b|(?<![\w])сегодня(?![\w])", re.IGNORECASE)
_PUBLISHED = re.compile(r"^Published on .*$", re.MULTILINE)


def _bare_values(sentence: str) -> set[float]:
    """Numbers a sentence gives counting nothing ("settled at 5,450 by the close"): no word of three
    letters or more after them but a stopword, not a day by its month ("May 25"), not a year."""
    lower = sentence.lower().replace("ё", "е")
    bare = set()
    for match, value, _ in _number_matches(lower):
        after = match.group(4)
        if after and len(after) >= 3 and after not in _STOPWORDS | {"one"}:
            continue
        nearby = lower[max(0, match.start() - 12):match.start()] + " " + lower[match.end():match.end() + 12]
        if MONTH_WORD.search(nearby) or 1900 <= value <= 2100:
            continue
        bare.add(value)
    return bare


_RU_ORDINAL_END = r"(?:ый|ий|ой|ая|ое|ые|ого|ому|ым|ом|ую|ых|ыми|ья|ье|ьи|ьего|ьему|ьим|ьем|ьей|ью|ьих)"
_ORDINAL_WORD_PATTERNS = [
    (int(n), re.compile(rf"\b{word}\b" if word.isascii() else rf"(?<![\w-]){word}{_RU_ORDINAL_END}(?![\w-])",
                        re.IGNORECASE)) for word, n in _ORDINAL_WORDS.items()]
"""`question`'s ordinal words ("the first meeting"; a Russian stem only with an adjective's ending:
"вторую встречу", not "во вторник")."""


def _ordinals(text: str) -> set[int]:
    """The ordinals a text writes as words or in digits ("2nd", "2-й"; not a century or a date)."""
    plain = text.replace("ё", "е").replace("Ё", "Е")
    return {n for n, pattern in _ORDINAL_WORD_PATTERNS if pattern.search(plain)} | {
        int(m.group(1)) for m in _ORDINAL.finditer(text)}


def _years(text: str) -> set[int]:
    """The years a text writes in digits."""
    return {int(year) for year in YEAR.findall(text)}


def swapped_values(claim: str, aligned: str | None, text: str = "") -> tuple[list[str], list[float],
                                                                          list[tuple[str, int, int]]]:
    """Countries (not organisations), counts and dates a claim puts in place of those of the
    sentence that states it: "projects by Paraguay, Côte d'Ivoire and Uganda" where that sentence names Hungary, "four
    regions" where it says five, "June 24" where it says June 25, "from 2005 to 2022" where it
    says 2023, "the second meeting" where it says the first, each value found elsewhere in the
    passages (another applicant, another count, the day before, the year of another figure, the
    next meeting), so the passage-wide checks let it through. Judged
    only when the claim drops one of the sentence's values of that kind
    and gives another (a claim may add a value from another sentence it joins, keeping this
    one's), a country only in the place of the one dropped (a word before it shared: "submitted
    by Hungary" for "submitted by Paraguay"), a count only of the same thing and only when the
    sentence does not give the claimed value bare ("5,450 points" where the index "opened at
    5,400 points and settled at 5,450 by the close"), and a sentence
    saying "today" also gives the day its passages were published (in `text`)."""
    if aligned is None:
        return [], [], []
    claim = _MARKERS.sub(" ", claim)
    said, given = _country_contexts(claim), _country_contexts(aligned)
    countries = sorted(code for code in set(said) - set(given)
                       if any(given[other] & said[code] for other in set(given) - set(said)))
    said_days = {d for d in dates_of(claim) if d[0] == "day"}
    given_days = {d for d in dates_of(aligned) if d[0] == "day"}
    if _TODAY.search(aligned):  # "met today": the day the passages were published (`text`) is the sentence's
        given_days |= {d for line in _PUBLISHED.findall(text) for d in dates_of(line) if d[0] == "day"}
    dates = sorted(said_days - given_days) if given_days - said_days else []
    said_years, given_years = _years(claim), _years(aligned)
    dates += sorted(("year", year, 0) for year in said_years - given_years) if given_years - said_years else []
    said_counts, given_counts = _counted(claim), _counted(aligned)
    bare = _bare_values(aligned)
    said_ranks, given_ranks = _ordinals(claim), _ordinals(aligned)
    ranks = {float(n) for n in said_ranks - given_ranks} if given_ranks - said_ranks else set()
    counts = sorted(ranks | {value for value, thing in said_counts - given_counts
                     if any(t == thing and v != value for v, t in given_counts)
                     and not any(t == thing for v, t in said_counts & given_counts)
                     and value not in bare})  # "settled at 5,450 by the close"
    return countries, counts, dates


_AGENTS = {
    "chair": re.compile(r"\bunder the (?:co-?)?chairmanship of\b|\b(?:co-?)?chaired by\b|\bpresided over by\b"
                        r"|(?<![\w])под (?:со)?председательством(?![\w])", re.IGNORECASE),
    "initiative": re.compile(r"\b(?:at|on) the initiative of\b|\binitiated by\b|(?<![\w])по инициативе(?![\w])",
                             re.IGNORECASE),
    "invitation": re.compile(r"\bat the invitation of\b|\binvited by\b|(?<![\w])по приглашению(?![\w])",
                             re.IGNORECASE),
    "proposal": re.compile(r"\b(?:proposed|suggested|submitted) by\b|(?<![\w])по предложению(?![\w])",
                           re.IGNORECASE),
    "funding": re.compile(r"\b(?:funded|financed|sponsored) by\b|(?<![\w])при (?:финансовой )?поддержке(?![\w])",
                          re.IGNORECASE),
}
"""Who did it, when the wording says so outright ("proposed by", "under the chairmanship of",
"по инициативе", "по приглашению"): the one after the phrase must follow the same phrase in the
passages, not merely be named there ("a project proposed by UNESCO" where the passage has it
proposed by the National Committee and funded by UNESCO). Each kind pairs the English and the
Russian wording, so a translated claim is judged too."""
_PASSIVE_AGENT = re.compile(r"\b([a-z]{3,}(?:ed|en)) by\b")
"""Any other English passive with its agent ("hosted by", "organised by"), keyed by its participle."""
AGENT_REACH = (5, 12)
"""Words after an agent phrase where the claim's agent stands, and where the passage's may (an
office often comes first: "chaired by Deputy Prime Minister … Asset Issekeshev")."""
_CLAUSE_END = re.compile(r"[.;!?\n]")


def _agents(text: str, reach: int) -> dict[str, str]:
    """For each kind of agent phrase in `text`, the words just after its occurrences (to the end
    of their clause)."""
    found: dict[str, list[str]] = {}
    spans = [(kind, match) for kind, pattern in _AGENTS.items() for match in pattern.finditer(text)]
    named = {match.end() for _, match in spans}  # "submitted by" is a proposal: judged as one, with "proposed by"
    spans += [(f"by:{match.group(1).lower()}", match) for match in _PASSIVE_AGENT.finditer(text)
              if match.end() not in named]
    for kind, match in spans:
        after = _CLAUSE_END.split(text[match.end():], maxsplit=1)[0]
        found.setdefault(kind, []).append(" ".join(after.split()[:reach]))
    return {kind: " ".join(words) for kind, words in found.items()}


_AGENT_JOINS = frozenset({"of", "the", "and", "de", "del", "da", "von", "van", "al", "bin", "и", "де", "фон", "ван"})
"""Lower-case words inside one agent's name ("Minister of Industry", "Nancy Ovelar de Gorostiaga")."""


def _agent_run(after: str) -> list[str]:
    """The words naming the agent after an agent phrase: from its first capitalised word to the
    first lower-case word that is not part of a name ("UNESCO to the National Committee": UNESCO)."""
    run: list[str] = []
    for word in after.split():
        bare = word.strip(",:\"«»“”()")
        if bare[:1].isupper():
            run.append(re.sub(r"['’]s$", "", bare))
        elif run and bare.lower() not in _AGENT_JOINS and not any(p.search(bare) for p in TITLES.values()):
            break  # an office between country and name ("Kazakhstan's ambassador Nurlan…") is part of it
    return run


_AGENCY_WORDS = {
    "chair": re.compile(r"chair|presid|председател|председательств", re.IGNORECASE),
    "initiative": re.compile(r"initiat|инициат|инициир", re.IGNORECASE),
    "invitation": re.compile(r"invit|приглас|приглаш", re.IGNORECASE),
    "proposal": re.compile(r"propos|suggest|submit|предлож|предлага|внес", re.IGNORECASE),
    "funding": re.compile(r"fund|financ|sponsor|grant|support|back|финанс|поддерж|грант|спонсор|выдел", re.IGNORECASE),
}
"""Words of each kind of `_AGENTS`, in any form: a passage that has none of them says nothing of
who chaired, initiated, invited, proposed or funded."""


def added_agency(claim: str, passages: list[str]) -> list[str]:
    """The agent phrases a claim adds where its passages say nothing of the kind: "прибыли по
    приглашению Правительства" where no passage mentions an invitation. (Where they do, the agent
    is `misassigned`'s to judge.)"""
    text = "\n".join(passages)
    return [kind for kind, pattern in _AGENTS.items() if pattern.search(_MARKERS.sub(" ", claim))
            and not _AGENCY_WORDS[kind].search(text)]


def misassigned(claim: str, passages: list[str]) -> list[str]:
    """The agent a claim names for what was chaired, proposed, initiated, funded or otherwise done
    by someone ("<participle> by X", "по инициативе X"), where its passages use the same phrase and
    none of the agent's names follows it there: the agent swapped for another one the passage names.
    Judged only where the passages use the phrase; one name of the agent found there is enough
    (a name spelt in another script may miss, and the agent is one, whatever else it is called)."""
    given = _agents("\n".join(passages), AGENT_REACH[1])
    wrong: list[str] = []
    for kind, after in _agents(claim, AGENT_REACH[0]).items():
        if kind not in given:
            continue
        there = _Words.of(given[kind])
        codes = set(find_countries(given[kind]))
        judged = [w for w in _agent_run(after) if len(w) >= 3 and not MONTH_WORD.fullmatch(w)
                  and not any(p.search(w) for p in TITLES.values()) and w.lower() not in _INSTITUTION_WORDS]
        if judged and not any(there.has(w) or (_ACRONYM.match(w) and _spelt_out(w, given[kind], w.isascii()))
                              or set(find_countries(w)) & codes for w in judged):
            wrong += [w for w in judged if w not in wrong]
    return wrong


_HOLDER = r"(?<![\w'’-])(?P<holder>(?:U\.S\.|[A-ZА-ЯЁ][\w\-]*[\w])(?:\s+[A-ZА-ЯЁ][\w\-]*[\w]){0,3})(?:'s|’s|’|')?"
"""A holder's name: a run of capitalised words (Deputy Director-General Matthew Baldwin)."""
_ROLE_NOUNS = {
    "assist": (r"assistance|aid|help|support", r"помощ\w*|содействи\w*|поддержк\w*"),
    "ready": (r"willingness|readiness", r"готовност\w*"),
    "initiative": (r"initiative|proposal", r"инициатив\w*|предложени\w*"),
    "interest": (r"interest", r"заинтересованност\w*|интерес\w*"),
    "commitment": (r"commitment", r"приверженност\w*"),
    "invitation": (r"invitation", r"приглашени\w*"),
    "investment": (r"investments?|capital", r"инвестици\w*|капитал\w*"),
}
_SIDE = r"(?:\s+side(?:'s|’s)?)?"
_MODIFIER = r"(?!(?:the|a|an|its|their|his|her|to|of|and|was|is|were|are|has|had|have)\b)[a-z-]+(?<!ed)"
"""A word between a holder and its noun ("Kazakhstan's gross direct investment"): not a verb in the
past ("the U.S. side welcomed the invitation": the invitation is not the U.S.'s) nor a function word."""
_ROLE_PATTERNS = [(role, re.compile(pattern)) for role, (english, russian) in _ROLE_NOUNS.items() for pattern in (
    rf"{_HOLDER}{_SIDE}\s+(?:{_MODIFIER}\s+){{0,2}}(?:{english})\b",  # U.S. assistance, the EU's willingness
    rf"{_HOLDER}{_SIDE}\s+(?:[a-z]\w*\s+){{0,2}}(?:expressed|reaffirmed|confirmed|stressed|voiced|offered|provided|"
    rf"showed|shows|displayed|demonstrated|put\s+forward|advanced|launched|initiated|came\s+up\s+with)"
    rf"\s+(?:[a-z]\S*\s+){{0,2}}?(?:{english})\b",  # the Korean side expressed its; Kerry put forward the
    rf"\b(?:{english})\s+(?:of|from)\s+(?:the\s+)?{_HOLDER}",  # the commitment of the Kazakh side; from Estonia
    rf"(?<![\w])(?:{russian})\s+(?:(?:[а-яё]+|из)\s+)?{_HOLDER}",  # помощь США, инвестиции из Эстонии
    rf"{_HOLDER}\s+(?:сторона\s+)?(?:[а-яё]+\s+)?(?:выразил\w*|подтвердил\w*|предложил\w*|оказал\w*|проявил\w*|"
    rf"выдвинул\w*|инициировал\w*)\s+(?:[а-яё]\S*\s+)?"
    # not "Болдуин выразил готовность ЕС": the readiness is the EU's, he voiced it
    rf"(?:{russian})(?![\w])(?!\s+(?:[а-яё]+\s+)?[A-ZА-ЯЁ])",
)] + [("ready", re.compile(rf"{_HOLDER}\s+(?:side\s+|сторона\s+)?(?:(?:is|was|are|were|remains|remained)\s+"
                          r"(?:[a-z]\w*\s+)?(?:willing|ready|prepared)\b|готов[аы]?(?![\w]))"))]
"""Who gives what a claim says was given, offered or shown: the holder of assistance, of a
readiness (willing, ready, готов), an initiative, an interest, a commitment, an invitation, an
investment (its source: "investment from Estonia", "инвестиции из Эстонии"). A translation that
turns "U.S. assistance to Kazakhstan" into "Kazakhstan's assistance to the U.S." keeps every name
of its source."""


def _role_holders(text: str) -> dict[str, list[str]]:
    """For each kind of role, the names a text gives as its holder. A run of names stops at a
    second country ("помощь Казахстана США": Kazakhstan's), and a Russian name in the dative after
    the noun is its receiver, not its holder ("на помощь Тренту")."""
    found: dict[str, list[str]] = {}
    for role, pattern in _ROLE_PATTERNS:
        for match in pattern.finditer(text):
            words = match.group("holder").split()
            if len(words) > 1 and words[0].lower() in ("the", "this", "that"):
                words = words[1:]  # a sentence's "The Korean side": the article is no part of the name
            cut = next((i for i, w in enumerate(words[1:], 1) if _holder_codes(w)), len(words))
            holder = " ".join(words[:cut])
            if not holder.isascii() and match.start("holder") > match.start() and not _ACRONYM.match(words[0]) \
                    and re.search(r"(?:у|ю)$", words[0]):
                continue
            if holder.lower() not in ("the", "this", "that", "its", "their", "his", "her") and (
                    match.start() > 0 or " " in holder or _ACRONYM.match(holder) or find_countries(holder)
                    or not _is_common_word(holder)):  # a sentence's first word is capitalised anyway
                found.setdefault(role, []).append(holder)
    return found


def _holder_codes(word: str) -> set[str]:
    """The countries or organisations a holder names: by the tagger, or by its code ("EU", "US"),
    which the tagger leaves to the full names."""
    codes = set(find_countries(word))
    if not codes and _ACRONYM.match(word):
        try:
            codes = {resolve_country(word).code}
        except AssistantError:
            pass
    return codes


def stating_sentences(claim: str, passages: list[str], aligned: str | None = None) -> list[str]:
    """The passage sentences that state a claim: `aligned` (the one closest to it) and any sharing
    `MIN_ALIGNED_TERMS` of its words (a claim may join two). Roles and intents are read there, not
    where the passage gives them to someone else."""
    terms = set(stem_terms(_MARKERS.sub(" ", claim)))
    stating = [text for passage in passages for text, stems, _ in passage_sentences(passage)
               if len(terms & stems) >= MIN_ALIGNED_TERMS]
    return ([aligned] if aligned else []) + stating


_NOMINATIVE = re.compile(r"(?:[бвгджзклмнпрстфхцчшщ]|ий|ый)$")
_OBLIQUE = re.compile(r"(?:у|ю|ом|ем|ым|им)$")
_PAST_VERB = re.compile(r"(?<![\w-])[а-яё]{3,}(?:л|ла|ли|ло)(?![\w-])")


def _name_cases(sentence: str) -> dict[str, str]:
    """A Russian sentence's men's surnames and given names by key, each "nom" (Пармон, the one who
    acts) or "obl" (Пармону, Пармоном: the one acted on or with); forms that could be either
    (Пармона, a woman's name) are left out."""
    cases: dict[str, set[str]] = {}
    for word in _persons(sentence):
        lower = word.lower()
        if not is_cyrillic(lower):
            continue
        case = "nom" if _NOMINATIVE.search(lower) else "obl" if _OBLIQUE.search(lower) else None
        if case:
            cases.setdefault(_case_key(word), set()).add(case)
    return {key: next(iter(found)) for key, found in cases.items() if len(found) == 1}


def _case_key(word: str) -> str:
    """One key for every case form of a name (Пармон, Пармону, Пармоном)."""
    return skeleton(stem_word(word.lower()))[:5]


def reversed_cases(claim: str, aligned: str | None) -> list[str]:
    """In Russian, who acts is read from the case: "Пармон вручил Жумангарину письмо" where the
    passage says "Жумангарин вручил Пармону письмо" keeps every name and word. Judged when the
    claim and the passage sentence closest to it share a past-tense verb and two people each in
    the other case (both swapped: one person's case alone is often a paraphrase, "получил от").
    Each part of a claim joined by semicolons is read alone: the same person may stand in another
    case in the other part ("встретился Жумангарин; … Пармон вручил Жумангарину")."""
    if aligned is None:
        return []
    found: list[str] = []
    for part in re.split(r";\s+", _MARKERS.sub(" ", claim)):
        found += [word for word in _reversed_cases_in(part, aligned) if word not in found]
    return found


def _reversed_cases_in(bare: str, aligned: str) -> list[str]:
    verbs = {stem_word(v) for v in _PAST_VERB.findall(bare.lower())}
    if not verbs & {stem_word(v) for v in _PAST_VERB.findall(aligned.lower())}:
        return []
    ours, theirs = _name_cases(bare), _name_cases(aligned)
    swapped = [key for key, case in ours.items() if key in theirs and theirs[key] != case]
    if not ({ours[k] for k in swapped} >= {"nom", "obl"}):
        return []
    return [word for word in _persons(bare) if _case_key(word) in swapped and ours[_case_key(word)] == "nom"]


def reversed_roles(claim: str, passages: list[str], aligned: str | None = None) -> list[str]:
    """The holders a claim gives assistance, a readiness, an initiative, an interest, a commitment,
    an invitation or an investment whom its passages never give that role, where they give it to
    somebody (the giver and the receiver swapped). Judged only where the passages name a holder of
    the same role, in the sentences that state the claim: `aligned` (the one closest to it) and
    any sharing `MIN_ALIGNED_TERMS` of its words (a claim may join two), not a role given to
    someone elsewhere in the passage. One word of the holder found there is enough."""
    given = _role_holders("\n".join(stating_sentences(claim, passages, aligned)))
    wrong: list[str] = []
    for role, holders in _role_holders(claim).items():
        if role not in given:
            continue
        theirs = " ".join(given[role])
        codes = {code for holder in given[role] for code in _holder_codes(holder)}
        there = _Words.of(theirs)
        for holder in holders:
            words = [w for w in holder.split() if (not _office_month_or_country(w) or _holder_codes(w))
                     and w.lower() not in _INSTITUTION_WORDS]  # "the Organization's interest": named elsewhere
            if not words or any(_holder_codes(w) & codes or (not _holder_codes(w) and there.has(w)) for w in words):
                continue
            if any(_ACRONYM.match(theirs_one) and _spelt_out(theirs_one, holder, capitalised=holder.isascii())
                   for theirs_one in given[role]) or (_ACRONYM.match(holder) and _spelt_out(holder, theirs)):
                continue  # ЦА for "Центральной Азии", and the other way round
            wrong += [w for w in words if w not in wrong]
    return wrong


def _holders_of(patterns: tuple[re.Pattern[str], ...], text: str) -> list[str]:
    """The holders every pattern finds in `text` (each pattern names its holder group "holder")."""
    return [m.group("holder") for pattern in patterns for m in pattern.finditer(text)]


_PROPOSED = re.compile(rf"{_HOLDER}{_SIDE}\s+(?:(?:[a-z]+ly|also|then|personally|[а-яё]+о|также|лично)\s+)?"
                       r"(?:proposed|suggested|invited|предложил\w*|пригласил\w*)(?![\w])(?P<after>[^.;:!?\n]{0,100})")
"""Somebody proposing or inviting, and what follows: the proposal's receiver is there ("Жумангарин
предложил представителям РАН провести…", "Kerry invited Idrissov")."""
_PROPOSED_SIDE = re.compile(r"(?<![\w])(?P<holder>[а-яё]+ская)\s+сторона\s+(?:(?:[а-яё]+о|также|лично)\s+)?"
                            r"(?:предложила|пригласила)(?![\w])"
                            r"(?P<after>(?:\s+(?![а-яё]+(?:ть|ти|чь)(?![\w]))[^\s.;:!?]+){0,4})", re.IGNORECASE)
"""The same with a side named by its country's adjective: "казахстанская сторона предложила
представителям РАН…"; its receiver is read only before the proposed act ("предложила провести … в
Академгородке СО РАН" names no receiver)."""


_AGENT_VERB = re.compile(r"(?<![\w-])(?:proposed|suggested|invited|offered|initiated|commended|praised|thanked|"
                         r"предложил[аи]?|пригласил[аи]?|поблагодарил[аи]?|инициировал[аи]?)(?![\w-])")
"""Verbs whose subject is the one who acts (who proposed, invited, thanked): a capable model
moves the act to the other party of the meeting, keeping every other word."""
_AGENT_START = re.compile(r"[,;:(—–]\s*|\b(?:and|while|whereas|but|и|а|но)\s+", re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
"""A passive ("Kim Seung Ho was invited by the Ambassador"): the words before the verb are its object."""


def _agent_before(text: str, at: int) -> str:
    """The words before position `at` back to the clause's start: the verb's subject."""
    before = text[max(0, at - 120):at]
    starts = [m.end() for m in _AGENT_START.finditer(before)]
    return before[starts[-1]:] if starts else before


_OFFICE_START = re.compile(r"[.;!?\n]|\b(?:[Ww]ith|met|[Aa]nd|meets|и|с|со|встретил\w*)\b")
"""Where the words before a name stop being its office: a clause's end, a meeting's other party
(lower-case "со", not the acronym "СО РАН")."""


def _office_window(text: str, at: int) -> str:
    """The words before position `at` (a name) that can be its office: back to the clause's start
    or the meeting word, at most 100 characters."""
    before = text[max(0, at - 100):at]
    cuts = [m.end() for m in _OFFICE_START.finditer(before)]
    return before[cuts[-1] if cuts else 0:]


def _offices_before(text: str, person: str) -> set[str]:
    """The offices (without their rank) written just before each mention of `person` in `text`
    ("the Minister of Personnel Management of the Republic of Korea, Kim Seung Ho")."""
    offices: set[str] = set()
    for match in re.finditer(rf"(?<![\w-]){re.escape(person)}(?![\w-])", text):
        offices |= {office.removeprefix("deputy_") for office in ranked_titles(_office_window(text, match.start()))}
    return offices


def swapped_agent(claim: str, passages: list[str], aligned: str | None) -> list[str]:
    """Who a claim says proposed, invited or thanked, where the sentence stating it gives the act
    to an office the claim's agent does not hold: "Kim Seung Ho proposed closer cooperation" or
    "the Korean minister proposed" where "the Ambassador of Kazakhstan proposed" it. The claim's
    agent holds the offices it is given there and those its passages give its named person
    ("the Minister of Personnel Management of the Republic of Korea, Kim Seung Ho"). Judged only
    when both agents have an office, or the claim's a person the passages give one; a named
    agent in the stating sentence is `misattributed`'s."""
    if aligned is None:
        return []
    bare, text = _MARKERS.sub(" ", claim), "\n".join(passages)
    verbs = {stem_word(m.group().lower()): m for m in _AGENT_VERB.finditer(aligned)}
    wrong: list[str] = []
    for match in _AGENT_VERB.finditer(bare):
        theirs = verbs.get(stem_word(match.group().lower()))
        if theirs is None:
            continue
        agent, given = _agent_before(bare, match.start()), _agent_before(aligned, theirs.start())
        if _PASSIVE_BEFORE.search(agent) or _PASSIVE_BEFORE.search(given):
            continue
        given_offices = {office.removeprefix("deputy_") for office in ranked_titles(given)}
        if not given_offices or [w for _, w in _placed_names(given) if not _ACRONYM.match(w)]:
            continue
        people = [w for _, w in _capitalised(agent) if not _ACRONYM.match(w) and not _office_month_or_country(w)
                  and w.lower() not in _INSTITUTION_WORDS | _STOPWORDS and not _holder_codes(w)]
        offices = {office.removeprefix("deputy_") for office in ranked_titles(agent)}
        for person in people:
            offices |= _offices_before(text, person)
        if offices and not offices & given_offices:
            wrong.append(agent.strip())
    return wrong


def reversed_proposal(claim: str, passages: list[str], aligned: str | None) -> list[str]:
    """The proposer or host a claim names where the sentences stating it give the proposal to
    another, and the claim makes that other its receiver: "Жумангарин предложил представителям РАН
    провести Дни культуры" where "представители РАН предложили провести" them. Judged only when the
    passage's proposer stands after the claim's verb, so "Natalia Kano of the UN Office suggested"
    for "Natalia Kano suggested" (a longer name, the same person) is never one."""
    if aligned is None:
        return []
    bare = _MARKERS.sub(" ", claim)
    proposed = [*_PROPOSED.finditer(bare), *_PROPOSED_SIDE.finditer(bare)]
    if not proposed:
        return []
    given = [holder for sentence in stating_sentences(claim, passages, aligned)
             for holder in _holders_of((_PROPOSED, _PROPOSED_SIDE), sentence)]
    if not given:
        return []
    theirs = _Words.of(" ".join(given))
    wrong: list[str] = []
    for match in proposed:
        words = [w for w in match.group("holder").split() if not _office_month_or_country(w) or _holder_codes(w)]
        if not words or any(theirs.has(w) for w in words):
            continue
        receiver = _Words.of(match.group("after"))
        if any(receiver.has(w) for holder in given for w in holder.split() if len(w) >= 3):
            wrong += [w for w in words if w not in wrong]
    return wrong


_GIVING = r"presented|gave|handed|gifted|awarded|преподн[её]с(?:ла)?|подарила?|вручила?|передала?|наградила?"
_GIVER = re.compile(rf"{_HOLDER}\s+(?:(?:also|personally|himself|herself|сам|сама|лично|также)\s+)?"
                    rf"(?:{_GIVING})(?![\w])")
"""Somebody giving, presenting or awarding something, in the active voice ("Kerry presented the
apples", "Джон Керри сам преподнёс…"); in Russian only the singular, as the plural is also the
impersonal "Джону Керри преподнесли" (he was given)."""
_RECEIVERS = (re.compile(rf"{_HOLDER}\s+(?:was|were|has\s+been|had\s+been)\s+"
                         r"(?:presented|given|handed|gifted|awarded)\b"),
              re.compile(rf"(?<![\w])(?:вручил[аи]?|преподнесл[аи]|подарил[аи]?|передал[аи]?)\s+{_HOLDER}"))
"""Somebody given something: "J. Kerry was presented Almaty's aport apples", "вручили Джону Керри"."""


def reversed_gift(claim: str, passages: list[str]) -> list[str]:
    """The giver a claim names where its passages make that person a receiver and never a giver:
    "Джон Керри сам преподнёс казахстанской стороне яблоки" where "J. Kerry was presented Almaty's
    aport apples". The whole passages are read: across languages a claim shares too few words with
    the sentence stating it to find it."""
    bare = _MARKERS.sub(" ", claim)
    claimed = [m.group("holder") for m in _GIVER.finditer(bare)
               if not re.search(r"\b(?:was|were|been|being)\s+$", bare[:m.start("holder")])]
    if not claimed:
        return []  # the claim gives nothing: the passages are not read
    stating = "\n".join(passages)
    received = _holders_of(_RECEIVERS, stating)
    if not received:
        return []
    receivers = _Words.of(" ".join(received))
    givers = _Words.of(" ".join(_holders_of((_GIVER,), stating)))
    wrong: list[str] = []
    for holder in claimed:
        words = [w for w in holder.split() if len(w) >= 3 and not _office_month_or_country(w)]
        if words and any(receivers.has(w) for w in words) and not any(givers.has(w) for w in words):
            wrong += [w for w in words if w not in wrong]
    return wrong


_EXPERIENCE = r"(?:experience|expertise|best\s+practices|know-how)"
_SHARED_WITH = (re.compile(rf"\bshar\w*\s+(?:[\w'’-]+\s+){{0,3}}?{_EXPERIENCE}(?:\s+[^\s.;]+){{0,6}}?\s+with\s+"
                           rf"(?:the\s+)?{_HOLDER}"),
                re.compile(rf"(?<![\w])подел\w+\s+(?:[а-яё]+\s+){{0,2}}?(?:опытом|наработками)(?:\s+[^\s.;]+){{0,6}}?"
                           rf"\s+с\s+{_HOLDER}"))
"""Experience shared with somebody, who receives it: "the EU's willingness to share its experience
on energy diversification with Kazakhstan", "поделиться опытом с Казахстаном"."""
_EXPERIENCE_OF = (re.compile(rf"\b(?:learn\w*|adopt\w*|borrow\w*|draw\w*)\s+(?:[\w-]+\s+){{0,2}}?from\s+(?:the\s+)?"
                             rf"{_HOLDER}"),
                  re.compile(rf"{_HOLDER}(?:'s|’s)\s+(?:[\w-]+\s+)?{_EXPERIENCE}"),
                  re.compile(rf"(?<![\w])(?:перен\w+|изуч\w+|заимствова\w+|учиться\s+на)\s+опыт\w*\s+{_HOLDER}"))
"""Whose experience a claim says it is: "learn from Kazakhstan's experience", "Kazakhstan's
expertise", "перенять опыт Казахстана"."""
_EXPERIENCE_CLAIMED = (*_EXPERIENCE_OF,
                       re.compile(rf"(?<![\w'’-])(?P<holder>[A-Z][a-z]+(?:an|ean|ian|ese|ish|sh|ch|i|ic|kh))\s+"
                                  rf"(?:[a-z-]+\s+)?{_EXPERIENCE}"),
                       re.compile(r"(?<![\w])(?P<holder>[а-яё]+ск(?:ий|ого|ому|им|ом))\s+"
                                  r"(?:[а-яё]+(?:ий|ый|ой|ого|ому|ым|им|ом)\s+)?опыт(?:а|у|ом|е)?(?![\w])"),
                       re.compile(r"(?<![\w])опыт(?:а|у|ом|е)?\s+(?P<holder>(?:[А-ЯЁ][а-яё]+(?:ой|ей)\s+)?"
                                  r"[А-ЯЁ][а-яё]+[аиыя])(?![\w])"))
"""Whose experience a claim draws on, also by the owner's adjective agreeing with the word
("the successful Korean experience", "успешного корейского опыта", not "передать казахстанским
коллегам опыт") or its genitive right after it ("опыт Южной Кореи", not "опыт Казахстан
предлагает учитывать")."""
_EXPERIENCE_WORD = re.compile(rf"\b{_EXPERIENCE}\b|(?<![\w])опыт\w*", re.IGNORECASE)
_EXPERIENCE_REACH = (8, 5)
"""Words before and after an experience word whose countries a passage may be giving as its owners:
read generously ("the Kazakh and Korean experience", "опыт Сингапура и Южной Кореи"), since a claim
is struck only for an owner none of them is."""
_USEFUL_TO = (re.compile(rf"\b(?:useful|helpful|of\s+use|beneficial|of\s+benefit)\s+(?:to|for)\s+(?:the\s+)?{_HOLDER}"),
              re.compile(rf"(?<![\w])(?:полезн\w*|пригоди\w*|пригод\w+)\s+(?:[а-яё]+\s+){{0,2}}?{_HOLDER}"))
"""Somebody something would serve, who receives it: "could be useful to Kazakhstan", "могли бы быть
полезны Казахстану"."""
_TECHNOLOGY_OF = (re.compile(rf"{_HOLDER}\s+(?:[\w-]+\s+)?(?:technolog(?:y|ies)|know-how|developments)\b"),
                  re.compile(r"(?<![\w])(?P<holder>[а-яё]+ск(?:ие|их|ими|ий|ая|ой|ую|ое|ого|ому|ом))\s+(?:[а-яё]+\s+)?"
                             r"(?:технологи|разработк|наработк|компетенци)\w*"))
"""Whose technologies a claim says they are: "Kazakh sulphur-processing technologies",
"казахстанские технологии"."""


def reversed_experience(claim: str, passages: list[str]) -> list[str]:
    """Whose experience or technologies are offered, turned round: "the EU was keen to learn from
    Kazakhstan's experience" where the EU offered "to share its experience … with Kazakhstan";
    "казахстанские технологии могли бы быть полезны СО РАН" where the Siberian Branch's "наши
    технологии … могли бы быть полезны Казахстану". The owner a claim names is wrong where its
    passages make it only a receiver of what is shared or would be useful."""
    owned = _EXPERIENCE_OF + _TECHNOLOGY_OF
    owners = _holders_of(owned, _MARKERS.sub(" ", claim))
    text = "\n".join(passages)
    wrong = _misowned_experience(claim, text)
    if not owners:
        return wrong
    received = _holders_of(_SHARED_WITH + _USEFUL_TO, text)
    if not received:
        return wrong
    as_receiver, as_owner = _HolderNames.of(received), _HolderNames.of(_holders_of(owned, text))
    for owner in owners:
        words = [w for w in owner.split() if len(w) >= 2 and w.lower() not in _INSTITUTION_WORDS]
        if words and any(as_receiver.names(w) for w in words) and not any(as_owner.names(w) for w in words):
            wrong += [w for w in words if w not in wrong]
    return wrong


def _misowned_experience(claim: str, text: str) -> list[str]:
    """A country whose experience the claim draws on where the passages name only other
    countries' near their experience ("drawing on Kazakhstan's successful experience" for "the
    successful Korean experience"). Countries only, matched by code across scripts; judged only
    where the passages name a country near an experience."""
    holders = _holders_of(_EXPERIENCE_CLAIMED, _MARKERS.sub(" ", claim))
    if not holders:
        return []
    given: set[str] = set()
    before, after = _EXPERIENCE_REACH
    for sentence in _sentences(text):
        for match in _EXPERIENCE_WORD.finditer(sentence):
            start = sentence.rfind(" ", 0, match.start()) + 1  # the whole word the match is in
            window = sentence[:start].split()[-before:] + sentence[start:].split()[:after + 1]
            given.update(find_countries(" ".join(window)))
    if not given:
        return []
    wrong: list[str] = []
    for holder in holders:
        for word in holder.split():
            codes = _holder_codes(word)
            if codes and not codes & given and word not in wrong:
                wrong.append(word)
    return wrong


@dataclass(frozen=True)
class _HolderNames:
    """Holders' countries and words, read once: a country is matched by its code (Kazakhstan's ~
    Казахстану), anything else by its spelling."""

    codes: frozenset[str]
    words: "_Words"

    @classmethod
    def of(cls, holders: list[str]) -> "_HolderNames":
        return cls(frozenset(code for holder in holders for w in holder.split() for code in _holder_codes(w)),
                   _Words.of(" ".join(holders)))

    def names(self, word: str) -> bool:
        codes = _holder_codes(word)
        return bool(codes & self.codes) if codes else self.words.has(word)


_CASE_ENDINGS = frozenset({"a", "u", "e", "i", "om", "em", "oi", "ei", "ami", "iami", "ah", "iah", "ov", "ev", "im",
                           "ogo", "ego", "omu", "emu", "oiu", "eiu", "iu", "ia"})
"""Russian case endings as `skeleton` spells them: what a Russian name may add to a word of its
passage (Норманном ~ Норманн, where the stemmer cuts Норманном to норма), not any letters
(Кулекенов is not Кулекеев)."""


_GENERATION = re.compile(r"(?:младш|старш)\w*", re.IGNORECASE)
"""The word after a hyphen that tells a father from his son (Маркоса-младшего: Marcos Jr): no
part of the name to find."""


@dataclass(frozen=True)
class _Words:
    """A text's words for finding a claim's names: in the name's own script a name must be
    spelt as written, up to a Russian case ending (Жумангарину ~ Жумангарин), so Aarnes is not
    "areas"; in the other script, as the offline grounding matches it (Исекешев ~ Issekeshev)."""

    latin: frozenset[str]
    cyrillic: frozenset[str]
    """Skeletons of the Russian words and of their Snowball stems (Макрона and Макроном meet)."""
    facts: TextFacts

    @classmethod
    def of(cls, text: str) -> "_Words":
        words = re.findall(r"[^\W_]{2,}", text)
        russian = [w for w in words if not w.isascii()]
        return cls(frozenset(skeleton(w) for w in words if w.isascii()),
                   frozenset(skeleton(f) for w in russian for f in (w, stem_word(w.lower()))), TextFacts.of(text))

    def has(self, name: str) -> bool:
        """Every part of a hyphenated name (Касым-Жомарт, Director-General) is found; parts of
        under four letters (Энн in Керри-Энн) are spelt too many ways to be required."""
        parts = [p for p in re.findall(r"[^\W_]{2,}", name) if not _GENERATION.fullmatch(p)]
        return all(self._has_word(part) for part in [p for p in parts if len(p) >= 4] or parts
                   if part[:1].isupper() or self._in_script(part))

    def _in_script(self, word: str) -> bool:
        """Whether the text has words in `word`'s script: a common word joined to a name
        ("Тоорил-хана", "USAID-funded") must be spelt as written in its own script, and is said in
        other words in the other ("khan Toghrul", "финансируемых USAID")."""
        return bool(self.latin if word.isascii() else self.cyrillic)

    def _has_word(self, name: str) -> bool:
        key = skeleton(name)
        same, other = (self.latin, self.cyrillic) if name.isascii() else (self.cyrillic, self.latin)
        if key in same or (not name.isascii() and skeleton(stem_word(name.lower())) in same):
            return True
        if any(k.startswith(key) or (len(k) >= 4 and key.startswith(k) and len(key) - len(k) <= 3
                                     and (name.isascii() or key[len(k):] in _CASE_ENDINGS)) for k in same):
            return True
        keys = {key}  # a Russian name's stem as well as its written form: "Сахары" (sahari) is "Saharan" (sahar)
        if not name.isascii() and len(stem_key := skeleton(stem_word(name.lower()))) >= 4:
            keys.add(stem_key)
        return (any(name_matches(name_key, word) for word in other if len(word) >= 4 for name_key in keys)
                or self.facts.has_name_across_scripts(name))


@lru_cache(maxsize=512)
def _sentences(text: str) -> tuple[str, ...]:
    """A text's sentences: a claim's passages are read by several checks, once per claim, and split once."""
    return tuple(span.text for span in split_sentences(text, detect_language(text)))


@lru_cache(maxsize=256)
def passage_sentences(passage: str) -> tuple[tuple[str, frozenset[str], frozenset[float]], ...]:
    """(text, stems, figures) of each sentence of a passage: every claim of an answer is aligned
    against the same few passages (by the citation check and by `misattributed`), which are split
    and stemmed once."""
    return tuple((text, frozenset(stem_terms(text)), frozenset(figures(text))) for text in _sentences(passage))


_PRONOUN = re.compile(r"\b(?:he|she|his|her|they|their)\b|(?<![\w])(?:он|она|его|её|ее|они|их)(?![\w])"
                      r"|\bthe (?:two |both )?(?:officials|parties|sides|ministers|diplomats|leaders|interlocutors)\b"
                      r"|(?<![\w])(?:стороны|собеседники|министры|дипломаты)(?![\w])", re.IGNORECASE)
"""A sentence that names its actors by a pronoun or by "the two officials", "the parties",
"стороны": their names are in the sentence before."""
_SPEAKER_PRONOUN = re.compile(r"^\W*(?:(?:he|she)\s+(?:\w+ly\s+)?(?:said|says|noted|notes|stressed|added|emphasi[sz]ed|"
                              r"underlined|pointed out|explained|stated|told|recalled|remarked)\b"
                              r"|(?:он|она)\s+(?:также\s+)?(?:отметил|подчеркнул|заявил|сказал|добавил|сообщил|"
                              r"указал|пояснил|напомнил|рассказал)\w*(?![\w])"
                              r"|(?:according to (?:him|her)|по (?:его|её|ее) словам)\b)", re.IGNORECASE)
"""A passage sentence that gives its speaker by a pronoun ("Он отметил, что…", "He said…"): the
speaker is the person named in the sentence before."""
MIN_ALIGNED_TERMS = 3
"""Content words a claim and a passage sentence must share before the sentence is taken as the
one the claim restates, and so the one that must name its people."""


_INSTITUTION_AFTER = re.compile(r"['’]?s?\s+(?:university|center|centre|institute|foundation|fund|school|"
                                r"museum|airport|avenue|street|prize|award|университет|центр|институт|фонд|школ)",
                                re.IGNORECASE)
"""A name that names a place or an institution ("Nazarbayev University"), not a person who acts."""


def misattributed(claim: str, passages: list[str]) -> list[str]:
    """The people and organisations (acronyms) a claim names that the passages do not name where
    they state the claim's content: the sentence sharing most of the claim's other words names
    somebody else of the same kind (an organisation the claim also names does not count), and the
    claim's is not named there or just before (a speaker or signatory swapped: "Baldwin called it
    a success story" where Devigne did; an agency swapped: USAID where the sentence says EPA).
    Countries are not judged this way: a faithful claim often adds its country where the sentence
    leaves it to the context."""
    bare = _MARKERS.sub(" ", _CURRENCY.sub(" dollars ", claim))
    named = names(bare)
    people = [n for n in named if not _ACRONYM.match(n) and not _INSTITUTION_AFTER.match(bare, bare.find(n) + len(n))]
    acronyms = [n for n in named if _organisation(n)]
    if not (people or acronyms):
        return []
    name_stems = {t for n in people + acronyms for t in stem_terms(n)}
    every = set(stem_terms(bare))
    terms = every - name_stems
    best: tuple[int, str, str, str] | None = None
    read: list[tuple[str, frozenset[str]]] = []  # every passage sentence with its stems
    needed = max(MIN_ALIGNED_TERMS, len(terms) // 2)
    for passage in passages:
        sentences = passage_sentences(passage)
        for i, (sentence, stems, _) in enumerate(sentences):
            shared = len(terms & stems)
            read.append((sentence, stems))
            if best is None or shared > best[0]:
                best = (shared, sentence, sentences[i - 1][0] if i else "",
                        " ".join(s[0] for s in sentences[max(0, i - ACRONYM_REACH):i]))
    if best is None or best[0] < needed:
        return []
    _, sentence, before, earlier = best

    def stated_elsewhere(person: str) -> bool:
        """Named in another sentence that states the claim: one sharing a third of its words, the
        other names counted but not the person's own (a claim may join two sentences)."""
        run = re.search(rf"(?:[A-ZА-ЯЁ][\w'’-]*\s+)*{re.escape(person)}(?:\s+[A-ZА-ЯЁ][\w'’-]*)*", bare)
        own = set(stem_terms(run.group() if run else person))  # the whole name: "Серик" does not vouch for Жумангарин
        return any(len((every - own) & stems) >= max(MIN_ALIGNED_TERMS, len(every) // 3)
                   and _Words.of(text).has(person) for text, stems in read)

    found: list[str] = []
    said = _Words.of(bare)  # an organisation the claim names too is shared content, not somebody else; a
    # person it names is not excused so (it may name them in another role: "Tokayev met X" where X met Tokayev)
    others = [n for n in names(sentence) if not any(skeleton(n).startswith(skeleton(p)[:4]) for p in people)
              and not (_ACRONYM.match(n) and len(n) < 3)  # "IT", "EU" name no one who acts
              and not (_ACRONYM.match(n) and said.has(n))]
    here = _Words.of(sentence if not _PRONOUN.search(sentence) else f"{before} {sentence}")
    if not others and _SPEAKER_PRONOUN.match(sentence) and before and not _SPEAKER_PRONOUN.match(before):
        # "Он отметил, что…": the one who said it is named in the sentence before
        others = [n for n in names(before) if not _ACRONYM.match(n)
                  and not any(skeleton(n).startswith(skeleton(p)[:4]) for p in people)]
    if others:
        found += [p for p in people if not here.has(p) and not stated_elsewhere(p)]
    around = f"{earlier} {sentence}"
    if any(_organisation(n) and n not in acronyms for n in names(sentence)):
        found += [a for a in acronyms if a not in re.findall(r"[^\W_]+", around)
                  and not _spelt_out(a, around, capitalised=a.isascii())]
    return found


_QUOTED = re.compile(r"[\"“”«„]([^\"“”«»„]{8,}?)[\"“”»]")
"""A quotation in a claim: between straight, curly or angle quotes."""
MIN_QUOTED_WORDS = 3


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.lower().replace("ё", "е")))


def misquoted(claim: str, passages: list[str]) -> list[str]:
    """The people a claim gives as the speaker of words it quotes, where the passage sentence
    holding those words names someone else and none of them: "Aarnes called it 'a very
    significant step'" where the passage has "Jones said 'it was a very significant step'". A
    claim may join the quote to another sentence that names its own people (the signing Aarnes
    took part in), so `misattributed`'s best sentence can miss the swap; the quote cannot. Judged
    only where the quote stands word for word in a sentence that names a person, and only for
    people the passages name somewhere (the swap is to another person of the story); a quote
    translated into the claim's language is not judged. A sentence that gives its speaker by
    office only ("…», — отметил вице-премьер") gives whoever the passages call by that office."""
    bare = _MARKERS.sub(" ", claim)
    quotes = [_plain(q) for q in _QUOTED.findall(bare)]
    quotes = [q for q in quotes if len(q.split()) >= MIN_QUOTED_WORDS]
    if not quotes:
        return []
    everywhere = _Words.of("\n".join(passages))  # one the passages never name is the name check's
    people = [p for p in _persons(_QUOTED.sub(" ", bare)) if everywhere.has(p)]
    if not people:  # (and a word taken for a person that names an organisation, Госдепартамента, is spared)
        return []
    wrong: list[str] = []
    titled: list[tuple[str, set[str]]] | None = None  # the passages' people and offices, read when first needed
    for passage in passages:
        sentences = _sentences(passage)
        for i, sentence in enumerate(sentences):
            if not any(q in _plain(sentence) for q in quotes):
                continue
            speaker_part = _QUOTED.sub(" ", sentence)
            if _PRONOUN.search(speaker_part) and i:  # "…," he said: the speaker is named before
                speaker_part = f"{sentences[i - 1]} {speaker_part}"
            if _persons(speaker_part):
                speakers = speaker_part
            elif offices := ranked_titles(speaker_part):  # "…», — отметил вице-премьер": whoever holds that office
                titled = _titled_names("\n".join(passages)) if titled is None else titled
                speakers = " ".join(name for name, theirs in titled if offices <= theirs)
            else:
                continue
            if speakers and not any(_Words.of(speakers).has(p) for p in people):
                wrong += [p for p in people if p not in wrong]
    return wrong


def _persons(text: str) -> list[str]:
    """Capitalised words that may name a person: not an office, a month, a country, an institution's
    word or an acronym; a sentence's first word only when it is no common word (Иськаков заявил…).
    Common words past the first too (Jones, Smith): the quote, not the spelling, is what ties the
    claim to its sentence."""
    return [word for match, word in _capitalised(text)
            if (text[:match.start()].strip(" \t\n-–—•*\"«(“").strip() or not _is_common_word(word))
            and len(word) >= 3 and not _ACRONYM.match(word)
            and not _office_month_or_country(word) and word.lower() not in _INSTITUTION_WORDS]


ACRONYM_REACH = 2
"""Sentences before the one stating a claim's content where its acronym may stand instead
("The SCO summit opened. ... Leaders adopted the declaration")."""
_GENERIC_ACRONYMS = frozenset({"GDP", "GNP", "LNG", "FDI", "CEO", "COVID", "VAT", "ICT", "AI", "IT", "CO2",
                               "ВВП", "СПГ", "ПИИ", "НДС", "ИИ"})


_COUNTRY_ACRONYMS = frozenset({"USA", "UAE", "PRC", "ROK", "DPRK", "KSA", "FRG", "США", "КНР", "ОАЭ", "ФРГ", "КНДР"})
"""Acronyms that are a country (the country check judges them), not an organisation."""


def _organisation(name: str) -> bool:
    """An acronym that names an organisation (USAID, EPA, UNDRR): three letters or more, not a
    plural (NGOs), not a country (USA, США) and not a common noun written in capitals (GDP, LNG, ВВП)."""
    return bool(_ACRONYM.match(name)) and len(name) >= 3 and name[-1].isupper() \
        and name.upper() not in _GENERIC_ACRONYMS and name.upper() not in _COUNTRY_ACRONYMS


_FUNCTION_WORDS = frozenset({"of", "for", "the", "and", "on", "in", "to", "по", "и", "в", "на", "для", "с"})


def _spelt_out(acronym: str, text: str, capitalised: bool = True) -> bool:
    """Whether a name in `text` spells `acronym` by its initials, with or without the small words
    between them, within one sentence. English names capitalise every word (ICH: Intangible
    Cultural Heritage): a run of capitalised words must open or close with the acronym's words; an
    acronym inside the run gives all its letters, and the acronym may leave one of its words out
    (UNDRR: UN Office for Disaster Risk Reduction). Russian names capitalise their first word only
    (РАН: Российской академии наук), so with `capitalised` false the words from a capitalised one on
    must open with them. Over whole passages the initials of any words, or the middle of a long
    run, would spell a short acronym by chance."""
    key = acronym.lower()

    def spells(run: list[str], tail: bool) -> bool:
        lower = [w.lower() for w in run]
        for initials in ("".join(w[0] for w in lower), "".join(w[0] for w in lower if w not in _FUNCTION_WORDS)):
            if initials.startswith(key) or (tail and initials.endswith(key)):
                return True
        if not tail or len(key) < 4:
            return False
        parts = [(w if w.isupper() and len(w) > 1 else w[0]).lower() for w in run if w.lower() not in _FUNCTION_WORDS]
        # each part gives a letter or more: a window of more than len(key) + 1 parts spells more
        windows = (parts[start:end] for start in range(len(parts))
                   for end in range(start + 2, min(len(parts), start + len(key) + 1) + 1))
        return any("".join(window) == key or any("".join(window[:i] + window[i + 1:]) == key
                                                 for i in range(1, len(window) - 1)) for window in windows)

    for sentence in re.split(r"(?<=[.!?])\s+", text):
        words = re.findall(r"[^\W\d_]+", sentence)
        if not capitalised:
            if any(spells(words[i:], tail=False) for i, w in enumerate(words) if w[0].isupper()):
                return True
            continue
        runs: list[list[str]] = [[]]
        for word in words:
            if word[0].isupper() or (word.lower() in _FUNCTION_WORDS and runs[-1]):
                runs[-1].append(word)
            else:
                runs.append([])
        for run in runs:
            while run and run[-1].lower() in _FUNCTION_WORDS:
                run.pop()
            if run and spells(run, tail=True):
                return True
    return False


_PERIOD_EN = (r"(?:(?:in|of)\s+)?(?:(?:the|last|this|next|previous|past|that)\s+){0,2}(?:weeks?|months?|years?|decades?"
              r"|centur(?:y|ies)|quarters?|summer|autumn|fall|winter|spring|\d{4}s?|\d{1,2}(?:st|nd|rd|th)\s+century"
              r"|January|February|March|April|May|June|July|August|September|October|November|December)\b")
_PERIOD_RU = (r"(?:(?:прошл|текущ|этого|следующ|будущ|нынешн|того)\w*\s+)?(?:недел|месяц|год|десятилет|век|квартал"
              r"|зим|весн|лет|осен|\d{4}|(?:[IVXL]{1,5}|\d{1,2}(?:-?[а-я]{1,3})?)\s+век|январ|феврал|март|апрел|ма[яй]"
              r"|июн|июл|август|сентябр"
              r"|октябр|ноябр|декабр)")
"""The period a part of it is placed in: "late last week", "в конце прошлой недели", "in the early
1990s", "в начале XX века", "mid-2023"."""
QUALIFIERS = {
    "top": re.compile(r"(?<![\w-])(?:largest|biggest|highest|greatest)\b|(?<![\w])(?:крупнейш\w*|наибольш\w*|"
                      r"самы\w* (?:крупн|больш|высок)\w*)", re.IGNORECASE),
    "bottom": re.compile(r"\b(?:smallest|lowest)\b|(?<![\w])(?:наименьш\w*|самы\w* (?:мал|низк)\w*)", re.IGNORECASE),
    "first": re.compile(r"\bfirst\b(?! names?\b)"
                        r"|(?<![\w])(?:впервые|перв(?:ый|ая|ое|ые|ого|ой|ому|ом|ым|ых|ыми|ую))(?![\w])", re.IGNORECASE),
    "only": re.compile(r"\bthe only\b|\bsole\b|(?<![\w])единствен\w*", re.IGNORECASE),
    "most": re.compile(r"\bmost of\b|\bmajority\b|(?<![\w])(?:большинств\w*|больш\w+ част\w*)", re.IGNORECASE),
    "record": re.compile(r"\ba record\b|\brecord[- ](?:high|low|level|number|amount|volume)|\ball-time (?:high|low)\b"
                        r"|\b(?:highest|lowest) (?:ever|on record)\b"
                        r"|(?<![\w])(?:рекорд\w*|историческ\w* (?:максимум|минимум|пик)\w*)",
                        re.IGNORECASE),
    "last_year": re.compile(r"\b(?:last|previous) year\b|(?<![\w])(?:прошл|предыдущ)\w* год\w*", re.IGNORECASE),
    "this_year": re.compile(r"\b(?:this|the current) year\b|(?<![\w])(?:текущ\w* год\w*|этом году|нынешн\w* год\w*)",
                            re.IGNORECASE),
    "next_year": re.compile(r"\bnext year\b|(?<![\w])(?:следующ|будущ)\w* год\w*", re.IGNORECASE),
    "online": re.compile(r"\bonline\b|\bvideo ?(?:conference|link)|(?<![\w])(?:онлайн|видеоконференц\w*|видеосвяз\w*)",
                         re.IGNORECASE),
    "in_person": re.compile(r"\bin person\b|\bface[- ]to[- ]face\b|(?<![\w])(?:очно|очной|очном|очный|очная)(?![\w])",
                            re.IGNORECASE),
    **{f"{kind}_visit": re.compile(rf"\b{english}\s+visits?\b|(?<![\w]){russian}\w*\s+визит", re.IGNORECASE)
       for kind, english, russian in [("state", "state", "государственн"), ("official", "official", "официальн"),
                                      ("working", "working", "рабоч"), ("private", "private", "частн")]},
    **{f"period_{part}": re.compile(rf"\b(?:{english})(?:\s+|(?<=-)){_PERIOD_EN}|(?<![\w])(?:{russian})\s+{_PERIOD_RU}",
                                    re.IGNORECASE)
       for part, english, russian in [
           ("start", r"early|(?:at|in|from) the (?:beginning|start) of", r"начал[аеоу]"),
           ("middle", r"mid-|mid|in the middle of", r"середин[аеуы]"),
           ("end", r"late|(?:at|by|towards?|until|till)? ?the end of", r"конц[аеу]|под конец")]},
}
"""Words that rank or single out (the largest grant, the first visit, the only country, most of
them, a record): a claim may use them only where its passages do. A capable model adds them as
colour ("the largest of the grants approved", "most of them in the IT sector"), and they are
claims of their own that no other anchor sees. So are the words that place a fact in time or
manner against another: last year for this year, online for in person, and the kind of a
visit (state, official, working, private: protocol tells them apart, and a translation renders
"an official visit" "рабочим визитом"), and the part of a period (the start, middle or end of a
week, a year or a century: "в начале прошлой недели" for "в конце"; judged in the passages' own
language, since a translation may put "the 1890s" as "в конце XIX века"). "Most" counts as a
share ("most of them"), not as a superlative ("the most prominent"), which translations render
too many ways to require."""
_QUALIFIER_SUPPORT = {
    "top": re.compile(r"\b(?:major|main|leading|top|most)\b"
                      r"|(?<![\w])(?:крупн\w*|ведущ\w*|основн\w*|наиболее|по величине|максимальн\w*)", re.IGNORECASE),
    "bottom": re.compile(r"\b(?:least|fewest)\b|(?<![\w])наименее", re.IGNORECASE),
    "first": re.compile(r"\b(?:1st|initial\w*|early|earliest|originally)\b|(?<![\w])(?:1-\w*|изначальн\w*|"
                       r"первоначальн\w*|сначала|ранн\w*)", re.IGNORECASE),
    "only": re.compile(r"\bonly\b|(?<![\w])только(?![\w])", re.IGNORECASE),
    "record": re.compile(r"\brecords?\b|\bin (?:its )?history\b|\bhistoric (?:high|low|peak)|\bever\b"
                         r"|(?<![\w])(?:за всю историю|историческ\w* (?:максимум|минимум|пик)\w*)", re.IGNORECASE),
    "period_end": re.compile(r"\blater (?:that|this|in the) year\b", re.IGNORECASE),
    "most": re.compile(r"\b(?:most(?:ly)?|mainly|largely|predominantly)\b|\bmuch of\b"
                       r"|(?<![\w])(?:в основном|преимущественно|наиболее)", re.IGNORECASE),
}
"""Words that support a ranking word without stating it as firmly ("Most railways" for
"Большинство железных дорог", "крупнейших марок" rendered "major brands")."""


def _keys_found(patterns: dict[str, re.Pattern[str]], text: str) -> set[str]:
    """The keys of `patterns` whose pattern `text` matches."""
    return {key for key, pattern in patterns.items() if pattern.search(text)}


def qualifiers_of(text: str) -> set[str]:
    """The ranking words a claim states."""
    return _keys_found(QUALIFIERS, text)


def supported_qualifiers(text: str) -> set[str]:
    """The ranking words a passage supports: its own, and looser words for the same ranking."""
    return qualifiers_of(text) | _keys_found(_QUALIFIER_SUPPORT, text)


TITLES = {
    "ambassador": re.compile(r"\bambassadors?\b|(?<![\w])(?:посол|посл(?:ом|а|у|ы|ов|ами|ам|ах))(?![\w])",
                             re.IGNORECASE),
    "charge": re.compile(r"\bcharg[ée]s? d['’]affaires\b|(?<![\w])поверенн\w*", re.IGNORECASE),
    "consul": re.compile(r"\bconsul(?:s|-general)?\b|(?<![\w])консул(?:ом|а|у|е|ы|ов)?(?![\w])", re.IGNORECASE),
    "premier": re.compile(r"\bprime[- ]mini?sters?\b|\bpremiers?\b(?! league)|\bheads? of (?:the )?government\b"
                          r"|\bchancellors?\b|(?<![\w])(?:премьер\w*|канцлер\w*|глав(?:а|ы|е|у|ой)?\s+(?:[\w-]+\s+)?(?:правительств|кабмин)\w*"
                          r"|председател\w*\s+правительств\w*)",
                          re.IGNORECASE),
    "minister": re.compile(r"(?<!prime )(?<!prime-)\bministers?\b|(?<![\w-])(?:гос)?министр\w*|замминистр\w*"
                           r"|(?<![\w])глав(?:а|ы|е|у|ой)\s+(?:[\w-]+\s+)?(?:МИД|МВД|(?-i:Мин)(?!ск)[а-яё]\w*|министерств\w*)(?![\w])",
                           re.IGNORECASE),
    "deputy": re.compile(r"\b(?:deputy|lieutenant)\b|\bvice\b|\bvice-|(?<![\w])(?:заместител\w*|"
                         r"зам(?:министр|глав)\w*|вице)", re.IGNORECASE),
    "head": re.compile(r"(?<!vice )(?<!vice-)\bpresidents?\b|(?<![\w-])chair(?:man|woman|person)?\b"
                       r"|\bhead of state\b|(?<![\w-])(?:президент\w*|председател\w*)|глав\w* государств\w*",
                       re.IGNORECASE),
    "vice_head": re.compile(r"\bvice[- ]presidents?\b|\bvice[- ]chair\w*|вице-президент\w*|"
                            r"заместител\w* председател\w*", re.IGNORECASE),
    "academician": re.compile(r"\bacademician\b|(?<![\w])академик\w*", re.IGNORECASE),
    "doctor_of_sciences": re.compile(r"\bdoctor of (?:[a-z]+ )?sciences?\b|(?<![\w])доктор\w* (?:[а-яё]+ )?наук",
                                     re.IGNORECASE),
    "candidate_of_sciences": re.compile(r"\bcandidate of (?:[a-z]+ )?sciences?\b"
                                        r"|(?<![\w])кандидат\w* (?:[а-яё]+ )?наук", re.IGNORECASE),
    "director_general": re.compile(r"\bdirector[- ]general\b|\bgeneral (?:director|manager)\b"
                                   r"|(?<![\w])генеральн\w* директор\w*"
                                   r"|(?<![\w])гендиректор\w*", re.IGNORECASE),
    "managing_director": re.compile(r"\bmanaging director\b|(?<![\w])управляющ\w* директор\w*", re.IGNORECASE),
    "assistant": re.compile(r"\bassistant\b|(?<![\w])помощник\w*", re.IGNORECASE),
}
"""A person's office, which a claim may give only as its passages do: a translation that makes a
chargé d'affaires an ambassador ("послом Португалии"), a deputy a minister, a candidate of
sciences a doctor of them, a Deputy Managing Director a Deputy Director-General, or an Assistant
Secretary of State a deputy one ("заместитель госсекретаря" for помощник), keeps every name and
figure of its source. Grouped across languages (посол ~ ambassador; a president and a chair
are one office, as translations render "president of the Taskforce" "председатель"); "Prime
Minister" is a premier, not a minister, so "вице-премьер" and "Deputy Prime Minister" meet.
"Глава МИД" is the foreign minister. "После" is "after", far more often than the ambassador's
prepositional case, so that case is not read."""


_TRANSLATED_LOOSELY = frozenset({"director_general", "managing_director", "doctor_of_sciences",
                                 "candidate_of_sciences", "period_start", "period_middle", "period_end"})
"""Offices and qualifiers a translation renders in words of its own ("генеральный директор" for
"CEO", "кандидат наук" for "PhD", "в конце XIX века" for "the 1890s"): required of a claim in its
passages' language only (`_judged`)."""


def _judged(missing: set[str], same_language: bool) -> tuple[str, ...]:
    """The missing keys a claim is held to: all in its passages' language, in a translation all but
    those `_TRANSLATED_LOOSELY`."""
    return tuple(sorted(key for key in missing if same_language or key not in _TRANSLATED_LOOSELY))


def titles_of(text: str) -> set[str]:
    return _keys_found(TITLES, text)


_DEPUTY_BEFORE = re.compile(r"(?:\bdeputy|\bvice|(?<![\w])заместител\w*|(?<![\w])вице)[\s-]+"
                            r"(?:[^\W\d_]+\s+)?$", re.IGNORECASE)
"""A deputy's word just before an office, a word apart at most ("Deputy Foreign Minister",
"заместитель министра", "вице-премьер")."""


def ranked_titles(text: str) -> set[str]:
    """A person's offices with their rank: `TITLES`' keys, each made "deputy_<key>" where a deputy's
    word stands right before the office ("Deputy Minister", "замминистра"), so a deputy promoted to
    the office itself is told apart ("Deputy Prime Minister and Minister of Industry" holds both a
    deputy premiership and a ministry)."""
    found = set()
    attached = 0
    for key, pattern in TITLES.items():
        if key == "deputy":
            continue
        for match in pattern.finditer(text):
            deputy = match.group().lower().startswith("зам") or key == "vice_head" or bool(
                _DEPUTY_BEFORE.search(text[max(0, match.start() - 40):match.start()]))
            attached += deputy
            found.add(f"deputy_{key}" if deputy and key != "vice_head" else key)
    if len(TITLES["deputy"].findall(text)) > attached:
        found.add("deputy")  # a deputy of an office the table does not name ("заместитель госсекретаря")
    return found


_MINISTRY_RU = re.compile(r"(?<![\w-])(?:министр|министерств|ведомств)[а-яё]*", re.IGNORECASE)
_MINISTRY_OF = re.compile(r"\b(?:Minist(?:er|ry|ers|ries)|Department|Secretary)\s+(?:of|for)\s+"
                          r"((?:the\s+)?[A-Z][\w-]*(?:\s*,?\s*(?:and\s+)?[A-Z][\w-]*){0,4})")
_MINISTRY_AFTER = re.compile(r"((?:[A-Z][\w-]*\s+){1,3})(?:Minist(?:er|ry|ers|ries)|Department)\b")
_PORTFOLIO_STOP = frozenset({"по", "в", "во", "на", "с", "со", "о", "об", "из", "для", "при", "к", "от", "у", "за"})
_NOT_PORTFOLIO = frozenset({"and", "the", "affairs", "republic", "ministry", "minister", "deputy", "first", "prime",
                            "vice", "former"})
_PORTFOLIO_ACRONYMS = {"мид": "иностра", "mfa": "foreign", "госдеп": "государ"}
"""Ministries named by an acronym, with the portfolio word they stand for (МИД: иностранных дел)."""


def _portfolio_stems(words: list[str], russian: bool) -> frozenset[str]:
    """The portfolio's words, not its country ("the Portuguese Ministry", "Kenya's State Department")."""
    kept = [w.lower() for w in words if len(w) >= 4 and w.lower() not in _NOT_PORTFOLIO and not find_countries(w)]
    return frozenset((stem_word(w) if russian else w)[:7] for w in kept)


def _russian_portfolio(text: str, start: int) -> list[str]:
    """The lower-case words after a Russian ministry word ("министр промышленности и строительства"),
    up to a name, a preposition, another ministry word or punctuation."""
    words: list[str] = []
    for match in re.finditer(r"\S+", text[start:start + 120]):
        raw = match.group()
        word = raw.strip(",.;:!?»«\"()")
        if not re.fullmatch(r"[а-яё]+", word) or word in _PORTFOLIO_STOP or _MINISTRY_RU.fullmatch(word):
            break
        words.append(word)
        if raw != word or len(words) >= 5:
            break
    return [w for w in words if w != "и"]


def portfolios(text: str) -> list[tuple[bool, frozenset[str]]]:
    """(in Russian, word stems) of each ministry portfolio a text names: "министр энергетики",
    "Ministry of Industry and Construction", "the Energy Minister"."""
    found = [(True, _portfolio_stems(_russian_portfolio(text, m.end()), True)) for m in _MINISTRY_RU.finditer(text)]
    found += [(False, _portfolio_stems(re.findall(r"[A-Za-z-]+", m.group(1)), False))
              for pattern in (_MINISTRY_OF, _MINISTRY_AFTER) for m in pattern.finditer(text)]
    return [(russian, stems) for russian, stems in found if stems]


def misnamed_ministries(claim: str, passages: list[str]) -> list[str]:
    """The ministry portfolios a claim names that its passages, naming ministries in the claim's
    language, never give: "министр энергетики" where the source says "министр промышленности и
    строительства", the Energy Department for the State Department. One shared word is enough
    ("Foreign Minister" ~ "Minister of Foreign Affairs"); across languages nothing is judged."""
    text = "\n".join(passages)
    theirs = portfolios(text)
    lower = text.lower()
    known = {word for acronym, word in _PORTFOLIO_ACRONYMS.items() if re.search(rf"(?<!\w){acronym}(?!\w)", lower)}
    wrong = []
    for russian, stems in portfolios(claim):
        same = [s for r, s in theirs if r == russian]
        if same and not any(stems & s for s in same) and not any(w[:5] == k[:5] for w in stems for k in known):
            wrong.append(" ".join(sorted(stems)))
    return wrong


_RU_ENDING = r"(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ей|ых|их|ыми|ими)"
_INSTITUTION_KINDS = (("academy", "академи"), ("university", "университет"), ("institute", "институт"),
                      ("centre", "центр"), ("center", "центр"), ("bank", "банк"), ("fund", "фонд"),
                      ("agency", "агентств"), ("committee", "комитет"))
_INSTITUTION_KIND_EN = {en.title(): ru for en, ru in _INSTITUTION_KINDS}
_INSTITUTION_RU = re.compile(rf"(?<![\w-])([А-ЯЁ][а-яё]+{_RU_ENDING}(?:\s+[а-яё]+{_RU_ENDING})*)\s+"
                             rf"({'|'.join(dict.fromkeys(ru for _, ru in _INSTITUTION_KINDS))})[а-яё]*")
_INSTITUTION_EN = re.compile(r"((?:[A-Z][a-z]+\s+){0,3})(" + "|".join(_INSTITUTION_KIND_EN)
                             + r")\b(?:\s+of\s+(?:the\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}))?")
"""An institution named by its qualifiers: "Национальной академии наук", "Евразийский банк
развития" (Russian capitalises the first word only), "the Russian Academy of Sciences", "the
University of Lisbon"."""


def institutions(text: str) -> list[tuple[bool, str, frozenset[str]]]:
    """(in Russian, kind, qualifier stems) of each institution a text names by the words before its
    noun: (True, "академи", {"национальн"}) for "Национальной академии наук"."""
    found = [(True, m.group(2), frozenset(stem_word(w.lower())[:7] for w in m.group(1).split()))
             for m in _INSTITUTION_RU.finditer(text)]
    found += [(False, _INSTITUTION_KIND_EN[m.group(2)],
               frozenset(w.lower()[:7] for w in f"{m.group(1)} {m.group(3) or ''}".split()
                         if w.lower() not in ("the", "a", "an", "and", "of")))
              for m in _INSTITUTION_EN.finditer(text)]
    return [(russian, kind, stems) for russian, kind, stems in found if stems]


_POSTING = (re.compile(r"\b(?i:ambassadors?)(?:\s+(?:of|from)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})?"
                      r"\s+to\s+(?:the\s+)?(?P<place>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})"),
            re.compile(r"(?<![\w])(?i:посол|посла|послу|послом)\s+(?:[А-ЯЁ][\w-]*\s+){0,3}?в\s+(?P<place>[А-ЯЁ][\w-]*)"))
"""Where an ambassador is posted: "Ambassador of Kazakhstan to Kenya", "посол Казахстана в Кении"
(not "with residence in Addis Ababa": where one lives is no accreditation)."""


def _postings(text: str) -> set[str]:
    return {code for pattern in _POSTING for m in pattern.finditer(text) for code in find_countries(m.group("place"))
            if code not in ORGANISATIONS}


def misposted(claim: str, passages: list[str]) -> list[str]:
    """Countries a claim makes an ambassador's posting that no posting of its passages names: "he
    also serves as Kazakhstan's ambassador to Ethiopia" where the passage has him "Ambassador of
    Kazakhstan to Kenya with permanent residence in Addis Ababa". Judged only where the passages
    post an ambassador somewhere; an organisation (the UN) is no posting here."""
    claimed = _postings(_MARKERS.sub(" ", claim))
    if not claimed:
        return []
    given = _postings("\n".join(passages))
    return sorted(claimed - given) if given else []


def misnamed_institutions(claim: str, passages: list[str]) -> list[str]:
    """The institutions a claim names by qualifiers that its passages, naming the same kind of
    institution in the claim's language, never give it: "вице-президент Национальной академии наук
    Казахстана" where the source names only the Russian Academy of Sciences, the Eurasian
    Development Bank for the Asian one. The claim may leave qualifiers out, never add one; across
    languages nothing is judged (as for ministries, `misnamed_ministries`)."""
    theirs = institutions("\n".join(passages))
    wrong = []
    for russian, kind, stems in institutions(claim):
        same = [s for r, k, s in theirs if r == russian and k == kind]
        if same and not any(stems <= s for s in same):
            wrong.append(" ".join(sorted(stems)))
    return wrong


_CHAIRED = re.compile(r"\b(?:co-?)?chair(?:ed|s|ing)\b|\bpresided\b|\bunder the (?:co-?)?chairmanship\b"
                      r"|(?<![\w])(?:со)?председательств\w*", re.IGNORECASE)
"""A passage saying someone chaired ("co-chaired the meeting", "председательствовал"): support for
a claim that calls them its chair or says they led it ("He shared the chair", "заседание возглавляла")."""


def _spells_passage_acronym(run: str, claim: str, text: str) -> bool:
    """Whether the capitalised name around `run` in the claim spells an acronym its passages use
    instead ("the European External Action Service" where the passage says EEAS)."""
    at = claim.find(run)
    if at < 0:
        return False
    matches = list(re.finditer(r"[^\W\d_][\w'’-]*", claim))
    words = [m.group() for m in matches]
    index = next((i for i, m in enumerate(matches) if m.start() >= at), None)
    if index is None:
        return False
    first = index
    while first > 0 and (words[first - 1][:1].isupper() or words[first - 1].lower() in _FUNCTION_WORDS):
        first -= 1
    last = index
    while last + 1 < len(words) and (words[last + 1][:1].isupper() or words[last + 1].lower() in _FUNCTION_WORDS):
        last += 1
    capitals = [w for w in words[first:last + 1] if w[:1].isupper()]
    initials = "".join(w[0] for w in capitals).upper()
    return any(len(acronym) >= 3 and acronym in initials
               for acronym in set(re.findall(r"\b[A-ZА-ЯЁ]{3,}\b", text)))


@dataclass(frozen=True)
class Missing:
    """Why a claim is not supported by its passages (empty: nothing found missing)."""

    figures: tuple[float, ...] = ()
    months: tuple[int, ...] = ()
    names: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    polarity: bool = False
    currencies: tuple[str, ...] = ()
    flows: tuple[float, ...] = ()
    """Figures given as another trade flow (exports for imports), as moving the other way (a fall
    for a rise), or as counting another thing (countries for regions) than the passages give them."""
    qualifiers: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    dates: tuple[tuple[str, int, int], ...] = ()
    """Dates the claim states that the passages never state as one date ("November 2023" where
    they say November 2022 and name 2023 for something else): `numbers.dates_of`."""

    def __bool__(self) -> bool:
        return bool(self.figures or self.months or self.names or self.countries or self.relations or self.polarity
                    or self.currencies or self.flows or self.qualifiers or self.titles or self.dates)


_RELATION_PATTERNS = (*((key, pattern) for key, (pattern, _) in RELATIONS.items()), *EXTRA_RELATIONS.items())
"""Every relation word, the question reader's and the claim check's own, read by one loop."""


def relations_of(text: str) -> set[str]:
    lower = text.lower().replace("ё", "е")
    return {key for key, pattern in _RELATION_PATTERNS if pattern.search(lower)}


_TOLD_AS = {
    "agree": re.compile(r"\b(?:signed|concluded|inked)\s+(?:[\w-]+\s+){0,4}?(?:treat(?:y|ies)|pacts?|accords?|deals?)\b"
                        r"|(?<![\w])договор(?:а|у|ом|е|ы|ов|ам|ами|ах)?(?![\w-])"
                        r"|\b(?:treat(?:y|ies)|pacts?|accords?|deals?)\s+(?:[\w-]+\s+){0,6}?(?:was|were|been)\s+signed\b"),
    "member": re.compile(r"\bacced(?:ed|es) to\b"
                         r"|\b(?:completed|formal(?:ly completed)?)\s+(?:its\s+|the\s+)?accession\b"),
    "conclude": re.compile(r"\bsign(?:s|ed|ing)?\b|(?<![\w])подпис(?![кчн])"),
    "invite": re.compile(r"(?<![\w])приглашенн"),  # "приглашенных ученых": what "invited scholars" translates
    "loan": re.compile(r"\b(?:lend|lends|lent|lending|lender|borrow\w*)\b|(?<![\w])(?:заемщик\w*|заимствован\w*)"),
    "grant": re.compile(r"\bnon-?repayable\b|\bfree of charge\b|\bdonat\w*|(?<![\w])(?:дар\w*|на безвозмездной)"
                        r"|\bgranted\b(?![^.;]{0,60}\b(?:loans?|credits?)\b)"),
    "open": re.compile(r"\bcommission(?:ed|ing)\b|\bput (?:\w+ ){0,2}into (?:operation|service)\b"
                       r"|\b(?:got|gets|get) under ?way\b|\bвв[её]\w* в эксплуатаци|\bввод\w* в эксплуатаци"
                       r"|\bнача\w* (?:свою )?работу\b(?! (?:над|по)\b)"),
    "approve": re.compile(r"\b(?:passed|passes|adopted|adopts|endorsed|endorses)\s+(?:(?:the|a|an|its|their)\s+)?"
                          r"(?:[\w-]+\s+){0,3}?(?:laws?|bills?|budgets?|resolutions?|amendments?|acts?|decrees?|codes?"
                          r"|declarations?|programmes?|programs?|plans?|packages?|strateg\w+|treat\w+|agreements?)\b"
                          r"|(?<![\w])(?:принял\w*|принят\w*)\s+(?!участи)(?:[\w-]+\s+){0,3}?(?:закон\w*|бюджет\w*"
                          r"|резолюци\w*|поправк\w*|декларац\w*|программ\w*|план\w*|пакет\w*|стратеги\w*|кодекс\w*)"),
}
"""How a passage may put a relation a claim states in other words: a treaty or a deal signed (an
agreement: "договор" is either, and a passage's "договор" supports an agreement), money "lent"
(a loan) or "granted" (a grant, unless a loan was granted), a plant "commissioned" or "put into
operation", a summit "got under way" (opened); a parliament that "passed the budget", a council
that "adopted the package", "принял бюджет" (approved). Read in passages only; a claim's own words
stay the narrow ones of `_RELATION_PATTERNS`."""


def relations_told(text: str) -> set[str]:
    """The relations a passage gives, in the claim check's words or a synonym (`_TOLD_AS`)."""
    lower = text.lower().replace("ё", "е")
    under = {"lead"} if _under_leaders(text) else set()
    return relations_of(text) | under | {key for key, pattern in _TOLD_AS.items() if pattern.search(lower)}


_DISCOVERED = re.compile(r"\bdiscover(?:s|ed|y|ies|ing)?\b", re.IGNORECASE)
_OPENED_RU = re.compile(r"(?<![\w])откры(?:л|ли|ла|то|т|ты|та|тие|тия|тии|тием)(?![\w])"
                        r"(?!(?:\s+[\w-]+){0,4}?\s+(?:для\s|посольств|консульств|представительств|офис|музе|завод|"
                        r"фабрик|выставк|центр|школ|университет|мост|дорог|рейс|границ|сообщени|пункт|магазин|филиал|"
                        r"движени|лини|станци|аэропорт|порт|терминал|памятник|парк|торгов|рын|доступ))",
                        re.IGNORECASE)


def _told_discovered(claim: str, text: str) -> bool:
    """A Russian claim's "открыли" is "discovered" as often as "opened" ("открыли новую комету"): a
    passage that says discovered supports it, unless what was opened is a place, a route, a market
    or opened to someone ("открыла посольство", "открыл для посетителей"); an English "opened" it
    never does."""
    return bool(_DISCOVERED.search(text) and _OPENED_RU.search(claim) and not re.search(_OPENED_EN, claim.lower()))


_DENIED_BEFORE = re.compile(r"(?:\bnot|n't|\bnever|\bno|(?<![\w])не|(?<![\w])ни)\s+(?:[\w-]+\s+){0,3}$")
"""A negation up to three words before a relation word: "did not sign", "does not mention a signing"."""


def stated_relations(claim: str) -> set[str]:
    """The relations a claim states, not those it denies ("The article does not mention a
    signing" states none): a denial is judged by the polarity check, not asked of the passage."""
    lower = claim.lower().replace("ё", "е")
    found = set()
    for key, pattern in _RELATION_PATTERNS:
        if any(not _DENIED_BEFORE.search(lower[max(0, m.start() - 60):m.start()]) for m in pattern.finditer(lower)):
            found.add(key)
    return found


_ROLE_RELATIONS = {
    "host": re.compile(r"\bhost(?:s|ed|ing)?\b(?! by)|\bplatform\b|\bплощадк"),
    "participate": re.compile(r"\btook part\b|\btake(?:s|n)? part\b|\btaking part\b|\bparticipat|\bучаств"
                              r"|\bучасти"),
    "commit": re.compile(r"\bcommit(?:s|ted|ment|ments)?\b|\bpledg|\bundert(?:ook|ake|aken|akes)\b"
                         r"|\bобязательств|\bобязал|\bобязу"),
}
"""Who a party was in an event, which a real model changes while keeping every name: the host
made a participant ("took part in two rounds of talks" where Kazakhstan "provided a platform"
for them), a participant the host, an interest expressed made a commitment. Unlike the topic
relations, these are read in the sentences stating the claim: the passages name other hosts and
participants elsewhere."""


_VISITOR = re.compile(r"\barriv|\bvisit|\bвизит|\bприбы|\bпосети", re.IGNORECASE)


def _has_cyrillic(text: str) -> bool:
    """Written in Russian: a run of four Cyrillic letters (a three-letter acronym like НКН is not enough)."""
    return re.search(r"[А-ЯЁа-яё]{4}", text) is not None


def unstated_roles(claim: str, passages: list[str], aligned: str | None) -> list[str]:
    """The role relations (`_ROLE_RELATIONS`) a claim states that no sentence stating it does:
    hosting (unless those sentences bring a visitor), a commitment, or taking part where those
    sentences make the party the host. Judged where claim and passage share a language."""
    if aligned is None or _has_cyrillic(claim) != _has_cyrillic(aligned):
        return []  # a role word translated is read too loosely across languages ("host" in a network, узел)
    lower = _MARKERS.sub(" ", claim).lower().replace("ё", "е")
    stating = " \n".join(stating_sentences(claim, passages, aligned)).lower().replace("ё", "е")
    given = {key for key, pattern in _ROLE_RELATIONS.items() if pattern.search(stating)}
    if "participate" in given and not _takes_part_in_the_same(lower, stating):
        given.discard("participate")
    if _VISITOR.search(stating):
        given.add("host")  # the one a visitor met hosted them: "Idrissov hosted Kerry, who arrived in Astana"
    # taking part is how a writer may put meeting, attending or being among: wrong only for the host
    return [key for key, pattern in _ROLE_RELATIONS.items()
            if any(not _DENIED_BEFORE.search(lower[max(0, m.start() - 60):m.start()]) for m in pattern.finditer(lower))
            and key not in given and (key != "participate" or "host" in given)]


def _takes_part_in_the_same(claim: str, stating: str) -> bool:
    """Whether the stating sentences take part in what the claim takes part in: a word of the
    claim's object ("taking part in two rounds of talks on Iran's nuclear program") follows one of
    their own "take part" words. A stating sentence is any sharing enough words with the claim, and
    "Kazakhstan's invitation to participate in the oncoming EXPO-2017" says nothing of the talks
    Kazakhstan "provided a platform for". A claim whose object has no word of its own is not judged."""
    pattern = _ROLE_RELATIONS["participate"]
    objects = {stem for m in pattern.finditer(claim) for stem in stem_terms(claim[m.end():m.end() + 60])
               if len(stem) >= 4}
    if not objects:
        return True
    return any(objects & set(stem_terms(stating[m.end():m.end() + 80])) for m in pattern.finditer(stating))


_ANSWER_PARTICLE = re.compile(r"^\s*(?:no|yes|нет|да)\s*(?:[,:;.!—–-]+\s*)", re.IGNORECASE)
"""The "No —" or "Да," that answers a yes/no question before the claim: it answers the question,
it does not negate the statement that follows ("No — the U.S. side only promised to decide")."""


_DOUBLE_NEGATIVE = re.compile(r"(?:\b(?:not|never)|n't)\s+(?!only\b)(?:[\w-]+\s+){0,2}?(?:refus|reject|declin|fail)\w*"
                              r"|(?<![\w])(?:не|никогда)\s+(?:[\w-]+\s+){0,2}?(?:отказ|откаж|отклон)\w*",
                              re.IGNORECASE)
"""A refusal denied ("had never refused to deliver", "не намерен отказываться"): an assertion."""


def negated(text: str) -> bool:
    return bool(_NEGATION.search(_DOUBLE_NEGATIVE.sub(" ", text)))


_LIGHT_WORDS = " ".join((
    "said says say told added noted stated reported would will shall could can may might has have had was were",
    "did does do since again",
    "is are been being also both",
    "заявил заявила заявили сообщил сообщила сообщили отметил отметила сказал сказала добавил добавила",
    "будет будут был была было были также оба обе"))
"""Words every clause of a report may hold (the reporting verb, the auxiliaries): they do not say
which clause a claim restates."""


def _content_stems(text: str) -> set[str]:
    """The stems of `text`'s lower-case words, less `_LIGHT_WORDS` and figures: what a clause says."""
    return _stems_of(word for word in text.split() if not word[:1].isupper())


def _name_stems(text: str) -> set[str]:
    """The stems of `text`'s capitalised words: whom a clause is about."""
    return _stems_of(word for word in text.split() if word[:1].isupper())


def _stems_of(words: Iterable[str]) -> set[str]:
    return {stem for stem in stem_terms(" ".join(words)) if not stem.isdigit()} - _light_stems()


@lru_cache(maxsize=1)
def _light_stems() -> frozenset[str]:
    return frozenset(stem_terms(_LIGHT_WORDS))


_CLAUSE_EDGE = re.compile(r"[,;:()]\s*|\s+[—–]\s+"
                          r"|\s+(?=(?:although|though|while|whereas|but|without|хотя|но|однако|без)\s)", re.IGNORECASE)
"""Where a sentence's clauses meet: punctuation, a dash, or a word that opens a contrast or a
circumstance ("..., which is not a member, signed", "Although no deal was reached, they signed")."""


def stated_part(claim: str, sentence: str) -> str:
    """The clauses of `sentence` that state what the claim says: those sharing at least half as
    many stems with it as the clause that shares most (a name counts half, and only in a clause
    sharing a word too: a subject named once may head a clause the claim drops), and any clause
    with an act the claim states and no party the claim does not name (`REQUIRED_RELATIONS` but
    "agree", also the document, and the instruments of funding: "but did not sign any agreements"
    for "signed a loan agreement", not "while Kyrgyzstan did not sign it"). A faithful claim keeps
    one clause and drops another, so a "not" in the dropped one ("Kazakhstan, which is not a WTO
    member, signed") says nothing of the claim's polarity, and a "not" in the kept one ("Mongolia,
    which depends on Russian fuel, did not join") says all of it. The whole sentence when no clause
    shares a content stem (a translation: its polarity is the sentence's)."""
    home = _home_clauses(claim, sentence)
    return _HOME_JOIN.join(home) if home is not None else sentence


_PARENTHETICAL = re.compile(r",\s*(?:however|though|therefore|moreover|meanwhile|in turn|in particular|as expected"
                            r"|according to [^,]{1,50}|однако|впрочем|тем не менее|в частности|в свою очередь"
                            r"|по данным [^,]{1,50}|по словам [^,]{1,50}|по информации [^,]{1,50})\s*,", re.IGNORECASE)
"""An aside set off by commas ("did not, however, sign", "не стал, по данным источников,
подписывать"): not a clause, and splitting at it would part a "not" from its verb."""


_NEGATION_LAST = re.compile(r"(?:\b(?:not|never)|n't|(?<![\w])не(?:\s+(?:стал\w*|будет|будут|смог\w*))?)\s*$",
                            re.IGNORECASE)
"""A piece ending in its negation, the verb it negates still to come ("did not", "не стал")."""


@lru_cache(maxsize=4096)
def _clauses(sentence: str) -> tuple[str, ...]:
    """`sentence` split at `_CLAUSE_EDGE`, asides dropped, and a piece with no content word that
    ends in its negation ("Kazakhstan did not") joined to the next. (Such a joined clause is not
    found again in the sentence by `reversed_act`, which then leaves it alone: it is negated.)"""
    pieces = [piece for piece in _CLAUSE_EDGE.split(_PARENTHETICAL.sub(" ", sentence)) if piece.strip()]
    clauses: list[str] = []
    carried = ""
    for piece in pieces:
        if not _content_stems(piece) and _NEGATION_LAST.search(piece):
            carried += piece + " "
            continue
        clauses.append(carried + piece)
        carried = ""
    if carried:
        clauses.append(carried.strip())
    return tuple(clauses)


def _before_act(clause: str) -> str:
    """The words of a clause before its first relation word: who acts in it."""
    lower = clause.lower().replace("ё", "е")
    starts = [m.start() for _, pattern in _RELATION_PATTERNS if (m := pattern.search(lower))]
    return clause[:min(starts)] if starts else clause


_HOME_JOIN = " \u2063"
"""Joins the clauses `_home_clauses` keeps into the text their polarity is read in: a space and an
invisible separator, so no pattern reads across two clauses."""


def _home_clauses(claim: str, sentence: str) -> list[str] | None:
    """The clauses `stated_part` keeps, or None when no clause of `sentence` shares a content stem
    with the claim."""
    claim = _MARKERS.sub(" ", claim)
    terms, named = _content_stems(claim), _name_stems(claim)
    relations = stated_relations(claim) & set(REQUIRED_RELATIONS) - {"agree", "loan", "grant"}
    clauses = _clauses(sentence)
    said = [len(terms & _content_stems(clause)) for clause in clauses]
    if not any(said):
        return None
    shared = [count + len(named & _name_stems(clause)) / 2 if count else 0.0
              for clause, count in zip(clauses, said, strict=True)]
    best = max(shared)
    return [clause for clause, count in zip(clauses, shared, strict=True)
            if 2 * count >= best or (relations & relations_of(clause) and not _name_stems(_before_act(clause)) - named)]


_COMPLEMENT = re.compile(r"\s*(?:that|whether|if|что|чтобы|ли)\b", re.IGNORECASE)
"""A clause that completes the verb before it ("не исключил, что ..."): its polarity is that verb's."""


def claim_parts(claim: str) -> list[str]:
    """A claim's clauses (`_CLAUSE_EDGE`), a "that" clause kept with its verb ("did not rule out,
    that Armenia would return": one clause)."""
    parts: list[str] = []
    for part in _CLAUSE_EDGE.split(claim):
        if parts and _COMPLEMENT.match(part):
            parts[-1] += ", " + part
        elif part.strip():
            parts.append(part)
    return parts


_PLAIN_NEGATION = re.compile(r"\b(?:not|never|no|none|neither|nor|cannot|without"
                             r"|(?:fail(?:s|ed|ing)?|unable|(?:has|have|had|is|are|was|were)\s+yet)\s+to)\b|n't\b"
                             r"|(?<![\w])(?:не|нет|ни|никогда|никаких|никакого|нельзя|без)(?![\w])", re.IGNORECASE)
"""The negations a translation keeps as negations ("failed to" is "не удалось", "has yet to" "пока
не"). A refusal or a rejection is as often rendered without one ("отказываясь от игры": "putting
the game away"), so across languages only these and the words that are a negation by themselves
(`_DENIAL_WORD`) deny (`denies`)."""
_NOT_A_NEGATION = re.compile(r"\[[^\]\d][^\]]*\]|\bno\.\s*\d|\bno-(?=\w)"
                             r"|\b(?:no|not)\s+(?:more|less|later|earlier|fewer)\s+than\b"
                             r"|\bnot\s+(?:only|least)\b|\bno\s+doubt\b|\bno\s+(?:one|body|thing)\s+(?:but|except)\b|\bno\s+\w+\s+other\s+than\b"
                             r"|\b(?:none\s+other\s+than|nothing\s+but)\b|(?<![\w])(?:тем\s+не\s+менее|не\s+менее"
                             r"|не\s+(?:более|меньше|больше|позднее|позже|ранее|раньше|только|считая|раз)"
                             r"|не\s+превыша\w*"
                             r"|не\s+исключено|не\s+так\s+давно)(?![\w])",
                             re.IGNORECASE)
"""A negation word that states no negation: a bound ("не более", "no later than": at most, by),
"not only", "тем не менее" (nevertheless), "не считая" (apart from), "не раз" (more than once), "не
исключено" (may well), "No. 81" (a number), "no-confidence" (a compound), an editor's bracket
("[нет источника]": citation needed)."""
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")


_NEGATIVE_WORD = re.compile(r"\b(?:nobody|nothing|nowhere|no-one|declin\w*|refus\w*|reject\w*|den(?:y|ied|ies)"
                            r"|disagree\w*|absen\w*|lack\w*|fail\w*|skip\w*|impossible|barely|hardly|nearly"
                            r"|almost|(?-i:[Uu]n)(?!(?:ion|ite|it|der|til|iversit|ique|anim|ifi|iform|ilateral|ivers|expect"
                            r"|preced|veil|dertak|fold|leash|load)\w*\b)(?-i:[a-z]{3,})"
                            r"|non-?(?!(?:oil|resource|energy|commodit|primary|cash|profit|governmental|state)\w*\b)\w{3,}|in(?:capable|complete|sufficient|valid|active)\w*"
                            r"|dis(?:approv|miss|continu|agree|pute|credit)\w*|remain\w*|still|yet|refut\w*|rebuff\w*|abandon\w*"
                            r"|turn(?:s|ed)? down|brush(?:ed|es)? aside"
                            r"|until|unless|before|only|instead|rather|less)\b"
                            r"|(?<![\w])(?:не(?:ясн|извест|возмож|обязат|коммерч|удач|достат|состоя|законн|зависим"
                            r"|легитим|полн|эффектив|безопас|довол|согла|призн|подтвержд|раскры|причаст|когда|где)\w*"
                            r"|ни(?:кто|кого|кому|чего|чем|что|где|куда|когда|как)\w*|отказ\w*|откаж\w*|отклон\w*|отверг\w*|отрица\w*"
                            r"|опроверг\w*|отсутств\w*|лиш\w*|едва|пока|прежнему|только|единствен\w*|вне|кроме|вместо|лишь"
                            r"|нехватк\w*|дефицит\w*)(?![\w])",
                            re.IGNORECASE)
"""Words that carry a negation without a plain one ("nobody", "declined", "unknown", "non-binding",
"remained closed", "неизвестно", "отказался", "пока", "едва"): the other language's "не" often
renders them. A clause holding one is never taken for a plain assertion. "Union", "United",
"under", "until" and "university" are no un- words."""


_PRIVATIVE = re.compile(r"\b(?:visa|duty|tariff|tax|customs)-free\b|(?<![\w])(?:безвиз|беспошлин)\w*", re.IGNORECASE)
"""An object that is itself an absence: introducing a visa-free regime is abolishing visas (but
keeping a duty-free regime is not ending one)."""
_DENIAL_WORD = re.compile(r"\b(?:(?:refus|declin)(?:e|es|ed|ing)\s+(?:to|an?|the|any|all|his|her|its|their|\w+['’]s)\b"
                          r"|reject\w*|den(?:y|ied|ies)|lack(?:s|ed|ing)?|absen(?:t|ce)|impossible"
                          r"|(?:rule|rules|ruled|ruling) out)\b"
                          r"|(?<![\w])(?:(?:отказ|откаж)\w*\s+(?:\w+(?:ть|ться|ти)|от)(?![\w])"
                          r"|отклон(?!ени)\w*|отверг\w*|отрица(?!тельн)\w*|опроверг\w*|отсутств\w*|исключ(?!ительн|ени)\w*"
                          r"|невозможн\w*)(?![\w])", re.IGNORECASE)
"""Words that state a negation by themselves (a refusal, a denial, a lack, an absence, an
impossibility): "lacks the funds" is "не имеет средств", "отказалось признать" is "did not recognise"."""


_DENIED_DENIAL = re.compile(r"(?:\b(?:not|never)|n't)\s+(?!only\b)(?:[\w-]+\s+){0,2}?(?:(?:refus|reject|declin|fail)\w*"
                            r"|rul(?:e|ed|ing) out)"
                            r"|(?<![\w])(?:не|никогда)\s+(?:[\w-]+\s+){0,2}?(?:отказ|откаж|отклон|исключ)\w*",
                            re.IGNORECASE)
"""A refusal or an exclusion denied ("had never refused to deliver", "не намерен отказываться",
"не исключил", "did not rule out"): an assertion of the thing, across languages."""


def denies(text: str) -> bool:
    """Whether `text` denies what it speaks of, plainly (`_PLAIN_NEGATION`) or by a word that is a
    negation by itself (`_DENIAL_WORD`); a denied refusal or exclusion (`_DENIED_DENIAL`) denies
    nothing."""
    text = _DENIED_DENIAL.sub(" ", _NOT_A_NEGATION.sub(" ", text))
    return bool(_PLAIN_NEGATION.search(text) or _DENIAL_WORD.search(text))


_LOOSE_TRACE = re.compile(r"\b(?:nearly|almost|barely|hardly|still|until|unless|before|only|instead|rather|less)\b"
                          r"|(?<![\w])(?:только|единствен\w*|кроме|вместо|лишь|едва|прежнему|пока)(?![\w])",
                          re.IGNORECASE)
"""Words that may carry a negation in a clause ("не возобновит, пока" is "only after") but are as
often no part of it ("only Armenia signed"): over a whole sentence they excuse nothing."""


def no_negation_trace(text: str, loose: bool = True) -> bool:
    """Whether `text` carries no negation at all: no plain one, no word that carries one
    (`_NEGATIVE_WORD`; without `loose`, not those of `_LOOSE_TRACE`), no regime that is an absence
    (`_PRIVATIVE`: "visa-free" is "без виз"). A denied refusal or exclusion ("не исключил") is an
    assertion, no trace."""
    text = _DENIED_DENIAL.sub(" ", _NOT_A_NEGATION.sub(" ", text if loose else _LOOSE_TRACE.sub(" ", text)))
    return not (_PLAIN_NEGATION.search(text) or _NEGATIVE_WORD.search(text) or _PRIVATIVE.search(text))


def negation_differs(part: str, clause: str, sentence: str) -> bool:
    """A claim's clause `part` and the `clause` of `sentence` it renders: one denying (`denies`:
    "не признало", "refused to recognise", "lacks"), the other with no trace of a negation
    (`no_negation_trace`: "The Kremlin declined to comment" is "В Кремле не стали комментировать").
    Where the claim's clause is the negated one, the whole sentence must carry none ("It is not
    yet known how many" is "Пока неизвестно, сколько": the clauses may pair wrongly)."""
    denied_part, denied_clause = denies(part), denies(clause)
    if denied_part == denied_clause:
        return False
    return no_negation_trace(sentence if denied_part else part)


def translation_pieces(claim: str, sentence: str) -> tuple[list[str], list[str]] | None:
    """The clauses of a translated claim and of the sentence it translates to compare for
    negation, or None when the two agree as wholes: a claim that keeps a sentence's clause and
    drops its negated one ("received Wang Yi in Baku, but no agreements were announced") then
    differs as a whole and agrees clause by clause. A name in quotes («Сила Сибири — 2») is not
    split. The claim's clauses of under three words are not read alone."""
    if denies(_ANSWER_PARTICLE.sub("", _MARKERS.sub(" ", claim))) == denies(sentence):
        return None
    return clause_pieces(claim, sentence)


def polarity_differs(claim: str, sentence: str) -> bool:
    """A clause of the claim is negated where the part of `sentence` stating it is not, or the
    reverse. Clause by clause, so "Turkmenistan, which is a member of the EAEU, signed" is read
    against "which is not a member", not against the signing. A clause that shares no content word
    with the sentence (a subject set off by commas; a translation) is not judged alone; when none
    does, the whole claim is read against the whole sentence. A translation shares no word, so it
    differs only when one side denies and the other carries no trace of a negation: "remained
    unchanged" renders "не изменился", "visa-free" "без виз", "at least" "не менее" (its clauses
    are paired by e5 in `citations.turned_in_translation`)."""
    claim = _ANSWER_PARTICLE.sub("", _MARKERS.sub(" ", claim))
    if _has_cyrillic(claim) != _has_cyrillic(sentence):  # a translation: no clause shares a word
        return (denies(claim) and no_negation_trace(sentence, loose=False)) \
            or (denies(sentence) and no_negation_trace(claim, loose=False))
    parts = claim_parts(claim)
    homes = [(part, home) for part in parts if (home := _home_clauses(part, sentence)) is not None]
    if len(parts) < 2 or not homes:
        return negated(claim) != negated(stated_part(claim, sentence))
    return any(negated(part) != negated(_HOME_JOIN.join(home)) for part, home in homes)


_TENTATIVE = re.compile(r"\b(?:readiness|ready|willingness|willing|prepared|intends?|intention|plans?|planned|"
                        r"hopes?|proposed|offered)\s+(?:\w+\s+){0,2}?to\s+(\w+)"
                        r"|(?<![\w])(?:готовност\w*|готов[аы]?|намерен\w*|планиру\w*|предлож\w*)\s+(\w+)",
                        re.IGNORECASE)
"""An action only offered or intended ("expressed its readiness to expand", "готовность расширить"):
the verb after the word of intent."""
_FIRM = re.compile(r"(?:\b(?:will|shall|is going to|are going to)|(?<![\w])(?:будет|будут))\s+(\w+)(?:\s+(\w+))?",
                   re.IGNORECASE)
"""An action stated as settled ("announced that it will expand", "будет расширять"): the two words
after the auxiliary, for "will soon expand"."""


_PENDING = re.compile(r"\b(?:take|make|adopt|reach)\s+(?:a\s+|the\s+|its\s+)?decisions?\s+(?:on|about|regarding|"
                      r"concerning)\s+((?:[\w-]+\s+){0,6})"
                      r"|\b(?:decide|consider|study|explore|examine)\s+(?:whether\s+to\s+|the\s+possibility\s+of\s+)"
                      r"((?:[\w-]+\s+){0,6})"
                      r"|(?<![\w])(?:примет|принять|примут|принятии)\s+решени[ея]\s+(?:о|об|по)\s+((?:[\w-]+\s+){0,6})"
                      r"|(?<![\w])(?:рассмотр\w*|изуч\w*|прораб\w*)\s+возможност\w*\s+((?:[\w-]+\s+){0,6})",
                      re.IGNORECASE)
"""A matter left to a later decision ("promised to take a decision on this issue and opening its
pavilion", "рассмотреть возможность участия"): the words it concerns."""
_CONFIRMED = re.compile(r"\b(?:confirmed|announced|decided|agreed|pledged|committed|undertook)\s+(?:that\s+)?"
                        r"(?:[\w-]+\s+){0,2}?(?:would|will|to)\s+((?:[\w'’-]+\s+){0,8})"
                        r"|(?<![\w])(?:подтвердил\w*|объявил\w*|решил\w*|согласил\w*|обязал\w*)\s*,?\s+(?:что\s+)?"
                        r"((?:[\w-]+\s+){0,8})", re.IGNORECASE)
"""A matter stated as decided ("confirmed it would take part … and open its own pavilion",
"подтвердили, что примут участие"): the words that follow."""


_TAKE_PART = re.compile(r"\b(?:take|takes|taking|took|taken)\s+part\b", re.IGNORECASE)
"""One verb for "take part" and "participate", so "will take part in the missions" meets "consider
the possibility of participating in missions"."""


def _first_group(match: re.Match[str]) -> str:
    """The group of an alternation that matched."""
    return next(g for g in match.groups() if g is not None)


def firmed_up(claim: str, aligned: str) -> bool:
    """The claim states as settled what the sentence stating it only offers, intends or leaves to
    a decision: "the Korean side announced that it will expand training programs" where it
    "expressed its readiness to expand" them; "confirmed it would open its pavilion" where it
    "promised to take a decision on … opening its pavilion". Judged by the verb's stem (a pending
    decision: by its words), so another clause's intent does not count."""
    claim, aligned = _TAKE_PART.sub("participate", claim), _TAKE_PART.sub("participate", aligned)
    intended = {stem for m in _TENTATIVE.finditer(aligned) for stem in stem_terms(m.group(1) or m.group(2))}
    pending = {stem for m in _PENDING.finditer(aligned + " ") for stem in stem_terms(_first_group(m))}
    if not intended and not pending:
        return False
    settled = {stem for m in _FIRM.finditer(aligned) for stem in stem_terms(f"{m.group(1)} {m.group(2) or ''}")}
    claimed = {stem for m in _FIRM.finditer(claim) for stem in stem_terms(f"{m.group(1)} {m.group(2) or ''}")}
    decided = {stem for m in _CONFIRMED.finditer(claim + " ") for stem in stem_terms(_first_group(m))}
    return bool(claimed & intended - settled) or bool(decided & pending - settled)


_POSSIBLE = re.compile(r"\b(?:may|might|could) (?:be|have been|receive|get)\b|(?<![\w])(?:может|могут|могло|мог|могла|"
                       r"могли)(?: бы)? быть(?![\w])|\b(?:is|are) (?:planned|expected|scheduled) to be\b"
                       r"|(?<![\w])(?:планируется|планируют|предполагается|ожидается) [а-яё]+(?:ить|ать|ять|еть)"
                       r"(?![\w])")
"""A possibility or a plan made of a fact: "may be granted", "может быть выделено", "планируется
выделить" (written lower-case: not the month May)."""
_HEDGES = re.compile(r"\b(?:may|might|could|can|would|will|shall|should|possibl\w*|potential\w*|likely|perhaps|"
                     r"probabl\w*|apparent\w*|suggest\w*|presum\w*|expect\w*|plan\w*|intend\w*|seem\w*|"
                     r"schedul\w*|upcoming|forthcoming|next|future|to be held)\b"
                     r"|(?<![\w])(?:мож\w*|мог\w*|будет|будут|возможн\w*|вероятн\w*|предполож\w*|планиру\w*|"
                     r"намерен\w*|ожида\w*|должн\w*|видимо|по-видимому|кажется|предстоит|предстоящ\w*|"
                     r"следующ\w*|будущ\w*)(?![\w])", re.IGNORECASE)
"""Any word that leaves the sentence stating a claim less than settled: then "may be" may translate it."""


_IN_PROGRESS = re.compile(r"(?<![\w])(?:вед[её]тся\s+работа|работа\s+(?:по|над)\s+[\w-]+(?:\s+[\w-]+){0,6}\s+"
                          r"(?:уже\s+)?вед[её]тся|создаются|строятся|строится|формируются)(?![\w])"
                          r"|\bwork\s+(?:is\s+)?(?:under\s*way|in\s+progress|ongoing)\b|\b(?:is|are)\s+being\s+"
                          r"(?:created|built|established|set\s+up)\b", re.IGNORECASE)
"""Work on something still under way ("ведётся работа по созданию наукоградов", "are being built")."""
_DONE = re.compile(r"(?<![\w])уже\s+(?:был[аио]?\s+)?(?:созда|построен|открыт|действу|функционир|работа[юе]т|запущен|"
                   r"введен)\w*|\balready\s+(?:been\s+)?(?:created|established|built|opened|operating|operational|"
                   r"functioning|running|launched|in\s+operation)\b", re.IGNORECASE)
"""Something stated as already done or working ("уже созданы и действуют", "already operating")."""


def made_done(claim: str, aligned: str) -> bool:
    """The claim gives as done what the sentence stating it says is still under way: "наукограды
    уже созданы и действуют" where "ведётся работа по созданию наукоградов"."""
    return bool(_DONE.search(claim)) and not _IN_PROGRESS.search(claim) and bool(_IN_PROGRESS.search(aligned))


_PLANNED = re.compile(r"(?<![\w])(?:планиру\w+|запланирован\w*|предстоит|намечен\w*|намечает\w*)(?![\w])"
                      r"|\b(?:is|are)\s+(?:only\s+|still\s+)?(?:being\s+)?(?:planned|scheduled|envisaged)\b"
                      r"|\b(?:plans?|planning)\s+to\b", re.IGNORECASE)
"""Something given as only planned ("пока только планируется создание наукоградов", "is planned")."""


def made_planned(claim: str, aligned: str) -> bool:
    """The claim gives as only planned what the sentence stating it says is under way or done:
    "пока только планируется создание наукоградов" where "уже ведётся работа по созданию"."""
    return (bool(_PLANNED.search(claim)) and not _IN_PROGRESS.search(claim) and not _DONE.search(claim)
            and bool(_IN_PROGRESS.search(aligned) or _DONE.search(aligned)) and not _PLANNED.search(aligned))


_POSSIBILITY = re.compile(r"(?<![\w])(?:возможност\w*|целесообразност\w*|важност\w*|необходимост\w*)\s+"
                          r"([^\W\d_]{2,}(?:ни|ти)[яеюй])(?![\w])"
                          r"|\b(?:possibilit(?:y|ies)|feasibility|importance|necessity|need)\s+of\s+([a-z]{3,}ing)\b",
                          re.IGNORECASE)
"""Something the sentence gives only as a possibility discussed or a need stressed: "обсудили
возможность создания рабочей группы", "explored the possibility of opening", "stressed the
importance of creating an Intergovernmental Commission" (none exists yet), with the action that
would follow (a verbal noun or a gerund: "the possibility of cooperation" names no act a claim
could make done)."""
_OPEN_QUESTION = re.compile(r"(?<![\w])(?:возможн\w*|обсу[жд]\w*|рассм[оа]тр\w*|изуч\w*|планир\w*|намер\w*|"
                            r"мож\w*|мог\w*|перспектив\w*|предлож\w*)|\b(?:possib\w*|discuss\w*|consider\w*|"
                            r"explor\w*|stud(?:y|ied|ying)|plan\w*|intend\w*|may|might|could|can|prospects?|"
                            r"options?|propos\w*|feasib\w*|whether|importan\w*|necess\w*|need\w*)\b"
                            r"|(?<![\w])(?:важн\w*|необходим\w*|нужн\w*)", re.IGNORECASE)
"""A claim that still leaves the matter open, in any of the ways a writer may put it."""


def made_real(claim: str, aligned: str) -> bool:
    """The claim states as done what the sentence stating it gives only as a possibility the sides
    discussed or a need they stressed: "Стороны создали рабочую группу" where they "обсудили
    возможность создания рабочей группы". Judged only when the claim names that action (the same
    stem), not as an infinitive or a gerund, with nothing just before it that leaves it open."""
    bare = _MARKERS.sub(" ", claim)
    actions = {stem_word(word.lower())[:5]
               for match in _POSSIBILITY.finditer(aligned) for word in match.groups() if word}
    if not actions:
        return False
    words = _WORD.findall(bare.lower())
    given = _WORD.findall(aligned.lower())
    done_there = {stem_word(word)[:5] for before, word in pairwise(given) if before in _ALREADY}
    for i, word in enumerate(words):
        if len(word) < 4 or stem_word(word)[:5] not in actions \
                or _NOT_DONE.search(" ".join(words[max(0, i - 2):i + 1])):
            continue
        if (i and words[i - 1] in _ALREADY and stem_word(word)[:5] not in done_there) \
                or not _OPEN_QUESTION.search(" ".join(words[max(0, i - _OPEN_WINDOW):i + 1])):
            return True
    return False


_ALREADY = frozenset({"newly", "recently", "already", "недавно", "уже", "вновь"})
"""Words that make the action after them done whatever came before: "stressed the importance of
their newly created Commission" says it exists, where the sides stressed "the importance of
creating" one (unless the sentence says "newly created" too: "the possibility of creating, under
the newly created commission, a subcommission")."""


_NOT_DONE = re.compile(r"(?:^|\s)(?:to|to be)\s+[a-z]+$|ing$|(?:ть|ти|ться)$")
"""An action named but not done: an infinitive ("to be created", "создать") or a gerund ("- creating
an Intergovernmental Commission", a list of what the sides stressed)."""


_OPEN_WINDOW = 6
"""Words before an action that may leave it open ("discussed the possible creation of", "stressed the
importance of creating"): a claim that opens one matter ("the importance of using the Middle
Corridor") may still make another done ("welcomed the recently created Commission")."""


_FUTURE_ACT = re.compile(r"\b(?:will|shall)\s+(?:be\s+|have\s+been\s+)?([a-z]{4,})\b"
                         r"|(?<![\w])(?:будет|будут)\s+([а-яё]{4,})(?![\w])", re.IGNORECASE)
"""An act still to come: "will be announced", "will sign", "будут объявлены", "будет подписан"."""
_PAST_FORM = re.compile(r"(?<!to be )\b([a-z]{4,}ed)\b"
                        r"|(?<![\w])([а-яё]{3,}(?:л|ла|ло|ли|н|на|но|ны))(?![\w])", re.IGNORECASE)
"""A verb in a past or perfect form ("announced", "объявили", "объявлены", "подписано"). Not Russian
forms in -т: they are the future tense as often (представит, проведут) as a participle (принят)."""


def _act_stems(text: str, *patterns: re.Pattern[str]) -> set[str]:
    """The five-letter stems of the acts `patterns` find in `text` (each pattern's first group)."""
    return {stem_word(_first_group(m).lower())[:5] for pattern in patterns for m in pattern.finditer(text)}


def _past_stems(text: str) -> set[str]:
    return _act_stems(text, _PAST_FORM)


def _hedged(text: str) -> bool:
    """A hedge in the text (`_HEDGES`); a capitalised "May" or "Can" in mid-sentence is a month or
    a name, not one."""
    return any(not (m.group()[0].isupper() and m.start() > 0) for m in _HEDGES.finditer(text))


def made_past(claim: str, aligned: str) -> bool:
    """The claim reports as done an act the sentence stating it gives as still to come: "tangible
    commitments were announced during the 2024 summit" where they "will be announced" there,
    "соглашение подписано" for "будет подписано", "уже позволил расширить" where the dialogue "будет
    стремиться расширить" (an aim, `_AIMED_ACT`). Judged only when the claim names the act (the same
    stem) in a past form, or achieved through something (`_ACHIEVED_ACT`), and hedges nothing (no
    will, may, plan, expected…)."""
    bare = _MARKERS.sub(" ", claim)
    if _has_cyrillic(bare) != _has_cyrillic(aligned) or _hedged(bare):
        return False
    coming = _act_stems(aligned, _FUTURE_ACT, _AIMED_ACT)
    if not coming:
        return False
    achieved = _act_stems(bare, _PAST_FORM, _ACHIEVED_ACT)
    # not an act the sentence also reports done: "which hosted the first round, will host the second"
    return bool(coming & achieved - _past_stems(_FUTURE_ACT.sub(" ", aligned)))


_AIMED_ACT = re.compile(r"\b(?:aims?|aimed|seeks?|sought|strives?|is\s+(?:meant|designed|intended))\s+to\s+"
                        r"([a-z]{4,})\b"
                        r"|(?<![\w])(?:стрем\w*|нацелен\w*|призван\w*)\s+([а-яё]{4,}(?:ть|ти))(?![\w])",
                        re.IGNORECASE)
"""An act a sentence gives as an aim, not a result ("CMD будет стремиться расширить участие", "the
programme aims to expand")."""
_ACHIEVED_ACT = re.compile(r"\b(?:allowed|enabled|helped|made\s+it\s+possible)\s+(?:to\s+|(?:[a-z]+\s+){1,3}?to\s+)??"
                           r"([a-z]{4,})\b"
                           r"|(?<![\w])(?:позволил[аои]?|помог(?:ла|ло|ли)?|дал[аои]?\s+возможность)\s+([а-яё]{4,}(?:ть|ти))(?![\w])",
                           re.IGNORECASE)
"""An act a claim gives as achieved through something, in the past ("уже позволил расширить участие",
"helped expand"; not "помогает развивать"): as done as a past form of the act itself."""


_SETTLED_LATER = re.compile(r"\b(?:agreed|decided|resolved|asked|plans?|intends?|hopes?|wants?|promised|pledged|"
                            r"instructed|ordered|(?:is|are)(?:\s+due|\s+set)?)\s+(?:\w+\s+){0,4}?to\b"
                            r"|\binvited\s+(?:\w+\s+){1,3}?to\b|\b(?:due|slated|pending|yet|designed|runs?|until|set\s+for|"
                            r"follows?|starts?|opens?|resumes?|comes?|coming|arrives?|goes|takes\s+over|starting)\b"
                            r"|(?<![\w])(?:договорил\w*|решил\w*|условил\w*|пригласил\w*|поручил\w*|пообещал\w*|"
                            r"пройд[её]т|состоится|намечен\w*|продлится|вводится|принимает)(?![\w])",
                            re.IGNORECASE)
"""A sentence that settles or schedules something for later ("agreed to hold", "is set for May",
"are to sign", "ordered officials to complete", "starts in September", "договорились провести",
"пройдёт в Китае", "вводится в 2026 году"): a claim may give an act as still to come there
("next", "следующий" are `_ANOTHER_INSTANCE`'s)."""
_ANOTHER_INSTANCE = re.compile(r"\b(?:first|second|third|another|more|remaining|pilot|next|new|further|rest)\b"
                               r"|(?<![\w])(?:перв\w*|втор\w*|трет\w*|ещ[её]|остальн\w*|следующ\w*|нов\w*)(?![\w])",
                               re.IGNORECASE)
"""Words that set one instance of an act apart from another ("the first phase was launched, the
second …"): a sentence with one of them may report one done and leave the other to come."""
_FUTURE_NAMED = re.compile(r"\b(?:will|shall)\s+(?:(?:also|soon|jointly|officially|formally|then|\w+ly)\s+)?"
                           r"(?:(be)\s+)?([a-z]{4,})\b|(?<![\w])(?:будет|будут)\s+([а-яё]{4,})(?![\w])",
                           re.IGNORECASE)
"""An act still to come, one adverb allowed ("will officially open", "will be signed", "будет
подписано"); group 1 marks the passive, whose verb must be a participle ("will be open" is a state)."""


def _act_context(text: str, start: int, end: int) -> tuple[set[str], set[str], set[str]]:
    """The content stems just before an act (its subject, four words), just after it (its object,
    place or time, six words) and the years around it: what ties a claim's act to the passage's."""
    before = stem_terms(text[max(0, start - 80):start])[-4:]
    after = stem_terms(text[end:end + 100])[:6]
    clause = " ".join((re.split(r"[;:.!?]", text[max(0, start - 40):start])[-1],
                       re.split(r"[;:.!?]", text[end:end + 60])[0]))
    return set(before), set(after), set(re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", clause))


def _same_act(claimed: tuple[set[str], set[str], set[str]], given: tuple[set[str], set[str], set[str]]) -> bool:
    """Whether two acts' contexts tie them to one event: a word of the subject and one of the
    object shared, and no years that disagree ("will host the 2025 summit" is not "hosted the
    summit in 2024")."""
    (before, after, years), (given_before, given_after, given_years) = claimed, given
    if years and given_years and not years & given_years:
        return False
    return bool(before & given_before and after & given_after)


_RU_DONE = r"(?:ил|ила|ило|или|ит|ят|ить|ив)(?:ся|сь)?(?![\w])"
_RU_DOING = r"(?:ает|ают|ал|ала|ало|али|ать|ая)(?:ся|сь)?(?![\w])"
"""Russian verb endings (perfective past, future, infinitive and gerund; imperfective forms): the
acts below are read as verbs only, not as the nouns officialese is full of ("повышение
эффективности", "сокращение выбросов", "выход на рынок")."""
_ORGANISED = r"(?:[\w-]+ ){0,4}?(?:union|bloc|organi[sz]ation|treaty|alliance|agreement|programme|program|group|pact" \
             r"|deal|court|council|community|convention|initiative|(?-i:[A-Z]{2,}))"


def _russian_verbs(done: str, doing: str) -> str:
    return rf"(?<![\w])(?:(?:{done}){_RU_DONE}|(?:{doing}){_RU_DOING})"


_IMPOSED = re.compile(r"\bimpos(?:e|es|ed|ing)\b|(?<![\w])(?:ввел|ввела|ввели|введет|введут|ввести|введя)(?![\w])",
                      re.IGNORECASE)
_OPPOSITE_ACTS = (
    (re.compile(r"\b(?:rais|increas|hik)(?:e|es|ed|ing)\b(?! (?:the |a |an )?(?:issues?|questions?|concerns?|matters?"
                r"|topics?|problems?|awareness|hopes?|doubts?)\b)|" + _russian_verbs("повыс|увелич", "повыш|увеличив"),
                re.IGNORECASE),
     re.compile(r"\b(?:cut|cuts|cutting|(?:reduc|slash)(?:e|es|ed|ing|s)?|lowered|lowers|lowering"
                r"|(?:to|will|would) lower)\b|"
                + _russian_verbs("сниз|пониз|сократ|уменьш", "сниж|пониж|сокращ|уменьш"), re.IGNORECASE)),
    (_IMPOSED,
     re.compile(r"\b(?:lift|lifts|lifted|lifting|scrapped|abolish\w*|revok\w*)\b"
                r"|(?<![\w])(?:снял|сняла|сняли|снимет|снимут|снять|сняв)(?![\w])|" + _russian_verbs("отмен", "отменя"),
                re.IGNORECASE)),
    (re.compile(r"\b(?:join|joins|joined|joining|acced(?:e|es|ed|ing))\b|"
                r"(?<![\w])вступ(?:ил|ила|ило|или|ит|ят|ить|ив)(?![\w])(?! в силу)|"
                + _russian_verbs("присоедин", "присоединя"), re.IGNORECASE),
     re.compile(r"\b(?:withdr[ae]w\w*|quit|quits|quitting|exited|pulled out)\b"
                r"|\b(?:leaves?|left|leaving) (?!for\b|to\b)(?:the )?"
                + _ORGANISED + r"\b|(?<![\w])(?:вышел|вышла|вышли|выйдет|выйдут|выйти|выйдя|выходит|выходят"
                r"|выход\w*) из(?![\w])", re.IGNORECASE)),
    (re.compile(r"\b(?:launch|relaunch|resum)(?:e|es|ed|ing)?\b|\brestart\w*|"
                + _russian_verbs("запуст|возобнов|перезапуст", "запуска|возобновля"), re.IGNORECASE),
     re.compile(r"\b(?:suspend\w*|halt|halts|halted|halting|froze|frozen|freezes|freezing)\b|"
                + _russian_verbs("приостанов|замороз", "приостанавлива|заморажива"), re.IGNORECASE)),
    (re.compile(r"\b(?:keep|keeps|kept|keeping|maintain\w*|retain\w*|preserv\w*|extend|extends|extended|extending)\b"
                r"|(?<![\w])оставил\w* в силе|" + _russian_verbs("сохран|продл", "сохраня|продлева"), re.IGNORECASE),
     re.compile(r"(?<!the )(?<!an )(?<!-)\b(?:end|ends|ended|ending)\b(?! of)"
                r"|\b(?:terminat\w*|scrapped|closes)\b|\bclosed\b(?! doors| session| meeting| talks)(?!-door)"
                r"|\b(?:to|will|would|shall|could|may|might) close\b"
                r"|(?<![\w])(?:закрыл|закрыла|закрыли|закроет|закроют|закрыть|закрыв)(?![\w])|"
                + _russian_verbs("прекрат|упраздн", "прекраща|упраздня"), re.IGNORECASE)),
)
"""Acts and their opposites that a claim may swap keeping every name and figure: raised/cut
(tariffs, a forecast), imposed/lifted (sanctions, a ban), joined/left, launched/suspended,
kept/ended; Russian alike (повысила/снизила, ввела/отменила, вступил/вышел, сохранит/прекратит)."""


def _opposed_acts(*texts: str) -> Iterator[tuple[re.Pattern[str], re.Pattern[str]]]:
    """Each act of `_OPPOSITE_ACTS` with its opposite, both ways round; imposing and lifting are
    left out when any of `texts` names a regime that is itself an absence (`_PRIVATIVE`)."""
    for one, other in _OPPOSITE_ACTS:
        if one is _IMPOSED and any(_PRIVATIVE.search(text) for text in texts):
            continue
        yield one, other
        yield other, one


def _own_object(text: str, end: int, acts: list[int]) -> set[str]:
    """The object of an act ending at `end`: up to six content stems after it, stopping at a
    clause's edge or where the sentence's next act starts (`acts`), so that the first of "cut
    duties on sugar and raised tariffs on wheat" does not take the second's wheat."""
    tail = text[end:end + 100]
    edge = _CLAUSE_EDGE.search(tail)
    stop = min([len(tail), *([edge.start()] if edge else []), *(at - end for at in acts if at >= end)])
    return set(stem_terms(tail[:stop])[:6])


def reversed_act(claim: str, aligned: str) -> bool:
    """The claim gives an act whose opposite the clauses stating it give (`_OPPOSITE_ACTS`, read
    in `stated_part`): "Mongolia cut import tariffs" where it "raised" them. Judged in the claim's
    language, when neither the claim nor those clauses hold a negation (a "not" turns the opposite
    around: "did not close the fund" is keeping it), and the opposite is the same act (`_same_act`:
    two words of its object shared, and one of its subject, which may stand clauses before; so
    "lifted its base rate to 16.5% in a bid to cut inflation" is no cut of the rate, nor "duties
    on cars to reduce imports" a cut of the duties). A sentence with both acts ("cut tariffs on
    grain while raising duties on sugar") gives the claim's object the opposite when that act's
    object (`_own_object`) shares two of its words and no word of it stands only with the claim's
    own act: "raised tariffs on grain" is reversed, "raised duties on sugar" is not, nor "ended
    the programme for exporters" over "extended the programme for farmers but ended the one for
    exporters"."""
    bare = _MARKERS.sub(" ", claim).replace("ё", "е")  # the acts are written with "е" (ввёл is ввел)
    aligned = aligned.replace("ё", "е")
    if _has_cyrillic(bare) != _has_cyrillic(aligned) or negated(bare):
        return False
    clauses = _home_clauses(bare, aligned)
    home = _HOME_JOIN.join(clauses) if clauses is not None else ""
    if clauses is None or negated(home):
        return False
    spans = [(at, at + len(clause)) for clause in clauses if (at := aligned.find(clause)) >= 0]
    for said, opposite in _opposed_acts(home):
        if not said.search(bare) or opposite.search(bare):
            continue
        acts = [_act_context(bare, m.start(), m.end()) for m in said.finditer(bare)]
        # the objects the sentence gives the claim's own act: a sentence with both acts pairs
        # the claim's object with the opposite only when no word of it stands with its own act
        # alone, each act's object read up to the next act or clause edge ("cut X and raised Y")
        starts = sorted(m.start() for pattern in (said, opposite) for m in pattern.finditer(aligned))
        rivals = [_own_object(aligned, m.end(), starts) for m in said.finditer(aligned)]
        for m in opposite.finditer(aligned):
            if not any(start <= m.start() < end for start, end in spans):
                continue
            before, after, years = _act_context(aligned, m.start(), m.end())
            earlier = before | set(stem_terms(aligned[:m.start()]))  # a subject named once, clauses before
            own = _own_object(aligned, m.end(), starts) if rivals else after
            if any(_same_act(act, (earlier, after, years)) and len(act[1] & own) >= min(2, len(act[1]))
                   and not any((act[1] & rival) - own for rival in rivals) for act in acts):
                return True
    return False


def names_an_act(text: str) -> bool:
    """Whether `text` gives one of the acts that have an opposite (`_OPPOSITE_ACTS`)."""
    text = text.replace("ё", "е")
    return any(pattern.search(text) for pair in _OPPOSITE_ACTS for pattern in pair)


def act_turned(part: str, clause: str, sentence: str) -> bool:
    """A clause of a translated claim gives an act whose opposite the clause it renders gives,
    and the sentence holding that clause nowhere gives the act itself: "Узбекистан повысил
    пошлины" for "Uzbekistan cut duties". No word is shared across languages, so the caller pairs
    the two clauses by e5; the acts are read in both languages by `_OPPOSITE_ACTS`, whose patterns
    hold both. A sentence with both acts ("suspended flights to Minsk but resumed those to
    Gomel") is not judged: e5 pairs a clause with either half (.877 and .872). Nor under a
    negation on either side ("did not raise" may be "сохранил"), nor for a regime that is itself
    an absence ("ввели безвизовый режим" is lifting visas)."""
    part, clause, sentence = (_MARKERS.sub(" ", part).replace("ё", "е"), clause.replace("ё", "е"),
                              sentence.replace("ё", "е"))
    if negated(part) or negated(clause):
        return False
    return any(said.search(part) and not opposite.search(part) and opposite.search(clause)
               and not said.search(sentence) for said, opposite in _opposed_acts(part, clause))


def clause_pieces(claim: str, sentence: str) -> tuple[list[str], list[str]]:
    """The clauses of a translated claim (of three words or more) and of the sentence it
    translates, to be paired by e5 (as `translation_pieces`, whatever their negations)."""
    bare = _ANSWER_PARTICLE.sub("", _MARKERS.sub(" ", claim))
    protected = _QUOTED.sub(lambda m: re.sub(r"[,;:()—–]", " ", m.group()), sentence)
    parts = [part for part in claim_parts(bare) if len(part.split()) >= 3] or [bare]
    return parts, list(_clauses(protected)) or [sentence]


def made_future(claim: str, aligned: str) -> bool:
    """The claim gives as still to come an act the sentence stating it reports done: "the minister
    will open the meeting" where he "opened" it, "будет подписано" for "подписано", "намерен
    обсудить" for "обсуждал" (the mirror of `made_past`). Judged only when the claim names that act
    (the same verb, `_same_verb`) after "will", "будет" or an intent ("plans to", "намерен"), in
    the sentence's language, of the same event (`_same_act`: a word of its subject and
    one of its object shared, no year that disagrees; no first/second or other instance in either
    sentence), and the sentence neither hedges nor settles or schedules anything for later ("the
    pilot was launched, the nationwide rollout is set for 2025"). A state ("will be open until
    June") is no act."""
    bare = _MARKERS.sub(" ", claim)
    if (_has_cyrillic(bare) != _has_cyrillic(aligned) or _hedged(aligned) or _SETTLED_LATER.search(aligned)
            or _ANOTHER_INSTANCE.search(aligned) or _ANOTHER_INSTANCE.search(bare)):
        return False
    done = [(stem_word(_first_group(m).lower()), m) for m in _PAST_FORM.finditer(aligned)]
    coming: list[tuple[str, re.Match[str]]] = []
    for future in _FUTURE_NAMED.finditer(bare):
        word = (future.group(2) or future.group(3)).lower()
        if word.isascii() and future.group(1) and not word.endswith("ed"):
            continue  # "will be open": a state
        if not word.isascii() and re.search(r"(?:ть|ти|чь|н|но|на|ны)$", word) is None:
            continue  # "будет открыта до мая": a state
        coming.append((word, future))
    coming += [(_first_group(m).lower(), m) for m in _INTENT_NAMED.finditer(bare)]
    for word, act in coming:
        context = _act_context(bare, act.start(), act.end())
        if any(_same_verb(stem, stem_word(word))
               and _same_act(context, _act_context(aligned, past.start(), past.end())) for stem, past in done):
            return True
    return False


_INTENT_NAMED = re.compile(r"\b(?:plans?|planning|intends?|intending|is\s+set|are\s+set)\s+to\s+([a-z]{4,})\b"
                           r"|(?<![\w])(?:намерен[аоы]?|планиру\w*|собира\w*ся|предстоит)\s+(?:[а-яё]+\s+)?"
                           r"([а-яё]{4,}(?:ть|ти|чь)(?:ся)?)(?![\w])", re.IGNORECASE)
"""An act a claim gives as intended ("plans to sign", "намерен обсудить", "собираются провести")."""


def _same_verb(one: str, other: str) -> bool:
    """Two verb stems of one act: the same five letters, or in Russian the same four, so that the
    two aspects of a verb meet (обсудить / обсуждал, встретиться / встречался); the callers tie the
    acts by their subject and object besides."""
    if one[:5] == other[:5]:
        return True
    return not one.isascii() and len(one) >= 4 and one[:4] == other[:4]


_NAME_LIST = r"(?-i:[A-ZА-ЯЁ])[\w-]{3,}(?:\s*(?:,|и|and)\s*(?-i:[A-ZА-ЯЁ])[\w-]{3,})*"
_CITIES_NAMED = re.compile(rf"(?<![\w])(?:город\w*|cit(?:y|ies)|towns?)(?:\s+of|\s*[—–:-])?\s+({_NAME_LIST})"
                           rf"|({_NAME_LIST})\s+(?:город\w*|cit(?:y|ies))(?![\w])", re.IGNORECASE)
"""Names a claim calls cities: "в двух городах — Новосибирске и Томске", "the city of Kurchatov",
"Novosibirsk and Tomsk cities" (a list of capitalised names joined by commas, и, and)."""
_REGION_MENTION = re.compile(r"(?:\s*(?:,|и|and)\s*(?-i:[A-ZА-ЯЁ])[\w-]+)*\s+(?:област\w*|регион\w*|кра[йяею]|regions?"
                             r"|provinces?|oblasts?)(?![\w])", re.IGNORECASE)
_RU_ADJECTIVE = re.compile(r"(?:ая|ой|ую|ом|ие|их|ими|ый|ий|ое|ого|ому|ым)$")
_PLACE_NAME = re.compile(r"(?<![\w-])([A-ZА-ЯЁ][\w-]{3,})")


def region_made_city(claim: str, text: str) -> bool:
    """The claim calls cities what the passages name only as regions: "в двух городах — Новосибирске
    и Томске" where the work is "в Новосибирской и Томской областях". Judged for the names the
    claim gives as cities (`_CITIES_NAMED`), in the passages' script, when every mention of one
    there is a region's: followed by "область"/"region", alone or in a list of such names, and in
    Russian an adjective ("Новосибирской", not "Новосибирска и Новосибирской области")."""
    bare = _MARKERS.sub(" ", claim)
    named = {stem_word(m.group(1).lower())[:6] for cities in _CITIES_NAMED.finditer(bare)
             for m in _PLACE_NAME.finditer(cities.group(1) or cities.group(2))}
    if not named:
        return False
    as_region: dict[str, bool] = {}
    """Per named stem, whether every mention of it in `text` so far is a region's."""
    for m in _PLACE_NAME.finditer(text):
        name = m.group(1)
        stem = stem_word(name.lower())[:6]
        if stem in named:
            regional = bool(_REGION_MENTION.match(text, m.end())) and (
                name.isascii() or bool(_RU_ADJECTIVE.search(name.lower())))
            as_region[stem] = as_region.get(stem, True) and regional
    return any(as_region.values())


_DOCUMENT = (r"(?:memorand\w*|agreements?|documents?|treat(?:y|ies)|contracts?|protocols?|road\s*maps?|declarations?"
             r"|меморандум\w*|соглашени\w*|документ\w*|договор\w*|протокол\w*|деклараци\w*|дорожн\w*\s+карт\w*)")
_OPEN_DOCUMENT = re.compile(r"\b(?:discuss(?:ed|es|ing)?|negotiat\w*|in\s+talks\s+on|draft(?:ed|ing)?|working\s+on"
                            r"|preparing)"
                            rf"\s+(?:(?:a|an|the|new|possible|future|their|its|on)\s+)*(?:draft\s+)?{_DOCUMENT}"
                            r"|(?<![\w])(?:обсудил\w*|обсуждал\w*|обсужда\w*|готов\w*|разрабатыва\w*)\s+(?:[а-яё]+\s+)?"
                            rf"(?:проект\w*\s+)?{_DOCUMENT}|(?<![\w])проект\w*\s+{_DOCUMENT}", re.IGNORECASE)
"""A document a claim gives as still open: discussed, negotiated, drafted ("also discussed a draft
Memorandum of Understanding", "обсудили проект соглашения")."""
_SIGNED_DOCUMENT = re.compile(rf"\b(?:signed|concluded)\s+(?:[\w-]+\s+){{0,3}}?{_DOCUMENT}"
                              rf"|{_DOCUMENT}\s+(?:[\w-]+\s+){{0,8}}?(?:was|were|has\s+been|have\s+been)\s+signed\b"
                              rf"|(?<![\w])(?:подписал\w*|подписан\w*|заключил\w*)\s+(?:[а-яё-]+\s+){{0,3}}?{_DOCUMENT}",
                              re.IGNORECASE)
_SIGNING = re.compile(r"\bsign(?:ed|s|ing)?\b|\bconclud\w*|(?<![\w])(?:подпис\w*|заключ\w*)", re.IGNORECASE)


def made_open(claim: str, stating: str) -> bool:
    """The claim gives as only discussed or drafted a document the sentences stating it report
    signed: "also discussed a draft Memorandum of Understanding" where "the Parties signed a
    Memorandum of Understanding" (the caller gives the aligned sentence and the stating ones: a
    claim that joins two sentences aligns with one). Judged when the claim signs nothing itself and
    the sentences leave no document open."""
    bare = _MARKERS.sub(" ", claim)
    if not _OPEN_DOCUMENT.search(bare) or _SIGNING.search(bare) or _OPEN_DOCUMENT.search(stating):
        return False
    return bool(_SIGNED_DOCUMENT.search(stating))


_PROPOSED_EVENT = re.compile(r"\b(?:propos\w*|plans?|planned|planning|intends?|invited\s+\w+\s+to)\s+(?:to\s+)?"
                             r"(?:hold|holding|organi[sz]e|organi[sz]ing|host|hosting|stage|staging)\s+([^.;]{0,80})"
                             r"|(?<![\w])(?:предлож\w*|планиру\w*|намерен\w*|собира\w*ся|пригласил\w*)\s+(?:[а-яё]+\s+)?"
                             r"(?:провести|организовать|устроить|проведение|организацию)\s+([^.;]{0,80})",
                             re.IGNORECASE)
"""An event a sentence gives as proposed or planned, with the words that name it ("предложили провести
Дни культуры и науки Казахстана", "proposed holding a business forum")."""
_HELD_EVENT = re.compile(r"\b(?:recently\s+held|past|previous)\s+([^.;]{0,80})"
                         r"|([^.;]{0,60})\s+(?:that|which)\s+(?:(?:was|were)\s+held|took\s+place)\b"
                         r"|(?<![\w])(?:прошедш\w*|состоявш\w*|проведенн\w*|проведённ\w*)\s+([^.;]{0,80})"
                         r"|([^.;]{0,60})\s+(?:котор\w+)\s+(?:прошл\w*|состоял\w*)(?![\w])", re.IGNORECASE)
"""An event a claim gives as already held ("рассказали о прошедших Днях культуры", "the forum that
took place in May")."""


def made_held(claim: str, aligned: str) -> bool:
    """The claim gives as already held an event the sentence stating it only proposes or plans:
    "рассказали о прошедших … Днях культуры и науки Казахстана" where the sides "предложили
    провести Дни культуры и науки Казахстана". Judged when two content words of the event's
    name meet and the sentence does not report the event held as well."""
    bare = _MARKERS.sub(" ", claim)
    if _HELD_EVENT.search(aligned):
        return False
    proposed = [set(stem_terms(_first_group(m))) for m in _PROPOSED_EVENT.finditer(aligned)]
    if not proposed:
        return False
    return any(len(set(stem_terms(_first_group(m))) & named) >= 2
               for m in _HELD_EVENT.finditer(bare) for named in proposed)


_COMPLETED = re.compile(r"\bcomplet(?:ed|es|ing|ion)\b|\bfinish(?:ed|es|ing)\b|\bgraduat\w*"
                        r"|(?<![\w])(?:заверши\w*|окончил\w*)", re.IGNORECASE)
"""A course, a project or a training said to be finished ("completed the seminars", "завершили")."""
_ENDED = re.compile(r"\bcomplet\w*|\bfinish\w*|\bgraduat\w*|\bend(?:ed|s|ing)?\b|\bconclu\w*|\bover\b|\bwrap\w* up\b"
                    r"|(?<![\w])(?:заверш\w*|оконч\w*|законч\w*|конц[ае]|конец|итог\w*|выпуск\w*)", re.IGNORECASE)
"""Any word a sentence may end something with (a reader's synonyms: ended, concluded, wrapped up,
закончил, в конце)."""


def made_complete(claim: str, stating: str) -> bool:
    """The claim says something was completed where the sentences stating it end nothing: young
    doctors who "completed" training seminars where the sentence has only an agreement for them to
    take part (another sentence of the passage may end the meeting itself). The claim's words are
    read narrowly (completed, finished, graduated, завершили: not "complete support"), the
    sentences' broadly; the caller judges it only in their language, since a translation renders an
    ending in more ways than either list reads."""
    return bool(_COMPLETED.search(_MARKERS.sub(" ", claim))) and not _ENDED.search(stating)


_SIGNED = re.compile(r"\bsigned\b|(?<![\w])(?:подписал\w*|подписан\w*)", re.IGNORECASE)
_TO_SIGN = re.compile(r"\b(?:agree[sd]?|plans?|planned|planning|intends?|intended|expects?|expected|aims?|aimed|"
                      r"will|would|shall|ready|prepared|towards|to\s+work\s+on)\s+(?:[\w-]+\s+){0,3}?sign(?:ing)?\b"
                      r"|(?<![\w])(?:намерен\w*|планиру\w*|договорил\w*|собира\w*|готов\w*|будет|будут|предстоит)"
                      r"\s+(?:[\w-]+\s+){0,2}?подпи\w*", re.IGNORECASE)
"""A signing given as still to come ("agreed to work towards signing", "plan to sign",
"договорились подписать", "будет подписан")."""


def made_intended(claim: str, stating: list[str]) -> bool:
    """The claim gives as still to come a signing the sentences stating it report as done:
    "agreed to work towards signing a Memorandum" where the parties "signed" it. Not judged when
    those sentences also give a signing to come (one signed, another planned)."""
    bare = _MARKERS.sub(" ", claim)
    if not _TO_SIGN.search(bare) or _SIGNED.search(_TO_SIGN.sub(" ", bare)):
        return False
    told = " ".join(stating)
    return bool(_SIGNED.search(told)) and not _TO_SIGN.search(told)


def softened(claim: str, aligned: str) -> bool:
    """The claim makes a possibility of what the sentence stating it gives as done: "Казахстану
    может быть выделено" where the source says Kazakhstan "has been granted" the money. Judged only
    where that sentence has no modal word of its own."""
    return _POSSIBLE.search(_MARKERS.sub(" ", claim)) is not None and _HEDGES.search(aligned) is None


_TRANSLATED_ADJECTIVE = re.compile(r"(?:ственн|тельн|ическ|ционн|ональн|ск|цк)(?:ого|ому|ый|ий|ой|ая|ое|ые|ых|ым|ыми|"
                                   r"ую|ом|ей)$")
"""A Russian adjective in a name ("Межправительственного комитета" for the Intergovernmental
Committee, "Национальной академии"): translated, not transliterated, so a claim in Russian is not
held to it by passages in English (the question grounding spares it likewise)."""


DATE_REACH = 6
"""Words either side of a date that say which event it dates ("arrived Nov 1 in Astana")."""


_CLAUSE_WORDS = frozenset({"who", "which", "that", "and", "while", "whereas", "but", "where", "когда", "где",
                           "который", "которая", "которое", "которые", "которого", "которой", "и", "а", "но"})
"""Where the words that say which event a date dates stop: another clause ("met Kerry, who arrived")."""
_AUXILIARIES = frozenset({"had", "has", "have", "was", "were", "been", "being", "will", "would", "also", "then",
                          "был", "была", "было", "были", "уже", "также"})


def _dated_event(text: str, start: int, end: int) -> set[str]:
    """The stems of the lower-case words next to a date within its clause (names, month words and
    auxiliaries left out)."""
    before: list[str] = []
    for word in reversed(re.findall(r"[^\W\d_]+", text[:start])[-DATE_REACH:]):
        if word.lower() in _CLAUSE_WORDS:
            break
        before.append(word)
    after: list[str] = []
    for word in re.findall(r"[^\W\d_]+", text[end:])[:DATE_REACH]:
        if word.lower() in _CLAUSE_WORDS:
            break
        after.append(word)
    words = [w for w in before + after if not w[:1].isupper() and w.lower() not in _AUXILIARIES]
    return set(stem_terms(" ".join(words)))


def misdated(claim: str, passages: list[str], aligned: str | None) -> list[tuple[str, int, int]]:
    """The days a claim gives an event that the sentences stating it date otherwise: "Kerry
    arrived in Astana on November 2" where the report says he "arrived Nov 1 in Astana" (the 2nd
    being its publication date, which is evidence of a date, not of this one). Judged when a date
    of a stating sentence has a word of the claim's date's surroundings beside it and no stating
    sentence gives the claim's date such a word."""
    if aligned is None:
        return []
    theirs = [(date, _dated_event(sentence, s, e)) for sentence in stating_sentences(claim, passages, aligned)
              for date, s, e in day_dates(sentence)]
    wrong: list[tuple[str, int, int]] = []
    for date, start, end in day_dates(claim):
        event = _dated_event(claim, start, end)
        if date not in wrong and any(event & words for other, words in theirs if other != date) and not any(
                event & words for other, words in theirs if other == date):
            wrong.append(date)
    return wrong


def missing_anchors(claim: str, passages: list[str], aligned: str | None = None) -> Missing:
    """What `claim` states that `passages` do not. `aligned` is the passage sentence closest to
    the claim, whose polarity the claim must share (None: polarity is not judged)."""
    claim = spell_dates(_CURRENCY.sub(" dollars ", _MARKERS.sub(" ", claim)))
    text = spell_dates(_CURRENCY.sub(" dollars ", "\n".join(passages)))
    aligned = _CURRENCY.sub(" dollars ", aligned) if aligned is not None else None
    have_figures = figures(text) | implied_figures(text)
    missing_figures = tuple(v for v in claim_figures(claim)
                            if v not in have_figures and not any(abs(v - h) < 1e-9 * max(1.0, v) for h in have_figures))
    missing_months = tuple(sorted(months(claim) - months(text)))
    lower_text = text.lower()
    facts = _Words.of(text)
    missing_names = []
    text_cyrillic = _has_cyrillic(text)
    same_language = _has_cyrillic(claim) == text_cyrillic
    leading = leading_name(claim) if same_language else None  # translated: 8 more XQuAD struck
    for name in names(claim) + ([leading] if leading else []):
        if _compound_of_no_name(name):
            continue
        if _ACRONYM.match(name):
            if (value := roman_value(name)) is not None and float(value) in have_figures:
                continue  # "в середине XVIII века" over "in the mid-18th century": a figure, not a name
            cyrillic = bool(re.search(r"[А-ЯЁ]", name))
            if name.lower() in lower_text or (len(name) >= 3 and _spelt_out(name, text, capitalised=name.isascii())) \
                    or (name.upper() not in AGENCIES and set(find_countries(name)) & facts.facts.countries) or (
                    cyrillic != text_cyrillic and not same_language):
                # an acronym in another script than its passages (НКН ~ ICH) is not judged in a
                # translation; in a claim written in its passages' language it was copied from somewhere
                continue
            missing_names.append(name)
            continue
        if not facts.has(name) and not (_TRANSLATED_ADJECTIVE.search(name.lower()) and is_cyrillic(name)
                                        and not text_cyrillic) \
                and not (not same_language and any(found for _, found in _cross_script_mentions(name, text))):
            missing_names.append(name)  # (Улан-Батор is no spelling of Ulaanbaatar: the gazetteer pairs them)
    if not same_language:
        missing_names += [name for name in untranslated_names(claim, text) if name not in missing_names]
    text_lang = detect_language(text)
    missing_names += [run for run in common_word_names(claim)  # in another script, another spelling is no evidence
                      if ("en" if run.isascii() else "ru") == text_lang and not any(facts.has(w) for w in run.split())
                      and not _spells_passage_acronym(run, claim, text)]
    missing_names += [n for n in misattributed(claim, passages) + misled(claim, passages) + mistitled(claim, passages)
                      + misplaced(claim, passages, aligned) + misassigned(claim, passages) + misquoted(claim, passages)
                      + reversed_roles(claim, passages, aligned) + reversed_cases(claim, aligned)
                      + reversed_proposal(claim, passages, aligned) + reversed_gift(claim, passages)
                      + swapped_agent(claim, passages, aligned) + promoted(claim, passages)
                      + reversed_experience(claim, passages) + misnamed_institutions(claim, passages)
                      + swapped_places(claim, aligned)
                      if n not in missing_names]
    swapped_countries, swapped_counts, swapped_dates = swapped_values(claim, aligned, text)
    missing_figures += tuple(v for v in swapped_counts if v not in missing_figures)
    # a city named in the passages by its Russian adjective ("Римский договор") stands for its country
    named_across = set() if same_language else {
        code for name, found in _cross_script_mentions(claim, text) if found for code in find_countries(name)}
    missing_countries = tuple(sorted((set(find_countries(claim)) - facts.facts.countries - named_across)
                                     | set(misvisited(claim, passages, aligned)) | set(swapped_countries)))
    chaired = bool(_CHAIRED.search(text))
    stating = stating_sentences(claim, passages, aligned) if aligned is not None else []
    stated = stated_relations(claim) - relations_told(text) - ({"lead"} if chaired else set()) \
        - ({"open"} if _told_discovered(claim, text) else set())
    missing_relations = tuple(sorted(stated & set(REQUIRED_RELATIONS))) + tuple(added_agency(claim, passages)) \
        + tuple(unstated_roles(claim, passages, aligned)) \
        + (("complete",) if same_language and stating and made_complete(claim, "\n".join(stating)) else ())
    misread = misplaced_flows(claim, text) + misplaced_flows(claim, text, "trends") + miscounted(claim, text) \
        + unstated_percentages(claim, text) + reversed_flows(claim, text)
    polarity = aligned is not None and (polarity_differs(claim, aligned) or any(
        firmed_up(claim, sentence) for sentence in stating)
        or softened(claim, aligned) or made_done(claim, aligned) or made_planned(claim, aligned)
        or made_real(claim, aligned) or made_intended(claim, stating) or made_past(claim, aligned)
        or made_future(claim, aligned) or made_held(claim, aligned) or made_open(claim, "\n".join([aligned, *stating]))
        or reversed_act(claim, aligned))
    missing_currencies = tuple(sorted(currencies_of(claim) - currencies_of(text)))
    missing_qualifiers = _judged(qualifiers_of(claim) - supported_qualifiers(text), same_language) \
        + (("bound",) if reversed_bounds(claim, text) else ()) + (("city",) if region_made_city(claim, text) else ())
    missing_titles = _judged(titles_of(claim) - titles_of(text) - ({"head"} if chaired else set()), same_language) \
        + tuple(misnamed_ministries(claim, passages)) + tuple(misposted(claim, passages))
    missing_dates = tuple(sorted((dates_of(claim) - dates_of(text)) | set(misdated(claim, passages, aligned))
                                 | set(swapped_dates)))
    return Missing(missing_figures, missing_months, tuple(missing_names), missing_countries, missing_relations,
                   polarity, missing_currencies, misread, missing_qualifiers, missing_titles, missing_dates)
