"""The app as a new user meets it, in headless Chromium: one `streamlit run` for the module on the
bundled index (its chats and feedback in a temp folder), one browser, a fresh context (a browser
profile: its own cookies) per test.

Screenshots of every page at 1400x1000 and 390x844 go to build/screens/ (git-ignored), with the
axe-core audit of each page in build/screens/axe.json."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.app.html_parts import PAGE_BACKGROUND, contrast

from .conftest import CORPUS, ROOT, streamlit_server
from .test_browser import answer_line, headless_chromium, settled

pytestmark = pytest.mark.browser
SCREENS = ROOT / "build" / "screens"
TRADE = "What was the volume of trade between Kazakhstan and Estonia in 2023?"
WIDE = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
PAGES = {"chat": ("", "Ask the articles"), "countries": ("countries", "Kazakhstan and its partners"),
         "articles": ("articles", "Articles in the index"), "evaluation": ("evaluation", "How well it answers")}
READY = {"chat": ".st-key-examples button", "countries": ".st-key-country-US-chips",
         "articles": "[data-testid=stFileUploader]", "evaluation": "[data-testid=stNumberInput]"}
"""What each page draws last: the screenshot waits for it."""


@pytest.fixture(scope="module")
def app(bundled_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The app on the bundled index; yields its URL and the folder of its chats and feedback."""
    folder = tmp_path_factory.mktemp("app")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "OPENAI_", "CHROMA_"))}
    env.update({"ASSISTANT_INDEX_DIR": str(bundled_index), "ASSISTANT_CORPUS_DIR": str(CORPUS),
                "ASSISTANT_CHATS_PATH": str(folder / "chats.sqlite3"),
                "ASSISTANT_FEEDBACK_PATH": str(folder / "feedback.jsonl"),
                "ASSISTANT_REPORTS_DIR": str(folder / "reports")})
    with streamlit_server(env, folder) as url:
        yield url, folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with headless_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=WIDE)
    context.set_default_timeout(60_000)
    yield context.new_page()
    context.close()


def open_app(page: Any, url: str, path: str = "") -> None:
    page.goto(f"{url}/{path}")
    page.get_by_role("heading", level=1).first.wait_for()


def ask(page: Any, question: str) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")


def answers(page: Any) -> Any:
    return page.get_by_test_id("stChatMessage").filter(has_text="Answered by")


