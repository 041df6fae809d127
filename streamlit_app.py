"""Streamlit app over the articles: chat, country page, corpus page, evaluation page.

A thin shell: the library does the work, this renders it. Run with `make run`
(or `streamlit run streamlit_app.py`). Pages are in the top navigation (`st.navigation`), each
with its own URL; the chat lives in assistant/app/chat.py, source chips and the source dialog in
assistant/app/sources.py. Every untrusted string (titles, file names, quotes, rewritten
questions, notices, model output — also while it streams) goes through `escape_markdown` or
`model_markdown` before any Markdown element, or `html.escape` before `st.html`
(assistant/app/html_parts.py). Errors are one line in plain words (`show_error`), never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

# pandas is imported whole before any widget exists. Altair reads sys.modules["pandas"] without
# the import lock; when a click reruns the page, Streamlit starts the new run while the old one is
# still stopping, and if the old one was importing pandas (the first table), the new run's chart
# met a "partially initialized module 'pandas'" (seen on the Country page of a fresh server).
import pandas  # noqa: F401
import streamlit as st

from assistant.answer.chain import AnswerService
from assistant.api.client import RemoteService, service_for_app
from assistant.app.bench_view import show_bench
from assistant.app.charts import MAP_SELECTION, TIMELINE_SELECTION, metrics_chart, partner_map, selected, timeline_chart
from assistant.app.chat import chat_page
from assistant.app.export import summary_json, summary_markdown_export
from assistant.app.sources import source_chips
from assistant.app.summary_render import app_summary, citation_objects
from assistant.app.ui import error_line, escape_markdown, password_ok, plain_words
from assistant.core.errors import ConfigError, EvaluationBusyError, IndexNotFoundError
from assistant.core.records import CountrySummary
from assistant.core.sanitize import strip_bidi
from assistant.core.settings import Settings, load_settings
from assistant.language.countries import Country


def release_service(service: object) -> None:
    """A cleared service lets go of its connection to the API."""
    if isinstance(service, RemoteService):
        service.close()


@st.cache_resource(show_spinner="Loading the embedder and the index…", on_release=release_service)
def get_service() -> AnswerService | RemoteService:
    """The index loaded in this process, or, with ASSISTANT_API_URL, the client of a running
    `assistant serve` (the app then loads no index and no embedder: the API's workers answer)."""
    return service_for_app(load_settings())


def ensure_index(service: AnswerService | RemoteService) -> bool:
    """Build the index with a visible progress bar when there is none yet (an API's index is
    built on its server: its error says so)."""
    try:
        service.store.current()
        return True
    except IndexNotFoundError:
        if isinstance(service, RemoteService):
            raise
    return run_ingest(service, "Building the index of the bundled articles…") is not None


def run_ingest(service: AnswerService, label: str, uploads: dict[str, bytes] | None = None):  # type: ignore[no-untyped-def]
    from assistant.index.ingest import ingest
    from assistant.language.countries import tag_article

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
    settings = service.settings if service is not None else load_settings()
    line = error_line(err, settings.chroma_host, settings.chroma_port)
    if line is None:
        raise err
    st.error(escape_markdown(plain_words(line)))


def map_choice(partners: list[tuple[str, str, int]], home: str) -> None:
    """A new click on the map (read from the chart's state before anything is drawn) chooses the
    partner in the list; the chart keeps its selection across reruns, so only a change counts."""
    from assistant.language.countries import country_name

    code = selected(st.session_state.get("partner-map"), MAP_SELECTION, "code")
    if code == st.session_state.get("map-choice"):
        return
    st.session_state["map-choice"] = code
    counts = {c: n for c, _, n in partners}
    if code in counts:
        st.session_state["partner"] = code
        st.session_state["scroll-to-summary"] = True
    elif code == home:
        st.info(escape_markdown(f"{country_name(code)} is the home country: every article is about it."))
    elif code:
        st.info(escape_markdown(f"No article covers {country_name(code)}."))


# Constant JavaScript (no data in it): after a click on the map, the page scrolls to the chosen
# partner's summary (below the map, it changed out of sight), its heading clear of the top bar; once
# more when the rest of the page is drawn (the first scroll stops short while the page is shorter).
# A comment, not a docstring: Streamlit would print a bare string in this script on the page.
SUMMARY_KEY = "country-summary"
SCROLL_TO_SUMMARY = ("<script>[300, 1200].forEach(t => setTimeout(() => {"
                     " const h = document.querySelector('.st-key-" + SUMMARY_KEY + "');"
                     " if (h) { h.style.scrollMarginTop = '5rem'; h.scrollIntoView({block: 'start'}); } }, t));"
                     "</script>")


def partner_map_section(partners: list[tuple[str, str, int]], home: str, chosen: str) -> None:
    """The world map of partners, the chosen one outlined; a click chooses a partner (`map_choice`)."""
    from assistant.language.countries import country_name
    from assistant.language.geo import map_features, world_outlines

    counts = {code: count for code, _, count in partners}
    names = {code: country_name(code) for code in world_outlines()}
    st.altair_chart(partner_map(map_features(counts, names, home), chosen), width="stretch", on_select="rerun",
                    key="partner-map")
    unmapped = [f"{name} ({count})" for code, name, count in partners if code not in names]
    if unmapped:
        st.caption(escape_markdown("Not on the map: " + ", ".join(unmapped)))


def timeline_section(summary: CountrySummary) -> None:
    """Dated articles on a time axis; a click on a point opens that article below the chart."""
    if not summary.timeline:
        return
    st.caption("Dated articles over time (hover for the event, click to open the article)")
    event = st.altair_chart(timeline_chart(summary), width="stretch", on_select="rerun",
                            key=f"timeline-{summary.code}")
    n = selected(event, TIMELINE_SELECTION, "n")
    key = f"timeline-{summary.code}-open"
    if n != st.session_state.get(f"{key}-last"):  # a new click opens the article (once)
        st.session_state[f"{key}-last"] = n
        positions = [i for i, c in enumerate(summary.citations) if c.n == n]
        if positions:
            from assistant.app.sources import source_dialog

            st.session_state[key] = positions[0]
            source_dialog(citation_objects(summary), key, get_service().store.current().articles)


def country_summary(service: AnswerService | RemoteService, generation: int, country: Country) -> CountrySummary:
    """The summary of one partner, kept for this session until the index changes: a click on the
    map or the timeline reruns the page, and must not run the model's map-reduce again."""
    from assistant.answer.summary import summarize

    key = (country.code, generation, service.mode, service.settings.home_country)
    kept = st.session_state.setdefault("summaries", {})
    if key not in kept:
        home = service.settings.home_country
        if isinstance(service, RemoteService):
            with st.spinner("Summarising…"):
                kept[key] = service.country_summary(country.code)
        elif service.mode == "llm":
            snapshot = service.store.current()
            from assistant.answer.llm import make_chat_model
            from assistant.answer.summary_model import summarize_with_model

            with st.spinner("Summarising every article with the model…"):
                kept[key] = summarize_with_model(make_chat_model(service.settings), service.embedder, snapshot,
                                                 country, budget_s=service.settings.summary_time_budget, home=home)
        else:
            kept[key] = summarize(service.store.current(), country, home=home)
    summary: CountrySummary = kept[key]
    return summary


def country_page(service: AnswerService) -> None:
    from assistant.answer.summary import country_counts
    from assistant.language.countries import country_name, resolve_country
    from assistant.language.geo import world_outlines

    snapshot = service.store.current()
    home = service.settings.home_country
    st.title(f"{country_name(home)} and its partners")
    partners = [row for row in country_counts(snapshot) if row[0] != home]
    if not partners:
        st.info("No partner country or organisation is tagged in the articles yet.")
        return
    top = ", ".join(f"{name} ({count})" for _, name, count in partners[:3])
    st.caption(escape_markdown(f"{len(snapshot.articles)} articles name {len(partners)} partner countries and "
                               f"organisations; the most covered: {top}. Choose one in the list or on the map."))
    labels = {code: f"{name} ({count})" for code, name, count in partners}
    if "partner" not in st.session_state or st.session_state.get("partner") not in labels:
        wanted = st.query_params.get("partner")  # a shared link names its partner
        on_map = [code for code, _, _ in partners if code in world_outlines()]
        st.session_state["partner"] = wanted if wanted in labels else (on_map or [partners[0][0]])[0]
    map_choice(partners, home)
    code = st.selectbox("Partner country or organisation", list(labels), format_func=labels.__getitem__,
                        key="partner")
    if st.query_params.get("partner") != code:
        st.query_params["partner"] = code
    partner_map_section(partners, home, code)
    summary = country_summary(chat_service(service), snapshot.generation, resolve_country(code))
    with st.container(horizontal=True, vertical_alignment="center", gap="small", key=SUMMARY_KEY):
        st.header(escape_markdown(f"{country_name(home)} – {country_name(code)}"), width="stretch")
        st.download_button("Export as Markdown", summary_markdown_export(summary),
                           file_name=f"{summary.code}-relations.md", mime="text/markdown", on_click="ignore",
                           icon=":material/download:")
        st.download_button("Export as JSON", summary_json(summary), file_name=f"{summary.code}-relations.json",
                           mime="application/json", on_click="ignore", icon=":material/download:")
    if st.session_state.pop("scroll-to-summary", False):  # a map click: show the summary it chose
        st.html(SCROLL_TO_SUMMARY, unsafe_allow_javascript=True)
    coverage = summary.coverage
    left, middle, right = st.columns(3)
    left.metric("Articles", coverage.articles)
    middle.metric("Dated", coverage.articles - coverage.undated)
    right.metric("Undated", coverage.undated)
    languages = ", ".join(f"{k} {v}" for k, v in coverage.languages.items())
    st.caption(escape_markdown(f"Period: {coverage.first_date or '—'} … {coverage.last_date or '—'} "
                               f"· languages: {languages}"))
    if summary.notice:
        st.warning(escape_markdown(summary.notice))
    timeline_section(summary)
    themes_folded(summary)
    st.caption("Sources")
    source_chips(citation_objects(summary), f"country-{summary.code}", snapshot.articles)


THEME_ITEMS = 3


def themes_folded(summary: CountrySummary) -> None:
    """The summary with each theme's list folded to its first three items ("show all" for the rest).
    Quotes are HTML lists so that each is marked with its article's language."""
    from assistant.app.html_parts import quote_list_html
    from assistant.app.sources import strip_agency

    view = app_summary(summary, strip_agency)
    if view.empty is not None:
        st.markdown(view.empty)
        return
    st.markdown("### Timeline")
    if view.timeline:
        st.html(quote_list_html(view.timeline))
    if view.undated:
        st.markdown("*Undated:*")
        st.html(quote_list_html(view.undated))
    st.markdown("### Themes")
    if view.briefing is not None:
        st.markdown(view.briefing)
        return
    for theme in view.themes:
        st.markdown(f"**{escape_markdown(theme.name.capitalize())}**")
        st.html(quote_list_html(theme.items[:THEME_ITEMS]))
        if len(theme.items) > THEME_ITEMS:
            with st.expander(f"Show all {len(theme.items)} on {theme.name}"):
                st.html(quote_list_html(theme.items[THEME_ITEMS:]))


def corpus_page(service: AnswerService) -> None:
    from assistant.app.html_parts import article_html
    from assistant.app.scope import language_name, scope_line
    from assistant.language.loaders import SUPPORTED_SUFFIXES, check_uploads

    st.title("Articles in the index")
    snapshot = service.store.current()
    st.caption(escape_markdown(scope_line(snapshot.articles.listing())))
    if "corpus_notice" in st.session_state:
        st.success(escape_markdown(st.session_state.pop("corpus_notice")))
    new = set(st.session_state.get("new_articles", ()))
    search = st.text_input("Search titles, ids and countries")
    ordered = sorted(snapshot.articles.listing(), key=lambda a: (a.id not in new, a.date or "", a.id))
    rows = [{"title": strip_bidi(a.title), "date": a.date or "undated", "language": language_name(a.lang),
             "countries": ", ".join(a.countries), "new": "new" if a.id in new else "", "id": a.id,
             "file": a.source} for a in ordered]
    if search:
        needle = search.lower()
        rows = [r for r in rows if any(needle in str(v).lower() for v in r.values())]
    st.dataframe(rows, hide_index=True, column_config={"title": st.column_config.TextColumn(width="large")})
    shown = [r["id"] for r in rows]
    if shown:
        listed = {a.id: a for a in ordered}  # titles and dates, without fetching any text (the API's app)
        chosen = st.selectbox("Read an article", shown, index=None, placeholder="Choose an article to read",
                              format_func=lambda i: f"{strip_bidi(listed[i].title)[:90]} "
                                                    f"({listed[i].date or 'undated'})")
        if chosen:
            article = snapshot.articles[chosen]
            st.subheader(escape_markdown(strip_bidi(article.title)))
            st.caption(escape_markdown(f"{article.date or 'undated'} · {language_name(article.lang)} · "
                                       f"file {article.source}" + (f" · {article.url}" if article.url else "")))
            st.html(article_html(article.text, 0, 0, article.lang))
    st.header("Add articles")
    if isinstance(service, RemoteService):
        st.info("This app answers through the assistant's API: articles are added on its server "
                "(`assistant ingest`), and the list above follows the index it serves.")
        return
    files = st.file_uploader("Upload files", accept_multiple_files=True,
                             type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES])
    if files and st.button("Add to the index"):
        uploads = {f.name: f.getvalue() for f in files}
        problems = check_uploads(uploads)
        if problems:
            for name, reason in problems:
                st.error(escape_markdown(f"{name}: {reason}"))
            st.info("Nothing was changed. Fix or remove these files and upload again.")
            return
        before = set(snapshot.articles)
        report = run_ingest(service, "Adding articles…", uploads=uploads)
        if report is not None:
            after = service.store.current().articles
            added = [after[i] for i in sorted(set(after) - before)]
            st.session_state.new_articles = [a.id for a in added]
            st.session_state.corpus_notice = added_notice(added, len(after))
            st.rerun()  # show the new articles at the top of the table


