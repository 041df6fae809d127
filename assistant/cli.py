"""The `assistant` command. Answers go to stdout, diagnostics and progress to stderr.

Domain errors (`AssistantError`) become one line on stderr and exit code 2; under pytest,
unexpected errors are re-raised so friendly handling never hides a bug.

Article text, titles, file names and model output are untrusted: everything printed to a
terminal goes through `terminal_safe` (or `TerminalFilter` for a stream), which strips ANSI
escape sequences and control characters, so an article cannot clear the screen or retitle the
window. JSON output is escaped by `_print_json` instead (control characters as \\uXXXX).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .api.contracts import country_records, country_summary, source_records
from .api.contracts import iso_date as _iso_date
from .core.errors import AssistantError, InvalidQuestionError, is_connection_failure, unreachable_store
from .core.settings import Settings, load_settings
from .core.terminal import TerminalFilter, json_line, one_line, terminal_safe

EXIT_ERROR = 2
EXIT_SKIPPED = 3

def say(text: str = "", file: Any = None) -> None:
    """print() for untrusted text on a terminal."""
    print(terminal_safe(text), file=file or sys.stdout)


def _print_json(data: Any) -> None:
    sys.stdout.write(json_line(data) + "\n")
    sys.stdout.flush()


def _tqdm_progress() -> Any:
    from tqdm import tqdm

    bars: dict[str, Any] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if total <= 1 and stage != "embedding":
            return
        bar = bars.get(stage)
        if bar is None:
            unit = {"embedding": "chunk", "sentences": "sentence"}.get(stage, "file")
            bar = bars[stage] = tqdm(total=total, desc=stage, unit=unit, file=sys.stderr, leave=False, disable=None)
        bar.total = total
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return progress


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from .index.embeddings import get_embedder
    from .index.ingest import ingest
    from .index.store import IndexStore
    from .language.countries import tag_article

    embedder = get_embedder(settings)
    store = IndexStore(settings, embedder)
    paths = [Path(p) for p in args.paths] or None
    report = ingest(store, embedder, paths, prune=args.prune, rebuild=args.rebuild, progress=_tqdm_progress(),
                    tagger=tag_article)
    for path, reason in report.skipped:
        say(f"skipped {one_line(path)}: {one_line(reason)}", file=sys.stderr)
    for path, note in report.notes:
        say(f"note {one_line(path)}: {one_line(note)}", file=sys.stderr)
    status = "updated" if report.changed else "up to date"
    say(f"Index {status}: {report.summary()}", file=sys.stderr)
    if args.json:
        _print_json({"generation": report.generation, "articles": report.articles, "chunks": report.chunks,
                     "added": report.added, "updated": report.updated, "removed": report.removed,
                     "unchanged": report.unchanged, "embedded_chunks": report.embedded_chunks,
                     "reused_chunks": report.reused_chunks,
                     "skipped": [{"path": p, "reason": r} for p, r in report.skipped],
                     "notes": [{"path": p, "note": n} for p, n in report.notes],
                     "records_left_out": report.records_left_out})
    return EXIT_SKIPPED if report.skipped else 0


def _filters(args: argparse.Namespace) -> Any:
    from .language.countries import resolve_country
    from .retrieval.search import SearchFilters

    countries = tuple(resolve_country(c).code for c in (args.country or []))
    return SearchFilters(countries=countries, languages=tuple(args.lang or ()), date_from=_iso_date(args.since),
                         date_to=_iso_date(args.until))


def _embed_meanwhile(settings: Settings, question: str) -> Any:
    """Start embedding the question on a thread while the rest of the answer path is imported and
    the index is loaded (the engine's first call also loads it, about 0.2 s; its C code runs
    without the GIL). The vector lands in the embedder's query cache; failures are left to the
    answer path, which meets them again and reports them."""
    import threading

    def embed() -> None:
        try:
            from .index.embeddings import get_embedder

            get_embedder(settings).embed_query_vector(question.strip())
        except Exception:  # noqa: BLE001 - a warm-up only: the answer path raises it properly
            pass

    thread = threading.Thread(target=embed, name="embed-question", daemon=True)
    thread.start()
    return thread


@contextmanager
def _loading() -> Iterator[None]:
    """No garbage collection while the answer path is imported and the index loaded, then what was
    loaded is frozen out of later collections. Those imports (LangChain's runnables and callbacks,
    pydantic models, the index) allocate hundreds of thousands of long-lived objects; collecting
    as they come cost a cold `assistant ask` about a third of its time, and nothing of it is garbage."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


