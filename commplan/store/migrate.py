"""Create or upgrade a database with Alembic (``commplan db upgrade``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"

# PostgreSQL's trigram index on the answers (migration 0005): the models cannot
# describe it (an operator class, PostgreSQL only), so it is not model drift.
SEARCH_INDEX_PG = "ix_response_answers_answer_trgm"


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter for comparing the database with the models."""
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


def revision_before(revision: str) -> str:
    """The revision ``revision`` upgrades from (for tests of one migration)."""
    script = ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    down = script.down_revision
    return down if isinstance(down, str) else "base"
