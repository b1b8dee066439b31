"""The Review tab's page of responses: filtering, counting and paging done in SQL,
a fixed number of statements whatever the page size (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event

from commplan.store import records as r
from commplan.store import review

START = date(2026, 9, 7)  # a Monday


@pytest.fixture
def many(store, workspace):
    """23 responses, one a day, two answers each; every third mentions the bus."""
    rows = [
        {
            "audience_key": "families" if i % 2 else "educators",
            "received_on": START + timedelta(days=i),
            "channel": ["survey", "email", "phone"][i % 3],
            "answers": [
                ("What gets in the way?", f"Answer {i}: " + ("the Bus" if i % 3 == 0 else "lunch")),
                ("Anything else?", f"note {i}"),
            ],
            "themes": ["transportation"] if i % 3 == 0 else [],
            "external_id": f"R_{i}",
        }
        for i in range(23)
    ]
    with store.session() as s:
        inserted, _ = r.bulk_add_responses(s, workspace, "ana", rows)
        plan = r.create_plan(s, workspace, "ana", "Attendance matters")
    assert inserted == 23
    return plan


class Statements:
    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, *args):
        # Queries only: SQLite's explicit BEGIN is transaction control.
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            self.count += 1


def days(page: review.ReviewPage) -> list[int]:
    return [(x.received_on - START).days for x in page.responses]


def test_pages_newest_first_with_the_total_and_weekly_counts(store, workspace, many):
    with store.session() as s:
        first = review.review_page(s, workspace, page=1, page_size=10)
        second = review.review_page(s, workspace, page=2, page_size=10)
        last = review.review_page(s, workspace, page=3, page_size=10)
    assert first.total == second.total == 23
    assert (first.pages, first.first, first.last) == (3, 1, 10)
    assert days(first) == list(range(22, 12, -1))
    assert days(second) == list(range(12, 2, -1))
    assert days(last) == [2, 1, 0] and (last.first, last.last) == (21, 23)
    # The weekly counts are of every matching response, not of the page.
    assert sum(n for *_, n in first.weekly) == 23
    assert first.weekly == review.weekly_counts(s, workspace)
    # Loaded with answers and themes, usable after the session closed.
    assert first.responses[0].answers[1].answer == "note 22"


def test_a_page_past_the_end_shows_the_last_page(store, workspace, many):
    with store.session() as s:
        page = review.review_page(s, workspace, page=9, page_size=10)
        assert page.page == 3 and days(page) == [2, 1, 0]
        assert review.review_page(s, workspace, page=0, page_size=10).page == 1


def test_filters_apply_to_the_page_the_total_and_the_weeks(store, workspace, many):
    with store.session() as s:
        page = review.review_page(s, workspace, search="BUS", page=1, page_size=5)
        assert page.total == 8  # days 0, 3, ..., 21
        assert days(page) == [21, 18, 15, 12, 9]
        assert sum(n for *_, n in page.weekly) == 8
        page = review.review_page(
            s, workspace, search="bus", audiences=["families"], page=1, page_size=5
        )
        assert days(page) == [21, 15, 9, 3]
        page = review.review_page(s, workspace, themes=["transportation"], page=2, page_size=5)
        assert page.total == 8 and days(page) == [6, 3, 0]
        page = review.review_page(s, workspace, search="nothing like this")
        assert (page.total, page.responses, page.weekly, page.pages) == (0, [], [], 1)


def test_a_page_costs_the_same_statements_whatever_its_size(store, workspace, many):
    """No query per row: the weekly counts, the page, its answers and its themes."""
    counts = {}
    for size in (1, 20):
        with store.session() as s, Statements(store.engine) as sql:
            page = review.review_page(s, workspace, search="answer", page=1, page_size=size)
            for x in page.responses:  # touching what the table shows loads nothing more
                _ = [a.answer for a in x.answers], [t.theme for t in x.themes]
        counts[size] = sql.count
    assert counts[1] == counts[20] <= 4


def test_nothing_to_show_sends_no_page_query(store, workspace, many):
    with store.session() as s, Statements(store.engine) as sql:
        page = review.review_page(s, workspace, search="nothing like this")
    assert page.total == 0 and sql.count == 1  # the counts only


def test_lookups_for_the_filters(store, workspace, many):
    with store.session() as s:
        assert review.channel_names(s, workspace) == ["email", "phone", "survey"]
        names = review.plan_names(s, workspace)
        assert names == {p.id: p.name for p in r.list_plans(s, workspace)}
        assert names[many.id] == "Attendance matters"
        assert review.has_responses(s, workspace) is True
        from commplan.store.workspaces import create_workspace

        other = create_workspace(s, "Other district", "ana")
        assert review.has_responses(s, other) is False
        assert review.channel_names(s, other) == [] and review.plan_names(s, other) == {}


def test_listening_channels_by_plan_and_audience(store, workspace):
    """The Log-a-response tab offers each plan audience's listening channel."""
    from commplan.store.workspaces import create_workspace

    with store.session() as s:
        before = review.listening_channels(s, workspace)  # the seeded sample plan's, if any
        plan = r.create_plan(s, workspace, "ana", "Attendance matters")
        r.add_plan_item(s, plan, "ana", "families", "Come to the council",
                        listening_loop={"channel": "Parent advisory council (Eastside)"})
        r.add_plan_item(s, plan, "ana", "educators", "Use the routine")  # no loop
        other = create_workspace(s, "Other district", "ana")
        elsewhere = r.create_plan(s, other, "ana", "Elsewhere")
        r.add_plan_item(s, elsewhere, "ana", "families", "Reply",
                        listening_loop={"channel": "Text-message poll"})  # fmt: skip
        plan_id, elsewhere_id = plan.id, elsewhere.id
    with store.session() as s:
        found = review.listening_channels(s, workspace)
        assert found == {**before, (plan_id, "families"): "Parent advisory council (Eastside)"}
        poll = {(elsewhere_id, "families"): "Text-message poll"}
        assert review.listening_channels(s, other) == poll


