"""Log feedback in the browser and find it again with the review filters."""

from __future__ import annotations

from tests.e2e.conftest import shot
from tests.e2e.test_journeys import open_page, wait_idle

BUS = "The bus comes too early for the little ones. <img src=x onerror=alert('x')>"
TUTORS = "Please share the new schedule with our tutoring partners."


def log(page, answer: str, audience_name: str) -> None:
    page.get_by_role("tab", name="Log a response").click()
    wait_idle(page)
    page.get_by_role("combobox", name="Who said it (audience)").click()
    page.get_by_role("option", name=audience_name, exact=True).click()
    wait_idle(page)
    # While a rerun finishes, Streamlit can briefly show the old and the new widget.
    page.wait_for_function(
        "document.querySelectorAll('textarea[aria-label=\"What they said\"]').length === 1",
        timeout=30_000,
    )
    page.get_by_role("textbox", name="What they said").fill(answer)
    page.get_by_role("button", name="Log response").click()
    wait_idle(page)


def search_review(page, query: str):
    """Search the answers on the Review tab; returns the responses table."""
    page.get_by_role("tab", name="Review").click()
    wait_idle(page)
    search = page.get_by_role("textbox", name="Search the answers")
    search.fill(query)
    search.press("Enter")
    wait_idle(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=30_000)
    return grid


def test_log_and_filter_feedback(page):
    open_page(page, "feedback", "Feedback")
    log(page, BUS, "Families and caregivers")
    log(page, TUTORS, "Community partners")
    shot(page, "feedback-logged")
    grid = search_review(page, "bus")
    shot(page, "feedback-filtered")
    text = grid.inner_text()
    assert "too early" in text or page.get_by_text("1 response").count()
    assert "tutoring partners" not in text
    assert page.dialogs == []


def test_the_tab_is_in_the_address_and_downloads_are_built_when_clicked(page):
    """Only the chosen tab runs: its name is in the address, a reload comes back to
    it, and the CSV and the "you said, we did" summary are written on the click."""
    open_page(page, "feedback", "Feedback")
    said = "Pickup at the front gate is chaos, <b>every</b> Monday."
    log(page, said, "Families and caregivers")
    page.get_by_role("tab", name="Review").click()
    wait_idle(page)
    assert "tab=Review" in page.url
    page.reload()
    page.get_by_role("heading", name="Feedback").first.wait_for(timeout=60_000)
    wait_idle(page)
    assert page.get_by_role("tab", name="Review").get_attribute("aria-selected") == "true"
    page.get_by_role("textbox", name="Search the answers").wait_for(timeout=30_000)
    assert page.get_by_role("textbox", name="What they said").count() == 0  # not run
    shot(page, "feedback-review-after-reload")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Download CSV").click()
    with open(info.value.path(), "rb") as f:
        assert said in f.read().decode("utf-8-sig")

    page.get_by_role("tab", name="You said, we did").click()
    wait_idle(page)
    assert "tab=You" in page.url
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Summary (Markdown)").click()
    with open(info.value.path(), "rb") as f:
        # Its content (themes heard, with quotes) is checked in tests/ui; a typed
        # response has no theme until it is analysed.
        assert f.read().decode("utf-8").startswith("# You said, we did")
    shot(page, "feedback-you-said-we-did")
    assert page.dialogs == []
