"""responses.channel holds as much as a listening loop's channel (300 characters)

The Log-a-response form offers each plan's listening channels, which may be up to
300 characters; a response could hold only 120, so picking a long one could not be
saved. Downgrading refuses while any response names a channel longer than 120
characters, rather than cut what was said where.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 05:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.alter_column(
            "channel", existing_type=sa.String(length=120), type_=sa.String(length=300),
            existing_nullable=False,
        )  # fmt: skip


def downgrade() -> None:
    longer = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM responses WHERE length(channel) > 120")
    )
    if longer:
        raise RuntimeError(
            f"Cannot downgrade below 0008: {longer} response(s) name a channel longer than "
            "120 characters; shorten them first (nothing was changed)"
        )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.alter_column(
            "channel", existing_type=sa.String(length=300), type_=sa.String(length=120),
            existing_nullable=False,
        )  # fmt: skip
