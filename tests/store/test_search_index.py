"""Migration 0005: PostgreSQL's trigram index for the review search (made by the
upgrade, removed by the downgrade, used by the search, never changing what is found;
SQLite keeps reading every answer, see the migration), and the dashboard index."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import select, text

from commplan.store import Store, migrate, review
from commplan.store import records as r
from commplan.store.models import Response

SAID = [
    "The bus comes too early",
    "THE BUS STOP moved; nobody said",
    "Busy mornings at the gate",
    "50% of the letters came late",
    "5000 letters, and a_b testing",
    "İstanbul ıi İI: the letter used Turkish capitals",
    "Die Straße ist gesperrt; STRASSE",
    'She said "the route changed" twice',
    "it's the driver's route",
    "back\\slash and * star and ^caret and (brackets) and NEAR/AND/OR",
    "Autobús: LA ESCUELA Benítez",
    "emoji 🚌 bus, tabs\tand\nnew lines",
    "ab",
    "",
]
NEEDLES = [
    "bus", "BUS", "Bus", "bus ", "us c", "the bus stop", "%", "50%", "0%", "a_b", "_",
    "5_00", "İst", "ist", "İ", "ıi", "İI", "Straße", "STRASSE", "strasse", "aße",
    '"the route', 'said "', "'s", "driver's", "\\", "back\\sl", "*", "* star", "^car",
    "NEAR", "near/and", "(brackets)", "autobús", "AUTOBÚS", "benítez", "BENÍTEZ",
    "🚌", "🚌 bus", "tabs\tand", "new lines", "ab", "a", "zzz", "route changed",
]  # fmt: skip


def _index_present(store: Store) -> bool:
    with store.engine.connect() as conn:
        sql = "SELECT 1 FROM pg_indexes WHERE indexname = 'ix_response_answers_answer_trgm'"
        return conn.execute(text(sql)).first() is not None


def _postgresql_only(url: str) -> None:
    if url.startswith("sqlite"):
        pytest.skip("SQLite keeps reading every answer (see migration 0005)")


def test_the_upgrade_makes_the_search_index_and_the_downgrade_removes_it(database_url):
    _postgresql_only(database_url)
    store = Store(database_url)
    migrate.upgrade(store.engine)
    assert _index_present(store)
    migrate.downgrade(store.engine, "0004")
    assert not _index_present(store)
    migrate.upgrade(store.engine)
    assert _index_present(store)
    store.dispose()


def _plan(session, workspace, search: str) -> str:
    where = review._conditions(session, workspace, search=search)
    dialect = session.get_bind().dialect
    sql = str(
        select(Response.id).where(*where).compile(
            dialect=dialect, compile_kwargs={"literal_binds": True}
        )
    )
    conn = session.connection()
    # A tiny table: the planner would read it whole or probe it per response.
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    conn.exec_driver_sql("SET LOCAL enable_nestloop = off")
    return "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))


def test_the_search_uses_the_index(store, workspace):
    _postgresql_only(str(store.engine.url))
    with store.session() as s:
        plan = _plan(s, workspace, "bus stop")
    assert "ix_response_answers_answer_trgm" in plan, plan


@pytest.fixture
def said(store, workspace):
    with store.session() as s:
        r.bulk_add_responses(
            s,
            workspace,
            "ana",
            [
                {
                    "audience_key": "families",
                    "received_on": date(2026, 9, 7),
                    "answers": [("What should we know?", text_), ("Anything else?", "no")],
                    "external_id": f"R_{i}",
                }
                for i, text_ in enumerate(SAID)
            ],
        )
    return store


@contextmanager
def _without_index(session):
    """The same search reading every answer, as before the index (SQLite always
    does: there the test checks the search's meaning only)."""
    if session.get_bind().dialect.name == "sqlite":
        yield
    else:
        session.execute(text("SET LOCAL enable_bitmapscan = off"))
        session.execute(text("SET LOCAL enable_indexscan = off"))
        yield


def _found(session, workspace, needle: str) -> list[str]:
    page = review.review_page(session, workspace, search=needle, page_size=100)
    return sorted(x.answers[0].answer for x in page.responses)


def test_the_index_finds_exactly_what_reading_every_answer_finds(said, workspace):
    with said.session() as s:
        found = {n: _found(s, workspace, n) for n in NEEDLES}
        with _without_index(s):
            scanned = {n: _found(s, workspace, n) for n in NEEDLES}
    assert found == scanned
    # And what that is: a substring, with LIKE's wildcards as plain characters.
    assert found["bus"] == sorted(SAID[i] for i in (0, 1, 2, 11))
    assert found["%"] == found["50%"] == [SAID[3]]
    assert found["a_b"] == [SAID[4]] and found["5_00"] == []
    assert found["_"] == [SAID[4]]
    assert found['"the route'] == [SAID[7]]
    assert found["zzz"] == []


def test_the_index_follows_new_changed_and_deleted_answers(said, workspace):
    with said.session() as s:
        assert _found(s, workspace, "kindergarten") == []
        first = s.scalars(
            select(Response).where(Response.workspace_id == workspace.id).order_by(Response.id)
        ).first()
        first.answers[0].answer = "Kindergarten pickup is late"
        s.flush()
        assert _found(s, workspace, "kindergarten") == ["Kindergarten pickup is late"]
        assert SAID[0] not in _found(s, workspace, "too early")
        r.add_response(
            s, workspace, "ana", audience_key="families", received_on=date(2026, 9, 8),
            answers=[("Q", "A kindergarten teacher called")],
        )  # fmt: skip
        assert len(_found(s, workspace, "kindergarten")) == 2
        r.delete_response(s, first.id, "ana")
        assert _found(s, workspace, "kindergarten") == ["A kindergarten teacher called"]


def test_the_dashboard_counts_read_their_own_index(store, workspace):
    """dashboards.cube (every response by plan, audience, channel, sentiment, status)
    reads ix_responses_dashboard, made by the upgrade, not every response."""
    from commplan.store import dashboards

    query = dashboards.cube_query(store.engine.dialect.name, workspace, dashboards.Filters())
    with store.session() as s:
        conn = s.connection()
        sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        if conn.dialect.name == "sqlite":
            plan = "\n".join(str(x[-1]) for x in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
            assert "COVERING INDEX ix_responses_dashboard" in plan, plan
            assert "TEMP B-TREE" not in plan, plan  # already in GROUP BY order
        else:
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = "\n".join(x[0] for x in conn.exec_driver_sql(f"EXPLAIN {sql}"))
            assert "ix_responses_dashboard" in plan, plan


def test_the_dashboard_index_gets_statistics_where_the_others_have_them(tmp_path):
    """SQLite with statistics for every index but the new one would use the new one
    for the weekly counts and the channel list too (seven times slower)."""
    store = Store(f"sqlite:///{tmp_path / 'analysed.db'}")
    # Data written through today's models (at head), then the schema taken back to
    # 0004, before the dashboard index: the database 0005 meets in the field.
    migrate.upgrade(store.engine)
    from commplan.store.workspaces import create_workspace

    with store.session() as s:
        workspace = create_workspace(s, "District", "ana")
        r.add_response(
            s, workspace, "ana", audience_key="families", received_on=date(2026, 9, 7),
            answers=[("Q", "The bus is late")],
        )  # fmt: skip
    migrate.downgrade(store.engine, "0004")
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    def analysed() -> set[str]:
        with store.engine.connect() as conn:
            return {
                row[0]
                for row in conn.exec_driver_sql(
                    "SELECT idx FROM sqlite_stat1 WHERE tbl = 'responses'"
                )
            }

    others = analysed()
    assert others, "ANALYZE measured the responses indexes"
    migrate.upgrade(store.engine, "0005")
    assert analysed() == others | {"ix_responses_dashboard"}
    # Later migrations that rebuild the table (batch mode) drop its statistics all
    # together: never the others' without this one's.
    migrate.upgrade(store.engine)
    after = analysed()
    store.dispose()
    assert "ix_responses_dashboard" in after or not after
