"""drop the unused index on responses (workspace_id, external_id)

Re-imports find duplicates by content hash (which covers the response id) through
the unique index on (workspace_id, content_hash); nothing looks responses up by
external_id, and the extra index cost about 3% of every bulk import.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 20:50:00
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_responses_workspace_id_external_id"))


def downgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_responses_workspace_id_external_id"),
            ["workspace_id", "external_id"],
            unique=False,
        )