def added_notice(added: list, total: int) -> str:  # type: ignore[type-arg]
    """What an upload did, in plain words: which articles were added (by title)."""
    if not added:
        return f"No new article: the files hold articles already in the index ({total} articles)."
    titles = "; ".join(f"“{' '.join(strip_bidi(a.title).split())[:80]}”" for a in added[:5])
    more = f" and {len(added) - 5} more" if len(added) > 5 else ""
    noun = "article" if len(added) == 1 else "articles"
    return f"Added {len(added)} {noun}: {titles}{more}. The index now holds {total} articles; new ones are marked."


def evaluation_run_section(service: AnswerService) -> None:
    """Run the reference evaluation from the page, one run at a time across all sessions."""
    from evals.runner import is_running, run_reference_eval

    st.header("Reference evaluation")
    if isinstance(service, RemoteService):
        st.info("This app answers through the assistant's API: run the evaluation on its server "
                "(`make eval`); the reports it writes there are listed below when this app shares its folder.")
        return
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
    """Headline metrics across the reference reports, oldest to newest: a drop shows at a glance.
    Runs over different question sets are drawn as separate lines (a 10-question run is not the
    next point of a 156-question series)."""
    from assistant.app.evaluation import plain_metric, question_sets
    from evals.history import HEADLINE_METRICS, headline_history

    folder = service.settings.reports_dir
    rows, skipped = headline_history(folder)
    if rows:
        sets = question_sets(folder)
        rows = [{**row, "metric": plain_metric(row["metric"]), "questions": sets.get(row["report"], "unknown set")}
                for row in rows]
        st.subheader("Headline scores across reference runs")
        st.altair_chart(metrics_chart(rows, tuple(plain_metric(m) for m in HEADLINE_METRICS)), width="stretch")
    if skipped:
        st.caption(escape_markdown("Unreadable reports left out: " + ", ".join(skipped)))


