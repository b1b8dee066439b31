"""What a person types on the Plans page is saved, or refused with a message and kept
in the form: never dropped without a word (found in the qa9a new-user session)."""

from __future__ import annotations

from datetime import date

import pytest

from commplan.store import Store
from commplan.store import records as r
from commplan.store.seed import EXAMPLE_PLAN
from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace
from tests.ui.conftest import shown

CREATE = "FormSubmitter:new_plan_form-Create plan"
ADD = "FormSubmitter:add_item_form_0-Add audience"


@pytest.fixture
def db(database):
    store = Store(database)
    yield store
    store.dispose()


def plans(db) -> dict[str, object]:
    with db.session() as s:
        workspace = get_workspace(s, DEFAULT_WORKSPACE)
        return {p.name: r.get_plan(s, p.id) for p in r.list_plans(s, workspace)}


def errors(at) -> str:
    return " ".join(shown(e.value) for e in at.error)


def test_a_new_plan_without_a_name_is_refused_in_words_and_the_goal_is_kept(page, db):
    at = page("plans")
    at.text_input(key="new_plan_name").input("   ")
    at.text_area(key="new_plan_goal").input("Every family knows the new bus times.")
    at.button(key=CREATE).click().run()
    assert not at.exception
    assert "name" in errors(at).lower() and "Not created" in errors(at)
    assert set(plans(db)) == {EXAMPLE_PLAN}
    # The person adds the name; the goal typed before goes in with it.
    at.text_input(key="new_plan_name").input("Bus times")
    at.button(key=CREATE).click().run()
    assert not at.error
    assert plans(db)["Bus times"].goal == "Every family knows the new bus times."


def test_a_new_plan_the_store_refuses_keeps_what_was_typed(page, db):
    at = page("plans")
    at.text_input(key="new_plan_name").input("N" * 250)
    at.text_area(key="new_plan_goal").input("A goal worth keeping.")
    at.button(key=CREATE).click().run()
    assert "250 characters" in errors(at)
    assert at.text_input(key="new_plan_name").value == "N" * 250
    # Shortening the name is enough: the goal is still there and saved with it.
    at.text_input(key="new_plan_name").input("N" * 200)
    at.button(key=CREATE).click().run()
    assert not at.error
    assert plans(db)["N" * 200].goal == "A goal worth keeping."
    # After a save the form starts empty for the next plan.
    assert at.text_input(key="new_plan_name").value == ""
    assert at.text_area(key="new_plan_goal").value == ""


def test_new_audience_with_loop_details_but_no_listening_channel_is_refused(page, db):
    at = page("plans")
    at.selectbox(key="add_audience_0").select("policymakers")
    at.text_input(key="add_action_0").input("Visit a school")
    at.text_input(key="add_cadence_0").input("weekly")
    at.text_input(key="add_loop_owner_0").input("Cy")
    at.date_input(key="add_follow_up_0").set_value(date(2027, 6, 1))
    at.text_area(key="add_questions_0").input("Would you come?")
    at.button(key=ADD).click().run()
    assert not at.exception
    message = errors(at)
    assert "Not added" in message and "listening channel" in message
    assert not any(i.audience_key == "policymakers" for i in plans(db)[EXAMPLE_PLAN].items)
    assert at.text_area(key="add_questions_0").value == "Would you come?"
    # With the channel named, everything typed is saved together.
    at.text_input(key="add_loop_channel_0").input("office hours")
    at.button(key=ADD).click().run()
    assert not at.error
    item = next(i for i in plans(db)[EXAMPLE_PLAN].items if i.audience_key == "policymakers")
    loop = item.listening_loop
    assert (loop.channel, loop.cadence, loop.owner) == ("office hours", "weekly", "Cy")
    assert loop.questions == ["Would you come?"] and loop.next_follow_up == date(2027, 6, 1)


def test_loop_details_on_an_audience_without_a_loop_are_not_dropped(page, db):
    at = page("plans")
    item = next(i for i in plans(db)[EXAMPLE_PLAN].items if i.listening_loop is None)

    def box(kind, prefix):
        (found,) = [w for w in getattr(at, kind) if w.key.startswith(f"{prefix}_item_{item.id}_")]
        return found

    box("text_input", "loop_cadence").input("monthly")
    box("text_area", "loop_questions").input("What would help?")
    at.button(key=f"FormSubmitter:item_form_{item.id}-Save audience").click().run()
    assert not at.exception
    assert "Not saved" in errors(at) and "listening channel" in errors(at)
    assert not any(shown(t.value).startswith("Saved") for t in at.toast)
    assert box("text_area", "loop_questions").value == "What would help?"
    box("text_input", "loop_channel").input("partner check-in call")
    at.button(key=f"FormSubmitter:item_form_{item.id}-Save audience").click().run()
    assert not at.error
    saved = next(i for i in plans(db)[EXAMPLE_PLAN].items if i.id == item.id).listening_loop
    assert saved.channel == "partner check-in call" and saved.cadence == "monthly"
    assert saved.questions == ["What would help?"]


