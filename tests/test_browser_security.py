"""Hostile Markdown in a real browser: `streamlit run` in LLM mode (loopback OpenAI stub) driven by
headless Chromium, with a beacon HTTP server on 127.0.0.1 that counts every request. An article
whose title, file name and text carry image/link payloads pointing at the beacon, a model whose
streamed answer and rewritten question carry them too: the page must load nothing from the
beacon, make no link to it, and show the hostile text as written."""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from assistant.app.ui import WORD_JOINER

from .conftest import streamlit_server, write_article
from .fake_openai import FakeOpenAI
from .test_browser import headless_chromium, settled

pytestmark = pytest.mark.browser
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf"
                    "c0f01f0005000201ffa23c6ea00000000049454e44ae426082")


class Beacon:
    """Counts requests: any request means a payload was fetched."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        beacon = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def do_GET(self) -> None:  # noqa: N802
                beacon.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(PNG)))
                self.end_headers()
                self.wfile.write(PNG)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def beacon() -> Iterator[Beacon]:
    server = Beacon()
    yield server
    server.close()


def hostile_title(beacon: Beacon) -> str:
    return (f"Narnia grain talks ![t]({beacon.url('title.png')}) C:\\temp\\x :red[x] cost $5 and $6 "
            f"www.example.com :smile: a_b_c")


@pytest.fixture
def hostile_app(tmp_path: Path, beacon: Beacon, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, FakeOpenAI]]:
    from assistant.cli import main

    # backslashes become slashes in a browser's URL parser, so a file name can point at the beacon too
    name = f"narnia ![f](http:\\\\\\\\127.0.0.1:{beacon.port}\\\\file.png).txt"
    write_article(tmp_path / "corpus", name,
                  f"{hostile_title(beacon)}\nThe ministers of Kazakhstan and Narnia signed a grain agreement in "
                  f"Astana ![b]({beacon.url('body.png')}) [x]({beacon.url('body-link')}) "
                  f"<img src=\"{beacon.url('body-html.png')}\">. Trade reached 5 million dollars.\n")
    assert main(["ingest"]) == 0

    def reply(messages: list[dict[str, Any]]) -> str:
        prompt = "\n".join(str(m.get("content", "")) for m in messages)
        if "Standalone question:" in prompt:
            return f"Narnia grain agreement ![q]({beacon.url('query.png')}) {beacon.url('query-auto')}"
        return (f"The ministers signed a **grain** agreement [1]. ![a]({beacon.url('answer.png')}) "
                f"[l]({beacon.url('answer-link')}) {beacon.url('answer-auto')} www.example.org")

    with FakeOpenAI() as fake:
        fake.reply = reply
        env = {**os.environ, "OPENAI_BASE_URL": fake.base_url, "ASSISTANT_MODEL": "fake-model"}
        with streamlit_server(env, tmp_path) as url:
            yield url, fake


def test_no_payload_loads_or_links_and_text_shows_as_written(hostile_app: tuple[str, FakeOpenAI], beacon: Beacon,
                                                             tmp_path: Path) -> None:
    url, fake = hostile_app
    with headless_chromium() as browser:
        page = browser.new_page()
        page.goto(url)
        box = page.get_by_test_id("stChatInputTextArea")
        box.wait_for(timeout=60_000)
        box.fill(f"What did Narnia sign? ![u]({beacon.url('question.png')})")
        box.press("Enter")
        page.get_by_text("The ministers signed a").first.wait_for(timeout=60_000)
        # the answer is complete (checked, stored in the chat) once its sources show; a question
        # sent before that interrupts the run, as it would for a user
        page.get_by_text("Why this answer").first.wait_for(timeout=60_000)
        box.fill("And what else did they agree?")
        box.press("Enter")
        page.get_by_text("The ministers signed a").nth(1).wait_for(timeout=60_000)
        for summary in page.locator("summary").all():  # open every expander: why this answer
            summary.click()
        page.get_by_text("Searched for:").first.wait_for(timeout=30_000, state="attached")
        # the source chip's card (title, quote as HTML) and the article in the source dialog
        page.get_by_test_id("stPopover").filter(has_text="[1] Narnia grain talks").last.click()
        card = page.get_by_test_id("stPopoverBody")
        card.get_by_text("signed a grain agreement").first.wait_for(timeout=30_000)
        card_text = card.text_content() or ""
        settled(page)  # the card opens with a rerun; a click on "Open" during it can be lost
        card.get_by_role("button", name="Open").click()
        dialog = page.get_by_role("dialog", name="Source")
        dialog.locator("mark.cited-passage").first.wait_for(timeout=30_000)
        dialog_text = dialog.text_content() or ""
        dialog_images = dialog.locator("img").count()
        time.sleep(2)  # give any image a chance to load
        page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
        body = page.evaluate("document.body.textContent").replace(WORD_JOINER, "")
        links = page.locator(f"a[href*='{beacon.port}']").count()
        images = page.locator(f"img[src*='{beacon.port}']").count()
    assert any("Standalone question:" in str(r["body"]) for r in fake.requests), "the rewrite ran"
    assert beacon.hits == [], f"payloads were fetched: {beacon.hits}"
    assert links == 0 and images == 0 and dialog_images == 0
    # the article's own HTML in the card's quote and the dialog (st.html, escaped) is shown as text
    assert f"<img src=\"{beacon.url('body-html.png')}\">" in dialog_text
    assert "Trade reached 5 million dollars" in dialog_text and "signed a grain agreement" in card_text
    # the hostile strings are displayed exactly as written
    assert hostile_title(beacon) in body
    assert f"![a]({beacon.url('answer.png')})" in body, body
    assert f"![q]({beacon.url('query.png')})" in body, body
    assert re.search(r"narnia !\[f\]\(http:\\\\\\\\127\.0\.0\.1:\d+\\\\file\.png\)\.txt", body)


def test_timeline_tooltips_show_hostile_text_as_text(tmp_path: Path, beacon: Beacon) -> None:
    """Vega's tooltips are HTML: a hostile title or event line must show as text and load nothing.
    (The map's tooltips carry only country names from pycountry and counts.)"""
    import json

    from assistant.cli import main

    from .test_browser import hover

    title = f"Estonia talks <img src=\"{beacon.url('tip-title.png')}\"> <b>bold</b>"
    record = {"title": title, "date": "2024-03-06",
              "text": f"The ministers of Kazakhstan and Estonia met in Tallinn "
                      f"<img src=\"{beacon.url('tip-body.png')}\"> and signed a memorandum on digital trade "
                      f"![m]({beacon.url('tip-md.png')}) today."}
    write_article(tmp_path / "corpus", "tips.jsonl", json.dumps(record) + "\n")
    assert main(["ingest"]) == 0
    with streamlit_server(dict(os.environ), tmp_path) as url, headless_chromium() as browser:
        page = browser.new_page(viewport={"width": 1300, "height": 1400})
        page.goto(url)
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
        page.get_by_role("link", name="Countries").first.click()
        page.get_by_text("Dated articles over time").wait_for(timeout=60_000)
        hover(page, "Article [n]: 1;", "Estonia talks")
        tooltip = page.locator("#vg-tooltip-element")
        shown = tooltip.text_content() or ""
        quotes = page.locator(".quote-list").first
        quotes.wait_for(timeout=30_000)
        listed = quotes.text_content() or ""
        images = (tooltip.locator("img").count() + quotes.locator("img").count()
                  + page.locator(f"img[src*='{beacon.port}']").count())
        time.sleep(1)
    assert f"<img src=\"{beacon.url('tip-title.png')}\">" in shown and "<b>bold</b>" in shown
    assert f"<img src=\"{beacon.url('tip-body.png')}\">" in listed, listed  # the summary's quote, as text
    assert "signed a memorandum" in shown or "met in Tallinn" in shown
    assert images == 0 and beacon.hits == []