def test_search_finds_accented_words_and_ascii_in_any_case(store, workspace):
    with store.session() as s:
        r.add_response(
            s,
            workspace,
            "ana",
            audience_key="families",
            received_on=START,
            answers=[("Q", "La escuela Benítez: el autobús llega tarde")],
        )
        assert review.review_page(s, workspace, search="autobús").total == 1
        assert review.review_page(s, workspace, search="BENÍTEZ:").total == (
            # SQLite folds the case of ASCII letters only (its lower() and LIKE alike);
            # PostgreSQL folds every letter. The same as before paging moved into SQL.
            1 if store.engine.dialect.name == "postgresql" else 0
        )
        assert review.review_page(s, workspace, search="ESCUELA BEN").total == 1


def test_responses_are_reviewed_by_the_key_message_they_answer(store, workspace):
    """A QA run could review responses by audience, channel and theme but not by the
    message they respond to: every filter counts them by key message too."""
    with store.session() as s:
        for i, message in enumerate(["every_day_counts", "every_day_counts",
                                     "families_as_partners", None]):  # fmt: skip
            r.add_response(
                s, workspace, "ana", audience_key="families", received_on=START,
                answers=[("Why?", f"Answer {i}")], key_message=message,
            )  # fmt: skip
    with store.session() as s:
        page = review.review_page(s, workspace, key_messages=["every_day_counts"])
        assert page.total == 2
        assert {x.key_message for x in page.responses} == {"every_day_counts"}
        both = ["every_day_counts", "families_as_partners"]
        found = review.filtered_responses(s, workspace, key_messages=both)
        assert sorted(x.answers[0].answer for x in found) == ["Answer 0", "Answer 1", "Answer 2"]
        assert review.status_counts(s, workspace, key_messages=both) == {"heard": 3}
        assert sum(n for *_, n in review.weekly_counts(s, workspace, key_messages=both)) == 3
        assert review.review_page(s, workspace).total == 4  # no filter: all of them
