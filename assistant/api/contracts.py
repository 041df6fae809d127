"""The JSON objects of the CLI's `--json` output, built in one place for the CLI and the HTTP API.

`assistant sources/countries/summarize --json` and `GET /sources`, `GET /countries`,
`POST /summarize` return the same objects (the API's tests compare them with the CLI's), so each
is built by one function here; `Answer.to_json()` is the same for `ask`. The request checks the
two share (dates, date order, filters) live here too, so both refuse bad input with one message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from ..core.errors import InvalidQuestionError
from ..core.terminal import one_line

if TYPE_CHECKING:
    from ..core.records import Article, CountrySummary
    from ..core.settings import Settings
    from ..index.store import Snapshot
    from ..retrieval.search import SearchFilters


def iso_date(value: str | None) -> str | None:
    """`value` as YYYY-MM-DD, or the one-line error that says how dates are written."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        shown = one_line(value)
        shown = shown if len(shown) <= 40 else shown[:39] + "…"  # the caller's text: one line, bounded
        raise InvalidQuestionError(f"'{shown}' is not a date: dates must be written YYYY-MM-DD.") from None


def date_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Both dates checked, and refused when no date can fall between them."""
    first, last = iso_date(since), iso_date(until)
    if first and last and first > last:
        raise InvalidQuestionError(f"--since {first} is after --until {last}: no date can be in that range.",
                                   hint="Swap the two dates.")
    return first, last


def search_filters(countries: Iterable[str], languages: Iterable[str], since: str | None,
                   until: str | None) -> SearchFilters:
    """The filters of `assistant ask --country/--lang/--since/--until` (countries by any name)."""
    from ..language.countries import resolve_country
    from ..retrieval.search import SearchFilters

    first, last = date_range(since, until)
    return SearchFilters(countries=tuple(resolve_country(c).code for c in countries), languages=tuple(languages),
                         date_from=first, date_to=last)


def source_records(snapshot: Snapshot) -> list[dict[str, Any]]:
    """`assistant sources --json`: one object per article, oldest first."""
    return [source_record(a) for a in sorted(snapshot.articles.listing(), key=lambda a: (a.date or "", a.id))]


def source_record(a: Article) -> dict[str, Any]:
    return {"article_id": a.id, "source": a.source, "date": a.date, "lang": a.lang, "title": a.title,
            "countries": list(a.countries), "url": a.url}


def country_records(snapshot: Snapshot, home: str) -> list[dict[str, Any]]:
    """`assistant countries --json`: every tagged country, most covered first; the home country
    is listed (the contract) and marked, since it is no partner."""
    from ..answer.summary import country_counts

    return [{"code": code, "name": name, "articles": count, "home": code == home}
            for code, name, count in country_counts(snapshot)]


def country_summary(settings: Settings, load: Callable[[], Snapshot], country_name: str, since: str | None,
                    until: str | None, offline: bool = False) -> CountrySummary:
    """`assistant summarize`: the model's map-reduce briefing when a model is configured (and not
    `offline`), the offline extractive summary otherwise (which imports no model code). The country and dates
    are checked before `load` is called, so a typo is reported as such even when there is no
    index yet."""
    from ..answer.summary import summarize
    from ..language.countries import resolve_country

    country = resolve_country(country_name)
    snapshot = load()
    first, last = iso_date(since), iso_date(until)
    if settings.llm_enabled and not offline:
        from ..answer.llm import make_chat_model
        from ..answer.summary_model import summarize_with_model
        from ..index.embeddings import get_embedder

        return summarize_with_model(make_chat_model(settings), get_embedder(settings), snapshot, country,
                                    first, last, settings.summary_time_budget, home=settings.home_country)
    return summarize(snapshot, country, first, last, home=settings.home_country)


def summary_result(settings: Settings, load: Callable[[], Snapshot], country_name: str, since: str | None,
                   until: str | None, offline: bool = False, full: bool = False) -> dict[str, Any]:
    """`assistant summarize --json` and `POST /summarize`: `country_summary` as its JSON object
    (`full`: with the fields the app's client rebuilds the typed summary from)."""
    from ..app.summary_render import summary_object

    return summary_object(country_summary(settings, load, country_name, since, until, offline), full)
