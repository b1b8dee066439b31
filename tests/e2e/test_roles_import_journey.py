"""Import a Google Forms export with a "Which best describes you?" question: read it
as the audience, say what each answer means, import, and find the families' answers
under Families in Review."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import shot
from tests.e2e.test_import_journey import upload
from tests.e2e.test_journeys import open_page, wait_idle

ROLES = Path(__file__).resolve().parents[1] / "data" / "surveys" / "google_forms_roles.csv"
ROLE = "Which best describes you?"


def selectbox(page, label: str):
    """A selectbox by its label as shown (its accessible name carries md()'s escapes)."""
    return page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first


def choose(page, label: str, option: str) -> None:
    """Pick an option; a rerun that lands while the list is open closes it, so open it
    again (up to three times)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    wanted = page.get_by_role("option").filter(has_text=re.compile(f"^{re.escape(option)}$"))
    for attempt in range(3):
        wait_idle(page)
        selectbox(page, label).get_by_role("combobox").click()
        try:
            wanted.first.click(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    wait_idle(page)


def test_import_with_a_role_column_read_as_the_audience(page):
    open_page(page, "feedback", "Feedback")
    # A workspace of its own: the browser tests share one server and database, and
    # the count under Families below must be this file's rows only.
    page.get_by_role("button", name="New workspace").click()
    page.get_by_label("Name", exact=True).fill("Bell schedule survey")
    page.get_by_role("button", name="Create workspace").click()
    # Wait until the sidebar is in the new workspace before the next click. Streamlit
    # abandons a run when a click arrives (fast reruns): the workspace is committed,
    # but the abandoned run never switches to it, and the import landed in "My
    # workspace" (a fresh clone's run; reproduced by clicking Import at once).
    workspace = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]')
    expect(workspace.get_by_role("combobox")).to_have_value(
        "Bell schedule survey", timeout=60_000
    )
    wait_idle(page)
    upload(page, "bell-schedule-survey.csv", ROLES.read_bytes())
    page.get_by_role("heading", name="Preview").wait_for(timeout=30_000)
    page.get_by_text("Adjust how columns are read (optional)").click()
    wait_idle(page)
    choose(page, ROLE, "Who answered (the audience)")
    page.get_by_text(f"Who answered: {ROLE}").wait_for(timeout=30_000)
    # Each answer gets its obvious audience; "Other" is for staff to decide.
    # Waited for, not read at once: on a loaded machine a rerun may still be drawing.
    parent = selectbox(page, "“Parent/guardian” (2 rows)").get_by_role("combobox")
    expect(parent).to_have_value("Families and caregivers", timeout=30_000)
    expect(selectbox(page, "“Other” (1 row)").get_by_role("combobox")).to_have_value(
        "Default audience (Families and caregivers)", timeout=30_000
    )
    warnings = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warnings.filter(has_text="'Other' (1 row)")).to_have_count(1, timeout=30_000)
    choose(page, "“Parent/guardian” (2 rows)", "Families and caregivers")
    choose(page, "“Other” (1 row)", "Community partners")
    expect(warnings.filter(has_text="'Other' (1 row)")).to_have_count(0, timeout=30_000)
    page.get_by_text(f"Who answered: {ROLE}").scroll_into_view_if_needed()
    shot(page, "roles-import-answers")
    page.get_by_role("button", name="Import", exact=True).scroll_into_view_if_needed()
    shot(page, "roles-import-preview")
    page.get_by_role("button", name="Import", exact=True).click()
    done = page.get_by_text("6 new responses.", exact=True)
    done.wait_for(timeout=60_000)
    wait_idle(page)
    done.scroll_into_view_if_needed()
    shot(page, "roles-import-done")

    page.get_by_role("tab", name="Review").click()
    wait_idle(page)
    page.get_by_role("combobox", name="Audiences").click()
    page.get_by_role("option").filter(has_text="Families and caregivers").first.click()
    page.keyboard.press("Escape")
    wait_idle(page)
    # Only this import's channel: other journeys on the same server log responses from
    # families too (a fresh clone's run counted 4 when two of them shared a worker).
    page.get_by_role("combobox", name="Channels").click()
    page.get_by_role("option").filter(has_text="Survey (Google Forms)").first.click()
    page.keyboard.press("Escape")
    wait_idle(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=30_000)
    grid.scroll_into_view_if_needed()
    shot(page, "roles-import-review")
    # The two "Parent/guardian" rows, and only they, are under Families (the table is
    # drawn on a canvas: its count is in the caption above it).
    # (The caption goes on with the measured sentiment accuracy.)
    page.get_by_text(re.compile(r"^2 responses, newest first\.")).wait_for(timeout=30_000)
    assert page.dialogs == []
