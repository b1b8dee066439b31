"""The Plans page: the example plan, editing, audiences with listening loops, gaps, exports."""

import io
import re
import time

import docx
import pytest

from commplan.store.seed import EXAMPLE_PLAN
from tests.ui.conftest import shown


def test_example_plan_is_shown_with_gaps_and_exports(page):
    at = page("plans")
    assert not at.exception
    assert at.title[0].value == "Plans"
    assert EXAMPLE_PLAN in at.selectbox(key="plan_id").format_func(
        at.selectbox(key="plan_id").value
    )
    assert any("example plan" in i.value for i in at.info)
    gap_text = " ".join(m.value for m in at.markdown)
    assert "no listening loop" in gap_text  # community partners have none in the example


def test_add_audience_with_listening_loop(page):
    at = page("plans")
    at.selectbox(key="add_audience_0").select("policymakers")
    at.text_input(key="add_action_0").input("Visit a school during the family night")
    at.text_input(key="add_loop_channel_0").input("legislative briefing")
    at.button(key="FormSubmitter:add_item_form_0-Add audience").click().run()
    assert not at.exception
    labels = [shown(e.label) for e in at.expander]
    assert any(label.startswith("Policymakers: Visit a school") for label in labels)


def test_one_form_adds_the_audience_with_its_whole_listening_loop(page):
    """Action, messages, channels and the full loop in one save: no reopen-and-save."""
    from commplan.store import records as r
    from commplan.ui import resources

    at = page("plans")
    at.selectbox(key="add_audience_0").select("policymakers")
    at.text_input(key="add_action_0").input("Visit a school during the family night")
    from message_library import load_default_library

    at.multiselect(key="add_messages_0").select(load_default_library().key_messages[0].id)
    at.text_area(key="add_channels_0").input("briefing memo\nsite visit")
    at.text_input(key="add_messenger_0").input("Superintendent")
    at.text_input(key="add_loop_channel_0").input("legislative briefing")
    at.text_input(key="add_cadence_0").input("each session")
    at.text_input(key="add_loop_owner_0").input("Gov. relations lead")
    at.text_area(key="add_questions_0").input("What data helps you?\nWhat did we miss?")
    at.date_input(key="add_follow_up_0").set_value(__import__("datetime").date(2027, 2, 1))
    at.button(key="FormSubmitter:add_item_form_0-Add audience").click().run()
    assert not at.exception
    assert any("Added Policymakers" in shown(t.value) for t in at.toast)
    with resources.store().session() as s:
        plan = r.get_plan(s, at.selectbox(key="plan_id").value)
        item = next(i for i in plan.items if i.audience_key == "policymakers")
        assert item.channels == ["briefing memo", "site visit"] and item.messenger
        assert len(item.key_messages) == 1
        loop = item.listening_loop
        assert loop.channel == "legislative briefing" and loop.cadence == "each session"
        assert loop.owner == "Gov. relations lead" and len(loop.questions) == 2
        assert str(loop.next_follow_up) == "2027-02-01"
    # The form starts empty for the next audience.
    assert at.text_input(key="add_action_1").value == ""


def test_desired_action_is_required_and_typing_is_kept(page):
    at = page("plans")
    at.selectbox(key="add_audience_0").select("media")
    at.text_input(key="add_loop_channel_0").input("press call")
    at.button(key="FormSubmitter:add_item_form_0-Add audience").click().run()
    assert any("what you ask" in e.value and "Not added" in e.value for e in at.error)
    assert at.text_input(key="add_loop_channel_0").value == "press call"


def test_edit_overview_and_remove_example(page):
    at = page("plans")
    goal = [w for w in at.text_area if w.key.startswith("plan_goal_")]
    goal[0].input("Every family knows one well-being support.")
    at.button(key="FormSubmitter:plan_form-Save plan").click().run()
    goal = [w for w in at.text_area if w.key.startswith("plan_goal_")]
    assert goal[0].value == "Every family knows one well-being support."
    at.button(key="remove_example").click().run()
    assert not at.exception
    assert any("No plans yet" in i.value for i in at.info)


def test_new_plan_and_hostile_text(page):
    at = page("plans")
    at.text_input(key="new_plan_name").input("<script>alert(1)</script> plan")
    at.button(key="FormSubmitter:new_plan_form-Create plan").click().run()
    assert not at.exception
    sb = at.selectbox(key="plan_id")
    assert sb.format_func(sb.value) == "<script>alert(1)</script> plan"
    # Markdown shown on the page never carries the raw tag from user text.
    assert not any("<script>" in m.value for m in at.markdown)


