"""answer search index and dashboard index

On PostgreSQL the review search finds words without reading every answer, and the
dashboards' counts read one index instead of every response.

The Review tab's search ("bus" anywhere in what people wrote, not case-sensitive)
read every answer on each keystroke. Now:

- PostgreSQL: a pg_trgm GIN index on the answers, which ``answer ILIKE '%…%'`` (the
  search as it is written) uses for three characters or more. pg_trgm
  ships with PostgreSQL (Debian's postgresql package has it) and is a trusted
  extension (PostgreSQL 13+), so a database owner can create it. Where it cannot be
  created, the migration logs a note and goes on: the search still works, reading
  every answer as before.
- SQLite: nothing. An FTS5 trigram table kept by triggers was tried and measured
  (CPU time, 100k responses): a search for a common word ("bus", 12% of them) went
  from 100 to 86 ms and a rare one from 38-49 to 4-17 ms, but every imported answer
  went through a trigger (FTS5 writes its index at each statement), which made a
  100k-row import 2.3 times the CPU and the file 40% larger. The scan of every answer
  already meets the 200 ms goal at 100k responses, so SQLite keeps it.

The Dashboards tab counts every response by plan, audience, channel, sentiment and
status in one GROUP BY (``dashboards.cube``): ix_responses_dashboard holds those
columns in that order (and received_on, for a date filter), so the count reads the
index alone, already grouped, instead of every row sorted (SQLite: 1.2 s to 0.1 s at
100k responses on a loaded machine). It is in the models.

The trigram index is not in the models (an operator class, PostgreSQL only):
``commplan.store.migrate.include_object`` leaves it out of comparisons.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 16:30:00
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

log = logging.getLogger("commplan.store.migrations")

PG_INDEX = "ix_response_answers_answer_trgm"

DASHBOARD_COLUMNS = [
    "workspace_id", "plan_id", "audience_key", "channel", "sentiment", "status", "received_on",
]  # fmt: skip


def upgrade() -> None:
    op.create_index("ix_responses_dashboard", "responses", DASHBOARD_COLUMNS, unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
    ).first():
        # Statistics for the other indexes and none for this one would make SQLite
        # prefer it everywhere (the weekly counts went from 0.2 s to 1.5 s): measure it.
        bind.exec_driver_sql("ANALYZE ix_responses_dashboard")
    if bind.dialect.name == "postgresql":
        available = bind.exec_driver_sql(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
        ).scalar()
        if not available:
            log.warning(
                "PostgreSQL has no pg_trgm extension installed: the review search will "
                "read every answer (PostgreSQL's contrib modules have it)"
            )
            return
        try:
            with bind.begin_nested():  # a failure must not end the migration's transaction
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except sa.exc.DBAPIError as exc:
            log.warning(
                "could not create the pg_trgm extension (%s): the review search will "
                "read every answer; a superuser can run CREATE EXTENSION pg_trgm",
                str(exc.orig).strip().splitlines()[0],
            )
            return
        bind.exec_driver_sql(
            f"CREATE INDEX {PG_INDEX} ON response_answers "
            "USING gin (answer gin_trgm_ops)"
        )


def downgrade() -> None:
    op.drop_index("ix_responses_dashboard", table_name="responses")
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # The extension stays: other tables or databases' objects may use it.
        bind.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_INDEX}")
