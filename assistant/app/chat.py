"""The chat page: a first screen that teaches (scope, example questions), answers with source
chips and per-answer actions (copy, retry, thumbs with a reason), visible filters, and chats that
survive a reload (SQLite, per browser profile).

Every untrusted string goes through `escape_markdown`/`model_markdown`, is shown by
`st.text`/`st.code`, or (the answer's text with its inline citation chips) is escaped by
`answer_html.answer_html`; nothing from an article, a model or a user becomes HTML unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import streamlit as st

from ..answer.answers import Answer
from ..answer.chain import AnswerService
from ..core.errors import InvalidQuestionError
from ..core.sanitize import clean_question, strip_bidi
from ..language.countries import country_name
from ..retrieval.search import SearchFilters
from .answer_html import CITE_CSS, CITE_SCRIPT, answer_html
from .chats import ChatStore, new_chat_id, new_profile_id, valid_chat_id, valid_profile
from .export import conversation_markdown
from .feedback import REASONS
from .scope import Example, example_questions, follow_ups, language_name, scope_line
from .sources import source_chips
from .ui import escape_markdown, model_markdown, retrieval_rows, struck_claims

PROFILE_COOKIE = "assistant_profile"
UNANSWERED = "No answer: a new question was sent before this one was answered."
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
FILTER_KEYS = {"countries": "country", "languages": "lang", "date_from": "from", "date_to": "to"}
"""Each filter's name in the URL (`?lang=ru&country=EE&from=2024-01-01`)."""


# ---------------------------------------------------------------- profile and stored chats

def browser_profile() -> str:
    """This browser's profile id: from its cookie, or a new one the page then stores in the
    cookie (constant JavaScript; the id is 32 hex digits, checked)."""
    if "profile" not in st.session_state:
        cookie = valid_profile(st.context.cookies.get(PROFILE_COOKIE)) if st.context.cookies else None
        st.session_state.profile = cookie or new_profile_id()
        st.session_state.profile_is_new = cookie is None
    profile = str(st.session_state.profile)
    if st.session_state.get("profile_is_new"):
        st.html(f"<script>document.cookie = '{PROFILE_COOKIE}={profile}; path=/; max-age=31536000; "
                "SameSite=Strict';</script>", unsafe_allow_javascript=True)
    return profile


def chat_store(service: AnswerService) -> ChatStore:
    return ChatStore(service.settings.chats_file)


def open_chat(store: ChatStore, profile: str) -> None:
    """The chat of this session: the one in the URL (if this browser owns it) on a fresh session."""
    if "chat_id" in st.session_state:
        return
    wanted = valid_chat_id(st.query_params.get("chat"))
    messages = store.load(profile, wanted) if wanted else None
    st.session_state.chat_id = wanted if messages is not None else new_chat_id()
    st.session_state.messages = messages or []


def switch_chat(chat_id: str | None, messages: list[dict[str, Any]] | None = None) -> None:
    st.session_state.chat_id = chat_id or new_chat_id()
    st.session_state.messages = messages or []
    st.session_state.pop("pending", None)


def save_chat(store: ChatStore, profile: str) -> None:
    if st.session_state.messages:
        store.save(profile, st.session_state.chat_id, st.session_state.messages)


def past_chats(store: ChatStore, profile: str) -> None:
    """The sidebar's list of this browser's chats: open, rename, delete."""
    with st.sidebar:
        st.button("New chat", icon=":material/add:", on_click=switch_chat, args=(None,), width="stretch")
        chats = store.chats(profile)
        if not chats:
            st.caption("Your chats are kept in this browser and appear here.")
            return
        st.subheader("Your chats")
        for chat in chats:
            current = chat.id == st.session_state.chat_id
            left, right = st.columns([5, 1], vertical_alignment="center")
            if left.button(escape_markdown(chat.title), key=f"chat-open-{chat.id}", width="stretch",
                           type="primary" if current else "tertiary"):
                switch_chat(chat.id, store.load(profile, chat.id))
                st.rerun()
            with right.popover("", icon=":material/more_vert:", key=f"chat-menu-{chat.id}",
                               help="Rename or delete this chat"):
                name = st.text_input("Name", value=chat.title, key=f"chat-name-{chat.id}", max_chars=80)
                if st.button("Rename", key=f"chat-rename-{chat.id}") and store.rename(profile, chat.id, name):
                    st.rerun()
                if st.button("Delete", key=f"chat-delete-{chat.id}", icon=":material/delete:"):
                    store.delete(profile, chat.id)
                    if current:
                        switch_chat(None)
                    st.rerun()


