"""Two sessions at once: nothing is lost, nothing fails with a raw driver error.

Each test uses real, separate database connections. Where one writer must wait for
another, the second runs in a thread and the first commits while it waits.
"""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlalchemy import func, select

from commplan import store as store_package
from commplan.store import Store
from commplan.store import records as r
from commplan.store.engine import make_engine
from commplan.store.models import Draft, DraftVersion, Plan, Response


class Worker(threading.Thread):
    """Run ``fn`` in a thread; ``join_result()`` returns its value or raises its error."""

    def __init__(self, fn):
        super().__init__(daemon=True)
        self.fn, self.value, self.error = fn, None, None

    def run(self):
        try:
            self.value = self.fn()
        except BaseException as exc:  # handed to the test thread
            self.error = exc

    def join_result(self):
        self.join(60)
        assert not self.is_alive(), "the second writer never finished"
        if self.error is not None:
            raise self.error
        return self.value


def hold_then_commit(session, worker: Worker, seconds: float = 0.3) -> None:
    """Start ``worker`` while ``session`` holds its uncommitted change, give it time
    to reach the lock, then commit so it can go on."""
    worker.start()
    time.sleep(seconds)
    session.commit()


def new_draft(store, workspace) -> int:
    with store.session() as s:
        return r.create_draft(s, workspace, "ana", "Bus letter", "families").id


# ---- item 1: drafts ------------------------------------------------------------


def test_two_dismissals_read_at_the_same_time_both_survive(store, workspace):
    """The page showed both people the same list; each dismisses one finding."""
    draft_id = new_draft(store, workspace)
    with store.session() as a, store.session() as b:
        assert a.get(Draft, draft_id).dismissed == b.get(Draft, draft_id).dismissed == []
        r.dismiss_finding(a, draft_id, "jargon.acronym", "MTSS", "ana")
        a.commit()
        r.dismiss_finding(b, draft_id, "framing.deficit", "at-risk", "ben")
        b.commit()
    with store.session() as s:
        dismissed = s.get(Draft, draft_id).dismissed
    assert {(d["rule"], d["text"]) for d in dismissed} == {
        ("jargon.acronym", "MTSS"),
        ("framing.deficit", "at-risk"),
    }


def test_two_dismissals_at_once_both_survive(store, workspace):
    """The second dismissal runs while the first is still being written."""
    draft_id = new_draft(store, workspace)
    with store.session() as s:
        r.dismiss_finding(s, draft_id, "style.passive", "was decided", "ana")
    with store.session() as a:
        r.dismiss_finding(a, draft_id, "jargon.acronym", "MTSS", "ana")

        def second():
            with store.session() as b:
                r.dismiss_finding(b, draft_id, "framing.deficit", "at-risk", "ben")

        worker = Worker(second)
        hold_then_commit(a, worker)
    worker.join_result()
    with store.session() as s:
        texts = sorted(d["text"] for d in s.get(Draft, draft_id).dismissed)
    assert texts == ["MTSS", "at-risk", "was decided"]


def test_restore_removes_only_that_finding_and_dismissing_twice_keeps_one(store, workspace):
    draft_id = new_draft(store, workspace)
    with store.session() as s:
        r.dismiss_finding(s, draft_id, "jargon.acronym", "MTSS", "ana")
        r.dismiss_finding(s, draft_id, "jargon.acronym", "MTSS", "ben")
        r.dismiss_finding(s, draft_id, "jargon.acronym", "PLC", "ana")
        r.restore_finding(s, draft_id, "jargon.acronym", "PLC", "ana")
        r.restore_finding(s, draft_id, "jargon.acronym", "not dismissed", "ana")
    with store.session() as s:
        draft = s.get(Draft, draft_id)
        assert [(d["rule"], d["text"]) for d in draft.dismissed] == [("jargon.acronym", "MTSS")]
        assert draft.updated_by == "ana"


def test_two_save_version_clicks_at_once_save_both(store, workspace):
    draft_id = new_draft(store, workspace)
    report = {"summary": {"total": 0}, "readability": {}}
    with store.session() as a:
        r.save_draft_version(a, draft_id, "first click", report, "ana")

        def second():
            with store.session() as b:
                return r.save_draft_version(b, draft_id, "second click", report, "ben").number

        worker = Worker(second)
        hold_then_commit(a, worker)
    assert worker.join_result() == 2
    with store.session() as s:
        saved = [(v.number, v.text) for v in r.draft_history(s, draft_id)]
    assert saved == [(1, "first click"), (2, "second click")]


