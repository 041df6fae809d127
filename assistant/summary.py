"""`assistant summarize COUNTRY`: Kazakhstan's relations with a country, from every article
tagged with it (not top-k). Offline it is extractive: each bullet is a sentence quoted from an
article that mentions the country, cited [n]. With a model it is a map-reduce over the articles.
Either way the coverage and the timeline come from the articles' own dates, never invented.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import HumanMessage

from .citations import drop_unknown_markers, unsupported_sentences
from .countries import HOME, Country, country_name, find_countries
from .embeddings import Embedder
from .errors import ModelError
from .llm import MODEL_FAILURES, BudgetExceeded, cut_echo, describe_failure
from .prompts import render
from .question import AMOUNT, has_answer_of_type, person_names
from .records import Article
from .store import Snapshot
from .text import split_sentences, stem_terms
from .verdict import strike

FACTS: dict[str, re.Pattern[str]] = {
    # typed facts first: what a reader of a relations brief looks for
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


THEMES_HEADING = "## Themes"
MAX_ARTICLE_CHARS = 6000


@dataclass
class Bullet:
    text: str
    n: int
    article: Article
    start: int
    end: int
    themes: list[str] = field(default_factory=list)


def _informativeness(sentence: str) -> float:
    """How much a sentence states: people named, figures given, an agreement or a meeting."""
    figures = 1.0 if has_answer_of_type(AMOUNT, sentence) else 0.0
    names = min(len(person_names(sentence)), 4)
    facts = sum(1 for pattern in FACTS.values() if pattern.search(sentence))
    return names * 0.3 + figures * 1.0 + facts * 0.4 + min(len(sentence), 300) / 600


_BACKGROUND = re.compile(r"^\s*(напомним|ранее|справочно|for reference|as a reminder|recall|earlier)\b", re.IGNORECASE)


def _event_score(sentence: str, position: int, code: str) -> float:
    """The sentence that says what happened: a meeting or a signing, the people named, the
    country concerned; news puts the event first (so earlier sentences weigh more) and
    background ("Напомним", "For reference") last."""
    meeting = FACTS["visits and meetings"].search(sentence) or FACTS["agreements"].search(sentence)
    return ((1.0 if meeting else 0.0) + 0.2 * min(len(person_names(sentence)), 3) + 1.0 / (1 + position)
            + (0.5 if code in find_countries(sentence) else 0.0) - (2.0 if _BACKGROUND.match(sentence) else 0.0))


def _themes(sentence: str) -> list[str]:
    """Typed facts first (agreements; trade and investment with a figure; visits and meetings
    naming people), then topic keywords."""
    found = []
    if FACTS["agreements"].search(sentence):
        found.append("agreements")
    if FACTS["trade and investment figures"].search(sentence) and has_answer_of_type(AMOUNT, sentence):
        found.append("trade and investment figures")
    if FACTS["visits and meetings"].search(sentence) and person_names(sentence):
        found.append("visits and meetings")
    stems = stem_terms(sentence)
    return found + [theme for theme, keys in THEMES.items() if any(s.startswith(keys) for s in stems)]


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


def summarize(snapshot: Snapshot, country: Country, since: str | None = None, until: str | None = None,
              per_article: int = 3, home: str = HOME) -> dict[str, Any]:
    home_tagged = any(home in a.countries for a in snapshot.articles.values())
    articles = [a for a in snapshot.articles.values() if about(a, country.code, home, home_tagged)]
    if since or until:
        articles = [a for a in articles if a.date and (not since or a.date >= since) and (not until or a.date <= until)]
    articles.sort(key=lambda a: (a.date is None, a.date or "", a.id))
    bullets: list[Bullet] = []
    listed = []
    events: dict[int, str] = {}
    for n, article in enumerate(articles, start=1):
        listed.append({"n": n, "article_id": article.id, "title": article.title, "date": article.date,
                       "lang": article.lang, "source": article.source})
        spans = [span for span in split_sentences(article.text, article.lang) if len(span.text.split()) >= 5]
        if spans:  # the timeline states the event in the article's own words, not its headline
            events[n] = max(enumerate(spans), key=lambda t: (_event_score(t[1].text, t[0], country.code),
                                                              -t[0]))[1].text
        scored = [(country.code in find_countries(span.text), _informativeness(span.text), span) for span in spans]
        scored.sort(key=lambda t: (-t[0], -t[1], t[2].start))
        for _, _, span in scored[:per_article]:
            bullets.append(Bullet(span.text, n, article, span.start, span.end, _themes(span.text)))
    name = country.name
    coverage: dict[str, Any] = {
                "articles": len(articles), "first_date": min((a.date for a in articles if a.date), default=None),
                "last_date": max((a.date for a in articles if a.date), default=None),
                "undated": sum(1 for a in articles if not a.date),
                "languages": {lang: sum(1 for a in articles if a.lang == lang)
                              for lang in sorted({a.lang for a in articles})}}
    timeline = [{"date": a.date, "text": events.get(i, a.title), "title": a.title, "n": i}
                for i, a in enumerate(articles, start=1) if a.date]
    undated = [{"date": None, "text": events.get(i, a.title), "title": a.title, "n": i}
               for i, a in enumerate(articles, start=1) if not a.date]
    themes: dict[str, list[dict[str, Any]]] = {theme: [] for theme in [*FACTS, *THEMES, "other"]}
    for bullet in bullets:  # each bullet under its first theme, so nothing is said twice
        themes[(bullet.themes or ["other"])[0]].append({"text": bullet.text, "n": bullet.n})
    themes = {theme: items for theme, items in themes.items() if items}
    citations = []
    for n, article in enumerate(articles, start=1):
        used = [b for b in bullets if b.n == n]
        citations.append({"n": n, "article_id": article.id, "source": article.source, "title": article.title,
                          "date": article.date, "lang": article.lang,
                          "quote": " … ".join(b.text for b in used) or article.title,
                          "start": min((b.start for b in used), default=0),
                          "end": max((b.end for b in used), default=0)})
    relation = f"{country_name(home)} – {name}" if country.code != home else name
    if not articles:
        text = f"No articles in the corpus cover {relation} relations" + (" in that period." if since or until else ".")
    else:
        period = (f"{coverage['first_date']} to {coverage['last_date']}" if coverage["first_date"] else "undated")
        lines = [f"# {relation} relations", "",
                 f"Coverage: {len(articles)} article(s), {period}"
                 + (f", {coverage['undated']} undated" if coverage["undated"] and coverage["first_date"] else "")
                 + "; languages: " + ", ".join(f"{k} {v}" for k, v in coverage["languages"].items()) + ".", "",
                 "## Timeline"]
        lines += [f"- {t['date']}: {t['text']} [{t['n']}]" for t in timeline]
        if undated:
            lines += ["", "Undated:"] + [f"- {t['text']} [{t['n']}]" for t in undated]
        lines += ["", THEMES_HEADING]
        for theme, items in themes.items():
            lines += ["", f"### {theme.capitalize()}"] + [f"- {i['text']} [{i['n']}]" for i in items]
        text = "\n".join(lines)
    return {"country": name, "code": country.code, "mode": "extractive", "articles": listed, "coverage": coverage,
            "timeline": timeline, "undated": undated, "themes": themes, "summary": text, "citations": citations}


def country_counts(snapshot: Snapshot) -> list[tuple[str, str, int]]:
    """(code, name, article count) for every tagged country, most covered first."""
    counts: dict[str, int] = {}
    for article in snapshot.articles.values():
        for code in article.countries:
            counts[code] = counts.get(code, 0) + 1
    return sorted(((c, country_name(c), k) for c, k in counts.items()), key=lambda t: (-t[2], t[1]))


def summarize_with_model(chat: Any, embedder: Embedder, snapshot: Snapshot, country: Country,
                         since: str | None = None, until: str | None = None,
                         budget_s: float | None = None, home: str = HOME) -> dict[str, Any]:
    """LLM mode: map (facts per article) then reduce (themed briefing), with the coverage and the
    dated timeline still taken from the articles themselves. Markers to unknown articles are
    dropped and unsupported sentences listed, as in the answer chain. Any model failure gives
    the extractive summary with a `notice`, and so does running past `budget_s` seconds in all
    (checked before each call; each call is bounded by the chat model's own limits)."""
    started = time.monotonic()

    def in_budget() -> None:
        if budget_s is not None and time.monotonic() - started > budget_s:
            raise BudgetExceeded(f"The summary did not finish within its {budget_s:g} s time budget "
                                 "(ASSISTANT_SUMMARY_TIME_BUDGET).")

    result = summarize(snapshot, country, since, until, home=home)
    result["unsupported"] = []
    if not result["articles"]:
        return result
    try:
        notes = []
        for listed in result["articles"]:
            article = snapshot.articles[listed["article_id"]]
            prompt = render("summary_map", country=country.name, n=str(listed["n"]), title=html.escape(article.title),
                            date=article.date or "unknown", lang=article.lang,
                            text=html.escape(article.text[:MAX_ARTICLE_CHARS], quote=False))
            in_budget()
            reply = cut_echo(str(chat.invoke([HumanMessage(prompt)]).content or "")).strip()
            if reply and reply.lower().strip(". ") != "none":
                notes.append(f'<source n="{listed["n"]}">\n{html.escape(reply, quote=False)}\n</source>')
        if not notes:
            return result
        in_budget()
        reply = chat.invoke([HumanMessage(render("summary_reduce", country=country.name, notes="\n".join(notes)))])
        briefing = cut_echo(str(reply.content or "")).strip()
        if not briefing:
            raise ModelError("The model returned an empty summary.")
    except MODEL_FAILURES as err:
        result["notice"] = f"{describe_failure(err)} Summarised offline from the articles instead."
        return result
    known = {listed["n"] for listed in result["articles"]}
    briefing = drop_unknown_markers(briefing, known)
    passages = {listed["n"]: snapshot.articles[listed["article_id"]].text[:MAX_ARTICLE_CHARS]
                for listed in result["articles"]}
    header = result["summary"].split(THEMES_HEADING)[0].rstrip()
    unsupported = unsupported_sentences(briefing, passages, embedder, "en")
    briefing = strike(briefing, unsupported)  # listed in "unsupported", never shown as the articles' word
    result.update(mode="llm", summary=f"{header}\n\n{THEMES_HEADING}\n\n{briefing}", unsupported=unsupported)
    return result