CONVERSATION_TURNS = 10
"""The last user and assistant turns `ask - --conversation` passes with each question (as the app does)."""


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from .core.sanitize import clean_question

    # validate what the user typed before any costly work (embedding, index load): a 100,000-character
    # question is refused at once, not after its embedding
    question = clean_question(args.question, settings.max_question_chars) if args.question != "-" else "-"
    if args.conversation and question != "-":
        raise InvalidQuestionError("--conversation reads its questions from standard input, one per line.",
                                   hint="Use `assistant ask - --conversation < questions.txt`.")
    since, until = (_iso_date(value) for value in (args.since, args.until))  # refused now, not after the embedding
    if since and until and since > until:
        raise InvalidQuestionError(f"--since {since} is after --until {until}: no date can be in that range.",
                                   hint="Swap the two dates.")
    warming = _embed_meanwhile(settings, question) if question != "-" else None
    with _loading():
        filters = _filters(args)  # imports the search module: after the embedding has started
        from .answer.chain import build_service

        service = build_service(settings)
        service.store.current()  # fail early, once, when there is no index
    if warming is not None:
        warming.join()
    if question != "-":
        answer = service.ask(question, filters=filters) if args.json else None
        if args.json:
            _print_json(answer.to_json())  # type: ignore[union-attr]
            return 0
        return _print_streamed(service, question, filters)
    failed = asked = 0
    history: list[tuple[str, str]] = []  # with --conversation: the turns so far, as the app keeps them
    for line in sys.stdin:
        question = line.strip()
        if not question:
            continue
        asked += 1
        try:
            result = service.ask(question, history[-CONVERSATION_TURNS:], filters=filters)
        except InvalidQuestionError as err:
            failed += 1
            say(f"error: {err.user_message()}", file=sys.stderr)
            if args.json:
                _print_json({"question": question[:200], "error": err.user_message()})
            continue
        if args.conversation:
            history += [("user", question), ("assistant", result.answer)]
        if args.json:
            _print_json(result.to_json())
        else:
            say(f"Q: {question}\n{result.format_text()}\n")
    if not asked:
        raise InvalidQuestionError("No question came on standard input (`ask -` reads one question per line).",
                                   hint="Pipe the questions in, e.g. `assistant ask - < questions.txt`.")
    return EXIT_ERROR if failed else 0


def _print_streamed(service: Any, question: str, filters: Any) -> int:
    """The model's tokens as they come (control sequences stripped), then the verdict on them.
    A grounded answer whose text the check left as streamed gets its sources; one the check
    changed (unsupported sentences taken out) is printed again as checked. A rejected answer or a
    failed stream is marked as discarded, with the reason, and the extractive answer follows."""
    from .answer.answers import Answer

    final: Answer | None = None
    streamed: list[str] = []
    screen = TerminalFilter()
    for piece in service.stream(question, filters=filters):
        if isinstance(piece, Answer):
            final = piece
        else:
            streamed.append(piece)
            sys.stdout.write(screen.feed(piece))
            sys.stdout.flush()
    assert final is not None
    sys.stdout.write(screen.flush())
    text = terminal_safe(final.format_text())
    if not streamed:
        sys.stdout.write(text + "\n")
    elif final.mode != "llm" and (final.verdict or "").startswith("rejected"):  # failed the check
        sys.stdout.write(f"\n\n[the model's answer above was discarded ({final.verdict}): it is not shown as "
                         "grounded in the articles]\n\n" + text + "\n")
    elif final.mode != "llm":  # the model failed after streaming part of an answer
        sys.stdout.write(" […]\n\n[the model's answer above is incomplete and was discarded]\n\n" + text + "\n")
    elif final.refused:  # the model's own refusal, in its words above: say it in ours
        sys.stdout.write("\n\n[checked answer: the model found no answer in the articles]\n\n" + text + "\n")
    elif final.answer.strip() != "".join(streamed).strip():
        sys.stdout.write("\n\n[checked answer: markers verified, unsupported sentences removed]\n\n" + text + "\n")
    else:
        sys.stdout.write("\n\n" + text[len(terminal_safe(final.answer)):].lstrip("\n") + "\n")
    return 0


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    from .index.store import IndexStore

    snapshot = IndexStore(settings).current()
    articles = sorted(snapshot.articles.listing(), key=lambda a: (a.date or "", a.id))
    if args.json:
        for record in source_records(snapshot):
            _print_json(record)
        return 0
    for a in articles:
        say(f"{one_line(a.id):32} {a.date or 'undated':10} {a.lang:2}  {one_line(a.title)}")
    say(f"{len(articles)} articles from {len(snapshot.manifest['files'])} files", file=sys.stderr)
    return 0


