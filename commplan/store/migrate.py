"""Create or upgrade a database with Alembic (``commplan db upgrade``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from commplan.wording import plural

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


def _migrate(engine: Engine, step: Callable[[Config], None]) -> None:
    """Run ``step`` in one transaction. On SQLite, foreign keys are switched off for
    it: batch mode rebuilds a table by copying it, dropping the old one and renaming
    the copy, and with foreign keys on, that DROP deletes every child row by ON
    DELETE CASCADE (rebuilding ``responses`` would empty ``response_answers``). The
    keys are checked before the commit instead, and switched back on after."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        # A PRAGMA on foreign keys is ignored inside a transaction: send it on the
        # driver's connection, before SQLAlchemy begins one.
        raw = connection.connection.driver_connection if sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                step(alembic_config(connection))
                if raw is not None:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(
                            f"the migration would leave {plural(len(broken), 'row')} pointing at "
                            f"rows that do not exist (first: {broken[0]!r}); nothing changed"
                        )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def upgrade(engine: Engine, revision: str = "head") -> None:
    _migrate(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str = "base") -> None:
    _migrate(engine, lambda config: command.downgrade(config, revision))


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
