"""Log the issue's complaint in the browser: the Review tab tells staff how far to
trust the sentiment, and the analysis tags it with a starter topic (issue 12)."""

from __future__ import annotations

from tests.e2e.conftest import shot
from tests.e2e.test_feedback_journey import log, search_review
from tests.e2e.test_journeys import open_page, wait_idle

NIGHTMARE = "The new start times are a nightmare for working parents."


def test_review_shows_the_sentiment_estimate_note(page):
    open_page(page, "feedback", "Feedback")
    log(page, NIGHTMARE, "Families and caregivers")
    grid = search_review(page, "nightmare")
    note = page.get_by_text("Sentiment is an estimate", exact=False).first
    note.wait_for(timeout=30_000)
    assert "test comments it matched a careful human reader" in note.inner_text()
    grid.scroll_into_view_if_needed()
    shot(page, "sentiment-review-note")
    # Analysed (Themes tab), it is negative and about start times.
    page.get_by_role("tab", name="Themes").click()
    wait_idle(page)
    page.get_by_role("button", name="Analyse responses").click()
    wait_idle(page)
    # A new workspace tags it with the starter topic.
    page.get_by_text("start times (1)").first.wait_for(timeout=30_000)  # top themes
    shot(page, "sentiment-themes-analysed")
    assert page.dialogs == []