# ---------------------------------------------------------------- filters

def _url_values(name: str) -> list[str]:
    return [v for v in st.query_params.get_all(name) if v]


def _date_or_none(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filter_panel(service: AnswerService) -> SearchFilters | None:
    """Filters in a popover; the active ones as removable chips; all of them kept in the URL."""
    from ..answer.summary import country_counts

    snapshot = service.store.current()
    countries = {code: f"{name} ({count})" for code, name, count in country_counts(snapshot)}
    languages = sorted({a.lang for a in snapshot.articles.listing()})
    if "f_init" not in st.session_state:  # a fresh session: from the URL
        st.session_state.f_init = True
        st.session_state.kept_filters = {
            "countries": [c for c in _url_values("country") if c in countries],
            "languages": [c for c in _url_values("lang") if c in languages],
            "date_from": _date_or_none(st.query_params.get("from")),
            "date_to": _date_or_none(st.query_params.get("to"))}
    kept = st.session_state.kept_filters
    for name, value in kept.items():  # widget state is dropped on other pages: restore it
        st.session_state.setdefault(f"f_{name}", value)
    with st.container(horizontal=True, gap="small", vertical_alignment="center", key="filter-row"):
        with st.popover("Filters", icon=":material/filter_list:", key="filters-menu"):
            st.multiselect("Countries", list(countries), format_func=countries.__getitem__, key="f_countries")
            st.multiselect("Languages", languages, format_func=language_name, key="f_languages")
            st.date_input("From", key="f_date_from")
            st.date_input("To", key="f_date_to")
        for name in kept:
            kept[name] = st.session_state.get(f"f_{name}")
        chips = active_filter_chips(kept)
        if not chips:
            st.caption("Searching all articles")
        for label, name, value in chips:
            st.button(f"{label} ✕", key=f"rm-{name}-{value}", on_click=remove_filter, args=(name, value),
                      help="Remove this filter")
        if len(chips) > 1:
            st.button("Clear filters", key="rm-all", type="tertiary", on_click=clear_filters)
    filters = filters_from(kept)
    write_filters_to_url(filters)
    return filters


def active_filter_chips(kept: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, filter, value) of each active filter, e.g. ("Language: Russian", "languages", "ru")."""
    chips = [(f"Country: {country_name(c)}", "countries", c) for c in kept.get("countries") or []]
    chips += [(f"Language: {language_name(c)}", "languages", c) for c in kept.get("languages") or []]
    for name, word in (("date_from", "From"), ("date_to", "To")):
        if isinstance(kept.get(name), date):
            chips.append((f"{word}: {kept[name].isoformat()}", name, kept[name].isoformat()))
    return chips


def remove_filter(name: str, value: str) -> None:
    key = f"f_{name}"
    current = st.session_state.get(key)
    st.session_state[key] = [v for v in current if v != value] if isinstance(current, list) else None
    st.session_state.kept_filters[name] = st.session_state[key]


def clear_filters() -> None:
    for name in list(st.session_state.kept_filters):
        st.session_state[f"f_{name}"] = [] if name in ("countries", "languages") else None
        st.session_state.kept_filters[name] = st.session_state[f"f_{name}"]


def filters_from(kept: dict[str, Any]) -> SearchFilters | None:
    since, until = kept.get("date_from"), kept.get("date_to")
    filters = SearchFilters(countries=tuple(kept.get("countries") or ()), languages=tuple(kept.get("languages") or ()),
                            date_from=since.isoformat() if isinstance(since, date) else None,
                            date_to=until.isoformat() if isinstance(until, date) else None)
    return None if filters.empty else filters


def write_filters_to_url(filters: SearchFilters | None) -> None:
    for name, param in FILTER_KEYS.items():
        value = getattr(filters, name, None) if filters else None
        values = list(value) if isinstance(value, tuple) else [value] if value else []
        if values:
            if st.query_params.get_all(param) != values:
                st.query_params[param] = values
        elif param in st.query_params:
            del st.query_params[param]


def describe_filters(filters: dict[str, Any] | None) -> str:
    """"Language: Russian; Country: Estonia" for a message's stored filters."""
    if not filters:
        return ""
    kept = {**filters, "date_from": _date_or_none(filters.get("date_from")),
            "date_to": _date_or_none(filters.get("date_to"))}
    return "; ".join(label for label, _, _ in active_filter_chips(kept))


# ---------------------------------------------------------------- answers

def copy_text(message: dict[str, Any]) -> str:
    """The answer as plain text with its numbered sources, for the clipboard (no control or bidi
    characters: the text is pasted into other programs)."""
    lines = [str(message["content"])]
    if message.get("repointed"):
        lines += ["", "Cited to the source that states it (the model cited another):"]
        lines += [f"- {' '.join(str(s).split())}" for s in message["repointed"]]
    citations = message.get("citations") or []
    if citations:
        lines += ["", "Sources:"]
        for c in citations:
            lines.append(f"[{c['n']}] {' '.join(str(c['title']).split())} ({c.get('date') or 'undated'}, "
                         f"{language_name(str(c.get('lang', '')))}) — {c.get('source', '')}")
            lines.append(f"    “{' '.join(str(c.get('quote', '')).split())}”")
    return _CONTROL.sub("", strip_bidi("\n".join(lines)))


def assistant_message(answer: Answer, question: str, filters: SearchFilters | None) -> dict[str, Any]:
    data = answer.to_json()
    return {"role": "assistant", "content": data["answer"], "citations": data["citations"],
            "unsupported": data["unsupported"], "repointed": data.get("repointed", []),
            "notice": answer.notice, "mode": answer.mode,
            "refused": answer.refused, "lang": answer.lang, "direct_answer": data.get("direct_answer"),
            "understood": data.get("understood_as") or (answer.standalone_question
                                                         if answer.standalone_question not in (None, question)
                                                         else None),
            "query": answer.standalone_question or question, "retrieval": retrieval_rows(answer.hits),
            "filters": {k: v for k, v in filters.__dict__.items() if v} if filters else {},
            "id": new_chat_id()}


def save_feedback(service: AnswerService, index: int) -> None:
    from .feedback import record_feedback

    messages = st.session_state.messages
    value = st.session_state.get(f"feedback-{index}")
    if value is None:
        return
    reason = st.session_state.get(f"feedback-reason-{index}") if value == 0 else None
    message = messages[index]
    record_feedback(service.settings.feedback_path, question=messages[index - 1]["content"],
                    answer=message["content"], citations=message.get("citations", []),
                    rating="up" if value == 1 else "down", mode=message.get("mode", service.mode),
                    reason=reason, answer_id=message.get("id"))
    st.toast("Thanks — feedback saved.")


def ask_again(question: str, filters: dict[str, Any] | None) -> None:
    st.session_state.pending = {"question": question, "filters": filters}


def render_assistant(message: dict[str, Any], index: int, service: AnswerService, last: bool) -> None:
    by = (f"the model ({service.settings.model})" if message.get("mode") == "llm"
          else "offline quotes from the articles")
    st.caption(escape_markdown(f"Answered by {by}"))
    if message.get("notice"):
        st.warning(escape_markdown(message["notice"]))
    if message.get("understood"):
        st.caption(escape_markdown(f"Understood as: {message['understood']}"))
    st.html(answer_html(message["content"], message.get("citations", []), f"cite-{index}",
                        lang=str(message.get("lang") or "en"), unsupported=message.get("unsupported") or ()))
    struck = struck_claims(message["content"], message.get("unsupported"))
    if struck:
        st.markdown("**Not shown: not supported by the sources**")
        st.markdown("\n".join(f"- ~~{model_markdown(s)}~~" for s in struck))
    if message.get("repointed"):
        st.markdown("**Cited to the source that states it (the model cited another)**")
        st.markdown("\n".join(f"- {model_markdown(s)}" for s in message["repointed"]))
    question = st.session_state.messages[index - 1]["content"] if index else ""
    filters = message.get("filters") or {}
    if message.get("refused") and filters:
        st.info(escape_markdown(f"Only articles matching your filters were searched ({describe_filters(filters)})."))
        st.button("Search all articles", key=f"search-all-{index}", type="primary", icon=":material/travel_explore:",
                  on_click=ask_again, args=(question, None))
    source_chips(message.get("citations", []), f"cite-{index}", service.store.current().articles)
    with st.container(horizontal=True, gap="small", vertical_alignment="center", key=f"actions-{index}"):
        with st.popover("Copy", icon=":material/content_copy:", key=f"copy-{index}",
                        help="The answer with its sources, ready to copy"):
            st.code(copy_text(message), language=None, wrap_lines=True)
        if not (message.get("refused") and filters):  # then "Search all articles" above is the retry
            st.button("Retry in all articles" if filters else "Retry", key=f"retry-{index}",
                      icon=":material/refresh:", on_click=ask_again, args=(question, None),
                      help="Ask again, as typed, without filters, in all languages")
        st.feedback("thumbs", key=f"feedback-{index}", on_change=save_feedback, args=(service, index))
    if st.session_state.get(f"feedback-{index}") == 0:
        st.pills("What was wrong? (optional)", list(REASONS), format_func=REASONS.__getitem__,
                 key=f"feedback-reason-{index}", on_change=save_feedback, args=(service, index))
    retrieval = message.get("retrieval")
    if retrieval:
        with st.expander("Why this answer"):
            st.caption(escape_markdown("Searched for: " + message.get("query", "")))
            if filters:
                st.caption(escape_markdown("Filters: " + describe_filters(filters)))
            st.dataframe(retrieval, hide_index=True)
    if last and not message.get("refused"):
        snapshot = service.store.current()
        cited = [snapshot.articles[c["article_id"]] for c in message.get("citations", [])
                 if c["article_id"] in snapshot.articles]
        nexts = follow_ups(question, cited, examples(service), message.get("lang", "en"),
                           service.settings.home_country)
        if nexts:
            st.caption("Ask next")
            with st.container(horizontal=True, gap="small", key=f"next-{index}"):
                for k, text in enumerate(nexts):
                    st.button(escape_markdown(text), key=f"next-{index}-{k}", type="tertiary",
                              icon=":material/subdirectory_arrow_right:", on_click=ask_again, args=(text, "same"))


def examples(service: AnswerService) -> list[Example]:
    """Example questions for this index, worked out once per index generation (each is asked
    offline, about 0.1 s, and kept only if answered)."""
    snapshot = service.store.current()
    key = (snapshot.generation, service.settings.home_country)
    kept: dict[Any, list[Example]] = st.session_state.setdefault("examples", {})
    if key not in kept:
        offline = service.offline()

        def cited(question: str) -> list[str] | None:
            answer = offline.ask(question)
            return None if answer.refused else [c.lang for c in answer.citations]

        kept[key] = example_questions(snapshot.articles.listing(), service.settings.home_country, cited)
    return kept[key]


def first_screen(service: AnswerService) -> None:
    st.markdown("Ask in English or Russian; every answer quotes and cites the articles. Try one of these:")
    with st.container(key="examples"):
        for i, example in enumerate(examples(service)):
            st.button(escape_markdown(example.question), key=f"example-{i}", icon=":material/chat_bubble:",
                      help=example.note or None, on_click=ask_again, args=(example.question, "same"))


def answer_with_stream(service: AnswerService, question: str, history: list[tuple[str, str]],
                       filters: SearchFilters | None, keep: Callable[[Answer], None]) -> Answer:
    """Stream the model's tokens while they come (LLM mode), made inert by `model_markdown`
    (st.write_stream would render them as raw Markdown); the checked answer replaces them.
    `keep` stores the checked answer the moment it exists, before any further Streamlit call:
    a question sent meanwhile stops this run at the next such call, and the answer survives."""
    final: list[Answer] = []

    def pieces() -> Iterator[str]:
        for piece in service.stream(question, history=history, filters=filters):
            if isinstance(piece, Answer):
                final.append(piece)
                keep(piece)
            else:
                yield piece

    if service.mode == "llm":
        placeholder = st.empty()
        text = ""
        for piece in pieces():
            text += piece
            placeholder.markdown(model_markdown(text))
        placeholder.empty()
    else:
        with st.spinner("Searching the articles…"):
            for _ in pieces():
                pass
    return final[-1]


def chat_page(service: AnswerService, chat_service: AnswerService, show_error: Callable[[BaseException], None]
              ) -> None:
    st.title("Ask the articles")
    snapshot = service.store.current()
    st.caption(escape_markdown(scope_line(snapshot.articles.listing())))
    profile = browser_profile()
    store = chat_store(service)
    open_chat(store, profile)
    past_chats(store, profile)
    messages: list[dict[str, Any]] = st.session_state.messages
    if messages:
        st.query_params["chat"] = st.session_state.chat_id
    elif "chat" in st.query_params:  # a new chat, or one this browser does not have
        del st.query_params["chat"]
    if not messages:
        first_screen(service)
    else:  # the chips inside answers: their look, and the one constant script that leads to the source
        st.html(CITE_CSS)
        st.html(CITE_SCRIPT, unsafe_allow_javascript=True)
    for index, message in enumerate(messages):
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.text(message["content"])
                if index + 1 == len(messages) or messages[index + 1]["role"] != "assistant":
                    st.caption(UNANSWERED)
            else:
                render_assistant(message, index, service, last=index == len(messages) - 1)
    filters = filter_panel(service)
    limit = service.settings.max_question_chars
    question = st.chat_input("Ask about the articles (English or Russian)", max_chars=limit, key="question")
    pending = st.session_state.pop("pending", None)
    if question:
        ask(service, chat_service, question, filters, store, profile, show_error)
    elif pending:
        wanted = filters if pending["filters"] == "same" else None
        ask(service, chat_service, pending["question"], wanted, store, profile, show_error)
    if st.session_state.messages:
        st.sidebar.download_button("Export the chat (Markdown)", conversation_markdown(st.session_state.messages),
                                   file_name="conversation.md", mime="text/markdown", on_click="ignore",
                                   icon=":material/download:")


def ask(service: AnswerService, chat_service: AnswerService, question: str, filters: SearchFilters | None,
        store: ChatStore, profile: str, show_error: Callable[[BaseException], None]) -> None:
    try:  # before anything costly, and before the question joins the chat
        question = clean_question(question, service.settings.max_question_chars)
    except InvalidQuestionError as err:
        show_error(err)
        return
    messages = st.session_state.messages
    history = [(m["role"], m["content"]) for m in messages]
    messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"):
        def keep(answer: Answer) -> None:
            messages.append(assistant_message(answer, question, filters))
            save_chat(store, profile)

        try:
            answer_with_stream(chat_service, question, history, filters, keep)
        except Exception as err:  # noqa: BLE001 - show_error re-raises what is not a known failure
            if messages[-1]["role"] == "user":
                messages.pop()
            show_error(err)
            return
    st.query_params["chat"] = st.session_state.chat_id
    st.rerun()  # draw the answer with its actions and the list of chats in their places

