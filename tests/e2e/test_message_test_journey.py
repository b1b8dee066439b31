"""Test two versions of a message in the browser: create the test, paste outcomes as
copied from a spreadsheet, and read the result as a sentence and a chart."""

from __future__ import annotations

import random

from tests.e2e.conftest import shot
from tests.e2e.test_journeys import open_page, wait_idle


def outcomes() -> str:
    """Families rate B clearer; only three policymakers answered."""
    rng = random.Random(5)
    lines = ["Variant\tAudience\tRating"]
    for _ in range(40):
        lines.append(f"A\tFamilies and caregivers\t{rng.choice([3, 3, 4, 4, 2])}")
        lines.append(f"B\tFamilies and caregivers\t{rng.choice([4, 4, 5, 5, 3])}")
    lines += ["A\tPolicymakers\t4", "B\tPolicymakers\t3", "B\tPolicymakers\t4"]
    return "\n".join(lines)


def test_compare_two_versions_of_a_message(page):
    open_page(page, "feedback", "Feedback")
    page.get_by_role("tab", name="Message tests").click()
    wait_idle(page)
    page.get_by_text("Create a test").click()
    page.get_by_role("textbox", name="Test name").fill("Attendance letter opening")
    page.get_by_role("textbox", name="Variants, one per line").fill(
        "A: Every school day counts.\nB: Missing two days a month adds up to a month a year."
    )
    page.get_by_role("button", name="Create test").click()
    wait_idle(page)
    page.get_by_text("Created the test").wait_for(timeout=30_000)

    box = page.get_by_role("textbox", name="Outcomes, one per line")
    box.fill(outcomes())
    box.press("Control+Enter")
    wait_idle(page)
    page.get_by_role("button", name="Record outcomes").click()
    page.get_by_text("Recorded 83 outcomes.").wait_for(timeout=30_000)
    wait_idle(page)
    chart = page.locator('[data-testid="stVegaLiteChart"] >> visible=true').first
    chart.wait_for(timeout=30_000)
    page.get_by_text("Each variant is compared with the control").scroll_into_view_if_needed()
    shot(page, "message-test-results")
    chart.scroll_into_view_if_needed()
    shot(page, "message-test-chart")

    body = page.locator("section.main, [data-testid='stMain']").first.inner_text()
    assert "Variant B" in body and "Families and caregivers" in body
    assert "95% CI" in body
    assert "too few" in body.lower()  # three policymakers cannot tell us anything
    assert page.dialogs == []
