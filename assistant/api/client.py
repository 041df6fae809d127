"""The app's way to a running `assistant serve` (`ASSISTANT_API_URL`), so that a team's app
processes share the API's workers instead of each loading the index.

`RemoteService` offers what the app calls on the local `AnswerService` (`ask`, `stream`, `mode`,
`settings`, `offline`, and `store.current()` for the generation and its articles) plus what it
reads from the index (`sources`, `article`, `countries`, `summarize`, `country_summary`,
`health`), and returns the same records (`Answer` with its `Citation`s, `Article`,
`CountrySummary`); an answer from the API carries no `hits` (the "why this answer" table stays
empty). What only the server can do (ingest, evaluation runs) the app does not offer here.
The API's errors come back as the project's named exceptions with the server's one-line message.
`service_for_app` picks the remote client when the URL is set, the local service otherwise.
"""

from __future__ import annotations

import copy
import json
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from ..answer.answers import Answer
from ..app.summary_render import summary_from_object
from ..core.errors import (
    AssistantError,
    ConfigError,
    IndexNotFoundError,
    InvalidQuestionError,
    ModelError,
    StoreUnreachableError,
)
from ..core.records import Article, Citation, CountrySummary
from ..core.settings import Settings

if TYPE_CHECKING:
    from ..answer.chain import AnswerService, Turn
    from ..retrieval.search import SearchFilters

_ANSWER_FIELDS = {f.name for f in fields(Answer)} - {"citations", "hits"}
_ERRORS: dict[int, type[AssistantError]] = {400: InvalidQuestionError, 401: ConfigError, 413: InvalidQuestionError,
                                            502: ModelError, 503: IndexNotFoundError}


def answer_from_json(data: dict[str, Any]) -> Answer:
    """The `Answer` an `ask --json` object describes (fields this version does not know are left out)."""
    citations = [Citation.from_json(c) for c in data.get("citations", [])]
    return Answer(citations=citations, **{k: v for k, v in data.items() if k in _ANSWER_FIELDS})


def _article(row: dict[str, Any]) -> Article:
    """An `Article` from a `sources --json` object (which carries no text)."""
    return Article(id=row["article_id"], title=row["title"], text="", source=row["source"], date=row.get("date"),
                   lang=row.get("lang", "en"), url=row.get("url"), countries=tuple(row.get("countries", ())))


class RemoteArticles(Mapping[str, Article]):
    """The served generation's articles for the app: titles, dates and countries from one
    `GET /sources`; an article's text fetched (`GET /sources/{id}`) only when the app looks that
    article up (`articles[id]`, `.get(id)`: the source dialog, the reader), so a big archive's texts
    never cross the wire at once. `values()` gives the articles without their text."""

    def __init__(self, remote: RemoteService, listed: list[Article]) -> None:
        self._remote = remote
        self._listed = {a.id: a for a in listed}
        self._read: dict[str, Article] = {}

    def __getitem__(self, article_id: str) -> Article:
        """The article with its text; KeyError when it is not listed or the server no longer has it."""
        if article_id not in self._listed:
            raise KeyError(article_id)
        if article_id not in self._read:
            self._read[article_id] = self._remote.article(article_id)
        return self._read[article_id]

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._listed  # no text fetched to answer `in`

    def __iter__(self) -> Iterator[str]:
        return iter(self._listed)

    def __len__(self) -> int:
        return len(self._listed)

    def values(self) -> list[Article]:  # type: ignore[override]  # no text: one request, not one per article
        return list(self._listed.values())

    def listing(self) -> tuple[Article, ...]:
        """The articles without their text, as `record_tables.ArticleTable.listing`."""
        return tuple(self._listed.values())


@dataclass(frozen=True)
class RemoteSnapshot:
    """What the app reads of the index the API serves: its generation and its articles."""

    generation: int
    articles: RemoteArticles


class RemoteStore:
    """`store.current()` for the app: the API's generation (asked at most once a second: a page
    reads it several times a run), its article list fetched again only when an ingest on the
    server has switched generations."""

    FRESH_S = 1.0

    def __init__(self, remote: RemoteService) -> None:
        self._remote = remote
        self._snapshot: RemoteSnapshot | None = None
        self._checked = 0.0

    def current(self) -> RemoteSnapshot:
        if self._snapshot is not None and time.monotonic() - self._checked < self.FRESH_S:
            return self._snapshot
        generation = int(self._remote.health()["generation"])
        if self._snapshot is None or self._snapshot.generation != generation:
            self._snapshot = RemoteSnapshot(generation, RemoteArticles(self._remote, self._remote.sources()))
        self._checked = time.monotonic()
        return self._snapshot


def _filters_json(filters: SearchFilters | None) -> dict[str, Any]:
    if filters is None:
        return {}
    return {"country": list(filters.countries), "lang": list(filters.languages), "since": filters.date_from,
            "until": filters.date_to}


