"""Streamlit app over the articles: chat, country page, corpus page, evaluation page.

A thin shell: the library does the work, this renders it. Run with `make run`
(or `streamlit run streamlit_app.py`). Every untrusted string (titles, file names, quotes,
rewritten questions, notices, model output — also while it streams) goes through
`escape_markdown` or `model_markdown` before any Markdown element (captions and expander labels
included), and nothing is rendered as HTML. Errors are one line (`show_error`), never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

# pandas is imported whole before any widget exists. Altair reads sys.modules["pandas"] without
# the import lock; when a click reruns the page, Streamlit starts the new run while the old one is
# still stopping, and if the old one was importing pandas (the first table), the new run's chart
# met a "partially initialized module 'pandas'" (seen on the Country page of a fresh server).
import pandas  # noqa: F401
import streamlit as st

from assistant.answers import Answer
from assistant.bench_view import show_bench
from assistant.chain import AnswerService, build_service
from assistant.charts import MAP_SELECTION, TIMELINE_SELECTION, metrics_chart, partner_map, selected, timeline_chart
from assistant.countries import Country
from assistant.errors import EvaluationBusyError, IndexNotFoundError, InvalidQuestionError
from assistant.export import conversation_markdown, summary_json, summary_markdown_export
from assistant.sanitize import clean_question, strip_bidi
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


def render_citations(citations: list[dict], key: str, expanded: bool = False) -> None:
    """Each citation opens its article with the cited passage highlighted."""
    snapshot = get_service().store.current()
    for c in citations:
        label = f"[{c['n']}] " + escape_markdown(f"{c['title']} — {c['date'] or 'undated'}, {c['lang']}")
        with st.expander(label, expanded=expanded):
            st.caption(escape_markdown(f"Source: {c['source']} · article {c['article_id']}"))
            st.text(strip_bidi(c["quote"]))  # shown as text, in the order it is stored
            article = snapshot.articles.get(c["article_id"])
            if article is not None and st.toggle("Show in the article", key=f"{key}-{c['n']}"):
                st.markdown(highlighted_markdown(article.text, c.get("start", 0), c.get("end", 0)))


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


def chat_service(service: AnswerService) -> AnswerService:
    """The service this chat answers with: the model's, unless the user turned it off (sidebar)."""
    if service.mode == "llm" and not st.session_state.get("use_model", True):
        return service.offline()
    return service


def mode_label(mode: str, settings: Settings) -> str:
    return f"Model: {settings.model}" if mode == "llm" else "Offline extractive answers (quotes from the articles)"


def sidebar(service: AnswerService) -> str:
    with st.sidebar:
        st.header("Articles assistant")
        if service.mode == "llm":
            st.toggle("Answer with the model", value=True, key="use_model",
                      help="Off: answers quote the articles offline, without the model (this chat only).")
        st.markdown(f"**Mode:** {escape_markdown(mode_label(chat_service(service).mode, service.settings))}")
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
    by = f"the model ({service.settings.model})" if message.get("mode") == "llm" else "offline quotes from the articles"
    st.caption(escape_markdown(f"Answered by {by}"))
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


UNANSWERED = "No answer: a new question was sent before this one was answered."


def assistant_message(answer: Answer, question: str, filters: SearchFilters | None) -> dict:
    data = answer.to_json()
    return {"role": "assistant", "content": data["answer"], "citations": data["citations"],
            "unsupported": data["unsupported"], "notice": answer.notice, "mode": answer.mode,
            "query": answer.standalone_question or question, "retrieval": retrieval_rows(answer.hits),
            "filters": json.dumps(filters.__dict__, ensure_ascii=False) if filters else ""}


def chat_page(service: AnswerService) -> None:
    filters = sidebar_filters(service)
    if st.sidebar.button("New chat"):
        st.session_state.messages = []
    st.session_state.setdefault("messages", [])
    messages = st.session_state.messages
    for index, message in enumerate(messages):
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.text(message["content"])
                if index + 1 == len(messages) or messages[index + 1]["role"] != "assistant":
                    st.caption(UNANSWERED)
            else:
                render_assistant(message, index, service)
    question = st.chat_input("Ask about the articles (English or Russian)")
    if question:
        ask(service, question, filters)
    if messages:
        st.sidebar.download_button("Export the chat (Markdown)", conversation_markdown(messages),
                                   file_name="conversation.md", mime="text/markdown", on_click="ignore")


