"""Streamlit chat over the articles. A thin shell: the library does the work, this renders it.

Run with `make run` (or `streamlit run streamlit_app.py`).
"""

from __future__ import annotations

from collections.abc import Iterator

import streamlit as st

from assistant.answers import Answer
from assistant.chain import AnswerService, build_service
from assistant.errors import AssistantError, IndexNotFoundError
from assistant.settings import Settings
from assistant.ui import answer_markdown, escape_markdown


@st.cache_resource(show_spinner="Loading the embedder and the index…")
def get_service() -> AnswerService:
    return build_service(Settings())


def ensure_index(service: AnswerService) -> bool:
    """Build the index with a visible progress bar when there is none yet."""
    try:
        service.store.current()
        return True
    except IndexNotFoundError:
        pass
    from assistant.countries import tag_article
    from assistant.ingest import ingest

    bar = st.progress(0.0, text="Building the index of the bundled articles…")

    def progress(stage: str, done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=f"Building the index: {stage} {done}/{total}")

    try:
        report = ingest(service.store, service.embedder, progress=progress, tagger=tag_article)
    except AssistantError as err:
        st.error(err.user_message())
        return False
    bar.empty()
    st.toast(f"Indexed {report.articles} articles.")
    return True


def render_citations(citations: list[dict]) -> None:
    for c in citations:
        label = f"[{c['n']}] {c['title']} — {c['date'] or 'undated'}, {c['lang']}"
        with st.expander(label):
            st.caption(f"Source: {c['source']} · article {c['article_id']}")
            st.text(c["quote"])


def answer_with_stream(service: AnswerService, question: str, history: list[tuple[str, str]]) -> Answer:
    """Stream the model's tokens while they come (LLM mode); the checked answer replaces them."""
    final: list[Answer] = []

    def pieces() -> Iterator[str]:
        for piece in service.stream(question, history=history):
            if isinstance(piece, Answer):
                final.append(piece)
            else:
                yield piece

    if service.mode == "llm":
        placeholder = st.empty()
        with placeholder.container():
            st.write_stream(pieces())
        placeholder.empty()
    else:
        with st.spinner("Searching the articles…"):
            for _ in pieces():
                pass
    return final[-1]


def sidebar(service: AnswerService) -> None:
    with st.sidebar:
        st.header("Articles assistant")
        mode = "Offline extractive answers" if service.mode == "extractive" else f"Model: {service.settings.model}"
        st.markdown(f"**Mode:** {escape_markdown(mode)}")
        try:
            stats = service.store.current().stats()
        except AssistantError as err:
            st.warning(err.user_message())
            return
        st.metric("Articles", stats["articles"])
        st.caption(f"{stats['chunks']} passages from {stats['files']} files")
        st.caption("Languages: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["languages"].items())))
        if stats["first_date"]:
            st.caption(f"Dated {stats['first_date']} … {stats['last_date']}")
        if st.button("New chat"):
            st.session_state.messages = []
            st.rerun()


def country_page(service: AnswerService) -> None:
    from assistant.countries import resolve_country
    from assistant.summary import country_counts, summarize

    snapshot = service.store.current()
    counts = country_counts(snapshot)
    labels = {f"{name} ({count})": code for code, name, count in counts}
    choice = st.selectbox("Country or organisation", list(labels))
    if not choice:
        return
    result = summarize(snapshot, resolve_country(labels[choice]))
    st.markdown(escape_markdown(result["summary"]).replace("\n", "  \n"))
    render_citations(result["citations"])
    st.download_button("Export as Markdown", result["summary"], file_name=f"{result['code']}-relations.md")


def main() -> None:
    st.set_page_config(page_title="Articles assistant", page_icon="📰")
    service = get_service()
    if not ensure_index(service):
        st.stop()
    sidebar(service)
    page = st.sidebar.radio("Page", ["Chat", "Country"], horizontal=True)
    if page == "Country":
        country_page(service)
        return
    st.session_state.setdefault("messages", [])
    for message in st.session_state.messages:
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.text(message["content"])
            else:
                st.markdown(answer_markdown(message["content"], message.get("unsupported")))
                render_citations(message.get("citations", []))
    question = st.chat_input("Ask about the articles (English or Russian)")
    if not question:
        return
    history = [(m["role"], m["content"]) for m in st.session_state.messages]
    st.session_state.messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"):
        try:
            answer = answer_with_stream(service, question, history)
        except AssistantError as err:
            st.error(err.user_message())
            st.session_state.messages.pop()
            return
        data = answer.to_json()
        if answer.notice:
            st.warning(answer.notice)
        st.markdown(answer_markdown(data["answer"], data["unsupported"]))
        render_citations(data["citations"])
        st.session_state.messages.append({"role": "assistant", "content": data["answer"],
                                          "citations": data["citations"], "unsupported": data["unsupported"]})


main()
