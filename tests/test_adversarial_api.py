"""Attacks on what `assistant serve`, the question path and ingest accept, each found by trying
it against the real parts (real uvicorn on 127.0.0.1, the real index and embedder)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.app.ui import plain_text
from assistant.cli import main
from assistant.core.errors import InvalidQuestionError
from assistant.core.records import safe_url
from assistant.core.sanitize import clean_question, fold_lookalikes

from .api_server import api_server, server_env
from .conftest import CORPUS, write_article

UTF8_TOKEN = "tök-ен-7f3a"


def test_a_long_word_costs_linear_time_not_minutes() -> None:
    """The look-alike fold was one regex whose nested stars backtracked cubically on a long word:
    2,000 letters took 88 s, 4,000 (still under the 4x raw limit) ~12 min, pinning a worker."""
    started = time.perf_counter()
    assert fold_lookalikes("x" * 4000) == "x" * 4000
    with pytest.raises(InvalidQuestionError, match="4000 characters"):
        clean_question("y" * 4000, 1000)
    assert clean_question("Кто такой Симанcом " + "z" * 990, 1100).startswith("Кто такой Симансом ")
    assert time.perf_counter() - started < 2
    # the fold itself is unchanged: a word is folded into the script only it has letters of
    assert fold_lookalikes("Симанcом pаssword Аcаdеmy hello мир x1y") == "Симансом password Academy hello мир x1y"


def test_a_long_word_question_is_refused_at_once_by_the_cli(use_bundled: Path, capsys) -> None:
    started = time.perf_counter()
    assert main(["ask", "w" * 3999]) == 2
    assert "3999 characters" in capsys.readouterr().err
    assert main(["ask", "Kenya" + "q" * 990, "--json"]) == 0
    assert time.perf_counter() - started < 30


@pytest.fixture(scope="module")
def strict(bundled_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A non-ASCII token, 3 requests at once and next to no refill (0.01 a second)."""
    env = server_env(bundled_index, CORPUS, api_token=UTF8_TOKEN, api_rate="0.01", api_burst="3")
    with api_server(env, tmp_path_factory.mktemp("strict")) as url:
        yield url


def test_token_bytes_wrong_guesses_and_forwarded_for_against_the_rate(strict: str) -> None:
    """A client sends a non-ASCII token as UTF-8 (curl, httpx with bytes): it was decoded as
    Latin-1 and never matched. Wrong tokens cost nothing, so a token could be guessed at line
    speed; and uvicorn trusted X-Forwarded-For from 127.0.0.1, so a local client got a fresh
    bucket per forged address."""
    def get(headers: dict[bytes, bytes]) -> httpx.Response:
        return httpx.get(f"{strict}/sources", headers=headers, timeout=30)

    right = {b"authorization": f"Bearer {UTF8_TOKEN}".encode()}
    wrong = {b"authorization": b"Bearer guess-1"}
    assert get(right).status_code == 200                       # 2 left
    assert [get(wrong).status_code for _ in range(2)] == [401, 401]   # 0 left
    limited = get(wrong)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert get(right).status_code == 429
    assert get({**right, b"x-forwarded-for": b"203.0.113.7"}).status_code == 429
    assert get({}).status_code == 401, "no token: refused, and it costs nothing"
    latin1 = get({b"authorization": f"Bearer {UTF8_TOKEN}".encode("latin-1", "replace")})
    assert latin1.status_code in (401, 429) and UTF8_TOKEN not in latin1.text
    assert httpx.get(f"{strict}/health", timeout=30).status_code == 200


