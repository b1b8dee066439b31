"""sentiment "unknown": feedback the scorer cannot read, with the reason

Feedback written in Spanish (or another language) with no rating used to be left
with no sentiment, so it showed as "not analysed yet" and was analysed again on
every run. It is now stored as "unknown" with a note saying why; the CHECK on
responses.sentiment allows the fifth value. Downgrading turns "unknown" back into
NULL (not analysed yet), which the old CHECK allows.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 16:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OLD = ("positive", "neutral", "mixed", "negative")
NEW = (*OLD, "unknown")


def _check(values: tuple[str, ...]) -> str:
    return "sentiment IS NULL OR sentiment IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    # batch mode: SQLite cannot alter a constraint in place, so the table is copied.
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sentiment_note", sa.String(length=200), nullable=True))
        batch_op.drop_constraint(batch_op.f("ck_responses_sentiment_known"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_responses_sentiment_known"), _check(NEW))


def downgrade() -> None:
    op.execute("UPDATE responses SET sentiment = NULL, sentiment_score = NULL "
               "WHERE sentiment = 'unknown'")  # fmt: skip
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_responses_sentiment_known"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_responses_sentiment_known"), _check(OLD))
        batch_op.drop_column("sentiment_note")