def test_docx_export_reads_back():
    from datetime import date

    from commplan.plans import plan_to_docx
    from commplan.plans.model import PlanView

    plan = PlanView(
        id=1,
        name="P",
        goal="G",
        objectives=(),
        theory_of_action="",
        domains=(),
        status="draft",
        is_example=False,
    )
    assert docx.Document(io.BytesIO(plan_to_docx(plan, date(2026, 1, 1)))).paragraphs[0].text == "P"


def test_export_offers_the_follow_up_calendar(page):
    at = page("plans")
    buttons = {b.proto.label: b for b in at.get("download_button")}
    ics = buttons["Follow-up dates (.ics calendar)"]
    assert ics.proto.url and not ics.proto.deferred_file_id  # carries its file
    assert not ics.proto.disabled
    captions = [shown(c.value) for c in at.caption]
    assert "2 follow-up dates in the calendar" in captions
    # A loop without a date is named, not silently left out.
    at.selectbox(key="add_audience_0").select("policymakers")
    at.text_input(key="add_action_0").input("Visit a school during the family night")
    at.text_input(key="add_loop_channel_0").input("legislative briefing; <b>office hours</b>")
    at.button(key="FormSubmitter:add_item_form_0-Add audience").click().run()
    assert not at.exception
    captions = [shown(c.value) for c in at.caption]
    assert any(
        c.startswith("2 follow-up dates in the calendar; no follow-up date set for Policymakers")
        for c in captions
    ), captions


@pytest.fixture
def media(monkeypatch):
    """The files AppTest's stand-in runtime stores for download buttons, readable by
    their address (each run gets its own store; the last one made is the last run's)."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.testing.v1 import app_test

    stores = []

    class Kept(MediaFileManager):
        def __init__(self, storage):
            super().__init__(storage)
            stores.append(storage)

    monkeypatch.setattr(app_test, "MediaFileManager", Kept)

    def read(url: str) -> bytes:
        file_id = url.rsplit("/", 1)[-1].split(".", 1)[0]
        return stores[-1].get_file(file_id).content

    return read


EXPORTS = ("Word (.docx)", "Markdown", "CSV (one row per audience)")
ICS = "Follow-up dates (.ics calendar)"


def test_every_export_carries_its_file_and_the_calendar_keeps_its_address(page, media):
    """QA: the .ics failed when clicked within about half a second of another export.
    It was built only when clicked: Streamlit gives such a download a new id on every
    run and drops the old one when a run ends, and the other export's click reran the
    page. Now every button carries its bytes, a click does not rerun the page, and the
    calendar's bytes (so its address) stay the same from run to run."""
    at = page("plans")
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    for label in (*EXPORTS, ICS):
        assert buttons[label].url and not buttons[label].deferred_file_id, label
        assert buttons[label].ignore_rerun, label  # a click only downloads
    first = buttons[ICS].url
    data = media(first)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.count(b"BEGIN:VEVENT") == 2
    stamps = re.findall(rb"DTSTAMP:(\d{8}T\d{6}Z)", data)
    time.sleep(1.1)  # the time stamp has whole seconds: the next run is in another one
    at.run()
    again = {b.proto.label: b.proto for b in at.get("download_button")}[ICS].url
    assert again == first
    assert re.findall(rb"DTSTAMP:(\d{8}T\d{6}Z)", media(again)) == stamps


def test_the_word_file_is_built_once_while_the_plan_stays_the_same(page, monkeypatch):
    """python-docx takes a tenth of a second or more per build, and the page carries
    the file on every run: a rerun with the plan unchanged reuses it; a saved change
    builds it again."""
    import commplan.plans

    built = []
    real = commplan.plans.plan_to_docx

    def counting(plan, today=None):
        built.append(plan.goal)
        return real(plan, today)

    monkeypatch.setattr(commplan.plans, "plan_to_docx", counting)
    at = page("plans")
    assert len(built) == 1
    at.run()
    at.run()
    assert len(built) == 1
    goal = at.text_area(key=next(k for k in _keys(at) if k.startswith("plan_goal")))
    goal.input("A goal changed and saved")
    at.button(key=next(k for k in _keys(at) if k.startswith("FormSubmitter:plan_form"))).click()
    at.run()
    assert not at.exception
    assert built[-1] == "A goal changed and saved" and len(built) == 2


def _keys(at):
    return [e.key for e in at.get("text_area") + at.get("button") if getattr(e, "key", None)]
