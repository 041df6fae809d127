"""A country summary written by a model: map (facts per article) then reduce (a themed briefing)
with an OpenAI-compatible chat model. Kept apart from assistant/answer/summary.py so that the offline,
extractive summary loads no model code (a test checks that `assistant.answer.llm` and `openai` stay
unloaded); this module is imported only when a model is configured.
"""

from __future__ import annotations

import html
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from langchain_core.messages import HumanMessage

from ..core.errors import ModelError
from ..core.prompts import render
from ..core.records import CountrySummary
from ..language.countries import HOME, Country
from .citations import drop_unknown_markers, unsupported_sentences
from .llm import MODEL_FAILURES, BudgetExceeded, cut_echo, describe_failure
from .summary import summarize
from .verdict import strike

if TYPE_CHECKING:
    from ..index.embeddings import Embedder
    from ..index.store import Snapshot

MAX_ARTICLE_CHARS = 6000


def summarize_with_model(chat: Any, embedder: Embedder, snapshot: Snapshot, country: Country,
                         since: str | None = None, until: str | None = None,
                         budget_s: float | None = None, home: str = HOME) -> CountrySummary:
    """LLM mode: map then reduce, with the coverage and the dated timeline still taken from the
    articles themselves. Markers to unknown articles are dropped and unsupported sentences
    listed, as in the answer chain. Any model failure gives the extractive summary with a
    `notice`, and so does running past `budget_s` seconds in all (checked before each call; each
    call is bounded by the chat model's own limits)."""
    started = time.monotonic()

    def in_budget() -> None:
        if budget_s is not None and time.monotonic() - started > budget_s:
            raise BudgetExceeded(f"The summary did not finish within its {budget_s:g} s time budget "
                                 "(ASSISTANT_SUMMARY_TIME_BUDGET).")

    result = replace(summarize(snapshot, country, since, until, home=home), unsupported=())
    if not result.citations:
        return result
    try:
        notes = []
        for cited in result.citations:
            article = snapshot.articles[cited.article_id]
            prompt = render("summary_map", country=country.name, n=str(cited.n), title=html.escape(article.title),
                            date=article.date or "unknown", lang=article.lang,
                            text=html.escape(article.text[:MAX_ARTICLE_CHARS], quote=False))
            in_budget()
            reply = cut_echo(str(chat.invoke([HumanMessage(prompt)]).content or "")).strip()
            if reply and reply.lower().strip(". ") != "none":
                notes.append(f'<source n="{cited.n}">\n{html.escape(reply, quote=False)}\n</source>')
        if not notes:
            return result
        in_budget()
        reply = chat.invoke([HumanMessage(render("summary_reduce", country=country.name, notes="\n".join(notes)))])
        briefing = cut_echo(str(reply.content or "")).strip()
        if not briefing:
            raise ModelError("The model returned an empty summary.")
    except MODEL_FAILURES as err:
        return replace(result, notice=f"{describe_failure(err)} Summarised offline from the articles instead.")
    briefing = drop_unknown_markers(briefing, {cited.n for cited in result.citations})
    passages = {cited.n: snapshot.articles[cited.article_id].text[:MAX_ARTICLE_CHARS] for cited in result.citations}
    unsupported = unsupported_sentences(briefing, passages, embedder, "en")
    # the unsupported sentences are listed in `unsupported`, never shown as the articles' word
    return replace(result, mode="llm", briefing=strike(briefing, unsupported), unsupported=tuple(unsupported))
