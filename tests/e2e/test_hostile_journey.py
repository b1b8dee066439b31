"""Every page on a hostile workspace, in a real browser (Debian's Chromium).

The workspace (tests/hostile.py) holds Markdown images pointing at a tracker,
links, :red[], :material/:, emoji shortcodes, $LaTeX$, <img onerror>, <script>,
control characters, CR-only line breaks and very long lines in every kind of
user text. On every page and tab: no dialog, no request to any host but
127.0.0.1, no traceback or exception block, no <img> or link from user text,
no coloured or LaTeX text. Screenshots go to test-artifacts/hostile-*.png.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from commplan.store import Store
from tests.e2e.conftest import running_app, shot
from tests.e2e.test_journeys import wait_idle
from tests.hostile import TRACKER, hostile, seed_hostile

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("hostile-e2e")
    store = Store(f"sqlite:///{data / 'app.db'}")
    store.upgrade()
    seed_hostile(store)
    store.dispose()
    with running_app(data) as url:
        yield url


@pytest.fixture
def hpage(browser, hostile_server):
    # Tall: Streamlit scrolls inside its own container, so a screenshot is one viewport.
    context = browser.new_context(viewport={"width": 1400, "height": 2600})
    page = context.new_page()
    page.dialogs, page.requests = [], []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: page.requests.append(r.url))
    page.base_url = hostile_server
    yield page
    context.close()


def outside(urls: list[str]) -> list[str]:
    """Requests that would leave the machine (data: and blob: URLs never do)."""
    return [
        u
        for u in urls
        if urlsplit(u).scheme not in ("data", "blob")
        and urlsplit(u).hostname not in LOCAL_HOSTS
    ]


def check(page, name: str, shown: bool = False) -> None:
    """The bars every page and tab must clear; a screenshot either way."""
    wait_idle(page)
    # Images, fonts and favicons are asked for once their elements are drawn, after
    # the script ends: a request event fires when a request starts, so a short pause
    # and every image settled (loaded or failed) are enough to have seen them all.
    page.wait_for_timeout(500)
    page.wait_for_function("[...document.images].every(i => i.complete)", timeout=10_000)
    # Tables and charts load their code after the page is drawn and stand as grey
    # placeholders meanwhile: a screenshot taken then showed no table to look at.
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=20_000
    )
    shot(page, f"hostile-{name}")
    assert page.dialogs == [], name
    assert outside(page.requests) == [], name
    assert page.locator('[data-testid="stException"]').count() == 0, name
    body = page.locator("body").inner_text()
    for word in ("Traceback", "StreamlitAPIException", "Something went wrong"):
        assert word not in body, (name, word)
    images = page.evaluate("[...document.querySelectorAll('img')].map(i => i.getAttribute('src'))")
    assert not [s for s in images if s in ("x", TRACKER) or "127.0.0.2" in (s or "")], name
    links = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    assert not [h for h in links if "127.0.0.2" in h or "hostile.example" in h], name
    coloured = page.locator(".stMarkdownColoredText, .stMarkdownColoredBackground")
    assert coloured.count() == 0, (name, coloured.all_inner_texts()[:3])
    assert page.locator(".katex").count() == 0, name
    assert page.locator("script:not([src])", has_text="alert").count() == 0, name
    if shown:  # the hostile text is on the page, shown as written (not dropped)
        assert "<img src=x onerror=alert(1)>" in body, name


def goto(page, path: str, heading: str) -> None:
    page.goto(f"{page.base_url}/{path}")
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)


def tabs(page, names: list[str], prefix: str) -> None:
    for tab in names:
        page.get_by_role("tab", name=tab).click()
        check(page, f"{prefix}-{re.sub(r'[^a-z0-9]+', '-', tab.lower())}")


def test_plans_every_tab(hpage):
    goto(hpage, "plans", "Plans")
    check(hpage, "plans")
    hpage.get_by_role("combobox", name="Plan").first.click()
    # Options (format_func) are plain text in this Streamlit, so they are not escaped:
    # check them while the list is open, in case a Streamlit upgrade renders them.
    option = hpage.get_by_role("option", name="plan-name").first
    option.wait_for(timeout=30_000)
    assert "![x](" in option.inner_text()
    check(hpage, "plans-plan-options")
    option.click()
    wait_idle(hpage)
    tabs(hpage, ["Overview", "Audiences", "Gaps", "Timeline", "Export"], "plans")
    hpage.get_by_role("tab", name="Audiences").click()
    hpage.locator('[data-testid="stExpander"] summary').first.click()
    check(hpage, "plans-audience-open", shown=True)


def test_draft_studio_with_the_hostile_draft_checked(hpage):
    goto(hpage, "", "Draft studio")
    hpage.get_by_role("combobox", name="Saved drafts").click()
    option = hpage.get_by_role("option", name="draft-title").first
    option.wait_for(timeout=30_000)
    assert "<img src=x onerror=alert(1)>" in option.inner_text()  # shown as typed
    check(hpage, "studio-draft-options")
    option.click()
    hpage.locator("div.commplan-draft mark").first.wait_for(timeout=60_000)
    check(hpage, "studio-draft", shown=True)
    draft = hpage.locator("div.commplan-draft")
    assert "<img src=x onerror=alert(1)>" in draft.inner_text()
    assert ":material/bolt:" in draft.inner_text()  # as written, not an icon
    assert draft.locator("br").count() >= 1  # the CR-only break is a line break
    tabs(hpage, ["Compare variants across audiences"], "studio")


def test_feedback_every_tab(hpage):
    goto(hpage, "feedback", "Feedback: what interest holders told us")
    tabs(
        hpage,
        ["Log a response", "Review", "You said, we did", "Import a survey", "Themes"],
        "feedback",
    )
    hpage.get_by_role("tab", name="Message tests").click()
    check(hpage, "feedback-message-tests")


def test_message_library(hpage):
    goto(hpage, "library", "Message library")
    tabs(hpage, ["Values"], "library")
    hpage.get_by_role("combobox", name="Entry").first.click()
    hpage.get_by_role("option", name="value-name").first.click()
    check(hpage, "library-hostile-value", shown=True)
    tabs(hpage, ["Key messages", "Glossary", "Import / export"], "library")


def test_audiences(hpage):
    goto(hpage, "audiences", "Audiences")
    hpage.get_by_role("combobox", name="Audience").first.click()
    hpage.get_by_role("option", name="audience-nam").first.click()
    check(hpage, "audiences-hostile", shown=True)


def test_import_with_hostile_headers_and_cells(hpage):
    """An unknown layout: each column header becomes a widget label, cells show in
    the preview; neither may render."""
    header = hostile("header").replace(",", " ")
    rows = [[header, "Comment"], *[[hostile(f"cell-{n}").replace(",", " "), "ok"] for n in (1, 2)]]
    data = "\n".join(",".join(f'"{c}"' for c in row) for row in rows).encode("utf-8")
    goto(hpage, "feedback", "Feedback: what interest holders told us")
    hpage.get_by_role("tab", name="Import a survey").click()
    wait_idle(hpage)
    hpage.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": "hostile.csv", "mimeType": "text/csv", "buffer": data}
    )
    hpage.get_by_text("This file's layout is not one we know").wait_for(timeout=60_000)
    check(hpage, "import-unknown-layout", shown=True)


def test_tables_offer_no_toolbar_download(hpage):
    """The st.dataframe toolbar's "Download as CSV" would export user cells raw
    (formulas included); client.disableDataExport turns it off."""
    goto(hpage, "feedback", "Feedback: what interest holders told us")
    hpage.get_by_role("tab", name="Review").click()
    grid = hpage.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=60_000)
    grid.hover()
    hpage.wait_for_timeout(800)
    toolbar = hpage.locator('[data-testid="stElementToolbar"]').first
    toolbar.wait_for(state="attached", timeout=10_000)
    shot(hpage, "hostile-review-toolbar")
    assert hpage.get_by_role("button", name="Download as CSV").count() == 0
    assert hpage.get_by_label("Download as CSV").count() == 0
