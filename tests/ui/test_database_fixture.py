"""The page tests' database: a copy of a migrated, seeded template (so each page
test does not run Alembic and seed the library again), or, when asked for, an empty
file the app migrates and seeds itself on its first run."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

# Import the real packages before any page runs: AppTest puts the page's folder first on
# sys.path, where pages/audiences.py would otherwise shadow the `audiences` package.
import audiences  # noqa: F401
from commplan.store import Store
from commplan.store.migrate import head_revision
from commplan.store.records import list_plans
from commplan.store.seed import EXAMPLE_PLAN
from commplan.store.workspaces import DEFAULT_WORKSPACE, list_workspaces


def _path(url: str) -> Path:
    return Path(make_url(url).database)


def _state(url: str) -> tuple[str | None, list[str], list[str]]:
    store = Store(url)
    try:
        with store.session() as s:
            spaces = list_workspaces(s)
            plans = [p.name for w in spaces for p in list_plans(s, w)]
            return store.revision(), [w.name for w in spaces], plans
    finally:
        store.dispose()


def test_the_database_is_migrated_and_seeded_before_any_page_runs(database, tmp_path):
    assert _path(database) == tmp_path / "app.db"
    assert _path(database).is_file()
    assert _state(database) == (head_revision(), [DEFAULT_WORKSPACE], [EXAMPLE_PLAN])


def test_an_empty_database_is_migrated_and_seeded_by_the_app(page, database, empty_database):
    assert not _path(database).exists()
    at = page("plans")
    assert not at.exception
    assert _state(database) == (head_revision(), [DEFAULT_WORKSPACE], [EXAMPLE_PLAN])
