"""Stale saves, broken rules and bad values: a plain-words error, the same on SQLite
and PostgreSQL, and nothing half-written."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from commplan.store import ConflictError, InvalidRecord
from commplan.store import records as r
from commplan.store.models import ListeningLoop, Plan, PlanItem, Response, Workspace
from tests.store.test_records import make_plan

# ---- item 2: stale saves refused in plain words ------------------------------------


def test_a_stale_plan_save_is_refused_and_the_first_save_kept(store, workspace):
    plan_id, _ = make_plan(store, workspace)
    with store.session() as a, store.session() as b:
        assert a.get(Plan, plan_id).version == b.get(Plan, plan_id).version == 1  # both read
        r.update_plan(a, plan_id, "ana", goal="Ana's goal", expected_version=1)
        a.commit()
        with pytest.raises(ConflictError) as refused:
            r.update_plan(b, plan_id, "ben", goal="Ben's goal", expected_version=1)
        b.rollback()
    message = str(refused.value)
    assert "changed by ana" in message
    assert "your changes were not saved; they are still in the form" in message.lower()
    with store.session() as s:
        plan = s.get(Plan, plan_id)
        assert (plan.goal, plan.version, plan.updated_by) == ("Ana's goal", 2, "ana")


def test_stale_saves_of_plan_items_and_listening_loops_are_refused(store, workspace):
    _, item_id = make_plan(store, workspace)
    with store.session() as a, store.session() as b:
        b.get(PlanItem, item_id), b.get(ListeningLoop, 1)  # B has the old versions loaded
        r.update_plan_item(a, item_id, "ana", messenger="Principal", expected_version=1)
        r.set_listening_loop(a, item_id, "ana", cadence="weekly", expected_version=1)
        a.commit()
        with pytest.raises(ConflictError, match="still in the form"):
            r.update_plan_item(b, item_id, "ben", messenger="Teacher", expected_version=1)
        with pytest.raises(ConflictError, match="changed by ana"):
            r.set_listening_loop(b, item_id, "ben", cadence="daily", expected_version=1)
        b.rollback()
    with store.session() as s:
        item = s.get(PlanItem, item_id)
        assert item.messenger == "Principal" and item.listening_loop.cadence == "weekly"


def test_renaming_a_plan_to_another_plans_name(store, workspace):
    plan_id, _ = make_plan(store, workspace)
    with store.session() as s:
        r.create_plan(s, workspace, "ana", "Family engagement")
    refused = pytest.raises(InvalidRecord, match="a plan with that name already exists")
    with refused, store.session() as s:
        r.update_plan(s, plan_id, "ana", name="Family engagement", expected_version=1)
    with store.session() as s:
        assert s.get(Plan, plan_id).name == "Attendance matters"


def test_write_functions_raise_store_errors_not_driver_errors(store, workspace):
    """Rules the database enforces come back as InvalidRecord, on both backends."""
    from commplan.store import StoreError

    plan_id, item_id = make_plan(store, workspace)
    cases = [
        lambda s: r.create_draft(s, workspace, "ana", "Letter", "families", plan_item_id=10**6),
        lambda s: r.set_response_status(
            s, _response(s, workspace), "told_back", "ana", told_back_draft_id=10**6
        ),
        lambda s: r.create_message_test(s, workspace, "ana", "T", "x", [("A", "a"), ("B", "b")]),
        lambda s: r.record_outcomes(s, _test(s, workspace), [("A", "families", "lots", None)]),
        lambda s: r.add_plan_item(s, s.get(Plan, plan_id), "ana", "families", "Again"),
        lambda s: r.update_plan(s, plan_id, "ana", status="finished"),
        lambda s: r.update_plan_item(s, item_id, "ana", desired_action=" "),
    ]
    for case in cases:
        with pytest.raises(StoreError), store.session() as s:
            case(s)


def _response(session, workspace) -> int:
    return r.add_response(
        session, workspace, "ana", audience_key="families", received_on=date(2026, 10, 1),
        answers=[("Q", "A")],
    ).id  # fmt: skip


def _test(session, workspace) -> int:
    return r.create_message_test(
        session, workspace, "ana", "Letters", "rating", [("A", "a"), ("B", "b")]
    ).id


# ---- item 3: lengths and characters checked before writing, on both backends ---------


def test_an_over_length_plan_name_is_refused_with_the_limit(store, workspace):
    with pytest.raises(InvalidRecord) as refused, store.session() as s:
        r.create_plan(s, workspace, "ana", "x" * 312)
    assert str(refused.value) == (
        "Not saved: the plan name is 312 characters long; the limit is 200."
    )
    with store.session() as s:
        assert s.scalar(select(func.count()).where(Plan.name == "x" * 312)) == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "Attendance\x00"}, "the plan name contains a control character (U+0000)"),
        ({"name": "Line one\nline two"}, "the plan name cannot contain a line break"),
        ({"name": "Ok", "goal": "Bell\x07"}, "the plan goal contains a control character"),
        (
            {"name": "Ok", "objectives": [{"text": "a\x00b"}]},
            "the plan objectives contain a control character (U+0000)",
        ),
    ],
)
def test_control_characters_are_refused_the_same_on_both_backends(
    store, workspace, fields, message
):
    fields = dict(fields)
    name = fields.pop("name")
    with pytest.raises(InvalidRecord, match=re.escape(message)), store.session() as s:
        r.create_plan(s, workspace, "ana", name, **fields)


def test_tabs_and_line_breaks_are_fine_in_long_text(store, workspace):
    with store.session() as s:
        plan = r.create_plan(s, workspace, "ana", "Tabs", goal="One\tTwo\r\nThree\n")
    with store.session() as s:
        assert s.get(Plan, plan.id).goal == "One\tTwo\r\nThree\n"


def test_an_update_is_checked_too(store, workspace):
    _, item_id = make_plan(store, workspace)
    too_long = pytest.raises(InvalidRecord, match="the audience's messenger is 301 characters")
    with too_long, store.session() as s:
        r.update_plan_item(s, item_id, "ana", messenger="m" * 301)
    too_long = pytest.raises(InvalidRecord, match="the workspace name is 201 characters")
    with too_long, store.session() as s:
        s.get(Workspace, workspace.id).name = "w" * 201
        r.flush(s)


def response_row(**change):
    row = {
        "audience_key": "families",
        "received_on": date(2026, 10, 1),
        "answers": [("Q", "fine")],
        "channel": "survey",
        "external_id": "R_1",
    }
    return row | change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"channel": "c" * 301}, "the response channel is 301 characters long; the limit is 300"),
        ({"external_id": "R\x00"}, "the response external id contains a control character"),
        ({"answers": [("Q", "a\x00b")]}, "the response answer contains a control character"),
        ({"audience_key": "fam\nilies"}, "the response audience key cannot contain a line"),
        ({"themes": ["t" * 201]}, "the response theme is 201 characters long; the limit is 200"),
        ({"respondent": {"name": "A\x00"}}, "the response respondent contains a control"),
    ],
)
def test_bulk_import_checks_each_value_before_writing(store, workspace, change, message):
    rows = [response_row(external_id=f"R_{i}") for i in range(3)]
    rows.append(response_row(**{"external_id": "R_bad", **change}))
    with pytest.raises(InvalidRecord, match=message), store.session() as s:
        r.bulk_add_responses(s, workspace, "ana", rows, batch=2)
    with store.session() as s:  # nothing half-written
        assert s.scalar(select(func.count()).select_from(Response)) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "ignored"}, "status"),
        ({"plan_id": 10**6}, "refers to a record that does not exist"),
        ({"sentiment": "grumpy"}, "sentiment must be"),
    ],
)
def test_bulk_import_breaking_a_rule_is_refused_in_plain_words(store, workspace, change, message):
    rows = [response_row(external_id="R_ok"), response_row(**change, external_id="R_bad")]
    with pytest.raises(InvalidRecord, match=message), store.session() as s:
        r.bulk_add_responses(s, workspace, "ana", rows)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Response)) == 0


def test_a_second_workspace_with_the_same_name_is_refused_in_plain_words(store, workspace):
    from commplan.store.workspaces import create_workspace

    refused = pytest.raises(InvalidRecord, match="a workspace with that name already exists")
    with refused, store.session() as s:
        create_workspace(s, workspace.name, "ana")


def test_a_stale_response_status_change_names_who_changed_it(store, workspace):
    from commplan.store import review

    with store.session() as s:
        response_id = _response(s, workspace)
    with store.session() as a, store.session() as b:
        a.get(Response, response_id), b.get(Response, response_id)  # both read version 1
        r.set_response_status(a, response_id, "decided", "ana", expected_version=1)
        a.commit()
        with pytest.raises(ConflictError, match="changed by ana"):
            r.set_response_status(b, response_id, "told_back", "ben", expected_version=1)
        with pytest.raises(ConflictError, match="changed by ana"):
            review.set_sentiment(b, response_id, "negative", "ben", expected_version=1)
        b.rollback()
