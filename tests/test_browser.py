"""End to end in a real browser: `streamlit run` on 127.0.0.1 driven by headless Chromium
(Debian's /usr/bin/chromium through Playwright; Playwright downloads no browser here).
`make test` installs Chromium when it can (root with apt-get); otherwise this test is skipped
and says why."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .conftest import streamlit_server

CHROMIUM = os.environ.get("ASSISTANT_TEST_CHROMIUM", "/usr/bin/chromium")
QUESTION = "What was the volume of trade between Kazakhstan and Estonia in 2023?"

pytestmark = pytest.mark.browser


@pytest.fixture
def app_url(use_bundled: Path, tmp_path: Path) -> Iterator[str]:
    with streamlit_server({**os.environ, "ASSISTANT_INDEX_DIR": str(use_bundled)}, tmp_path) as url:
        yield url


@contextmanager
def headless_chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright, headless and quiet on the network (the test is skipped,
    saying why, where it is not installed)."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM}; install Debian's 'chromium' package to run this test")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        try:
            yield browser
        finally:
            browser.close()


def test_question_answered_with_citation_in_a_real_browser(app_url: str, tmp_path: Path) -> None:
    with headless_chromium() as browser:
        page = browser.new_page()
        page.goto(app_url)
        box = page.get_by_test_id("stChatInputTextArea")
        box.wait_for(timeout=60_000)
        box.fill(QUESTION)
        box.press("Enter")
        answer_line(page, "157.5 million US dollars").wait_for(timeout=60_000)
        citation = page.get_by_test_id("stPopover").filter(has_text="[1] Kazakhstan and Estonia Reaffirm").first
        citation.wait_for(timeout=30_000)
        citation.click()
        page.get_by_test_id("stPopoverBody").get_by_text("2024-03-06 · English").wait_for(timeout=30_000)
        page.screenshot(path=str(tmp_path / "chat.png"), full_page=True)
    assert (tmp_path / "chat.png").stat().st_size > 10_000


def settled(page: Any) -> None:
    """Wait until the page is drawn: no placeholder skeleton, the app not running, charts drawn."""
    page.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')"
                           " && !document.querySelector('[data-testid=stStatusWidget]')"
                           " && [...document.querySelectorAll('.vega-embed')]"
                           ".every(e => e.querySelector('svg,canvas'))")
    page.wait_for_timeout(500)


def answer_line(page: Any, text: str) -> Any:
    """The first paragraph or list item of an answer that holds `text` (get_by_text finds the
    smallest element, the hidden card of a citation chip that quotes the same sentence)."""
    return page.locator(".cite-answer :is(p, li)", has_text=text).first


INSIDE = """mark => {
    // a screen point where this SVG mark (a country, a timeline point) is the element on top
    const box = mark.getBBox(), ctm = mark.getScreenCTM();
    for (let i = 1; i < 16; i++) for (let j = 1; j < 16; j++) {
        const local = new DOMPoint(box.x + box.width * i / 16, box.y + box.height * j / 16);
        if (!mark.isPointInFill(local)) continue;
        const screen = local.matrixTransform(ctm);
        if (document.elementFromPoint(screen.x, screen.y) === mark) return [screen.x, screen.y];
    }
    return null;
}"""


def mark_point(page: Any, label: str) -> tuple[float, float] | None:
    """A point inside the chart mark whose accessible label (Vega writes the tooltip's fields into
    aria-label) contains `label`, scrolled into view; None while the chart is (re)drawing."""
    errors = pytest.importorskip("playwright.sync_api")
    mark = page.locator(f".vega-embed svg path[aria-label*={json.dumps(label)}]").first
    try:
        mark.wait_for(state="attached", timeout=10_000)
        mark.scroll_into_view_if_needed(timeout=5_000)
        point = mark.evaluate(INSIDE, timeout=5_000)
    except errors.Error:  # detached: Streamlit re-mounted the chart after a rerun
        return None
    return (point[0], point[1]) if point else None


def hover(page: Any, label: str, tooltip_says: str) -> tuple[float, float]:
    """Hover the mark labelled `label` until Vega's tooltip shows `tooltip_says`; the point.
    A chart still being drawn, or re-mounted by a rerun, gets more tries."""
    errors = pytest.importorskip("playwright.sync_api")
    for _ in range(30):
        point = mark_point(page, label)
        if point is not None:
            page.mouse.move(*point)
            try:
                page.wait_for_function("text => (document.getElementById('vg-tooltip-element') || {})"
                                       ".textContent?.includes(text)", arg=tooltip_says, timeout=5_000)
                return point
            except errors.Error:
                pass
        page.wait_for_timeout(500)
    raise AssertionError(f"no tooltip showing {tooltip_says!r} over the mark labelled {label!r}")


def test_map_selection_opens_the_country_and_exports_download(app_url: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with headless_chromium() as browser:
        page = browser.new_page(viewport={"width": 1300, "height": 1400}, accept_downloads=True)
        page.goto(app_url)
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
        page.get_by_role("link", name="Countries").first.click()
        partner = page.get_by_test_id("stSelectbox").locator("input")
        partner.wait_for(timeout=60_000)
        assert partner.input_value() == "United States (3)"  # the best-covered on the map; Kazakhstan is home
        x, y = hover(page, "Country: United States", "United States")
        assert "Articles3" in page.locator("#vg-tooltip-element").text_content().replace(" ", "")
        x, y = hover(page, "Country: Estonia", "Estonia")
        page.mouse.click(x, y)
        page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stSelectbox] input')]"
                               ".some(e => e.value === 'Estonia (1)')", timeout=30_000)
        page.get_by_text("Period: 2024-03-06").first.wait_for(timeout=30_000)
        page.wait_for_function("() => location.search.includes('partner=EE')")
        opened = page.get_by_role("dialog", name="Source")
        assert opened.count() == 0  # no source is open until one is asked for
        for _ in range(5):  # a click while the chart is redrawn after the rerun is lost: click again
            page.mouse.click(*hover(page, "Article [n]: 1;", "Vassilenko"))  # opens the article of that point
            try:
                opened.locator("mark.cited-passage").first.wait_for(timeout=10_000)
                break
            except sync_api.TimeoutError:
                continue
        assert opened.count() == 1
        page.keyboard.press("Escape")
        opened.wait_for(state="detached", timeout=10_000)
        with page.expect_download(timeout=30_000) as download:
            page.get_by_text("Export as JSON").click()
        summary = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert summary["code"] == "EE" and summary["coverage"]["articles"] == 1
        with page.expect_download(timeout=30_000) as download:
            page.get_by_text("Export as Markdown").click()
        markdown = Path(download.value.path()).read_text(encoding="utf-8")
        assert markdown.startswith("# Kazakhstan – Estonia relations") and "\n## Sources\n" in markdown

        page.get_by_role("link", name="Chat").first.click()
        box = page.get_by_test_id("stChatInputTextArea")
        box.fill(QUESTION)
        box.press("Enter")
        answer_line(page, "157.5 million US dollars").wait_for(timeout=60_000)
        with page.expect_download(timeout=30_000) as download:
            page.get_by_text("Export the chat (Markdown)").click()
        chat = Path(download.value.path()).read_text(encoding="utf-8")
        page.screenshot(path=str(tmp_path / "export.png"), full_page=True)
    assert "## Question 1" in chat and "157\\.5 million" in chat and "#### Sources" in chat
    assert "- **[1]** Kazakhstan and Estonia Reaffirm" in chat