def evaluation_page(service: AnswerService) -> None:
    st.title("How well it answers")
    evaluation_run_section(service)
    evaluation_history_section(service)
    folder = service.settings.reports_dir
    show_bench(folder)  # the latest `make bench` report, when there is one (assistant/app/bench_view.py)
    latest_by_kind: dict[str, Path] = {}
    for path in sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime) if folder.exists() else []:
        latest_by_kind[path.name.split("-", 1)[0]] = path  # reference-, xquad-, llm-, claims-, bench-<stamp>.json
    latest_by_kind.pop("bench", None)  # shown above
    if not latest_by_kind:
        st.info("No evaluation report yet: run one with \"Run the evaluation\" above.")
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
    from assistant.app.evaluation import config_line, failure_rows, plain_columns

    titles = {"reference": "Reference questions", "xquad": "XQuAD retrieval (parallel English/Russian)",
              "llm": "Answers with the model", "claims": "Answer check on labelled claims"}
    st.subheader(titles.get(kind, kind))
    st.caption(escape_markdown(f"{name} · {config_line(report.get('config', {}))}"))
    metrics = report.get("metrics", {})
    if kind == "reference":
        st.dataframe(plain_columns([metrics.get("overall", {})]), hide_index=True)
        st.dataframe(plain_columns([{"kind": k, **v} for k, v in metrics.get("by_kind", {}).items()]),
                     hide_index=True)
        failures = report.get("failures", [])
        st.markdown(f"**Failing questions ({len(failures)})**: what was expected, and the answer given")
        st.dataframe(failure_rows(failures, report.get("cases")), hide_index=True)
    elif kind == "xquad":
        st.dataframe(plain_columns([{"direction": d, "retriever": r, **row}
                                    for d, rows in metrics.items() if isinstance(rows, dict)
                                    for r, row in rows.items() if isinstance(row, dict)]), hide_index=True)
    elif kind == "llm":
        st.dataframe(plain_columns([{k: v for k, v in metrics.items() if k != "verdicts"}]), hide_index=True)
        st.dataframe([{"verdict": k, "answers": v} for k, v in metrics.get("verdicts", {}).items()], hide_index=True)
    elif kind == "claims":
        st.dataframe(plain_columns([{"check": "verdict", **report.get("verdict", {})}]
                                   + [{"check": r.get("rule", ""), **r} for r in report.get("rules", [])]),
                     hide_index=True)


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