class RemoteService:
    """The answer service behind `assistant serve` at `settings.api_url`."""

    def __init__(self, settings: Settings, transport: httpx.BaseTransport | None = None) -> None:
        assert settings.api_url, "RemoteService needs ASSISTANT_API_URL"
        self.settings = settings
        self.url = settings.api_url.rstrip("/")
        headers = ({b"Authorization": f"Bearer {settings.api_token.get_secret_value()}".encode()}  # UTF-8, as sent
                   if settings.api_token else {})
        self._http = httpx.Client(base_url=self.url, headers=headers, timeout=settings.api_timeout,
                                  transport=transport)
        self._mode: str | None = None
        self._offline = False
        self.store = RemoteStore(self)

    @property
    def mode(self) -> str:
        """The server's mode (`extractive` or `llm`), asked once; `settings.model` becomes the
        server's model, so that the app names the model that answered."""
        if self._mode is None:
            health = self.health()
            self._mode = str(health["mode"])
            if health.get("model"):
                self.settings = self.settings.model_copy(update={"model": str(health["model"])})
        return self._mode

    def offline(self) -> RemoteService:
        """This client asking for the server's offline extractive answers (`"offline": true`):
        the app's "use the model" switch, and its example questions, which must not cost model calls."""
        if self._offline or self.mode != "llm":
            return self
        sibling = copy.copy(self)  # the same connection and store
        sibling._offline, sibling._mode = True, "extractive"
        return sibling

    def health(self) -> dict[str, Any]:
        return dict(self._call("GET", "/health"))

    def ask(self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None) -> Answer:
        body = {"question": question, "history": [{"role": r, "content": t} for r, t in history],
                **_filters_json(filters), **({"offline": True} if self._offline else {})}
        return answer_from_json(self._call("POST", "/ask", body))

    def stream(self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None
               ) -> Iterator[str | Answer]:
        """As `AnswerService.stream`: the model's pieces (LLM mode), then the checked `Answer`."""
        if self.mode != "llm":
            yield self.ask(question, history, filters)
            return
        messages = [{"role": r, "content": t} for r, t in history] + [{"role": "user", "content": question}]
        body = {"model": "articles-assistant", "messages": messages, "stream": True,
                "filters": _filters_json(filters) or None, "markdown": False}  # the app escapes it itself
        try:
            with self._http.stream("POST", "/v1/chat/completions", json=body) as response:
                if response.status_code != 200:
                    response.read()
                    raise self._error(response)
                for line in response.iter_lines():
                    if not line.startswith("data: ") or line == "data: [DONE]":
                        continue
                    chunk = json.loads(line[6:])
                    if "error" in chunk:
                        raise ModelError(str(chunk["error"].get("message", "the answer failed")))
                    if "answer" in chunk:
                        yield answer_from_json(chunk["answer"])
                    elif chunk["choices"][0]["delta"].get("content"):
                        yield chunk["choices"][0]["delta"]["content"]
        except httpx.TransportError as err:
            raise self._unreachable() from err

    def sources(self) -> list[Article]:
        """The indexed articles, oldest first, without their text (the API does not send it)."""
        return [_article(row) for row in self._call("GET", "/sources")]

    def article(self, article_id: str) -> Article:
        """One article with its text; KeyError when the server has no such article."""
        row = self._call("GET", f"/sources/{quote(article_id, safe='')}", not_found=KeyError(article_id))
        if not isinstance(row, dict) or row.get("article_id") != article_id:  # ".." resolves to another path
            raise KeyError(article_id)
        return replace(_article(row), text=str(row["text"]))

    def countries(self) -> list[tuple[str, str, int]]:
        """(code, name, article count), most covered first, as `summary.country_counts`."""
        return [(row["code"], row["name"], row["articles"]) for row in self._call("GET", "/countries")]

    def summarize(self, country: str, since: str | None = None, until: str | None = None,
                  full: bool = False) -> dict[str, Any]:
        body = {"country": country, "since": since, "until": until, **({"offline": True} if self._offline else {}),
                **({"full": True} if full else {})}
        return dict(self._call("POST", "/summarize", body))

    def country_summary(self, country: str, since: str | None = None, until: str | None = None) -> CountrySummary:
        """The server's summary as the typed record the app draws (`summarize` is its JSON)."""
        return summary_from_object(self.summarize(country, since, until, full=True), period=bool(since or until))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RemoteService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def shown_url(self) -> str:
        """The API's address without any user:password in it, for the page and messages."""
        return re.sub(r"//[^/@]*@", "//", self.url)

    RATE_RETRIES = 4
    """A 429 is waited out this many times (Retry-After, at most 2 s each): every session of an app
    shares one client address, and a new session's example questions come in a burst."""

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None,
              not_found: Exception | None = None) -> Any:
        for _ in range(self.RATE_RETRIES + 1):
            try:
                response = self._http.request(method, path, json=body)
            except httpx.TransportError as err:
                raise self._unreachable() from err
            if response.status_code != 429:
                break
            try:
                wait = float(response.headers.get("retry-after", "1"))
            except ValueError:
                wait = 1.0
            time.sleep(min(max(wait, 0.1), 2.0))
        if response.status_code == 404 and not_found is not None:
            raise not_found
        if response.status_code != 200:
            raise self._error(response)
        return response.json()

    def _unreachable(self) -> StoreUnreachableError:
        return StoreUnreachableError(f"The assistant API at {self.shown_url} is unreachable.",
                                     hint="Start it with `assistant serve`, or unset ASSISTANT_API_URL to load "
                                          "the index in the app itself.")

    def _error(self, response: httpx.Response) -> AssistantError:
        """The API's error as the matching named exception, with the server's own message."""
        try:
            message = str(response.json()["error"]["message"])
        except (ValueError, KeyError, TypeError):
            message = f"The assistant API answered HTTP {response.status_code}."
        hint = "Set ASSISTANT_API_TOKEN to the server's token." if response.status_code == 401 else ""
        return _ERRORS.get(response.status_code, AssistantError)(message, hint=hint)


def service_for_app(settings: Settings) -> AnswerService | RemoteService:
    """The remote client when `ASSISTANT_API_URL` is set, else the local service (index loaded here)."""
    if settings.api_url:
        return RemoteService(settings)
    from ..answer.chain import build_service

    return build_service(settings)
