"""What the app's first screen says about the index: one scope line, example questions drawn from
the corpus, and follow-ups after an answer.

Examples are built from the partners the articles name (so they change with the corpus) and
each is kept only if the offline answerer actually answers it: an example that ends in "the
articles don't cover this" would teach the wrong thing. One is in Russian, one crosses languages
(asked in one language, answered from articles in the other).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..core.records import Article
from ..language.countries import ORGANISATIONS, country_forms, country_name

LANGUAGES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@dataclass(frozen=True)
class Example:
    question: str
    lang: str
    """The question's language."""
    note: str = ""
    """Why it is there, e.g. "answered from Russian articles" (shown beside it)."""


def language_name(code: str) -> str:
    return LANGUAGES.get(code, code)


def scope_line(articles: Iterable[Article]) -> str:
    """"13 articles in English (11) and Russian (2), 2015–2024 (3 undated)": what can be asked about."""
    items = list(articles)
    if not items:
        return "No articles yet."
    counts: dict[str, int] = {}
    for a in items:
        counts[a.lang] = counts.get(a.lang, 0) + 1
    langs = [f"{language_name(k)} ({v})" if len(counts) > 1 else language_name(k)
             for k, v in sorted(counts.items(), key=lambda kv: -kv[1])]
    joined = langs[0] if len(langs) == 1 else ", ".join(langs[:-1]) + " and " + langs[-1]
    dates = sorted(a.date for a in items if a.date)
    undated = len(items) - len(dates)
    period = ""
    if dates:
        first, last = dates[0][:4], dates[-1][:4]
        period = f", {first}" if first == last else f", {first}–{last}"
    tail = f" ({undated} undated)" if undated else ""
    noun = "article" if len(items) == 1 else "articles"
    return f"{len(items)} {noun} in {joined}{period}{tail}"


def _russian_name(code: str) -> str | None:
    """The shortest Russian form of a country's name (nominative), if it has one."""
    forms = [f for f in country_forms(code) if _CYRILLIC.search(f)]
    return min(forms, key=len) if forms else None


def _partners(articles: list[Article], home: str) -> list[tuple[str, set[str]]]:
    """Countries (not organisations) the articles name besides home, with the languages of the
    articles that name them: first those an article is about (named in its title), the most
    recent first, then the rest."""
    seen: dict[str, tuple[int, str, set[str]]] = {}
    for a in articles:
        title = a.title.lower()
        for code in a.countries:
            if code == home or code in ORGANISATIONS:
                continue
            in_title = any(len(f) > 3 and f.lower()[:-1] in title for f in country_forms(code)[1:])
            titled, latest, langs = seen.get(code, (0, "", set()))
            seen[code] = (titled + in_title, max(latest, a.date or ""), langs | {a.lang})
    ranked = sorted(seen.items(), key=lambda kv: (min(kv[1][0], 1), kv[1][1]), reverse=True)
    return [(code, langs) for code, (_, _, langs) in ranked]


def candidate_questions(articles: Iterable[Article], home: str) -> list[Example]:
    """Questions about each partner, in English and Russian (unchecked)."""
    items = list(articles)
    home_en, home_ru = country_name(home), _russian_name(home) or country_name(home)
    out: list[Example] = []
    for code, langs in _partners(items, home):
        name = country_name(code)
        if name == code:
            continue
        note = "answered from Russian articles" if langs == {"ru"} else ""
        out.append(Example(f"What did {home_en} and {name} discuss?", "en", note))
        russian = _russian_name(code)
        if russian:
            note = "answered from English articles" if langs == {"en"} else ""
            out.append(Example(f"Что обсуждали {home_ru} и {russian}?", "ru", note))
    return out


def example_questions(articles: Iterable[Article], home: str, answers: Callable[[str], list[str] | None],
                      want: int = 5) -> list[Example]:
    """Up to `want` examples the answerer answers: one in Russian, one across languages, the rest
    in English about different partners. `answers(question)` gives the languages of the cited
    articles, or None for a refusal."""
    chosen: list[Example] = []
    have_ru = have_cross = False
    english = 0
    tried = 0
    for example in candidate_questions(articles, home):
        if len(chosen) >= want or tried >= 40:
            break
        is_ru = example.lang == "ru"
        if is_ru and have_ru and have_cross:
            continue
        if not is_ru and english >= want - 2 and have_cross:
            continue
        tried += 1
        cited = answers(example.question)
        if not cited:
            continue
        cross = example.lang not in cited
        if cross and not have_cross:
            have_cross = True
            chosen.append(Example(example.question, example.lang,
                                  f"answered from {language_name(cited[0])} articles"))
        elif not cross and is_ru and not have_ru:
            have_ru = True
            chosen.append(Example(example.question, example.lang, ""))
        elif not cross and not is_ru and english < want - 2:
            english += 1
            chosen.append(Example(example.question, example.lang, ""))
    return chosen


def follow_ups(question: str, cited: Iterable[Article], examples: Iterable[Example], lang: str,
               home: str, limit: int = 3) -> list[str]:
    """2–3 next questions: the other partners the cited articles name, then examples not asked yet,
    in the answer's language."""
    out: list[str] = []
    home_en, home_ru = country_name(home), _russian_name(home) or country_name(home)
    asked = question.lower()
    for article in cited:
        for code in article.countries:
            if code == home or code in ORGANISATIONS or len(out) >= limit:
                continue
            name = country_name(code)
            russian = _russian_name(code)
            if name == code or name.lower() in asked or (russian and russian.lower() in asked):
                continue
            text = (f"Что обсуждали {home_ru} и {russian}?" if lang == "ru" and russian
                    else f"What did {home_en} and {name} discuss?")
            if text not in out:
                out.append(text)
    for example in examples:
        if len(out) >= limit:
            break
        if example.question.lower() != asked and example.question not in out:
            out.append(example.question)
    return out[:limit]