def ask(service: AnswerService, question: str, filters: SearchFilters | None) -> None:
    try:  # before anything costly, and before the question joins the chat
        question = clean_question(question, service.settings.max_question_chars)
    except InvalidQuestionError as err:
        show_error(service, err)
        return
    messages = st.session_state.messages
    history = [(m["role"], m["content"]) for m in messages]
    messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"):
        def keep(answer: Answer) -> None:
            messages.append(assistant_message(answer, question, filters))

        try:
            answer_with_stream(chat_service(service), question, history, filters, keep)
        except Exception as err:  # noqa: BLE001 - show_error re-raises what is not a known failure
            if messages[-1]["role"] == "user":
                messages.pop()
            show_error(service, err)
            return
        render_assistant(messages[-1], len(messages) - 1, service)


def partner_map_section(partners: list[tuple[str, str, int]], home: str) -> None:
    """The world map of partners; a click on a country selects it in the list below (only a new
    click: the chart keeps its selection across reruns, and the list must stay free to change)."""
    from assistant.countries import country_name
    from assistant.geo import map_features, world_outlines

    counts = {code: count for code, _, count in partners}
    names = {code: country_name(code) for code in world_outlines()}
    event = st.altair_chart(partner_map(map_features(counts, names, home)), width="stretch", on_select="rerun",
                            key="partner-map")
    code = selected(event, MAP_SELECTION, "code")
    if code != st.session_state.get("map-choice"):
        st.session_state["map-choice"] = code
        if code in counts:
            st.session_state["partner"] = code
        elif code == home:
            st.info(escape_markdown(f"{names.get(code, code)} is the home country: every article is about it."))
        elif code:
            st.info(escape_markdown(f"No article covers {names.get(code, code)}."))
    unmapped = [f"{name} ({count})" for code, name, count in partners if code not in names]
    if unmapped:
        st.caption(escape_markdown("Not on the map: " + ", ".join(unmapped)))


def timeline_section(result: dict) -> None:
    """Dated articles on a time axis; a click on a point opens that article below the chart."""
    if not result["timeline"]:
        return
    st.caption("Dated articles over time (hover for the event, click to open the article)")
    event = st.altair_chart(timeline_chart(result), width="stretch", on_select="rerun",
                            key=f"timeline-{result['code']}")
    n = selected(event, TIMELINE_SELECTION, "n")
    cited = [c for c in result["citations"] if c["n"] == n]
    if cited:
        render_citations(cited, key=f"timeline-{result['code']}-open", expanded=True)


def country_summary(service: AnswerService, generation: int, country: Country) -> dict:
    """The summary of one partner, kept for this session until the index changes: a click on the
    map or the timeline reruns the page, and must not run the model's map-reduce again."""
    from assistant.summary import summarize

    key = (country.code, generation, service.mode, service.settings.home_country)
    kept = st.session_state.setdefault("summaries", {})
    if key not in kept:
        snapshot, home = service.store.current(), service.settings.home_country
        if service.mode == "llm":
            from assistant.llm import make_chat_model
            from assistant.summary import summarize_with_model

            with st.spinner("Summarising every article with the model…"):
                kept[key] = summarize_with_model(make_chat_model(service.settings), service.embedder, snapshot,
                                                 country, budget_s=service.settings.summary_time_budget, home=home)
        else:
            kept[key] = summarize(snapshot, country, home=home)
    return dict(kept[key])


def country_page(service: AnswerService) -> None:
    from assistant.countries import resolve_country
    from assistant.summary import country_counts

    snapshot = service.store.current()
    home = service.settings.home_country
    partners = [row for row in country_counts(snapshot) if row[0] != home]
    if not partners:
        st.info("No partner country or organisation is tagged in the articles yet.")
        return
    labels = {code: f"{name} ({count})" for code, name, count in partners}
    if st.session_state.get("partner") not in labels:  # first visit, or gone after an ingest
        st.session_state["partner"] = partners[0][0]
    partner_map_section(partners, home)
    code = st.selectbox("Partner country or organisation", list(labels), format_func=labels.__getitem__,
                        key="partner")
    result = country_summary(chat_service(service), snapshot.generation, resolve_country(code))
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
    timeline_section(result)
    st.markdown(summary_markdown(result))
    render_citations(result["citations"], key=f"country-{result['code']}")
    left, right = st.columns(2)
    left.download_button("Export as Markdown", summary_markdown_export(result),
                         file_name=f"{result['code']}-relations.md", mime="text/markdown", on_click="ignore")
    right.download_button("Export as JSON", summary_json(result), file_name=f"{result['code']}-relations.json",
                          mime="application/json", on_click="ignore")


