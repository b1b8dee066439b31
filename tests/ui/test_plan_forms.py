"""Plan forms belong to one plan and one version: switching plans never carries
fields over, and a stale form is refused instead of overwriting someone's save."""

from __future__ import annotations

import pytest

from commplan.store import Store
from commplan.store import records as r
from commplan.store.seed import EXAMPLE_PLAN
from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace


def widget(widgets, prefix: str):
    """The one widget whose key starts with prefix (keys carry plan id and version)."""
    found = [w for w in widgets if w.key and w.key.startswith(prefix)]
    assert len(found) == 1, [w.key for w in widgets]
    return found[0]


def submit(at, label: str):
    buttons = [b for b in at.button if b.key and b.key.startswith("FormSubmitter:") and
               b.key.endswith(f"-{label}")]
    assert len(buttons) == 1, [b.key for b in at.button]
    return buttons[0].click().run()


@pytest.fixture
def db(database):
    store = Store(database)
    yield store
    store.dispose()


def plan_by_name(db, name):
    with db.session() as s:
        workspace = get_workspace(s, DEFAULT_WORKSPACE)
        plan = next(p for p in r.list_plans(s, workspace) if p.name == name)
        return r.get_plan(s, plan.id)


def test_switching_plans_shows_each_plans_own_fields(page, db):
    at = page("plans")
    example_goal = widget(at.text_area, "plan_goal").value
    assert example_goal
    at.text_input(key="new_plan_name").input("Attendance campaign")
    at.text_area(key="new_plan_goal").input("Every family knows why attendance matters.")
    submit(at, "Create plan")
    assert not at.exception
    assert widget(at.text_input, "plan_name").value == "Attendance campaign"
    assert widget(at.text_area, "plan_goal").value == "Every family knows why attendance matters."

    # Saving the new plan's form leaves the example plan as it was.
    widget(at.text_area, "plan_toa").input("If we explain, then families will come.")
    submit(at, "Save plan")
    assert not at.exception
    assert not at.error
    example = plan_by_name(db, EXAMPLE_PLAN)
    assert example.goal == example_goal
    assert plan_by_name(db, "Attendance campaign").theory_of_action.startswith("If we explain")

    # And back: the example plan's own fields, not the ones just typed.
    at.selectbox(key="plan_id").select(example.id).run()
    assert widget(at.text_input, "plan_name").value == EXAMPLE_PLAN
    assert widget(at.text_area, "plan_goal").value == example_goal


def test_a_stale_plan_form_is_refused_and_the_other_save_kept(page, db):
    at = page("plans")
    plan = plan_by_name(db, EXAMPLE_PLAN)
    with db.session() as s:  # someone else saves while this form is open
        r.update_plan(s, plan.id, "Alex", expected_version=plan.version, goal="Alex's goal")

    widget(at.text_area, "plan_goal").input("My goal")
    submit(at, "Save plan")
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "Alex" in message and "not saved" in message.lower()
    assert plan_by_name(db, EXAMPLE_PLAN).goal == "Alex's goal"
    # The edit is still in the form; loading the latest shows Alex's save.
    assert widget(at.text_area, "plan_goal").value == "My goal"
    at.button(key=f"plan_reload_{plan.id}").click().run()
    assert widget(at.text_area, "plan_goal").value == "Alex's goal"
    widget(at.text_area, "plan_goal").input("Both goals")
    submit(at, "Save plan")
    assert not at.error
    assert plan_by_name(db, EXAMPLE_PLAN).goal == "Both goals"


def test_saving_twice_in_a_row_works(page, db):
    at = page("plans")
    widget(at.text_area, "plan_goal").input("First")
    submit(at, "Save plan")
    widget(at.text_area, "plan_goal").input("Second")
    submit(at, "Save plan")
    assert not at.error and not at.exception
    assert plan_by_name(db, EXAMPLE_PLAN).goal == "Second"


def test_a_stale_audience_form_is_refused(page, db):
    at = page("plans")
    plan = plan_by_name(db, EXAMPLE_PLAN)
    item = plan.items[0]
    with db.session() as s:
        r.update_plan_item(
            s, item.id, "Alex", expected_version=item.version, desired_action="Alex's ask"
        )
    widget(at.text_input, f"item_action_item_{item.id}_").input("My ask")
    at.button(key=f"FormSubmitter:item_form_{item.id}-Save audience").click().run()
    assert "Alex" in " ".join(e.value for e in at.error)
    items = {i.id: i for i in plan_by_name(db, EXAMPLE_PLAN).items}
    assert items[item.id].desired_action == "Alex's ask"


def test_a_listening_loop_added_meanwhile_is_not_overwritten(page, db):
    at = page("plans")
    plan = plan_by_name(db, EXAMPLE_PLAN)
    item = next(i for i in plan.items if i.listening_loop is None)
    with db.session() as s:
        r.set_listening_loop(s, item.id, "Alex", channel="Alex's listening session")
    widget(at.text_input, f"loop_channel_item_{item.id}_").input("My survey")
    at.button(key=f"FormSubmitter:item_form_{item.id}-Save audience").click().run()
    assert "Alex" in " ".join(e.value for e in at.error)
    items = {i.id: i for i in plan_by_name(db, EXAMPLE_PLAN).items}
    assert items[item.id].listening_loop.channel == "Alex's listening session"
