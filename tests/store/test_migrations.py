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
