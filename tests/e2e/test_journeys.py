"""The main journeys in a real browser: write a draft and see highlights; build a
plan with a listening loop and export it to Word; hostile text never runs."""

from __future__ import annotations

import io

import docx

from tests.e2e.conftest import shot

HOSTILE = (
    '<script>alert("x1")</script> <img src=x onerror=alert("x2")> '
    '[click](javascript:alert("x3")) Our MTSS team will leverage data.'
)


def open_page(page, path: str, heading: str):
    page.goto(f"{page.base_url}/{path}")
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    wait_idle(page)
    shot(page, f"open-{path or 'studio'}")


def wait_idle(page) -> None:
    """Wait until Streamlit has finished running the script: no "Running..." widget
    and no element left over from the previous run (Streamlit marks those data-stale
    while it reruns; under load a stale copy of a widget can stand beside the new one)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-stale=\"true\"]')",
        timeout=60_000,
    )


def fill_textarea(page, label: str, text: str) -> None:
    box = page.get_by_role("textbox", name=label)
    box.fill(text)
    box.press("Control+Enter")  # Streamlit applies a text area on Ctrl+Enter or blur


def test_draft_shows_highlights(page):
    open_page(page, "", "Draft studio")
    fill_textarea(
        page,
        "Draft",
        "Dear families,\n\nOur MTSS team will leverage data in order "
        "to help at-risk students. The plan was approved by the board.",
    )
    try:
        page.locator("div.commplan-draft mark").first.wait_for(timeout=30_000)
    finally:
        shot(page, "studio-after-input")
    marked = page.locator("div.commplan-draft mark").all_inner_texts()
    assert {"MTSS", "leverage", "at-risk students"} <= set(marked)
    title = page.locator("div.commplan-draft mark", has_text="MTSS").get_attribute("title")
    assert "not defined" in title
    shot(page, "studio-highlights")


def test_hostile_draft_never_runs(page):
    open_page(page, "", "Draft studio")
    fill_textarea(page, "Draft text", HOSTILE)
    page.locator("div.commplan-draft mark").first.wait_for(timeout=30_000)
    draft = page.locator("div.commplan-draft")
    assert '<script>alert("x1")</script>' in draft.inner_text()
    assert draft.locator("img").count() == 0 and draft.locator("script").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []
    shot(page, "studio-hostile")


def test_plan_with_listening_loop_exports_docx(page):
    open_page(page, "plans", "Plans")
    page.get_by_role("tab", name="Audiences").click()
    form = page.locator('[data-testid="stForm"]').filter(has_text="Add an audience").last
    if not form.count():
        form = page.locator('[data-testid="stForm"]').last
    form.get_by_label("What we ask them to do").fill("Visit a school on family night")
    form.get_by_label("Listening channel").fill("legislative briefing <b>bold?</b>")
    form.get_by_label("Audience").click()
    page.get_by_role("option", name="Policymakers").click()
    form.get_by_role("button", name="Add audience").click()
    page.get_by_text("Policymakers: Visit a school on family night").wait_for(timeout=30_000)
    shot(page, "plan-audiences")
    page.get_by_role("tab", name="Export").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Word (.docx)").click()
    with open(info.value.path(), "rb") as f:
        data = f.read()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "Policymakers" in text and "legislative briefing <b>bold?</b>" in text
    page.get_by_role("tab", name="Gaps").click()
    shot(page, "plan-gaps")
    assert page.dialogs == []
