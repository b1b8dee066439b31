"""The Plans page's calendar export in a real browser: the .ics is built when the
button is clicked (a deferred download) and reads back as the plan's follow-ups."""

from __future__ import annotations

import re

import icalendar

from commplan.store.seed import EXAMPLE_PLAN
from tests.e2e.conftest import shot
from tests.e2e.test_journeys import open_page, wait_idle


def test_follow_up_dates_download_as_a_calendar(page):
    open_page(page, "plans", "Plans")
    page.get_by_role("tab", name="Export").click()
    wait_idle(page)
    button = page.get_by_role("button", name="Follow-up dates (.ics calendar)")
    button.wait_for(timeout=30_000)
    # The browser tests share one server: other journeys may have added listening
    # loops to this plan, so the count is read here and checked against the file (the
    # exact count for the example plan alone is tested in tests/ui/test_plans_page.py).
    caption = page.get_by_text(re.compile(r"^\d+ follow-up dates? in the calendar"))
    caption.wait_for(timeout=30_000)
    promised = int(caption.inner_text().split()[0])
    shot(page, "plan-export-calendar")
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith("-follow-ups.ics")
    with open(download.path(), "rb") as f:
        data = f.read()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    events = icalendar.Calendar.from_ical(data.decode("utf-8")).walk("VEVENT")
    assert len(events) == promised
    summaries = {str(e["SUMMARY"]) for e in events}
    assert f"Follow up with Families and caregivers: {EXAMPLE_PLAN}" in summaries
    example = [e for e in events if str(e["SUMMARY"]).endswith(EXAMPLE_PLAN)]
    assert example and all("RRULE" in e for e in example)  # its cadences are regular
    assert page.dialogs == []
