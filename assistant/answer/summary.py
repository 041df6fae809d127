"""`assistant summarize COUNTRY`: Kazakhstan's relations with a country, from every article
tagged with it (not top-k), as a `CountrySummary` (assistant/core/records.py). This is the offline,
extractive summary: each bullet is a sentence quoted from an article about the relations, cited
[n], and the coverage and the timeline come from the articles' own dates, never invented. It
loads no model code; the map-reduce with a model is assistant/answer/summary_model.py, and the
Markdown, JSON and app renderings are assistant/app/summary_render.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.records import Article, Citation, CountrySummary, SummaryEvent, SummaryPoint, SummaryTheme
from ..core.sanitize import without_source_markers
from ..core.text import Span, split_sentences, stem_terms
from ..language.countries import HOME, Country, country_name, find_countries
from ..language.furniture import is_heading, news_start
from ..language.question import AMOUNT, has_answer_of_type, person_names

if TYPE_CHECKING:
    from ..index.store import Snapshot

FACTS: dict[str, re.Pattern[str]] = {
    # typed facts first: what a reader of a relations brief looks for
    "status of relations": re.compile(
        r"\b(?:strategic|comprehensive|special|enhanced|privileged|all-round)\b[\w\s,-]{0,30}\bpartners?(?:hip)?\b|"
        r"\bdiplomatic (?:relations|ties)|\brelations\b[\w\s,-]{0,60}\bnew (?:stage|level|height)|"
        r"(?:стратегическ|всеобъемлющ)\w{0,4}[\w\s,-]{0,30}партн[её]р|дипломатическ\w{0,4} отношени|дипотношени|"
        r"отношени\w{0,4}[\w\s,-]{0,60}нов\w{0,4} (?:уров|этап|высот)", re.IGNORECASE),
    "agreements": re.compile(r"\bsign(ed|ing)?\b|memorand|\bagreement|\broadmap|\btreat(y|ies)|подпис|меморандум|"
                             r"соглашени|договор|дорожн\w* карт", re.IGNORECASE),
    "trade and investment figures": re.compile(r"\btrad(e|ing)|export|import|invest|turnover|торгов|товарооборот|"
                                               r"экспорт|импорт|инвестиц", re.IGNORECASE),
    "visits and meetings": re.compile(r"\bmet\b|\bmeet(ing|s)?\b|\btalks\b|\bvisit|встреч|переговор|визит|"
                                      r"посети|провел\w* встреч", re.IGNORECASE),
}
THEMES: dict[str, tuple[str, ...]] = {
    "energy and resources": ("energi", "hydrogen", "miner", "raw", "batteri", "uranium", "oil", "энергет",
                             "минерал", "ископа", "водород", "нефт", "сер", "добыч"),
    "science and education": ("scienc", "research", "univers", "educ", "academ", "scholar", "наук", "научн",
                              "образован", "учен", "исследован", "технолог"),
    "security and nuclear": ("secur", "nuclear", "terror", "extrem", "disarma", "prolifer", "безопасн", "ядерн",
                             "терроризм"),
    "culture and heritage": ("cultur", "heritag", "humanitarian", "культур", "наслед"),
    "diplomacy": ("visit", "meet", "memorandum", "consult", "agreement", "ambassador", "minist", "встреч", "визит",
                  "меморандум", "соглашен", "министр", "посол"),
}



@dataclass
class Bullet:
    text: str
    n: int
    article: Article
    start: int
    end: int
    themes: list[str] = field(default_factory=list)


_BETWEEN_STATES = re.compile(r"\b(?:two|both) countries\b|\bbilateral|\binterstate|двух стран|обеих стран|"
                             r"двусторонн|межгосударствен", re.IGNORECASE)


def states_status(sentence: str, named: list[str] | None = None, partner: str | None = None) -> bool:
    """Whether a sentence says where relations between states stand: a strategic partnership,
    diplomatic relations, relations raised to a new level, said of two countries (named, or "the two
    countries", "bilateral"), not of a company or a festival's "strategic partner". `named`: the
    sentence's `find_countries`, when the caller has them already. In an article about the home
    country's relations with `partner`, naming the partner is enough: "Diplomatic relations with
    Kenya were established on November 15, 1993" leaves Kazakhstan implied."""
    if FACTS["status of relations"].search(sentence) is None:
        return False
    named = find_countries(sentence) if named is None else named
    return len(named) >= 2 or partner in named or _BETWEEN_STATES.search(sentence) is not None


def _informativeness(sentence: str, status: bool) -> float:
    """How much a sentence states: people named, figures given, where the relations stand
    (`status`, `states_status` of the sentence: a brief's headline, weighed like a figure), an
    agreement or a meeting."""
    figures = 1.0 if has_answer_of_type(AMOUNT, sentence) else 0.0
    names = min(len(person_names(sentence)), 4)
    facts = sum(1 for name, pattern in FACTS.items() if name != "status of relations" and pattern.search(sentence))
    return names * 0.3 + figures * 1.0 + float(status) + facts * 0.4 + min(len(sentence), 300) / 600


_BACKGROUND = re.compile(r"^\s*(напомним|ранее|справочно|for reference|as a reminder|recall|earlier)\b", re.IGNORECASE)


def _event_score(sentence: str, position: int, code: str) -> float:
    """The sentence that says what happened: a meeting or a signing, the people named, the
    country concerned; news puts the event first (so earlier sentences weigh more) and
    background ("Напомним", "For reference") last."""
    meeting = FACTS["visits and meetings"].search(sentence) or FACTS["agreements"].search(sentence)
    return ((1.0 if meeting else 0.0) + 0.2 * min(len(person_names(sentence)), 3) + 1.0 / (1 + position)
            + (0.5 if code in find_countries(sentence) else 0.0) - (2.0 if _BACKGROUND.match(sentence) else 0.0))


def _themes(sentence: str, status: bool) -> list[str]:
    """Typed facts first (where relations stand: `status`, as `states_status` found it; agreements;
    trade and investment with a figure; visits and meetings naming people), then topic keywords."""
    found = []
    if status:
        found.append("status of relations")
    if FACTS["agreements"].search(sentence):
        found.append("agreements")
    if FACTS["trade and investment figures"].search(sentence) and has_answer_of_type(AMOUNT, sentence):
        found.append("trade and investment figures")
    if FACTS["visits and meetings"].search(sentence) and person_names(sentence):
        found.append("visits and meetings")
    stems = stem_terms(sentence)
    return found + [theme for theme, keys in THEMES.items() if any(_keyed(s, keys) for s in stems)]


SHORT_KEY = 4
"""A theme key shorter than this names a whole stem, not a prefix: "сер" is sulphur (сера, серы),
not Серик, серьёзный or серия."""


def _keyed(stem: str, keys: tuple[str, ...]) -> bool:
    return any(stem.startswith(key) if len(key) >= SHORT_KEY else stem == key for key in keys)


def about(article: Article, code: str, home: str, home_tagged: bool) -> bool:
    """Whether an article is about relations with `code`, not one that merely mentions it: the
    partner is in the title, in the lead (first two sentences) or in two sentences or more; and,
    in a corpus whose articles name the home country, the article names it too (an article on
    Kyrgyzstan and China is not about Uzbekistan's relations with China)."""
    if code not in article.countries or (home_tagged and home not in article.countries):
        return False
    if code in find_countries(article.title):
        return True
    sentences = split_sentences(article.text, article.lang)
    mentions = [code in find_countries(s.text) for s in sentences]
    return any(mentions[:2]) or sum(mentions) >= 2


def _quotable(article: Article) -> list[Span]:
    """The article's sentences a summary may quote: news, not furniture (a bare dateline, a photo
    credit, a heading, text addressed to the reader or a model), each starting after its dateline
    ("KAZINFORM –", "ASTANA, June 25 –"), as the answers' quotes do."""
    spans = []
    for span in split_sentences(article.text, article.lang):
        skip = news_start(span.text)
        if skip is not None and len(span.text[skip:].split()) >= 5 \
                and not is_heading(article.text, span.start, span.end):
            spans.append(Span(span.start + skip, span.end, span.text[skip:]))
    return spans


MAX_FOLLOWING = 4
"""Sentences a bullet ending in a colon takes along (the items or the quote it announces)."""
MAX_BULLET_CHARS = 700


def _with_what_follows(text: str, spans: list[Span], span: Span) -> Span:
    """A sentence that announces what follows ("…представляет особый интерес для Казахстана:")
    read alone ends in mid-air: it takes the next sentences along, up to the first that does not
    end in ";" (a list's items), never past `MAX_FOLLOWING` or `MAX_BULLET_CHARS`."""
    if not span.text.rstrip().endswith(":"):
        return span
    end = span.end
    for taken, following in enumerate((s for s in spans if s.start >= span.end), start=1):
        if text[end:following.start].strip() or following.end - span.start > MAX_BULLET_CHARS:
            break
        end = following.end
        if taken >= MAX_FOLLOWING or not following.text.rstrip().endswith(";"):
            break
    return Span(span.start, end, re.sub(r"\s*\n\s*", " ", text[span.start:end])) if end > span.end else span


def summarize(snapshot: Snapshot, country: Country, since: str | None = None, until: str | None = None,
              per_article: int = 3, home: str = HOME) -> CountrySummary:
    """The offline, extractive summary: every article about the relations, oldest first, with
    its event line for the timeline and up to `per_article` quoted sentences sorted into themes."""
    listing = snapshot.articles.listing()
    home_tagged = any(home in a.countries for a in listing)
    tagged = [a.id for a in listing if country.code in a.countries]  # the text is read only for these
    articles = [a for a in map(snapshot.articles.__getitem__, tagged) if about(a, country.code, home, home_tagged)]
    if since or until:
        articles = [a for a in articles if a.date and (not since or a.date >= since) and (not until or a.date <= until)]
    articles.sort(key=lambda a: (a.date is None, a.date or "", a.id))
    bullets: list[Bullet] = []
    events: list[SummaryEvent] = []
    for n, article in enumerate(articles, start=1):
        spans = _quotable(article)
        event = article.title
        if spans:  # the timeline states the event in the article's own words, not its headline
            event = max(enumerate(spans), key=lambda t: (_event_score(t[1].text, t[0], country.code), -t[0]))[1].text
        events.append(SummaryEvent(n=n, date=article.date, text=event, title=article.title))
        # the sentences naming the partner, or giving "the two countries'" / "bilateral" figures (in an
        # article about the relations, the pair's), or stating where the relations stand, most informative first
        scored = []
        for span in spans:
            named = find_countries(span.text)
            status = states_status(span.text, named, country.code)
            pair = (country.code in named or status  # or the pair's figure: "Bilateral trade … 50.5 million"
                    or (_BETWEEN_STATES.search(span.text) is not None and has_answer_of_type(AMOUNT, span.text)))
            scored.append((pair, status, _informativeness(span.text, status), span))
        scored.sort(key=lambda t: (-t[0], -t[2], t[3].start))
        for _, status, _, span in scored[:per_article]:
            span = _with_what_follows(article.text, spans, span)
            bullets.append(Bullet(without_source_markers(span.text), n, article, span.start, span.end,
                                  _themes(span.text, status)))
    themes: dict[str, list[SummaryPoint]] = {theme: [] for theme in [*FACTS, *THEMES, "other"]}
    for bullet in bullets:  # each bullet under its first theme, so nothing is said twice
        themes[(bullet.themes or ["other"])[0]].append(SummaryPoint(text=bullet.text, n=bullet.n))
    citations = []
    for n, article in enumerate(articles, start=1):
        used = [b for b in bullets if b.n == n]
        citations.append(Citation(n=n, article_id=article.id, source=article.source, title=article.title,
                                  date=article.date, lang=article.lang,
                                  quote=" … ".join(b.text for b in used) or article.title,
                                  start=min((b.start for b in used), default=0),
                                  end=max((b.end for b in used), default=0), url=article.url))
    relation = f"{country_name(home)} – {country.name}" if country.code != home else country.name
    return CountrySummary(country=country.name, code=country.code, relation=relation, citations=tuple(citations),
                          events=tuple(events), period=bool(since or until),
                          themes=tuple(SummaryTheme(name, tuple(points)) for name, points in themes.items() if points))


def country_counts(snapshot: Snapshot) -> list[tuple[str, str, int]]:
    """(code, name, article count) for every tagged country, most covered first."""
    counts: dict[str, int] = {}
    for article in snapshot.articles.listing():
        for code in article.countries:
            counts[code] = counts.get(code, 0) + 1
    return sorted(((c, country_name(c), k) for c, k in counts.items()), key=lambda t: (-t[2], t[1]))
