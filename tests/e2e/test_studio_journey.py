"""The Draft studio in a real browser: findings update while typing (no Ctrl+Enter),
a fix is previewed, applied and undone; the page is short enough to read; and axe
finds no serious accessibility problem of ours."""

from __future__ import annotations

import json

from tests.e2e.conftest import ARTIFACTS, shot
from tests.e2e.test_journeys import open_page, wait_idle

DRAFT = (
    "Dear families,\n\nOur MTSS team will leverage data in order to help at-risk students. "
    "The plan was approved by the board."
)
BOX = "Draft text"
BOX_HAS = "document.querySelector('textarea[aria-label=\"Draft text\"]').value.includes({})"

# Parts Streamlit draws itself, which the app cannot change: its sidebar navigation
# (axe 4.12: rules "list" and "listitem", a <ul> whose <li> items are wrapped in
# <div>s). Axe runs on the rest of the page; what it says about these parts is saved
# to test-artifacts/studio-axe-streamlit.json for the record.
STREAMLIT_OWN = ['[data-testid="stSidebarNav"]']


def marks(page) -> list[str]:
    return page.locator("div.commplan-draft mark").all_inner_texts()


def draft_text(page) -> str:
    return page.locator("div.commplan-draft").inner_text()


def tall_shot(page, name: str) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main block, so the
    window is made as tall as the page first."""
    height = min(main_height(page) + 200, 16_000)
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": height})
    page.wait_for_timeout(300)
    shot(page, name)
    page.set_viewport_size(size)


def main_height(page) -> int:
    return page.evaluate(
        "document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollHeight"
    )


def test_findings_update_while_typing_and_a_fix_is_applied_and_undone(page):
    open_page(page, "", "Draft studio")
    box = page.get_by_role("textbox", name=BOX)
    box.fill(DRAFT)  # a paste: no Ctrl+Enter, no leaving the box
    try:  # the first check also starts the check worker: slow on a busy machine
        page.locator("div.commplan-draft mark", has_text="MTSS").first.wait_for(timeout=150_000)
    finally:
        shot(page, "studio-live-wait")
    wait_idle(page)
    assert box.evaluate("el => el === document.activeElement")  # still typing there
    tall_shot(page, "studio-live-after-paste")
    groups = page.locator("[data-testid='stExpander']", has_text="finding")
    assert groups.count() >= 3
    assert groups.locator("details[open]").count() + groups.locator("[open]").count() >= 1

    # Typing on, then a pause: the findings follow without any key to "apply".
    box.press("End")
    box.press_sequentially(" Reply to this email with questions.", delay=40)
    page.wait_for_function(
        "document.querySelector('div.commplan-draft')"
        " && document.querySelector('div.commplan-draft').innerText.includes('questions.')",
        timeout=60_000,
    )
    wait_idle(page)
    tall_shot(page, "studio-live-after-typing")
    assert "yes: invites a response" in page.locator("body").inner_text()

    # A one-click fix, shown before it is applied.
    fix_row = page.locator("[data-testid='stExpander']", has_text="leverage").first
    if not fix_row.locator("details[open]").count() and fix_row.get_attribute("open") is None:
        fix_row.locator("summary").first.click()
    preview = fix_row.locator("[data-testid='stMarkdownContainer']", has_text="will use data")
    assert "Before: Our MTSS team will leverage data" in preview.first.inner_text()
    # Streamlit's class for key "fix_jargon.corporate_speak_..." turns the dot into "-".
    fix_row.locator("[class*='st-key-fix_jargon-corporate_speak'] button").first.click()
    page.wait_for_function(
        BOX_HAS.format("'will use data'"),
        timeout=60_000,
    )
    wait_idle(page)
    tall_shot(page, "studio-fix-applied")
    assert "leverage" not in marks(page)
    assert "will use data" in draft_text(page)

    page.get_by_role("button", name="Undo last change").click()
    page.wait_for_function(
        BOX_HAS.format("'leverage'"),
        timeout=60_000,
    )
    wait_idle(page)
    tall_shot(page, "studio-fix-undone")
    assert "leverage" in marks(page)


def test_a_long_draft_page_is_short_and_accessible(page):
    from axe_playwright_python.sync_playwright import Axe

    from bench.bench_check import make_drafts

    (draft,) = make_drafts(1, 1000)
    open_page(page, "", "Draft studio")
    page.get_by_role("textbox", name=BOX).fill(draft)
    page.locator("div.commplan-draft mark").first.wait_for(timeout=90_000)
    wait_idle(page)
    height = main_height(page)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "studio-height.json").write_text(
        json.dumps({"words": len(draft.split()), "main_block_px": height}), "utf-8"
    )
    tall_shot(page, "studio-long-draft")
    print(f"studio page height for a {len(draft.split())}-word draft: {height} px")

    axe = Axe()
    results = axe.run(page, context={"exclude": [[s] for s in STREAMLIT_OWN]})
    theirs = axe.run(page, context={"include": [[s] for s in STREAMLIT_OWN]})
    (ARTIFACTS / "studio-axe.json").write_text(
        json.dumps(results.response["violations"], indent=2), "utf-8"
    )
    (ARTIFACTS / "studio-axe-streamlit.json").write_text(
        json.dumps([(v["id"], v["impact"]) for v in theirs.response["violations"]]), "utf-8"
    )
    # Every impact counts on our own part of the page (moderate "heading-order" too).
    problems = results.response["violations"]
    assert not problems, [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:5]]) for v in problems
    ]


def test_a_saved_draft_is_picked_into_compare(page):
    """A new user's way to compare variants: save the staff version in "Write and
    check", then pick it in Compare next to a pasted family version; the comparison
    names the date that differs, and the saved draft brings its audience."""
    title = "Family night: staff (e2e compare)"
    open_page(page, "", "Draft studio")
    page.get_by_role("textbox", name="Title").fill(title)
    page.get_by_role("combobox", name="Audience", exact=True).first.click()
    page.get_by_role("option", name="Teachers and school staff", exact=True).click()
    wait_idle(page)
    box = page.get_by_role("textbox", name=BOX)
    box.fill("Family night is March 4 at 6 p.m. in the gym. Tell us if you can help.")
    box.press("Control+Enter")
    wait_idle(page)
    page.get_by_role("button", name="Save version").click()
    page.get_by_text("Saved version 1 of").first.wait_for(timeout=60_000)
    wait_idle(page)

    page.get_by_role("tab", name="Compare variants across audiences").click()
    wait_idle(page)
    pasted = page.get_by_role("textbox", name="Variant 1")
    pasted.fill("Family night is March 3 at 6 p.m. in the gym. Reply to this email.")
    pasted.press("Control+Enter")
    wait_idle(page)
    page.get_by_role("combobox", name="Saved draft").nth(1).click()
    page.get_by_role("option", name=title).first.click()
    wait_idle(page)
    picked = page.get_by_role("textbox", name="Variant 2")
    assert "March 4" in picked.input_value()
    # The findings are a data grid drawn on a canvas: its cells are in the page for
    # screen readers, not visible as text.
    cell = page.get_by_text("Dates differ").first
    cell.wait_for(state="attached", timeout=60_000)
    said = cell.text_content()
    assert "Families and caregivers" in said and "Teachers and school staff" in said
    tall_shot(page, "studio-compare-saved-draft")
    assert page.dialogs == []