def test_a_feed_or_page_url_that_is_not_http_never_reaches_a_citation(tmp_path: Path, monkeypatch,
                                                                        capsys) -> None:
    """JSON `url`, front matter `url` and an HTML canonical link came through as they were, so
    `javascript:alert(document.cookie)` was every citation's `url` (a link in any client)."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    write_article(corpus, "feed.jsonl", "\n".join(json.dumps(r) for r in [
        {"title": "Copper", "text": "Kazakhstan and Chile discussed copper exports in Santiago in 2019.",
         "url": "javascript:alert(document.cookie)"},
        {"title": "Wheat", "text": "Kazakhstan and Egypt discussed wheat exports in Cairo in 2018.",
         "url": "https://example.org/wheat"}]))
    write_article(corpus, "page.html", '<html><head><link rel="canonical" href="data:text/html,<script>x</script>">'
                  "</head><body><h1>Soy</h1><p>Kazakhstan and Brazil discussed soy exports in Brasilia.</p>"
                  "</body></html>")
    write_article(corpus, "note.md", "---\ntitle: Oil\nurl: ' java\tscript:alert(1)'\n---\n"
                  "Kazakhstan and Norway discussed oil exports in Oslo in 2016.\n")
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index))
    assert main(["ingest", str(corpus)]) == 0
    capsys.readouterr()
    assert main(["sources", "--json"]) == 0
    urls = {row["title"]: row["url"] for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert urls == {"Copper": None, "Wheat": "https://example.org/wheat", "Soy": None, "Oil": None}
    assert main(["ask", "What did Kazakhstan and Chile discuss about copper?", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["citations"] and all(c["url"] is None for c in answer["citations"])
    assert safe_url("HTTPS://example.org/a?b=c") and not safe_url("http://") and not safe_url("//evil.example/x")


def test_deeply_nested_json_costs_its_file_not_the_ingest(tmp_path: Path, monkeypatch, capsys) -> None:
    """Thousands of nested brackets raised RecursionError out of json.loads: the whole ingest
    ended with 'internal error' (exit 1) and the good files beside it were not indexed."""
    corpus = tmp_path / "corpus"
    write_article(corpus, "deep.json", "[" * 100_000 + "]" * 100_000)
    write_article(corpus, "deep.jsonl", json.dumps({"title": "Mali", "text": "Kazakhstan and Mali discussed gold "
                                                                             "in Bamako in 2014."})
                  + '\n{"title": "x", "text": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    write_article(corpus, "good.txt", "Kazakhstan and Peru discussed mining in Lima in 2018.\n")
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "index"))
    assert main(["ingest", str(corpus)]) == 3
    err = capsys.readouterr().err
    assert "deep.json: JSON nested too deeply" in err and "deep.jsonl: line 2: JSON nested too deeply" in err
    assert main(["sources", "--json"]) == 0
    assert sorted(json.loads(line)["article_id"] for line in capsys.readouterr().out.splitlines()) == [
        "deep.jsonl#01", "good.txt"]


HOSTILE_ARTICLE = ("Kazakhstan and Chile signed a copper agreement in Santiago in 2019, see [read more]"
                   "(javascript:alert(1)) and ![pixel](http://evil.example/track.png) for details.\n\n"
                   "The Chilean minister of mining Jorge Zorglub signed the copper agreement "
                   "<img src=x onerror=alert(1)> for Chile at www.evil.example in Santiago.\n")


def test_article_markdown_and_html_are_inert_in_the_chat_reply(tmp_path: Path, monkeypatch, capsys) -> None:
    """Quoted article text went into the OpenAI reply's text as it was, so a front end that
    renders Markdown (Open WebUI, LibreChat) showed the article's javascript: link, loaded its
    tracking image and saw its HTML tag. The `answer` object keeps the article's words exactly."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    write_article(corpus, "chile.txt", HOSTILE_ARTICLE)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index))
    assert main(["ingest", str(corpus)]) == 0
    question = "Who signed the copper agreement for Chile?"
    assert main(["ask", question, "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert "](javascript:" in cli["answer"], "the CLI's JSON keeps the quoted words as they are"
    with api_server(server_env(index, corpus, api_rate="0"), tmp_path) as url:
        messages = [{"role": "user", "content": question}]
        whole = httpx.post(f"{url}/v1/chat/completions", json={"messages": messages}, timeout=60).json()
        streamed = httpx.post(f"{url}/v1/chat/completions", json={"messages": messages, "stream": True}, timeout=60)
        raw = httpx.post(f"{url}/v1/chat/completions", json={"messages": messages, "markdown": False},
                         timeout=60).json()
    text = whole["choices"][0]["message"]["content"]
    assert whole["answer"]["answer"] == cli["answer"] and raw["choices"][0]["message"]["content"] == cli["answer"]
    for active in ("](", "![", "http://", "www."):
        assert active not in text, active
    assert "<img" in cli["answer"] and not re.search(r"(?<!\\)<", text), "no HTML tag opens"
    assert plain_text(text) == cli["answer"] and "[1]" in text
    pieces = [json.loads(line[6:]) for line in streamed.text.splitlines()
              if line.startswith("data: {")]
    assert "".join(p["choices"][0]["delta"].get("content") or "" for p in pieces) == text


def test_an_earlier_turn_is_held_to_what_a_question_may_be(use_bundled: Path) -> None:
    """The API takes any history: a 60,000-character earlier user turn (within the body limit)
    became the subject of the follow-up's search, ~50 s of one worker's CPU per request, and its
    bidi and escape characters rode into `standalone_question`."""
    from assistant.answer.chain import build_service
    from assistant.core.settings import Settings

    service = build_service(Settings())
    started = time.perf_counter()
    answer = service.ask("And what about them?", [("user", "Kenya " * 10_000), ("assistant", "ok")])
    assert time.perf_counter() - started < 15
    assert answer.standalone_question and len(answer.standalone_question) <= 1000 + len(" And what about them?")
    hostile = service.ask("And what about trade with them?", [
        ("user", "When were relations with \u202eKenya\x1b[31m\u200b established?"), ("assistant", "ok")])
    assert hostile.standalone_question == ("When were relations with Kenya [31m established? "
                                           "And what about trade with them?")
    empty = service.ask("And what about trade with them?", [("user", "\u200b\u202e?!"), ("assistant", "ok")])
    assert empty.standalone_question is None, "nothing of a question left: the follow-up is searched alone"


def test_open_health_names_no_path_to_a_caller_without_the_token(tmp_path: Path) -> None:
    """/health needs no token, and with no index it answered anyone with the CLI's message,
    which names the server's index folder."""
    from pydantic import SecretStr

    from assistant.api.client import RemoteService
    from assistant.core.errors import IndexNotFoundError
    from assistant.core.settings import Settings

    index = tmp_path / "secret-place" / "index"
    with api_server(server_env(index, tmp_path / "corpus", api_token=UTF8_TOKEN, api_rate="0"), tmp_path) as url:
        anonymous = httpx.get(f"{url}/health", timeout=30)
        holder = httpx.get(f"{url}/health", headers={b"authorization": f"Bearer {UTF8_TOKEN}".encode()}, timeout=30)
        with RemoteService(Settings(api_url=url, api_token=SecretStr(UTF8_TOKEN))) as remote, \
                pytest.raises(IndexNotFoundError, match="secret-place"):
            remote.health()  # the app's client sends a non-ASCII token as UTF-8 (httpx refused to)
    assert anonymous.status_code == 503 and anonymous.json()["error"]["type"] == "index_unavailable"
    assert "secret-place" not in anonymous.text and "/" not in anonymous.json()["error"]["message"]
    assert holder.status_code == 503 and "secret-place" in holder.json()["error"]["message"]


@pytest.mark.parametrize("failure", ["model error", "internal error", "no answer"])
def test_a_stream_that_fails_midway_still_ends_with_done(use_bundled: Path, failure: str) -> None:
    """The status is sent before the answer fails (a model or a store dropping out midway): the
    stream says why in one event and still ends with `data: [DONE]`, which OpenAI clients wait
    for. A failure no real server produces on demand, so the answerer's stream is replaced."""
    from fastapi.testclient import TestClient

    from assistant.api.server import create_app
    from assistant.core.errors import ModelError

    def stream(question: str, history: object = (), filters: object = None, config: object = None) -> Iterator[str]:
        yield "Kazakhstan and "
        if failure == "model error":
            raise ModelError("The model server dropped the connection.")
        if failure == "internal error":
            raise RuntimeError("boom")

    app = create_app()
    with TestClient(app, raise_server_exceptions=False) as client:
        app.state.service.stream = stream
        reply = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "Kenya?"}],
                                                          "stream": True})
    events = [line for line in reply.text.splitlines() if line.startswith("data: ")]
    assert reply.status_code == 200 and events[-1] == "data: [DONE]"
    error = json.loads(events[-2][6:])["error"]["message"]
    assert "\n" not in error and ("dropped the connection" in error if failure == "model error"
                                  else error.startswith("internal error"))


