"""End to end in a real browser: `streamlit run` on 127.0.0.1 driven by headless Chromium
(Debian's /usr/bin/chromium through Playwright; Playwright downloads no browser here).
`make test` installs Chromium when it can (root with apt-get); otherwise this test is skipped
and says why."""

from __future__ import annotations

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
        page.get_by_text("157.5 million US dollars").first.wait_for(timeout=60_000)
        citation = page.get_by_text("[1] Kazakhstan and Estonia Reaffirm Commitment", exact=False).first
        citation.wait_for(timeout=30_000)
        citation.click()
        page.get_by_text("Source: 003_13e68caafd3a2efa.txt").first.wait_for(timeout=30_000)
        page.screenshot(path=str(tmp_path / "chat.png"), full_page=True)
    assert (tmp_path / "chat.png").stat().st_size > 10_000
