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