def corpus_page(service: AnswerService) -> None:
    from assistant.loaders import SUPPORTED_SUFFIXES, check_uploads

    snapshot = service.store.current()
    if "corpus_notice" in st.session_state:
        st.success(escape_markdown(st.session_state.pop("corpus_notice")))
    search = st.text_input("Search titles, ids and countries")
    rows = [{"id": a.id, "date": a.date, "lang": a.lang, "title": strip_bidi(a.title),
             "countries": ", ".join(a.countries), "source": a.source}
            for a in sorted(snapshot.articles.values(), key=lambda a: (a.date or "", a.id))]
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


def evaluation_run_section(service: AnswerService) -> None:
    """Run the reference evaluation from the page, one run at a time across all sessions."""
    from evals.runner import is_running, run_reference_eval

    st.subheader("Reference evaluation")
    left, right = st.columns(2, vertical_alignment="bottom")
    limit = left.number_input("Questions (0: all)", min_value=0, value=0, step=10, key="eval-limit")
    clicked = right.button("Run the evaluation", key="eval-run")
    if is_running():
        st.info("An evaluation is running now; its report appears here when it finishes.")
    if not clicked:
        return
    bar = st.progress(0.0, text="Evaluating…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Evaluating… {done}/{total} questions")

    try:
        path = run_reference_eval(service, service.settings, int(limit), on_case=progress)
    except EvaluationBusyError as err:
        st.warning(escape_markdown(err.user_message()))
        return
    finally:
        bar.empty()
    st.success(escape_markdown(f"Report written: {path.name}"))


def evaluation_history_section(service: AnswerService) -> None:
    """Headline metrics across the reference reports, oldest to newest: a drop shows at a glance."""
    from evals.history import HEADLINE_METRICS, headline_history

    rows, skipped = headline_history(service.settings.reports_dir)
    if rows:
        st.subheader("Headline metrics across reference runs")
        st.altair_chart(metrics_chart(rows, HEADLINE_METRICS), width="stretch")
    if skipped:
        st.caption(escape_markdown("Unreadable reports left out: " + ", ".join(skipped)))


def evaluation_page(service: AnswerService) -> None:
    evaluation_run_section(service)
    evaluation_history_section(service)
    folder = service.settings.reports_dir
    show_bench(folder)  # the latest `make bench` report, when there is one (assistant/bench_view.py)
    latest_by_kind: dict[str, Path] = {}
    for path in sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime) if folder.exists() else []:
        latest_by_kind[path.name.split("-", 1)[0]] = path  # reference-, xquad-, llm-, claims-, bench-<stamp>.json
    latest_by_kind.pop("bench", None)  # shown above
    if not latest_by_kind:
        st.info("No evaluation report yet. Run `make eval` or `make xquad`.")
        return
    for kind, path in sorted(latest_by_kind.items(), key=lambda item: -item[1].stat().st_mtime):
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            st.warning(escape_markdown(f"{path.name} is unreadable ({err}); run the evaluation again."))
            continue
        show_report(kind, path.name, report)


def show_report(kind: str, name: str, report: dict) -> None:
    """The latest report of one kind: reference Q&A, XQuAD, LLM mode, or the answer check's claims."""
    titles = {"reference": "Reference Q&A", "xquad": "XQuAD retrieval", "llm": "LLM mode",
              "claims": "Answer check on labelled claims"}
    st.subheader(titles.get(kind, kind))
    config = ", ".join(f"{k}={v}" for k, v in report.get("config", {}).items())
    st.caption(escape_markdown(f"{name} · {config}"))
    metrics = report.get("metrics", {})
    if kind == "reference":
        st.dataframe([metrics.get("overall", {})], hide_index=True)
        st.dataframe([{"kind": k, **v} for k, v in metrics.get("by_kind", {}).items()], hide_index=True)
        st.markdown(f"**Failing cases ({len(report.get('failures', []))})**")
        st.dataframe([{k: f[k] for k in ("id", "kind", "question", "refused")} for f in report.get("failures", [])],
                     hide_index=True)
    elif kind == "xquad":
        st.dataframe([{"direction": d, "retriever": r, **row}
                      for d, rows in metrics.items() if isinstance(rows, dict)
                      for r, row in rows.items() if isinstance(row, dict)], hide_index=True)
    elif kind == "llm":
        st.dataframe([{k: v for k, v in metrics.items() if k != "verdicts"}], hide_index=True)
        st.dataframe([{"verdict": k, "answers": v} for k, v in metrics.get("verdicts", {}).items()], hide_index=True)
    elif kind == "claims":
        st.dataframe([{"check": "verdict", **report.get("verdict", {})}]
                     + [{"check": r.get("rule", ""), **r} for r in report.get("rules", [])], hide_index=True)


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
