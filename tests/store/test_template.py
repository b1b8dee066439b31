"""The ``store`` fixture copies a template instead of migrating and seeding each
database: a copy must hold exactly what ``Store.upgrade()`` makes, and each test's
copy must be its own."""

from __future__ import annotations

import pytest
from sqlalchemy import DateTime, MetaData, func, select, text

from commplan.store import Store
from commplan.store.models import Plan
from tests.dbtemplate import copy_sqlite, migrated_postgres_url


def _new_copy(backend: str, tmp_path, request, name: str) -> str:
    if backend == "sqlite":
        return copy_sqlite(f"sqlite:///{tmp_path / name}")
    return migrated_postgres_url(request.getfixturevalue("postgres_cluster"))


def _contents(url: str) -> dict:
    """Every table's rows, sorted, apart from the moments they were written."""
    store = Store(url)
    try:
        metadata = MetaData()
        metadata.reflect(store.engine)
        contents = {"revision": store.revision()}
        with store.engine.connect() as connection:
            for table in metadata.sorted_tables:
                kept = [c for c in table.columns if not isinstance(c.type, DateTime)]
                rows = connection.execute(select(*kept)).all()
                contents[table.name] = sorted(repr(tuple(row)) for row in rows)
        return contents
    finally:
        store.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_copy_holds_what_an_upgrade_makes(backend, tmp_path, request):
    if backend == "sqlite":
        fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    else:
        fresh = request.getfixturevalue("postgres_cluster").new_database()
    made = Store(fresh)
    assert made.upgrade() is True
    made.dispose()
    copy = _new_copy(backend, tmp_path, request, "copy.db")
    expected, got = _contents(fresh), _contents(copy)
    assert got["revision"] == expected["revision"] is not None
    assert got == expected
    assert got["library_entries"] and got["plans"] and got["audiences"]
    again = Store(copy)
    assert again.upgrade() is False  # already at head and seeded: nothing more to do
    again.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_what_one_copy_writes_another_never_sees(backend, tmp_path, request):
    first = Store(_new_copy(backend, tmp_path, request, "one.db"))
    second = Store(_new_copy(backend, tmp_path, request, "two.db"))
    try:
        assert first.url != second.url
        with first.session() as s:
            s.execute(text("DELETE FROM plan_items"))
            s.execute(text("DELETE FROM plans"))
        with first.session() as s:
            assert s.scalar(select(func.count()).select_from(Plan)) == 0
        with second.session() as s:
            assert s.scalar(select(func.count()).select_from(Plan)) == 1
        third = Store(_new_copy(backend, tmp_path, request, "three.db"))
        with third.session() as s:
            assert s.scalar(select(func.count()).select_from(Plan)) == 1
        third.dispose()
    finally:
        first.dispose()
        second.dispose()