def chat_service(service: AnswerService) -> AnswerService:
    """The service this chat answers with: the model's, unless the user turned it off (sidebar)."""
    if service.mode == "llm" and not st.session_state.get("use_model", True):
        return service.offline()
    return service


def mode_label(mode: str, settings: Settings) -> str:
    return f"Model: {settings.model}" if mode == "llm" else "Offline extractive answers (quotes from the articles)"


def sidebar(service: AnswerService) -> None:
    """How answers are made (and, with a model, the switch to offline answers)."""
    with st.sidebar:
        if service.mode == "llm":
            st.toggle("Answer with the model", value=True, key="use_model",
                      help="Off: answers quote the articles offline, without the model (this chat only).")
        st.markdown(f"**Mode:** {escape_markdown(mode_label(chat_service(service).mode, service.settings))}")
        if isinstance(service, RemoteService):
            st.caption(escape_markdown(f"Answered by the assistant's API at {service.shown_url}"))


# Constant CSS (no data in it). On a phone Streamlit folds the top navigation into the sidebar,
# which then covers the page: the same links are shown as a row at the top instead. Captions are
# darker than Streamlit's grey (4.3:1, under WCAG's 4.5:1 for small text): #4b5563 is 7.6:1 on white.
APP_CSS = """<style>
.st-key-phone-nav { display: none; }
@media (max-width: 640px) { .st-key-phone-nav { display: flex; } }
[data-testid="stCaptionContainer"] { color: #4b5563; opacity: 1; }
</style>"""