# ---- item 4: SQLite writers wait for each other ----------------------------------


def sqlite_only(store):
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's database-wide write lock; PostgreSQL locks rows")


def survey_rows(prefix: str, n: int):
    return [
        {
            "audience_key": "families",
            "received_on": date(2026, 10, 1 + i % 28),
            "answers": [("What should we change?", f"{prefix} answer {i}")],
            "external_id": f"{prefix}_{i}",
            "channel": "survey",
        }
        for i in range(n)
    ]


def test_two_imports_and_a_plan_save_at_once_all_succeed(store, workspace):
    """A long import holds the write lock (longer than the old 5 s busy timeout); a
    second import and an ordinary save wait for it and then succeed."""
    sqlite_only(store)
    with store.session() as s:
        plan_id = r.create_plan(s, workspace, "ana", "Attendance").id
    with store.session() as a:
        assert r.bulk_add_responses(a, workspace, "ana", survey_rows("A", 2000)) == (2000, 0)

        def second_import():
            with store.session() as b:
                return r.bulk_add_responses(b, workspace, "ben", survey_rows("B", 2000))

        def plan_save():
            with store.session() as c:
                r.update_plan(c, plan_id, "cy", goal="Every day counts", expected_version=1)

        workers = [Worker(second_import), Worker(plan_save)]
        for w in workers:
            w.start()
        time.sleep(6)  # the first import is still being written
        a.commit()
    assert workers[0].join_result() == (2000, 0)
    workers[1].join_result()
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Response)) == 4000
        assert s.get(Plan, plan_id).goal == "Every day counts"


def test_a_transaction_that_read_first_can_write_after_another_writer_committed(
    store, workspace
):
    """A deferred transaction would fail at once here (SQLITE_BUSY_SNAPSHOT)."""
    sqlite_only(store)
    draft_id = new_draft(store, workspace)
    report = {"summary": {"total": 0}, "readability": {}}
    with store.session() as b:
        assert b.scalar(select(func.count()).select_from(DraftVersion)) == 0  # B reads
        with store.session() as a:
            r.save_draft_version(a, draft_id, "A's version", report, "ana")
        r.save_draft_version(b, draft_id, "B's version", report, "ben")
    with store.session() as s:
        assert [v.number for v in r.draft_history(s, draft_id)] == [1, 2]


def test_a_write_that_cannot_get_the_lock_says_so_plainly(database_url, tmp_path):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's busy timeout")
    store = Store(database_url, engine=make_engine(database_url, busy_timeout_s=0.2))
    store.upgrade()
    with store.session() as s:
        plan_id = r.create_plan(s, r_workspace(s), "ana", "Attendance").id
    with store.session() as a:
        r.update_plan(a, plan_id, "ana", goal="Ana's goal")
        busy = pytest.raises(store_package.DatabaseBusy, match=r"nothing was saved\. Try again")
        with busy, store.session() as b:
            r.update_plan(b, plan_id, "ben", goal="Ben's goal")
    with store.session() as s:
        assert s.get(Plan, plan_id).goal == "Ana's goal"
    store.dispose()


def r_workspace(session):
    from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace

    return get_workspace(session, DEFAULT_WORKSPACE)


def test_reading_does_not_wait_for_a_writer(store, workspace):
    sqlite_only(store)
    with store.session() as a:
        r.create_plan(a, workspace, "ana", "Not committed yet")
        with store.session() as b:  # would wait (and fail) if reads took the write lock
            assert "Not committed yet" not in [p.name for p in r.list_plans(b, workspace)]


def test_busy_timeout_is_configurable(monkeypatch):
    from commplan.store.engine import busy_timeout

    assert busy_timeout() == 30
    monkeypatch.setenv("COMMPLAN_SQLITE_BUSY_TIMEOUT", "2.5")
    assert busy_timeout() == 2.5
    monkeypatch.setenv("COMMPLAN_SQLITE_BUSY_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="number of seconds"):
        busy_timeout()


def test_the_same_file_imported_twice_at_once_is_recorded_once(store, workspace):
    """The second import waits, then finds every row already recorded."""
    with store.session() as a:
        assert r.bulk_add_responses(a, workspace, "ana", survey_rows("A", 300)) == (300, 0)

        def same_file():
            with store.session() as b:
                return r.bulk_add_responses(b, workspace, "ben", survey_rows("A", 300))

        worker = Worker(same_file)
        hold_then_commit(a, worker)
    assert worker.join_result() == (0, 300)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Response)) == 300