def test_a_body_that_never_arrives_is_a_408(monkeypatch: pytest.MonkeyPatch) -> None:
    """A client that declares a body and never sends it held its connection for as long as it
    liked; now the guard waits `BODY_SECONDS` for each part, then answers 408 and lets go. (A
    client that never sends: no real client does that on demand, so `receive` is one that waits.)"""
    import asyncio

    from assistant.api import guard

    monkeypatch.setattr(guard, "BODY_SECONDS", 0.2)
    called: list[Any] = []
    sent: list[Any] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        called.append(scope)

    async def receive() -> Any:
        await asyncio.sleep(30)
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "path": "/ask", "method": "POST", "headers": [(b"content-length", b"100")],
             "client": ("127.0.0.1", 5000)}
    started = time.perf_counter()
    asyncio.run(guard.Guard(app, token=None, max_body=65536, rate=0, burst=1)(scope, receive, send))
    assert time.perf_counter() - started < 10 and not called
    assert sent[0]["status"] == 408
    message = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))["error"]["message"]
    assert "did not arrive" in message and "\n" not in message


def test_a_country_or_date_is_read_as_a_question_is_and_echoed_inert(use_bundled: Path) -> None:
    """A country name with a zero-width character in it is the country (as a question's words
    are); what is echoed back of an unknown one, or of a bad date, holds no control character;
    and a load balancer's HEAD probe of /health is answered."""
    from fastapi.testclient import TestClient

    from assistant.api.server import create_app

    with TestClient(create_app(), raise_server_exceptions=False) as client:
        found = client.post("/summarize", json={"country": "Ke\u200bnya"})
        unknown = client.post("/summarize", json={"country": "\x1b]0;x\x07Narnia\u202e"})
        dated = client.post("/summarize", json={"country": "Kenya", "since": "\x1b[2J2020-13-45"})
        head = client.head("/health")
    assert found.status_code == 200 and found.json()["country"] == "Kenya"
    for refused in (unknown, dated):
        message = refused.json()["error"]["message"]
        assert refused.status_code == 400 and not re.search(r"[\x00-\x1f\x7f-\x9f\u202e]", message), message
    assert "'Narnia'" in unknown.json()["error"]["message"] and "YYYY-MM-DD" in dated.json()["error"]["message"]
    assert head.status_code == 200 and not head.content
