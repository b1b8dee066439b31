"""Storage: SQLAlchemy models, Alembic migrations and repositories.

The only package that speaks SQL. SQLite is the embedded default;
PostgreSQL serves a team sharing one deployment.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

# validation, access, audit: before_flush listeners (values; the role; the activity
# log, which imports access, so the role is checked before a change is logged).
from . import access, audit, migrate, validation  # noqa: F401
from .access import Actor, PermissionDenied, bind_actor
from .engine import database_url, default_database_path, make_engine, session_scope
from .errors import (
    ConflictError,
    DatabaseBusy,
    ImportRefused,
    InvalidRecord,
    NotFound,
    StoreError,
)
from .models import Workspace
from .seed import seed_example_plan, seed_workspace
from .workspaces import DEFAULT_WORKSPACE

__all__ = [
    "DEFAULT_WORKSPACE",
    "Actor",
    "ConflictError",
    "DatabaseBusy",
    "ImportRefused",
    "InvalidRecord",
    "NotFound",
    "PermissionDenied",
    "Store",
    "StoreError",
    "bind_actor",
    "database_url",
    "default_database_path",
]


class Store:
    """A database: its engine, migrations and transactions."""

    def __init__(self, url: str | None = None, engine: Engine | None = None):
        self.url = database_url(url)
        self.engine = engine or make_engine(self.url)

    def session(self) -> AbstractContextManager[Session]:
        """One transaction; commits on success, rolls back on any error. On SQLite it
        reads without locking and takes the database's write lock at its first write
        (waiting up to the busy timeout, then DatabaseBusy): see engine.py."""
        return session_scope(self.engine)

    def upgrade(self, *, seed: bool = True) -> bool:
        """Create or upgrade the schema to head; seed a new, empty database with a
        workspace holding the default library and audiences. Returns True if seeded."""
        migrate.upgrade(self.engine)
        if not seed:
            return False
        with self.session() as session:
            if session.scalar(select(func.count()).select_from(Workspace)):
                return False
            workspace = seed_workspace(session, DEFAULT_WORKSPACE)
            seed_example_plan(session, workspace)
            return True

    def revision(self) -> str | None:
        return migrate.current_revision(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()
