"""Deleting responses, and message-test outcomes recorded in batches."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from commplan.store import NotFound, Store
from commplan.store import records as r
from commplan.store.exchange import export_workspace, import_workspace
from commplan.store.models import (
    Response,
    ResponseAnswer,
    ResponseTheme,
    VariantOutcome,
    Workspace,
)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def add(session, workspace, text: str) -> int:
    return r.add_response(
        session, workspace, "ana", audience_key="families", received_on=date(2026, 10, 7),
        answers=[("Why?", text), ("Else?", "no")], themes=["bus"],
    ).id  # fmt: skip


def test_delete_a_response_with_its_answers_and_themes(store, workspace):
    with store.session() as s:
        keep, gone = add(s, workspace, "keep me"), add(s, workspace, "typed by mistake")
    with store.session() as s:
        r.delete_response(s, gone, "ana")
    with store.session() as s:
        assert [x.id for x in r.list_responses(s, workspace)] == [keep]
        assert count(s, ResponseAnswer) == 2 and count(s, ResponseTheme) == 1
    with pytest.raises(NotFound), store.session() as s:
        r.delete_response(s, gone, "ana")


def test_delete_many_responses(store, workspace):
    rows = [
        {"audience_key": "families", "received_on": date(2026, 10, 1), "themes": ["bus"],
         "answers": [("Q", f"answer {i}")], "external_id": f"R_{i}"}
        for i in range(1200)
    ]  # fmt: skip
    with store.session() as s:
        r.bulk_add_responses(s, workspace, "ana", rows)
        ids = [x.id for x in r.list_responses(s, workspace, limit=5000)]
    with store.session() as s:  # more ids than one IN list takes, and one unknown id
        assert r.delete_responses(s, [*ids[:1100], 10**9], "ana") == 1100
    with store.session() as s:
        assert count(s, Response) == 100
        assert count(s, ResponseAnswer) == 100 and count(s, ResponseTheme) == 100
        assert r.delete_responses(s, [], "ana") == 0


def make_test(store, workspace) -> int:
    with store.session() as s:
        return r.create_message_test(
            s, workspace, "ana", "Bus letter", "rating", [("A", "old"), ("B", "new")]
        ).id


PASTED = [("A", "families", 3, None), ("B", "families", 4, "r1"), ("B", "families", 5, None)]


def test_pasting_the_same_outcomes_twice_records_them_once(store, workspace):
    test_id = make_test(store, workspace)
    with store.session() as s:
        first = r.record_outcomes(s, test_id, PASTED, "ana")
    assert (first.recorded, first.already_recorded) == (3, 0) and first == 3
    with store.session() as s:  # the same lines again, in another order
        second = r.record_outcomes(s, test_id, list(reversed(PASTED)), "ben")
    assert (second.recorded, second.already_recorded, second.batch) == (0, 3, None)
    with store.session() as s:
        assert count(s, VariantOutcome) == 3
        again = r.record_outcomes(s, test_id, PASTED, "ben", allow_duplicate=True)
        assert (again.recorded, again.already_recorded) == (3, 0)
        assert count(s, VariantOutcome) == 6


def test_outcome_batches_are_listed_and_deleted(store, workspace):
    test_id = make_test(store, workspace)
    with store.session() as s:
        first = r.record_outcomes(s, test_id, PASTED, "ana").batch
        second = r.record_outcomes(s, test_id, [("A", "families", 1, None)], "ben").batch
    with store.session() as s:
        batches = r.list_outcome_batches(s, test_id)
    assert [(b.batch, b.outcomes, b.recorded_by) for b in batches] == [
        (first, 3, "ana"),
        (second, 1, "ben"),
    ]
    assert all(b.recorded_at is not None for b in batches)
    with store.session() as s:
        assert r.delete_outcome_batch(s, test_id, first) == 3
    with store.session() as s:
        assert [b.batch for b in r.list_outcome_batches(s, test_id)] == [second]
        assert count(s, VariantOutcome) == 1
        # deleted, the same lines can be recorded again
        assert r.record_outcomes(s, test_id, PASTED, "ana").recorded == 3
    with pytest.raises(NotFound), store.session() as s:
        r.delete_outcome_batch(s, test_id, "no such batch")


def test_export_and_import_keep_outcome_batches(store, workspace, tmp_path):
    test_id = make_test(store, workspace)
    with store.session() as s:
        r.record_outcomes(s, test_id, PASTED, "ana")
        first = export_workspace(s, workspace)
        before = r.list_outcome_batches(s, test_id)
    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    fresh.upgrade(seed=False)
    with fresh.session() as s:
        imported = import_workspace(s, json.loads(json.dumps(first)))
    with fresh.session() as s:
        second = export_workspace(s, s.get(Workspace, imported.id))
        (new_test,) = [t.id for t in imported_tests(s, imported.id)]
        assert r.list_outcome_batches(s, new_test) == before
        # the imported batch is known: pasting it again adds nothing
        assert r.record_outcomes(s, new_test, PASTED, "ana").already_recorded == 3
    first.pop("exported_at"), second.pop("exported_at")
    assert second == first
    fresh.dispose()


def imported_tests(session, workspace_id):
    from commplan.store.models import MessageTest

    return session.scalars(select(MessageTest).where(MessageTest.workspace_id == workspace_id))


def test_an_export_without_outcome_batches_still_imports(store, workspace, tmp_path):
    """Files written before batches existed carry (audience, value, respondent)."""
    test_id = make_test(store, workspace)
    with store.session() as s:
        r.record_outcomes(s, test_id, PASTED, "ana")
        data = export_workspace(s, workspace)
    data["schema_version"] = 1
    for test in data["message_tests"]:
        for variant in test["variants"]:
            variant["outcomes"] = [o[:3] for o in variant["outcomes"]]
    fresh = Store(f"sqlite:///{tmp_path / 'old.db'}")
    fresh.upgrade(seed=False)
    with fresh.session() as s:
        imported = import_workspace(s, data)
    with fresh.session() as s:
        (new_test,) = [t.id for t in imported_tests(s, imported.id)]
        (legacy,) = r.list_outcome_batches(s, new_test)
        assert (legacy.batch, legacy.outcomes) == (None, 3)
        assert r.delete_outcome_batch(s, new_test, None) == 3
    fresh.dispose()
