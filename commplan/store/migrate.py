"""Create or upgrade a database with Alembic (``commplan db upgrade``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"

# Search indexes made by migration 0005 that the models cannot describe (SQLite's
# FTS5 table and its shadow tables; PostgreSQL's trigram index): not model drift.
SEARCH_INDEX = "response_answers_fts"
SEARCH_INDEX_PG = "ix_response_answers_answer_trgm"


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter for comparing the database with the models."""
    if type_ == "table" and name and name.startswith(SEARCH_INDEX):
        return False
    return not (type_ == "index" and name == SEARCH_INDEX_PG)


def alembic_config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