def phone_nav(pages: list) -> None:  # type: ignore[type-arg]
    st.html(APP_CSS)
    with st.container(horizontal=True, gap="small", key="phone-nav"):
        for target in pages:
            st.page_link(target, label=target.title, icon=target.icon)


def page(service: AnswerService, body, pages: list) -> None:  # type: ignore[no-untyped-def, type-arg]
    """Run one page's body; a known failure is one line, a bug is raised."""
    try:
        phone_nav(pages)
        sidebar(service)
        body(service)
    except Exception as err:  # noqa: BLE001 - show_error re-raises what is not a known failure
        show_error(service, err)


def main() -> None:
    st.set_page_config(page_title="Articles assistant", page_icon="📰", layout="wide")
    try:
        settings = load_settings()
    except ConfigError as err:  # a bad environment variable: its one line, not pydantic's report
        st.error(err.user_message())
        st.stop()
    if not gate(settings):
        st.stop()
    service = get_service()
    try:
        ready = ensure_index(service)
    except Exception as err:  # noqa: BLE001 - e.g. the Chroma server is down: one line, retried next rerun
        show_error(service, err)
        ready = False
    if not ready:
        st.stop()

    def chat(svc: AnswerService) -> None:
        st.set_page_config(layout="centered")  # a column of text reads better than a wide one
        chat_page(svc, chat_service(svc), lambda err: show_error(svc, err))

    pages: list = []  # type: ignore[type-arg]
    pages += [st.Page(lambda: page(service, chat, pages), title="Chat", icon=":material/forum:", url_path="chat",
                      default=True),
              st.Page(lambda: page(service, country_page, pages), title="Countries", icon=":material/public:",
                      url_path="countries"),
              st.Page(lambda: page(service, corpus_page, pages), title="Articles", icon=":material/library_books:",
                      url_path="articles"),
              st.Page(lambda: page(service, evaluation_page, pages), title="Evaluation",
                      icon=":material/monitoring:", url_path="evaluation")]
    st.navigation(pages, position="top").run()


main()
