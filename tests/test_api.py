"""The HTTP API against a real `assistant serve` (uvicorn, worker processes) on 127.0.0.1, over
real indexes: the CLI's JSON contracts, OpenAI-compatible chat (the real `openai` client,
streamed and not), one-line errors with their status, the token, the size and rate limits, and
a generation switched under the workers while a client keeps asking."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from pydantic import SecretStr

from assistant.answer.answers import Answer
from assistant.api.chat import chat_markdown
from assistant.app.summary_render import summary_object
from assistant.app.ui import plain_text
from assistant.cli import main

from .api_server import TOKEN, api_server, server_env
from .conftest import CORPUS, free_port, write_article

SIBERIA = "Who led the delegation of the Siberian Branch of the Russian Academy of Sciences?"
KENYA = "When were diplomatic relations between Kazakhstan and Kenya established?"


@pytest.fixture(scope="module")
def api(bundled_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One worker over the bundled corpus, no token, no rate limit."""
    with api_server(server_env(bundled_index, CORPUS, api_rate="0"), tmp_path_factory.mktemp("api")) as url:
        yield url


@pytest.fixture(scope="module")
def guarded_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("guarded")


@pytest.fixture(scope="module")
def guarded(guarded_root: Path) -> Iterator[str]:
    """A token, a 2 KiB body limit, 3 requests at once then 1 a second; and no index yet."""
    root = guarded_root
    env = server_env(root / "index", root / "corpus", api_token=TOKEN, api_max_body_bytes="2048", api_rate="1",
                     api_burst="3")
    with api_server(env, root) as url:
        yield url


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[Any]:
    assert main([*argv, "--json"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def cli_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    return err[len("error: "):].strip()


def untimed(answer: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k != "timings_ms"}


@pytest.mark.parametrize("body, argv", [
    ({"question": SIBERIA}, [SIBERIA]),
    ({"question": KENYA, "lang": ["en"], "since": "2020-01-01"}, [KENYA, "--lang", "en", "--since", "2020-01-01"]),
    ({"question": "What is the capital of France?"}, ["What is the capital of France?"]),
])
def test_ask_returns_exactly_the_cli_json(api: str, use_bundled: Path, capsys, body: dict, argv: list[str]) -> None:
    response = httpx.post(f"{api}/ask", json=body, timeout=60)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    [expected] = cli_json(capsys, "ask", *argv)
    answer = response.json()
    assert set(answer["timings_ms"]) == set(expected["timings_ms"])
    assert untimed(answer) == untimed(expected)


def test_sources_countries_and_summary_are_the_cli_json(api: str, use_bundled: Path, capsys) -> None:
    assert httpx.get(f"{api}/sources").json() == cli_json(capsys, "sources")
    assert httpx.get(f"{api}/countries").json() == cli_json(capsys, "countries")
    summary = httpx.post(f"{api}/summarize", json={"country": "United States", "until": "2030-01-01"}, timeout=60)
    assert [summary.json()] == cli_json(capsys, "summarize", "United States", "--until", "2030-01-01")
    assert summary.json()["citations"], "the US articles are summarised with citations"


def test_one_article_with_its_text(api: str, bundled_index: Path) -> None:
    """The app's reader over the API: any id (`#`, `/` and all) gives that article's text."""
    from urllib.parse import quote

    listed = httpx.get(f"{api}/sources").json()
    digest_part = next(row for row in listed if "#" in row["article_id"])
    one = httpx.get(f"{api}/sources/{quote(digest_part['article_id'], safe='')}").json()
    assert {k: v for k, v in one.items() if k != "text"} == digest_part
    generation = json.loads((bundled_index / "manifest.json").read_text())["generation"]
    with closing(sqlite3.connect(bundled_index / f"gen_{generation:04d}" / "records.sqlite")) as db:
        records = [json.loads(r) for (r,) in db.execute("SELECT record FROM articles")]
    stored = {row["id"]: row["text"] for row in records}
    assert one["text"] == stored[digest_part["article_id"]] and len(one["text"]) > 200
    missing = httpx.get(f"{api}/sources/{quote('no such.txt#99', safe='')}")
    assert missing.status_code == 404 and "GET /sources lists them" in missing.json()["error"]["message"]
    from assistant.api.client import RemoteService
    from assistant.core.settings import Settings

    with RemoteService(Settings(api_url=api)) as remote:
        with pytest.raises(KeyError):
            remote.article("no such.txt#99")  # the app's "no longer in the index" path, not an error line
        articles = remote.store.current().articles
        assert digest_part["article_id"] in articles and not articles._read, "`in` fetches no text"
        assert articles.get("no such.txt#99") is None
        assert articles[digest_part["article_id"]].text == one["text"]


def test_health_names_the_generation_and_docs_are_served(api: str, bundled_index: Path) -> None:
    health = httpx.get(f"{api}/health").json()
    manifest = json.loads((bundled_index / "manifest.json").read_text())
    assert health["generation"] == manifest["generation"] and health["mode"] == "extractive"
    assert health["articles"] == 13
    assert "swagger" in httpx.get(f"{api}/docs").text.lower()
    paths = httpx.get(f"{api}/openapi.json").json()["paths"]
    assert {"/ask", "/summarize", "/sources", "/countries", "/health", "/v1/chat/completions"} <= set(paths)


@pytest.mark.parametrize("body, argv", [
    ({"question": "   "}, ["ask", "   "]),
    ({"question": "x" * 5000}, ["ask", "x" * 5000]),
    ({"question": "hello", "since": "yesterday"}, ["ask", "hello", "--since", "yesterday"]),
    ({"question": "hello", "since": "2024-05-01", "until": "2024-01-01"},
     ["ask", "hello", "--since", "2024-05-01", "--until", "2024-01-01"]),
    ({"question": "hello", "country": ["Narnia"]}, ["ask", "hello", "--country", "Narnia"]),
    ({"question": "hello", "country": "Narnia"}, ["ask", "hello", "--country", "Narnia"]),  # one needs no list
    ({"question": "hello", "country": None, "since": "yesterday"}, ["ask", "hello", "--since", "yesterday"]),
])
def test_bad_input_is_a_400_with_the_cli_message(api: str, use_bundled: Path, capsys, body: dict,
                                                 argv: list[str]) -> None:
    response = httpx.post(f"{api}/ask", json=body, timeout=60)
    assert response.status_code == 400
    assert response.json() == {"error": {"message": cli_error(capsys, *argv), "type": "invalid_request_error"}}


@pytest.mark.parametrize("request_kwargs, fragment", [
    ({"json": {"question": 42}}, "question: Input should be a valid string"),
    ({"json": {"question": "hi", "lang": ["fr"]}}, "lang.0: Input should be 'en', 'ru' or 'kk'"),
    ({"json": {"question": "hi", "lang": "fr"}}, "lang.0: Input should be 'en', 'ru' or 'kk'"),
    ({"json": {"question": "hi", "country": 7}}, "country: Input should be a valid list"),
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, "JSON decode error"),
])
def test_malformed_requests_are_one_line_400s(api: str, request_kwargs: dict, fragment: str) -> None:
    response = httpx.post(f"{api}/ask", **request_kwargs)
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert fragment in message and "\n" not in message
    missing = httpx.post(f"{api}/v1/chat/completions", json={"messages": [{"role": "system", "content": "hi"}]})
    assert missing.status_code == 400 and "no user message" in missing.json()["error"]["message"]
    several = httpx.post(f"{api}/v1/chat/completions", json={"messages": [{"role": "user", "content": "hi"}], "n": 2})
    assert several.status_code == 400  # one answer per question: more choices are refused, not ignored
    assert "n: Input should be less than or equal to 1" in several.json()["error"]["message"]
    assert httpx.get(f"{api}/nowhere").json()["error"]["type"] == "not_found_error"


def test_hostile_text_comes_back_inert_and_never_breaks_a_response(api: str) -> None:
    """Lone surrogates (JSON can carry them; UTF-8 cannot), terminal escapes and bidi controls in
    questions, filters and chat history: a 400 or an answer, never a 500 or a cut stream (the
    server's log is checked for tracebacks when it stops)."""
    raw = {"content-type": "application/json"}
    country = httpx.post(f"{api}/ask", content=b'{"question": "hi", "country": ["Narnia\\ud800"]}', headers=raw)
    assert country.status_code == 400 and "Narnia\ufffd" in country.json()["error"]["message"]
    asked = httpx.post(f"{api}/ask", json={"question": "\x1b]0;pwned\x07\u202eKenya\x1b[2J relations?"}, timeout=60)
    assert asked.status_code == 200 and b"\x1b" not in asked.content and "\u202e".encode() not in asked.content
    body = (b'{"stream": true, "messages": [{"role": "user", "content": "Kazakhstan and Kenya \\ud800"}, '
            b'{"role": "assistant", "content": "x"}, {"role": "user", "content": "And when was that?"}]}')
    streamed = httpx.post(f"{api}/v1/chat/completions", content=body, headers=raw, timeout=60)
    events = [line for line in streamed.text.splitlines() if line.startswith("data: ")]
    assert streamed.status_code == 200 and events[-1] == "data: [DONE]"
    assert json.loads(events[-2][6:])["answer"]["standalone_question"].startswith("Kazakhstan and Kenya \ufffd")


def test_chat_completions_with_the_openai_client_streamed_and_not(api: str) -> None:
    with openai.OpenAI(base_url=f"{api}/v1", api_key="unused", max_retries=0) as client:
        check_chat(api, client)


def check_chat(api: str, client: openai.OpenAI) -> None:
    messages: list[Any] = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": SIBERIA}]
    whole = client.chat.completions.create(model="articles-assistant", messages=messages)
    asked = httpx.post(f"{api}/ask", json={"question": SIBERIA}, timeout=60).json()
    text = whole.choices[0].message.content
    assert text == chat_markdown(asked["answer"]) and "[1]" in (text or "")  # the answer as inert Markdown
    assert plain_text(text or "") == asked["answer"]
    assert whole.model_extra is not None and whole.model_extra["citations"] == asked["citations"]
    assert untimed(whole.model_extra["answer"]) == untimed(asked)

    chunks = list(client.chat.completions.create(model="articles-assistant", messages=messages, stream=True))
    pieces = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(pieces) >= 3, "the answer arrives in pieces"
    assert "".join(pieces) == text
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra is not None and chunks[-1].model_extra["citations"] == asked["citations"]

    follow_up = client.chat.completions.create(model="articles-assistant", messages=[
        {"role": "user", "content": KENYA}, {"role": "assistant", "content": "November 15, 1993 [1]"},
        {"role": "user", "content": [{"type": "text", "text": "And what about trade with them?"}]}])
    assert follow_up.model_extra is not None
    assert follow_up.model_extra["answer"]["standalone_question"].startswith(KENYA), "earlier turns are history"


def test_remote_service_gives_the_app_the_local_records(api: str, use_bundled: Path) -> None:
    from assistant.answer.chain import AnswerService
    from assistant.api.client import RemoteService, service_for_app
    from assistant.core.settings import Settings

    remote, local = service_for_app(Settings(api_url=api)), service_for_app(Settings())
    assert isinstance(remote, RemoteService) and isinstance(local, AnswerService)
    with remote:
        check_remote_against_local(remote, local)


def check_remote_against_local(remote: Any, local: Any) -> None:
    from assistant.answer.chain import build_service
    from assistant.answer.summary import country_counts, summarize
    from assistant.app.summary_render import summary_object
    from assistant.core.settings import Settings
    from assistant.language.countries import resolve_country
    from assistant.retrieval.search import SearchFilters

    assert remote.mode == local.mode == "extractive"
    history = [("user", KENYA), ("assistant", "November 15, 1993 [1]")]
    for question, turns, filters in ((SIBERIA, [], None), (KENYA, [], SearchFilters(languages=("en",),
                                                                                    date_from="2020-01-01")),
                                     ("And what about trade with them?", history, None)):
        mine, theirs = local.ask(question, turns, filters), remote.ask(question, turns, filters)
        assert untimed(theirs.to_json()) == untimed(mine.to_json()) and theirs.citations == mine.citations
    [streamed] = list(remote.stream(SIBERIA))
    assert untimed(streamed.to_json()) == untimed(build_service(Settings()).ask(SIBERIA).to_json())
    snapshot = local.store.current()
    sources = remote.sources()
    assert [a.id for a in sources] == sorted(snapshot.articles, key=lambda i: (snapshot.articles[i].date or "", i))
    assert all(a.title == snapshot.articles[a.id].title and a.countries == snapshot.articles[a.id].countries
               for a in sources)
    assert remote.countries() == country_counts(snapshot)
    assert remote.summarize("EU") == json.loads(json.dumps(summary_object(summarize(snapshot, resolve_country("EU")))))
    typed = remote.country_summary("EU")  # the record read back from the JSON draws the same summary
    assert summary_object(typed) == summary_object(summarize(snapshot, resolve_country("EU")))
    assert len(remote.store.current().articles) == len(snapshot.articles)


def test_remote_service_errors_are_the_named_exceptions(api: str, guarded: str) -> None:
    from assistant.api.client import RemoteService
    from assistant.core.errors import ConfigError, IndexNotFoundError, InvalidQuestionError, StoreUnreachableError
    from assistant.core.settings import Settings

    with RemoteService(Settings(api_url=api)) as remote, pytest.raises(InvalidQuestionError,
                                                                        match=r"^The question is empty\. Ask"):
        remote.ask("   ")
    with RemoteService(Settings(api_url=guarded)) as remote, pytest.raises(ConfigError, match="needs a token") as no:
        remote.sources()
    assert "ASSISTANT_API_TOKEN" in no.value.user_message()
    with RemoteService(Settings(api_url=guarded, api_token=SecretStr(TOKEN))) as remote, \
            pytest.raises(IndexNotFoundError, match="No index in .*Run `assistant ingest` first\\.$") as missing:
        remote.countries()
    assert missing.value.user_message().count("assistant ingest") == 1, "the hint is not repeated"
    with RemoteService(Settings(api_url=f"http://127.0.0.1:{free_port()}")) as remote, \
            pytest.raises(StoreUnreachableError, match="is unreachable"):
        remote.health()


def test_llm_mode_streams_the_model_and_follows_with_the_checked_answer(bundled_index: Path, tmp_path: Path,
                                                                         fake) -> None:
    from assistant.api.client import RemoteService
    from assistant.core.settings import Settings

    env = {**server_env(bundled_index, CORPUS, api_rate="0", model="fake-model"),
           "OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": "sk-test-secret-123"}
    with api_server(env, tmp_path) as url:
        with RemoteService(Settings(api_url=url)) as remote:
            assert remote.mode == "llm"
            pieces = list(remote.stream(KENYA))
        final = pieces[-1]
        text = "".join(p for p in pieces[:-1] if isinstance(p, str))
        assert fake.requests[-1]["body"]["stream"] is True
        assert "Moon" in text, "the model's own tokens were streamed as they came"
        assert not isinstance(final, str) and final.verdict and "Moon" not in final.answer
        assert text.endswith("[checked answer]\n\n" + final.answer), "the checked answer has the last word"
        asked = len(fake.requests)
        with RemoteService(Settings(api_url=url)) as remote:
            offline = remote.offline()
            assert remote.settings.model == "fake-model", "the app names the server's model"
            quoted = offline.ask(KENYA)
            [streamed] = list(offline.stream(KENYA))
        assert isinstance(streamed, Answer) and quoted.mode == streamed.mode == "extractive"
        assert "1993" in quoted.answer
        assert len(fake.requests) == asked, "offline answers cost no model call"
        with RemoteService(Settings(api_url=url)) as remote:
            assert remote.offline().country_summary("United States").mode == "extractive"
            assert len(fake.requests) == asked, "nor does the offline summary"
            full = remote.summarize("United States", full=True)
            typed = remote.country_summary("United States")  # the model's map-reduce, read back typed
        assert typed.mode == "llm" and typed.briefing and typed.briefing == full["briefing"]
        assert typed.relation == full["relation"] == "Kazakhstan – United States"
        assert summary_object(typed, full=True) == full
        assert list(full)[:10] == list(summary_object(typed))[:10] and "relation" not in summary_object(typed)
    assert "sk-test-secret-123" not in "".join(p.read_text() for p in tmp_path.glob("serve-*.log"))


def test_a_token_is_required_and_compared(guarded: str) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong-token"}, {"Authorization": f"Basic {TOKEN}"}):
        response = httpx.get(f"{guarded}/sources", headers=headers)
        assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
        assert response.json()["error"]["type"] == "authentication_error"
        assert TOKEN not in response.text
    assert httpx.get(f"{guarded}/health").status_code == 503, "health needs no token (and there is no index)"
    with openai.OpenAI(base_url=f"{guarded}/v1", api_key="wrong", max_retries=0) as client, \
            pytest.raises(openai.AuthenticationError, match="token is wrong"):
        client.chat.completions.create(model="articles-assistant", messages=[{"role": "user", "content": "hi"}])
    time.sleep(3)  # the two wrong tokens spent two of the client's 3 requests at once (1 a second back)


def test_a_body_over_the_limit_is_a_413(guarded: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    declared = httpx.post(f"{guarded}/ask", json={"question": "x" * 3000}, headers=auth)
    assert declared.status_code == 413 and "at most 2048" in declared.json()["error"]["message"]

    def chunked() -> Iterator[bytes]:  # no Content-Length: the server counts what it reads
        yield b'{"question": "'
        for _ in range(10):
            yield b"y" * 500
        yield b'"}'

    streamed = httpx.post(f"{guarded}/ask", content=chunked(), headers={**auth, "content-type": "application/json"})
    assert streamed.status_code == 413 and streamed.json()["error"]["type"] == "request_too_large"
    # it stopped reading at the limit, so it claims no size it never counted
    assert "is over 2048 bytes" in streamed.json()["error"]["message"]


def test_no_index_is_a_503_with_the_cli_message(guarded: str, guarded_root: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(guarded_root / "index"))
    response = httpx.get(f"{guarded}/sources", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 503
    assert response.json()["error"] == {"message": cli_error(capsys, "sources"), "type": "index_unavailable"}
    assert "assistant ingest" in response.json()["error"]["message"]


def test_a_client_over_the_rate_gets_429s(guarded: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    statuses = [httpx.get(f"{guarded}/countries", headers=auth) for _ in range(8)]
    limited = [r for r in statuses if r.status_code == 429]
    assert 4 <= len(limited) <= 7, [r.status_code for r in statuses]  # 3 at once, then 1 a second
    assert int(limited[0].headers["retry-after"]) >= 1
    assert "Too many requests" in limited[0].json()["error"]["message"]
    assert httpx.get(f"{guarded}/health").status_code == 503, "health is not rate limited"


def test_the_app_client_waits_out_the_rate_limit(guarded: str) -> None:
    """The app's sessions share one address: a burst over the limit is slowed, not failed (the
    guarded server has no index, so each call that gets through says so)."""
    from assistant.api.client import RemoteService
    from assistant.core.errors import IndexNotFoundError
    from assistant.core.settings import Settings

    with RemoteService(Settings(api_url=guarded, api_token=SecretStr(TOKEN))) as remote:
        for _ in range(6):  # over the burst of 3, at 1 a second
            with pytest.raises(IndexNotFoundError):
                remote.countries()


def test_a_new_generation_is_served_under_load_without_a_failed_request(tmp_path: Path, embedder) -> None:
    from assistant.core.settings import Settings
    from assistant.index.ingest import ingest
    from assistant.index.store import IndexStore
    from assistant.language.countries import tag_article

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("000_19ae565fc95b50e5.txt", "002_d2e43f08deb5a06a.txt"):
        shutil.copy(CORPUS / name, corpus / name)
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=corpus)
    ingest(IndexStore(settings, embedder), embedder, tagger=tag_article)
    question = "What did Kazakhstan and Narnia agree on grain?"
    with api_server(server_env(settings.index_dir, corpus, api_rate="0"), tmp_path, workers=2) as url:
        before = httpx.get(f"{url}/health").json()["generation"]
        results: list[tuple[int, list[str]]] = []
        stop = threading.Event()

        def asker() -> None:
            with httpx.Client(base_url=url, timeout=60) as client:
                while not stop.is_set():
                    response = client.post("/ask", json={"question": question})
                    sources = [c["source"] for c in response.json().get("citations", [])]
                    results.append((response.status_code, sources))

        threads = [threading.Thread(target=asker) for _ in range(2)]
        for thread in threads:
            thread.start()
        try:
            time.sleep(0.5)
            write_article(corpus, "narnia.txt", "Kazakhstan and Narnia agree on grain\nKazakhstan and Narnia "
                                                "agreed to trade 5 million tonnes of grain.\n")
            ingest(IndexStore(settings, embedder), embedder, tagger=tag_article)
            deadline = time.time() + 30
            while time.time() < deadline and sum("narnia.txt" in s for _, s in results[-4:]) < 4:
                time.sleep(0.2)
        finally:
            stop.set()
            for thread in threads:
                thread.join(60)
        assert results and all(status == 200 for status, _ in results), [s for s, _ in results if s != 200]
        assert any("narnia.txt" not in s for _, s in results), "some answers came from the old generation"
        assert all("narnia.txt" in s for _, s in results[-4:]), "the new generation is answered from"
        seen: dict[int, int] = {}
        for _ in range(200):  # both workers report the new generation (each request a new connection)
            health = httpx.get(f"{url}/health").json()
            seen[health["pid"]] = health["generation"]
            if len(seen) == 2:
                break
        assert set(seen.values()) == {before + 1} and len(seen) == 2, seen


def test_the_app_answers_through_the_api_without_an_index_of_its_own(api: str, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """ASSISTANT_API_URL: the Streamlit app reads the served index and asks the API; its own index
    folder and corpus are empty, so every article it shows came over HTTP."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from .conftest import ROOT

    for name, value in {"ASSISTANT_API_URL": api, "ASSISTANT_INDEX_DIR": str(tmp_path / "index"),
                        "ASSISTANT_CORPUS_DIR": str(tmp_path / "corpus"),
                        "ASSISTANT_CHATS_PATH": str(tmp_path / "chats.sqlite3")}.items():
        monkeypatch.setenv(name, value)
    (tmp_path / "corpus").mkdir()
    st.cache_resource.clear()  # it outlives AppTest runs: no other test may meet this app's client
    try:
        check_app_through_api(AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run(), api)
    finally:
        st.cache_resource.clear()
    assert not (tmp_path / "index").exists() or not any((tmp_path / "index").iterdir())


def check_app_through_api(at: Any, api: str) -> None:
    from .conftest import answer_html_of

    assert not at.exception
    assert any(api in plain_text(c.value) for c in at.sidebar.caption)
    assert plain_text(at.main.caption[0].value) == "13 articles in English (11) and Russian (2), 2015–2024 (3 undated)"
    at.chat_input[0].set_value("What was the volume of trade between Kazakhstan and Estonia in 2023?").run()
    assert not at.exception
    answer = answer_html_of(at.chat_message[1])
    assert "157.5 million" in answer and 'data-cite="1"' in answer

    def open_page(url_path: str) -> None:
        at._page_hash = next(h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path)
        at.run()
        assert not at.exception

    open_page("countries")
    at.selectbox[0].set_value("EE").run()
    assert [m.value for m in at.main.metric] == ["1", "1", "0"]
    assert any("Period: 2024-03-06 … 2024-03-06" in plain_text(c.value) for c in at.main.caption)
    open_page("articles")
    table = at.dataframe[0].value
    assert len(table) == 13 and not at.file_uploader, "articles are added on the API's server"
    assert "added on its server" in at.info[0].value
    estonia = table[table["title"].str.contains("Estonia")].iloc[0]["id"]
    at.selectbox[0].set_value(estonia).run()  # the reader: the text comes from GET /sources/{id}
    assert any("157.5" in h.proto.body for h in at.get("html"))
