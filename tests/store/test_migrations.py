from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from commplan.store import Store, migrate
from commplan.store.base import Base


def test_upgrade_downgrade_upgrade(database_url):
    store = Store(database_url)
    migrate.upgrade(store.engine)
    assert store.revision() == migrate.head_revision()
    tables = set(inspect(store.engine).get_table_names())
    assert {"workspaces", "plans", "plan_items", "listening_loops", "responses"} <= tables
    migrate.downgrade(store.engine)
    assert store.revision() is None
    assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(store.engine)
    assert store.revision() == migrate.head_revision()
    store.dispose()


def test_migrations_match_the_models(database_url):
    """A model change without a migration fails here."""
    store = Store(database_url)
    migrate.upgrade(store.engine)
    with store.engine.connect() as conn:
        # The search indexes of 0005 cannot be described by the models (see migrate).
        context = MigrationContext.configure(conn, opts={"include_object": migrate.include_object})
        diff = compare_metadata(context, Base.metadata)
    store.dispose()
    assert diff == []


def test_new_database_is_seeded_once(database_url):
    store = Store(database_url)
    assert store.upgrade() is True
    assert store.upgrade() is False  # upgrading again changes nothing
    store.dispose()


def test_migrations_keep_every_row(database_url):
    """Going down to 0004 and back up keeps every workspace's data. On SQLite, batch
    mode rebuilds a table (copy, DROP, rename); with foreign keys on, the DROP of
    ``responses`` (0006) deleted every answer and theme by ON DELETE CASCADE."""
    from datetime import date

    from sqlalchemy import text

    from commplan.store import records
    from commplan.store.workspaces import create_workspace

    store = Store(database_url)
    store.upgrade()
    with store.session() as s:
        workspace = create_workspace(s, "District", "ana")
        for i in range(3):
            records.add_response(
                s, workspace, "ana", audience_key="families", received_on=date(2026, 9, 7),
                answers=[("What gets in the way?", f"The bus is late {i}"), ("Else?", "No")],
                themes=["transportation"],
            )  # fmt: skip
    kept = ("workspaces", "members", "plans", "responses", "response_answers", "response_themes")

    def counts() -> dict[str, int]:
        with store.engine.connect() as conn:
            return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in kept}

    before = counts()
    assert before["response_answers"] == 6 and before["response_themes"] == 3
    migrate.downgrade(store.engine, "0004")
    assert counts() == before
    migrate.upgrade(store.engine)
    assert counts() == before
    store.dispose()


def test_downgrade_below_0008_refuses_to_cut_a_long_channel(database_url):
    """0008 widened responses.channel to 300; going back to 120 would cut what was
    said where, so it stops with the count and leaves the database at head."""
    from datetime import date

    import pytest

    from commplan.store import records
    from commplan.store.workspaces import create_workspace

    store = Store(database_url)
    store.upgrade()
    channel = "Listening circle at the family resource center, second Tuesday " * 3
    with store.session() as s:
        workspace = create_workspace(s, "District", "ana")
        records.add_response(
            s, workspace, "ana", audience_key="families", received_on=date(2026, 9, 7),
            answers=[("What gets in the way?", "Bus times")], channel=channel,
        )  # fmt: skip
    with pytest.raises(RuntimeError, match=r"1 response\(s\) name a channel longer than 120"):
        migrate.downgrade(store.engine, "0007")
    assert store.revision() == migrate.head_revision()
    with store.session() as s:
        assert [r.channel for r in records.list_responses(s, workspace)] == [channel]
    store.dispose()
