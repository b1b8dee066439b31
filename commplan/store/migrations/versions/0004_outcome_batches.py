"""outcome batches: which paste recorded each message-test outcome

Pasting the same outcomes twice doubled them, and a paste could not be taken back.
Each outcome now carries its batch (id, hash of the lines, who, when); existing
outcomes keep null there and are listed as one batch "from before batches".

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("variant_outcomes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batch", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("batch_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("recorded_by", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("recorded_at", sa.DateTime(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_variant_outcomes_variant_id_batch_hash"),
            ["variant_id", "batch_hash"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("variant_outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_variant_outcomes_variant_id_batch_hash"))
        batch_op.drop_column("recorded_at")
        batch_op.drop_column("recorded_by")
        batch_op.drop_column("batch_hash")
        batch_op.drop_column("batch")
