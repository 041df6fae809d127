"""Streamlit app over the articles: chat, country page, corpus page, evaluation page.

A thin shell: the library does the work, this renders it. Run with `make run`
(or `streamlit run streamlit_app.py`). Every untrusted string (titles, file names, quotes,
rewritten questions, notices, model output — also while it streams) goes through
`escape_markdown` or `model_markdown` before any Markdown element (captions and expander labels
included), and nothing is rendered as HTML. Errors are one line (`show_error`), never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import streamlit as st

from assistant.answers import Answer
from assistant.chain import AnswerService, build_service
from assistant.errors import IndexNotFoundError
from assistant.search import SearchFilters
from assistant.settings import Settings
from assistant.ui import (
    answer_markdown,
    error_line,
    escape_markdown,
    highlighted_markdown,
    model_markdown,
    password_ok,
    retrieval_rows,
    summary_markdown,
)
from evals.bench_report import show_bench

PAGES = ["Chat", "Country", "Corpus", "Evaluation"]


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
    return run_ingest(service, "Building the index of the bundled articles…") is not None


def run_ingest(service: AnswerService, label: str, uploads: dict[str, bytes] | None = None):  # type: ignore[no-untyped-def]
    from assistant.countries import tag_article
    from assistant.ingest import ingest

    bar = st.progress(0.0, text=label)

    def progress(stage: str, done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=f"{label} {stage} {done}/{total}")

    try:
        report = ingest(service.store, service.embedder, progress=progress, tagger=tag_article, uploads=uploads)
    except Exception as err:  # noqa: BLE001 - show_error re-raises what is not a known failure
        show_error(service, err)
        return None
    finally:
        bar.empty()
    return report


def show_error(service: AnswerService | None, err: BaseException) -> None:
    """One escaped line for a known failure (a domain error, the Chroma server gone); a bug is
    re-raised so it is not hidden."""
    settings = service.settings if service is not None else Settings()
    line = error_line(err, settings.chroma_host, settings.chroma_port)
    if line is None:
        raise err
    st.error(escape_markdown(line))


def render_citations(citations: list[dict], key: str) -> None:
    """Each citation opens its article with the cited passage highlighted."""
    snapshot = get_service().store.current()
    for c in citations:
        label = f"[{c['n']}] " + escape_markdown(f"{c['title']} — {c['date'] or 'undated'}, {c['lang']}")
        with st.expander(label):
            st.caption(escape_markdown(f"Source: {c['source']} · article {c['article_id']}"))
            st.text(c["quote"])
            article = snapshot.articles.get(c["article_id"])
            if article is not None and st.toggle("Show in the article", key=f"{key}-{c['n']}"):
                st.markdown(highlighted_markdown(article.text, c.get("start", 0), c.get("end", 0)))


def answer_with_stream(service: AnswerService, question: str, history: list[tuple[str, str]],
                       filters: SearchFilters | None) -> Answer:
    """Stream the model's tokens while they come (LLM mode), made inert by `model_markdown`
    (st.write_stream would render them as raw Markdown); the checked answer replaces them."""
    final: list[Answer] = []

    def pieces() -> Iterator[str]:
        for piece in service.stream(question, history=history, filters=filters):
            if isinstance(piece, Answer):
                final.append(piece)
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


def sidebar_filters(service: AnswerService) -> SearchFilters | None:
    from assistant.summary import country_counts

    snapshot = service.store.current()
    with st.sidebar.expander("Filters"):
        labels = {f"{name} ({count})": code for code, name, count in country_counts(snapshot)}
        countries = st.multiselect("Countries", list(labels))
        languages = st.multiselect("Languages", sorted({a.lang for a in snapshot.articles.values()}))
        since = st.date_input("From", value=None)
        until = st.date_input("To", value=None)
    filters = SearchFilters(countries=tuple(labels[c] for c in countries), languages=tuple(languages),
                            date_from=since.isoformat() if isinstance(since, date) else None,
                            date_to=until.isoformat() if isinstance(until, date) else None)
    return None if filters.empty else filters


def sidebar(service: AnswerService) -> str:
    with st.sidebar:
        st.header("Articles assistant")
        mode = "Offline extractive answers" if service.mode == "extractive" else f"Model: {service.settings.model}"
        st.markdown(f"**Mode:** {escape_markdown(mode)}")
        stats = service.store.current().stats()
        st.metric("Articles", stats["articles"])
        st.caption(f"{stats['chunks']} passages from {stats['files']} files")
        st.caption("Languages: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["languages"].items())))
        if stats["first_date"]:
            st.caption(f"Dated {stats['first_date']} … {stats['last_date']}")
        return str(st.radio("Page", PAGES, horizontal=True))


def save_feedback(service: AnswerService, index: int) -> None:
    from assistant.feedback import record_feedback

    messages = st.session_state.messages
    value = st.session_state.get(f"feedback-{index}")
    if value is None:
        return
    record_feedback(service.settings.feedback_path, question=messages[index - 1]["content"],
                    answer=messages[index]["content"], citations=messages[index].get("citations", []),
                    rating="up" if value == 1 else "down", mode=messages[index].get("mode", service.mode))
    st.toast("Thanks — feedback saved.")


def render_assistant(message: dict, index: int, service: AnswerService) -> None:
    if message.get("notice"):
        st.warning(escape_markdown(message["notice"]))
    st.markdown(answer_markdown(message["content"], message.get("unsupported")))
    render_citations(message.get("citations", []), key=f"cite-{index}")
    retrieval = message.get("retrieval")
    if retrieval:
        with st.expander("Why this answer"):
            st.caption(escape_markdown("Searched for: " + message.get("query", "")))
            if message.get("filters"):
                st.caption(escape_markdown("Filters: " + message["filters"]))
            st.dataframe(retrieval, hide_index=True)
    st.feedback("thumbs", key=f"feedback-{index}", on_change=save_feedback, args=(service, index))


def chat_page(service: AnswerService) -> None:
    filters = sidebar_filters(service)
    if st.sidebar.button("New chat"):
        st.session_state.messages = []
    st.session_state.setdefault("messages", [])
    for index, message in enumerate(st.session_state.messages):
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.text(message["content"])
            else:
                render_assistant(message, index, service)
    question = st.chat_input("Ask about the articles (English or Russian)")
    if not question:
        return
    history = [(m["role"], m["content"]) for m in st.session_state.messages]
    st.session_state.messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"):
        try:
            answer = answer_with_stream(service, question, history, filters)
        except Exception as err:  # noqa: BLE001 - show_error re-raises what is not a known failure
            st.session_state.messages.pop()
            show_error(service, err)
            return
        data = answer.to_json()
        message = {"role": "assistant", "content": data["answer"], "citations": data["citations"],
                   "unsupported": data["unsupported"], "notice": answer.notice, "mode": answer.mode,
                   "query": answer.standalone_question or question, "retrieval": retrieval_rows(answer.hits),
                   "filters": json.dumps(filters.__dict__, ensure_ascii=False) if filters else ""}
        st.session_state.messages.append(message)
        render_assistant(message, len(st.session_state.messages) - 1, service)


def country_page(service: AnswerService) -> None:
    from assistant.countries import resolve_country
    from assistant.summary import country_counts, summarize

    snapshot = service.store.current()
    labels = {f"{name} ({count})": code for code, name, count in country_counts(snapshot)}
    choice = st.selectbox("Country or organisation", list(labels))
    if not choice:
        return
    country = resolve_country(labels[choice])
    if service.mode == "llm":
        from assistant.llm import make_chat_model
        from assistant.summary import summarize_with_model

        with st.spinner("Summarising every article with the model…"):
            result = summarize_with_model(make_chat_model(service.settings), service.embedder, snapshot, country,
                                          budget_s=service.settings.summary_time_budget)
    else:
        result = summarize(snapshot, country)
    coverage = result["coverage"]
    left, middle, right = st.columns(3)
    left.metric("Articles", coverage["articles"])
    middle.metric("Dated", coverage["articles"] - coverage["undated"])
    right.metric("Undated", coverage["undated"])
    languages = ", ".join(f"{k} {v}" for k, v in coverage["languages"].items())
    st.caption(escape_markdown(f"Period: {coverage['first_date'] or '—'} … {coverage['last_date'] or '—'} "
                               f"· languages: {languages}"))
    if result.get("notice"):
        st.warning(escape_markdown(result["notice"]))
    if result["timeline"]:
        st.caption("Dated articles over time")
        counts: dict[str, int] = {}
        for item in result["timeline"]:
            counts[item["date"]] = counts.get(item["date"], 0) + 1
        st.bar_chart({"articles": counts})
    st.markdown(summary_markdown(result))
    render_citations(result["citations"], key=f"country-{result['code']}")
    st.download_button("Export as Markdown", result["summary"], file_name=f"{result['code']}-relations.md")


def corpus_page(service: AnswerService) -> None:
    from assistant.loaders import SUPPORTED_SUFFIXES, check_uploads

    snapshot = service.store.current()
    if "corpus_notice" in st.session_state:
        st.success(escape_markdown(st.session_state.pop("corpus_notice")))
    search = st.text_input("Search titles, ids and countries")
    rows = [{"id": a.id, "date": a.date, "lang": a.lang, "title": a.title, "countries": ", ".join(a.countries),
             "source": a.source} for a in sorted(snapshot.articles.values(), key=lambda a: (a.date or "", a.id))]
    if search:
        needle = search.lower()
        rows = [r for r in rows if any(needle in str(v).lower() for v in r.values())]
    st.dataframe(rows, hide_index=True)
    st.subheader("Add articles")
    files = st.file_uploader("Upload files", accept_multiple_files=True,
                             type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES])
    if files and st.button("Ingest uploaded files"):
        uploads = {f.name: f.getvalue() for f in files}
        problems = check_uploads(uploads)
        if problems:
            for name, reason in problems:
                st.error(escape_markdown(f"{name}: {reason}"))
            st.info("Nothing was changed. Fix or remove these files and upload again.")
            return
        report = run_ingest(service, "Adding articles…", uploads=uploads)
        if report is not None:
            st.session_state.corpus_notice = f"Index updated: {report.summary()}"
            st.rerun()  # show the new articles in the table above


def evaluation_page(service: AnswerService) -> None:
    folder = service.settings.reports_dir
    show_bench(folder)  # the latest `make bench` report, when there is one (evals/bench_report.py)
    reports = sorted((p for p in folder.glob("*.json") if not p.name.startswith("bench-")),
                     key=lambda p: p.stat().st_mtime, reverse=True) if folder.exists() else []
    if not reports:
        st.info("No evaluation report yet. Run `make eval` or `make xquad`.")
        return
    latest = json.loads(reports[0].read_text(encoding="utf-8"))
    config = ", ".join(f"{k}={v}" for k, v in latest.get("config", {}).items())
    st.caption(escape_markdown(f"{reports[0].name} · {config}"))
    metrics = latest.get("metrics", {})
    if latest.get("kind") == "reference":
        st.dataframe([metrics.get("overall", {})], hide_index=True)
        st.dataframe([{"kind": k, **v} for k, v in metrics.get("by_kind", {}).items()], hide_index=True)
        st.subheader(f"Failing cases ({len(latest.get('failures', []))})")
        st.dataframe([{k: f[k] for k in ("id", "kind", "question", "refused")} for f in latest.get("failures", [])],
                     hide_index=True)
    else:
        st.dataframe([{"direction": d, "retriever": r, **row}
                      for d, rows in metrics.items() for r, row in rows.items()], hide_index=True)


def gate(settings: Settings) -> bool:
    """With ASSISTANT_APP_PASSWORD set, ask for it before anything else."""
    if settings.app_password is None or st.session_state.get("authenticated"):
        return True
    given = st.text_input("Password", type="password")
    if given:
        if password_ok(given, settings.app_password.get_secret_value()):
            st.session_state.authenticated = True
            st.rerun()
        st.error("Wrong password.")
    return False


def main() -> None:
    st.set_page_config(page_title="Articles assistant", page_icon="📰")
    if not gate(Settings()):
        st.stop()
    service = get_service()
    try:
        ready = ensure_index(service)
    except Exception as err:  # noqa: BLE001 - e.g. the Chroma server is down: one line, retried next rerun
        show_error(service, err)
        ready = False
    if not ready:
        st.stop()
    try:
        page = sidebar(service)
        pages = {"Chat": chat_page, "Country": country_page, "Corpus": corpus_page, "Evaluation": evaluation_page}
        pages[page](service)
    except Exception as err:  # noqa: BLE001 - show_error re-raises what is not a known failure
        show_error(service, err)


main()
