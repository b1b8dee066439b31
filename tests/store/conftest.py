"""Storage tests run on SQLite and on a real PostgreSQL server.

The PostgreSQL server is a throwaway cluster started here on 127.0.0.1 (from
Debian's package, installed by scripts/ensure-postgres.sh) and stopped at the
end. A missing server fails the tests loudly; set COMMPLAN_SKIP_POSTGRES=1 to
skip them on a machine without one (CI never sets it).
"""

from __future__ import annotations

import os
import subprocess

import pytest

from commplan.store import Store
from tests.dbtemplate import copy_sqlite, migrated_postgres_url
from tests.pgcluster import PostgresCluster

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_cluster():
    if os.environ.get("COMMPLAN_SKIP_POSTGRES") == "1":
        pytest.skip("COMMPLAN_SKIP_POSTGRES=1: PostgreSQL tests skipped on request")
    try:
        cluster = PostgresCluster()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        pytest.fail(f"PostgreSQL is required for the storage tests: {exc}", pytrace=False)
    yield cluster
    cluster.stop()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    """A new database of its own for the test: empty, or, for a test that uses
    ``store``, already migrated and seeded (a copy of a template built once per
    test process by ``Store.upgrade()``: see tests/dbtemplate.py)."""
    migrated = "store" in request.fixturenames
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'commplan.db'}"
        return copy_sqlite(url) if migrated else url
    cluster = request.getfixturevalue("postgres_cluster")
    return migrated_postgres_url(cluster) if migrated else cluster.new_database()


@pytest.fixture
def store(database_url):
    """A migrated database seeded with the default workspace, as the app's first
    ``Store.upgrade()`` leaves it (copied from a template: see database_url)."""
    store = Store(database_url)
    yield store
    store.dispose()


@pytest.fixture
def workspace(store):
    from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace

    with store.session() as session:
        return get_workspace(session, DEFAULT_WORKSPACE)