def _editor_key(at, prefix: str) -> str:
    (key,) = [d.key for d in at.data_editor if d.key and d.key.startswith(prefix)]
    return key


@pytest.mark.parametrize(
    ("table", "row", "words"),
    [
        ("plan_objectives", {"measure": "attendance rate", "target": "95%"}, "objective"),
        ("plan_milestones", {"due_on": "2027-03-01", "done": False}, "milestone"),
    ],
)
def test_a_table_row_without_its_main_text_is_refused_not_dropped(page, db, table, row, words):
    """An objective with a measure and target but no objective text yet, or a milestone
    with a date but no title, was left out of the save without a word."""
    at = page("plans")
    before = plans(db)[EXAMPLE_PLAN]
    objectives, milestones = list(before.objectives), [m.title for m in before.milestones]
    at.session_state[_editor_key(at, table)] = {
        "edited_rows": {},
        "added_rows": [row],
        "deleted_rows": [],
    }
    at.button(key="FormSubmitter:plan_form-Save plan").click().run()
    assert not at.exception
    message = errors(at)
    assert "Not saved" in message and words in message and "row" in message
    after = plans(db)[EXAMPLE_PLAN]
    assert after.version == before.version
    assert list(after.objectives) == objectives
    assert [m.title for m in after.milestones] == milestones


def test_a_listening_loop_can_be_removed_and_an_empty_channel_says_how(page, db):
    at = page("plans")
    item = next(i for i in plans(db)[EXAMPLE_PLAN].items if i.listening_loop is not None)
    submit = f"FormSubmitter:item_form_{item.id}-Save audience"

    def widget(kind, prefix):
        (found,) = [w for w in getattr(at, kind) if w.key.startswith(f"{prefix}_item_{item.id}_")]
        return found

    widget("text_input", "loop_channel").input("  ")
    at.button(key=submit).click().run()
    assert not at.exception
    assert "Remove the listening loop" in errors(at)  # says how, not only "needs a channel"
    widget("checkbox", "loop_remove").check()
    widget("text_input", "item_timing").input("Before winter break")
    at.button(key=submit).click().run()
    assert not at.error and not at.exception
    assert any("listening loop removed" in shown(t.value) for t in at.toast)
    saved = next(i for i in plans(db)[EXAMPLE_PLAN].items if i.id == item.id)
    assert saved.listening_loop is None and saved.timing == "Before winter break"


def test_a_long_ask_is_shortened_in_the_audience_title_and_kept_whole_in_the_form(page, db):
    ask = "Register for the family night at your school. " * 100  # 4,700 characters
    plan = plans(db)[EXAMPLE_PLAN]
    item = plan.items[0]
    with db.session() as s:
        r.update_plan_item(s, item.id, "ana", expected_version=item.version, desired_action=ask)
    at = page("plans")
    (title,) = [shown(e.label) for e in at.expander if "Register for" in e.label]
    assert len(title) < 200 and title.endswith("…")
    assert ": Register for the family night" in title
    (box,) = [w for w in at.text_input if w.key.startswith(f"item_action_item_{item.id}_")]
    assert box.value == ask


def test_a_key_message_no_longer_in_the_library_is_kept_when_the_audience_is_saved(page, db):
    """The form offered only the library's key messages, so saving an audience (for
    any change) silently dropped a message since removed from the library."""
    item = plans(db)[EXAMPLE_PLAN].items[0]
    kept = [*item.key_messages, "retired_message"]
    with db.session() as s:
        r.update_plan_item(s, item.id, "ana", expected_version=item.version, key_messages=kept)
    at = page("plans")
    (messages,) = [w for w in at.multiselect if w.key.startswith(f"item_messages_item_{item.id}_")]
    assert "retired_message" in messages.value
    assert "no longer in the library" in messages.format_func("retired_message")
    (timing,) = [w for w in at.text_input if w.key.startswith(f"item_timing_item_{item.id}_")]
    timing.input("Second week of March")
    at.button(key=f"FormSubmitter:item_form_{item.id}-Save audience").click().run()
    assert not at.error and not at.exception
    saved = next(i for i in plans(db)[EXAMPLE_PLAN].items if i.id == item.id)
    assert saved.timing == "Second week of March" and saved.key_messages == kept


def test_a_plan_name_is_saved_without_outer_spaces_so_it_cannot_pose_as_another(page, db):
    """'Bus times ' next to 'Bus times' looked like one plan twice in the list."""
    at = page("plans")
    at.text_input(key="new_plan_name").input("Bus times")
    at.button(key=CREATE).click().run()
    at.text_input(key="new_plan_name").input("  Bus times  ")
    at.button(key=CREATE).click().run()
    assert "already exists" in errors(at)
    (name,) = [w for w in at.text_input if w.key.startswith("plan_name_")]
    name.input(f"{EXAMPLE_PLAN} ")
    at.button(key="FormSubmitter:plan_form-Save plan").click().run()
    assert "already exists" in errors(at)
    assert sorted(plans(db)) == sorted([EXAMPLE_PLAN, "Bus times"])