def cmd_summarize(args: argparse.Namespace, settings: Settings) -> int:
    from .answer.answers import citation_line
    from .app.summary_render import summary_markdown, summary_object
    from .index.store import IndexStore

    summary = country_summary(settings, IndexStore(settings).current, args.country, args.since, args.until)
    if args.json:
        _print_json(summary_object(summary))
        return 0
    say(summary_markdown(summary))
    if summary.citations:
        say("\nSources:")
        for c in summary.citations:
            say(citation_line(c.n, c.title, c.date, c.lang, c.source))
    if summary.unsupported:
        say("\n! not supported by the cited article:\n" + "\n".join(f"  - {u}" for u in summary.unsupported))
    if summary.notice:
        say(f"\n({summary.notice})")
    return 0


def cmd_countries(args: argparse.Namespace, settings: Settings) -> int:
    from .index.store import IndexStore

    for row in country_records(IndexStore(settings).current(), settings.home_country):
        if args.json:
            _print_json(row)
        else:
            say(f"{row['code']:7} {row['name']:40} {row['articles']}" + ("  (home country)" if row["home"] else ""))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """The HTTP API (assistant/api/server.py) under uvicorn, with worker processes. Each worker reads
    the settings from the environment and loads the index itself when it starts."""
    import uvicorn

    host = args.host or settings.api_host
    if not (settings.api_token and settings.api_token.get_secret_value().strip()) and host not in (
            "127.0.0.1", "::1", "localhost"):  # unset or empty alike: the server then asks for no token
        say(f"warning: serving on {host} without ASSISTANT_API_TOKEN (unset or empty): anyone who reaches it can "
            "ask.", file=sys.stderr)
    uvicorn.run("assistant.api.server:create_app", factory=True, host=host, port=args.port or settings.api_port,
                workers=args.workers or settings.api_workers, log_level=args.log_level, timeout_graceful_shutdown=10,
                proxy_headers=bool(settings.api_trusted_proxies),
                forwarded_allow_ips=settings.api_trusted_proxies or None)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description="Ask questions about news articles, with citations.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="index articles (incremental)")
    p.add_argument("paths", nargs="*", help="files or folders (default: the bundled corpus, data/articles)")
    p.add_argument("--prune", action="store_true", help="remove articles whose files are gone")
    p.add_argument("--rebuild", action="store_true", help="re-embed everything")
    p.add_argument("--json", action="store_true", help="print a JSON report on stdout")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="answer a question with citations ('-' reads one question per line)")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="one JSON object per answer")
    p.add_argument("--country", action="append", help="only articles tagged with this country (repeatable)")
    p.add_argument("--lang", action="append", choices=["en", "ru", "kk"], help="only articles in this language")
    p.add_argument("--since", help="only articles dated on or after YYYY-MM-DD")
    p.add_argument("--until", help="only articles dated on or before YYYY-MM-DD")
    p.add_argument("--conversation", action="store_true",
                   help="with `ask -`: the lines are one conversation, each a possible follow-up of the ones before")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("summarize", help="summarise Kazakhstan's relations with a country or organisation")
    p.add_argument("country", help="a name (English or Russian) or code, e.g. 'United States', 'США', 'EU'")
    p.add_argument("--since", help="only articles dated on or after YYYY-MM-DD")
    p.add_argument("--until", help="only articles dated on or before YYYY-MM-DD")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_summarize)

    p = sub.add_parser("countries", help="countries and organisations in the corpus, with article counts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_countries)

    p = sub.add_parser("sources", help="list the indexed articles")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("serve", help="serve the HTTP API (ask, summarize, OpenAI-compatible chat) with workers")
    p.add_argument("--host", help="address to listen on (default ASSISTANT_API_HOST, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default ASSISTANT_API_PORT, 8800)")
    p.add_argument("--workers", type=int, help="worker processes (default ASSISTANT_API_WORKERS, 1)")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings: Settings | None = None
    try:
        settings = load_settings()
        return int(args.func(args, settings) or 0)
    except AssistantError as err:
        say(f"error: {err.user_message()}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # e.g. `assistant countries | head`
        return 0
    except KeyboardInterrupt:
        print("interrupted; the previous index is unchanged.", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - the one place unexpected errors become a line
        # the server went away mid-command
        if settings is not None and settings.chroma_host and is_connection_failure(err):
            say(f"error: {unreachable_store(settings.chroma_host, settings.chroma_port).user_message()}",
                file=sys.stderr)
            return EXIT_ERROR
        if "PYTEST_CURRENT_TEST" in os.environ or (settings is not None and settings.debug):
            raise
        say(f"internal error: {type(err).__name__}: {err} (set ASSISTANT_DEBUG=1 for a traceback)",
            file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