def open_first_source(page: Any) -> None:
    """Source [1]'s chip -> its card -> "Open", until the dialog shows the highlighted passage.

    The chip's card opens with a rerun of the app; on a slow machine a click on "Open" that lands
    while that rerun redraws the card can be lost (CI lost one), so the page is let settle first and
    the card opened again, up to three times; the dialog must still open."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(3):
        page.get_by_test_id("stPopover").filter(has_text=re.compile(r"^\[1\]")).first.click()
        settled(page)
        page.get_by_test_id("stPopoverBody").get_by_role("button", name="Open").click()
        try:
            page.locator("mark.cited-passage").first.wait_for(timeout=20_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    page.locator("mark.cited-passage").first.wait_for(timeout=20_000)


def rgb(css: str) -> str:
    """'rgb(154, 52, 18)' as '#9a3412'."""
    r, g, b = (int(x) for x in re.findall(r"\d+", css)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def test_example_question_answers_and_its_chip_opens_the_passage(app: tuple[str, Path], page: Any) -> None:
    url, _ = app
    open_app(page, url)
    examples = page.locator(".st-key-examples button")
    examples.first.wait_for()
    # the buttons render one by one: wait for the fourth before counting (a busy CI machine drew 1)
    page.wait_for_function("document.querySelectorAll('.st-key-examples button').length >= 4", timeout=60_000)
    page.wait_for_timeout(500)  # and for any after it
    assert re.search(r"13 articles in English \(11\) and Russian \(2\), 2015–2024", page.content())
    assert 4 <= examples.count() <= 6
    texts = [examples.nth(i).inner_text().split("\n")[-1] for i in range(examples.count())]
    assert any(re.search("[а-я]", t) for t in texts), texts  # one in Russian
    examples.first.click()
    answers(page).first.wait_for()
    assert texts[0] in page.get_by_test_id("stChatMessage").first.inner_text()
    chip = page.get_by_test_id("stPopover").filter(has_text=re.compile(r"^\[1\]")).first
    assert ".txt" not in chip.inner_text()  # a human title, never the file's hash name
    chip.get_by_role("button").focus()  # a chip is focusable, and opens from the keyboard
    page.keyboard.press("Enter")
    card = page.get_by_test_id("stPopoverBody")
    card.wait_for()
    settled(page)  # the card opens with a rerun; a click on "Open" during it can be lost
    card.get_by_role("button", name="Open").click()
    dialog = page.get_by_role("dialog", name="Source")
    mark = dialog.locator("mark.cited-passage").first
    mark.wait_for()
    page.wait_for_timeout(600)  # the scroll runs 300 ms after the dialog is drawn
    colour = rgb(mark.evaluate("m => getComputedStyle(m).backgroundColor"))
    assert contrast(colour, PAGE_BACKGROUND) >= 3
    assert contrast(rgb(mark.evaluate("m => getComputedStyle(m).color")), colour) >= 4.5
    box, view = mark.bounding_box(), dialog.locator("[aria-label='Article text']").bounding_box()
    assert box and view and box["y"] < view["y"] + view["height"] and box["y"] + box["height"] > view["y"]
    # follow-ups are offered after the answer
    page.get_by_text("Ask next").first.wait_for()
    assert page.get_by_text("Ask next").count() == 1


def test_a_citation_in_the_text_is_a_chip_with_a_card_that_leads_to_its_source(app: tuple[str, Path],
                                                                               page: Any) -> None:
    url, _ = app
    open_app(page, url)
    ask(page, TRADE)
    answer = answers(page).first
    answer.wait_for()
    settled(page)
    inline = answer.get_by_role("button", name=re.compile(r"^Source \[1\]: Kazakhstan and Estonia Reaffirm"))
    assert inline.count() >= 1  # each [1] in the sentences is a button named after its source
    chip = inline.first
    card = chip.locator(".cite-card")
    assert chip.inner_text().startswith("[1]") and not card.is_visible()
    answer.locator(".cite-answer").click(position={"x": 2, "y": 2})  # focus just before the chip
    for _ in range(20):  # reached with Tab, as a keyboard user would
        page.keyboard.press("Tab")
        if chip.evaluate("c => c === document.activeElement"):
            break
    assert chip.evaluate("c => c === document.activeElement"), "the chip is not reachable with Tab"
    card.wait_for()  # focus shows the card: title, date, language, the quoted sentence
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / "inline-chip-card-wide.png"))
    assert re.search(r"Kazakhstan and Estonia Reaffirm.*\n2024-03-06 · English\n“.*157\.5 million", card.inner_text(),
                     re.S)
    assert card.locator(".cite-quote").get_attribute("lang") == "en"
    page.keyboard.press("Enter")  # leads to the source: its chip in the row under the answer, card open
    row_card = page.get_by_test_id("stPopoverBody")
    row_card.wait_for()
    settled(page)  # the row's card opens with a rerun; a click on "Open" during it can be lost
    row_card.get_by_role("button", name="Open").click()
    page.get_by_role("dialog", name="Source").locator("mark.cited-passage").first.wait_for()
    page.keyboard.press("Escape")
    page.get_by_role("dialog", name="Source").wait_for(state="hidden")
    page.mouse.move(0, 0)
    assert not card.is_visible()
    chip.hover()  # hover shows the card too
    card.wait_for()


def test_a_russian_answer_is_marked_russian_and_its_english_quotes_english(app: tuple[str, Path],
                                                                           page: Any) -> None:
    url, _ = app
    open_app(page, url)
    ask(page, "Какой объём торговли между Казахстаном и Эстонией в 2023 году?")
    answer = answers(page).first
    answer.wait_for()
    settled(page)
    body = answer.locator(".cite-answer")
    assert body.get_attribute("lang") == "ru"
    assert "Согласно статьям" in body.inner_text()
    quoted = body.locator("[lang=en]").filter(has_text="157.5 million US dollars")
    assert quoted.count() >= 1  # the quote from an English article says it is English
    chip = page.get_by_test_id("stPopover").filter(has_text=re.compile(r"^\[1\]")).first
    chip.click()
    assert page.get_by_test_id("stPopoverBody").locator("blockquote").first.get_attribute("lang") == "en"
    assert "English" in page.get_by_test_id("stPopoverBody").inner_text()


def test_source_dialog_steps_through_citations(app: tuple[str, Path], page: Any) -> None:
    url, _ = app
    open_app(page, url, "countries?partner=US")
    page.get_by_text("Kazakhstan – United States").wait_for()
    page.get_by_test_id("stPopover").filter(has_text=re.compile(r"^\[1\]")).first.click()
    page.get_by_test_id("stPopoverBody").wait_for()
    settled(page)  # the card opens with a rerun; a click on "Open" during it can be lost
    page.get_by_test_id("stPopoverBody").get_by_role("button", name="Open").click()
    dialog = page.get_by_role("dialog", name="Source")
    dialog.get_by_text("Source 1 of").wait_for()
    page.get_by_test_id("stPopoverBody").wait_for(state="hidden")  # the card closes, not left over the dialog
    first = dialog.get_by_role("heading").last.inner_text()
    dialog.get_by_role("button", name="Next →").click()
    dialog.get_by_text("Source 2 of").wait_for()
    assert dialog.get_by_role("heading").last.inner_text() != first
    dialog.locator("mark.cited-passage").first.wait_for()
    dialog.get_by_role("button", name="← Previous").click()
    dialog.get_by_text("Source 1 of").wait_for()


def test_country_timeline_is_zoomed_to_the_data_and_a_map_click_shows_the_chosen_summary(app: tuple[str, Path],
                                                                                         browser: Any) -> None:
    url, _ = app
    context = browser.new_context(viewport={"width": 1400, "height": 700})  # the summary starts below the fold
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        open_app(page, url, "countries?partner=UN")  # one article of 2015, four of one March 2024 week
        page.locator(".st-key-country-UN-chips").first.wait_for()
        settled(page)
        timeline = page.locator(".vega-embed").nth(1)
        labels = timeline.evaluate("c => [...c.querySelectorAll('.role-axis-label text')].map(t => t.textContent)")
        days = [t for t in labels if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t)]
        assert days and len(days) == len(set(days)), labels  # one label per day, none repeated
        assert "2024-03-03" <= min(days) and max(days) <= "2024-03-09", days  # the week, not 2015-2024
        assert "1 earlier article (2015-11-02)" in timeline.evaluate("c => c.querySelector('svg').textContent")
        timeline.screenshot(path=str(SCREENS / "country-timeline-wide.png"))
        world = page.locator(".vega-embed").first
        world.evaluate("m => m.scrollIntoView({block: 'end'})")  # the map at the bottom of the view
        assert page.get_by_role("heading", name="Kazakhstan – United Nations").evaluate(
            "h => h.getBoundingClientRect().top > innerHeight")  # the summary is out of sight
        spot = world.evaluate("""map => {  // a point inside the largest partner shaded on the map, not chosen
            const shaded = [...map.querySelectorAll('path')].filter(p => /^rgb/.test(p.getAttribute('fill') || '')
                && p.getAttribute('stroke') !== '#111111');
            const area = p => { const b = p.getBoundingClientRect(); return b.width * b.height; };
            const biggest = shaded.sort((a, b) => area(b) - area(a))[0], b = biggest.getBoundingClientRect();
            for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
                const x = b.x + b.width * i / 20, y = b.y + b.height * j / 20;
                if (document.elementFromPoint(x, y) === biggest) return [x, y]; }
            return null; }""")
        assert spot, "no partner to click on the map"
        page.mouse.click(*spot)
        page.wait_for_function("() => !location.search.includes('partner=UN')")
        partner = re.search(r"partner=(\w+)", page.url)
        assert partner and partner.group(1) == "RU"  # Russia, the largest partner shaded
        heading = page.get_by_role("heading", name="Kazakhstan – Russia")
        heading.wait_for()
        page.wait_for_function("h => { const r = h.getBoundingClientRect(); return r.top >= 40 && r.bottom <= 700; }",
                               arg=heading.element_handle())  # scrolled into view, below the top bar
        world.locator("path[stroke='#111111']").first.wait_for()  # the chosen country outlined on the map
        quote = page.locator('.quote-list span[lang="ru"]').first  # Russia's one article is in Russian
        quote.wait_for()
        assert re.search("[а-яё]{4}", quote.inner_text()), quote.inner_text()
        page.screenshot(path=str(SCREENS / "country-after-map-click-wide.png"))
    finally:
        context.close()


def test_a_refusal_under_a_filter_says_so_and_searches_all(app: tuple[str, Path], page: Any) -> None:
    url, _ = app
    open_app(page, url, "?lang=ru")
    chip = page.get_by_role("button", name="Language: Russian ✕")
    chip.wait_for()
    ask(page, TRADE)
    page.get_by_text("Only articles matching your filters were searched (Language: Russian)").wait_for()
    settled(page)  # a click while the answer's run finishes can be lost
    page.get_by_role("button", name="Search all articles").click()
    answer_line(page, "157.5 million US dollars").wait_for()
    settled(page)
    chip.click()  # the filter is removable, and leaves the URL
    page.get_by_text("Searching all articles").wait_for()
    page.wait_for_function("() => !location.search.includes('lang=')")


def test_reload_keeps_the_chat_and_the_page_and_no_other_browser_sees_it(app: tuple[str, Path], browser: Any,
                                                                         page: Any) -> None:
    url, _ = app
    open_app(page, url)
    ask(page, TRADE)
    answers(page).first.wait_for()
    page.wait_for_function("() => location.search.includes('chat=')")
    shared = page.url
    page.reload()
    answer_line(page, "157.5 million US dollars").wait_for()
    page.get_by_test_id("stSidebar").get_by_text("What was the volume of trade").wait_for()
    page.get_by_role("link", name="Articles").first.click()
    page.get_by_role("heading", name="Articles in the index").wait_for()
    page.reload()
    page.get_by_role("heading", name="Articles in the index").wait_for()
    other = browser.new_context(viewport=WIDE)
    try:
        stranger = other.new_page()
        stranger.goto(shared)  # the chat's own URL, in a browser without its profile
        stranger.get_by_role("heading", name="Ask the articles").wait_for(timeout=60_000)
        stranger.locator(".st-key-examples").wait_for(timeout=60_000)
        assert "157.5" not in stranger.content() and "What was the volume" not in stranger.content()
    finally:
        other.close()


def test_a_shared_url_opens_the_same_partner(app: tuple[str, Path], page: Any) -> None:
    url, _ = app
    open_app(page, url, "countries?partner=EE")
    page.get_by_text("Kazakhstan – Estonia").wait_for()
    settled(page)
    assert page.get_by_test_id("stSelectbox").locator("input").input_value() == "Estonia (1)"
    page.get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="Kenya (1)").click()
    page.wait_for_function("() => location.search.includes('partner=KE')")


def test_copy_retry_and_thumbs_down_with_a_reason(app: tuple[str, Path], browser: Any) -> None:
    url, folder = app
    context = browser.new_context(viewport=WIDE, permissions=["clipboard-read", "clipboard-write"])
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        open_app(page, url)
        ask(page, TRADE)
        answers(page).first.wait_for()
        settled(page)
        page.get_by_test_id("stPopover").filter(has_text="Copy").first.click()
        code = page.get_by_test_id("stPopoverBody").get_by_test_id("stCode")
        code.hover()
        code.get_by_role("button").first.click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert "157.5 million US dollars" in copied and "Sources:" in copied
        assert re.search(r"\[1\] Kazakhstan and Estonia Reaffirm .*\(2024-03-06, English\)", copied)
        page.keyboard.press("Escape")
        page.get_by_role("button", name="Retry").first.click()
        answers(page).nth(1).wait_for()
        settled(page)
        page.get_by_text(TRADE).nth(1).wait_for()  # asked again, as typed
        answers(page).first.get_by_role("radio", name="Thumbs down").click()
        page.get_by_text("Wrong language", exact=True).first.click()
        page.wait_for_timeout(1500)
    finally:
        context.close()
    records = [json.loads(line) for line in (folder / "feedback.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records[-1]["rating"] == "down" and records[-1]["reason"] == "wrong-language"
    assert "Estonia" in records[-1]["question"]


def test_phone_navigation(app: tuple[str, Path], browser: Any) -> None:
    url, _ = app
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        open_app(page, url)
        nav = page.locator(".st-key-phone-nav")
        for name, heading in (("Countries", "Kazakhstan and its partners"), ("Articles", "Articles in the index"),
                              ("Chat", "Ask the articles")):
            nav.get_by_role("link", name=name).click()  # in view at the top, no menu to open
            page.get_by_role("heading", name=heading).wait_for()
            settled(page)  # the page switch redraws the bar: measure it once it is back in view
            nav.wait_for(state="visible")
            box = nav.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
            sidebar = page.get_by_test_id("stSidebar").bounding_box()
            assert sidebar is None or sidebar["x"] + sidebar["width"] <= 1, "no menu covers the page"
    finally:
        context.close()


def test_every_page_passes_axe_and_is_photographed(app: tuple[str, Path], browser: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    url, _ = app
    SCREENS.mkdir(parents=True, exist_ok=True)
    axe, results = Axe(), {}

    def audit(page: Any) -> list[dict[str, Any]]:
        found = axe.run(page).response["violations"]
        return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                 "nodes": [n["html"][:160] for n in v["nodes"][:4]]} for v in found]

    for size_name, size in (("wide", WIDE), ("phone", PHONE)):
        context = browser.new_context(viewport=size)
        context.set_default_timeout(60_000)
        try:
            page = context.new_page()
            for name, (path, heading) in PAGES.items():
                open_app(page, url, path)
                page.get_by_role("heading", name=heading).wait_for()
                page.locator(READY[name]).first.wait_for()
                settled(page)
                page.screenshot(path=str(SCREENS / f"{name}-{size_name}.png"), full_page=size_name == "phone")
                if size_name == "wide":
                    results[name] = audit(page)
            if size_name == "wide":  # the chat with an answer and the source dialog open
                open_app(page, url)
                ask(page, TRADE)
                answers(page).first.wait_for()
                settled(page)
                page.screenshot(path=str(SCREENS / "answer-wide.png"), full_page=True)
                results["chat with an answer"] = audit(page)
                open_first_source(page)
                page.wait_for_timeout(800)
                page.screenshot(path=str(SCREENS / "source-dialog-wide.png"))
        finally:
            context.close()
    (SCREENS / "axe.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    serious = {page: [v for v in found if v["impact"] in ("serious", "critical") or v["id"] == "heading-order"]
               for page, found in results.items()}  # headings in order: a screen reader's outline of the page
    assert not any(serious.values()), json.dumps(serious, indent=1)
