"""Import a survey export in the browser: preview, import, find the answers in Review;
a malformed file is refused with the row named and nothing imported."""

from __future__ import annotations

from tests import test_survey_import
from tests.e2e.conftest import shot
from tests.e2e.test_feedback_journey import search_review
from tests.e2e.test_journeys import open_page, wait_idle

MULTILINE = 'Start the late bus at 4:15,\nnot 4:45: "two weeks" notice please.'
QUALTRICS = [
    *test_survey_import.QUALTRICS[:3],  # the three header rows, as Qualtrics writes them
    ["2025-10-01 09:00:00", "2025-10-01 09:05:00", "IP Address", "10.1.2.3",
     "2025-10-01 09:05:00", "R_e2e1", "ana@example.org", "4", MULTILINE],
    ["2025-10-02 09:00:00", "2025-10-02 09:05:00", "Survey Preview", "", "2025-10-02 09:05:00",
     "R_e2e2", "", "5", "a test run, not a respondent"],
    ["2025-10-03 09:00:00", "2025-10-03 09:05:00", "IP Address", "10.1.2.4",
     "2025-10-03 09:05:00", "R_e2e3", "", "2", "The robotics club flyer never arrived."],
    ["2025-10-04 09:00:00", "2025-10-04 09:05:00", "IP Address", "10.1.2.5",
     "2025-10-04 09:05:00", "R_e2e4", "", "1", "What does MTSS mean? The letter never said."],
]  # fmt: skip


def upload(page, name: str, data: bytes) -> None:
    page.get_by_role("tab", name="Import").click()
    wait_idle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    wait_idle(page)


def test_import_a_qualtrics_export(page):
    open_page(page, "feedback", "Feedback")
    upload(page, "fall-survey.csv", test_survey_import.to_csv(QUALTRICS))
    page.get_by_role("heading", name="Preview").wait_for(timeout=30_000)
    metrics = page.locator('[data-testid="stMetric"]')
    assert "Qualtrics" in metrics.nth(0).inner_text()
    assert "3" in metrics.nth(1).inner_text()  # the preview row is not a respondent
    assert "1" in metrics.nth(2).inner_text()
    shot(page, "import-preview")
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("3 new responses; 1 row skipped (test preview).", exact=True).wait_for(
        timeout=60_000
    )
    wait_idle(page)
    shot(page, "import-done")
    assert "RecipientEmail" in page.get_by_text("identifying columns not stored").first.inner_text()

    # The analysis after the import heard "MTSS" as confusing jargon.
    page.get_by_role("tab", name="Themes").click()
    wait_idle(page)
    heard = page.get_by_text("confusing jargon: MTSS (1)", exact=True).first
    heard.wait_for(timeout=30_000)
    heard.scroll_into_view_if_needed()
    shot(page, "import-themes")
    assert page.get_by_text("Plain alternative:").count()
    # The quote is what they wrote, not their rating of 1 in front of it.
    assert page.get_by_text("“What does MTSS mean? The letter never said.”", exact=True).count()

    page.get_by_role("tab", name="You said, we did").click()
    wait_idle(page)
    # The cards were drawn after the import, not before it.
    page.get_by_text("What does MTSS mean? The letter never said.", exact=True).first.wait_for(
        timeout=30_000
    )
    shot(page, "import-you-said")

    grid = search_review(page, "late bus")
    shot(page, "import-review")
    assert page.get_by_text("1 response").count() or "late bus" in grid.inner_text()
    assert page.dialogs == []


def test_a_ragged_file_is_refused_and_nothing_is_imported(page):
    ragged = [row[:] for row in QUALTRICS]
    ragged[5] = ragged[5][:-2]  # a row cut short
    ragged[3][5] = "R_e2e_ragged"
    open_page(page, "feedback", "Feedback")
    upload(page, "cut-off.csv", test_survey_import.to_csv(ragged))
    error = page.locator('[data-testid="stAlertContentError"]').first
    error.wait_for(timeout=30_000)
    shot(page, "import-refused")
    assert "row 6" in error.inner_text() and "fields" in error.inner_text()
    assert page.get_by_role("button", name="Import", exact=True).count() == 0
