"""roles and the activity log: member emails, known roles, audit_events

Members get an email (how a signed-in person is found) and their role is checked
against the known roles; audit_events records who changed what, and when.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 16:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ROLES = ("owner", "editor", "reviewer", "viewer", "aggregates")


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=320), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_members_workspace_id_email"), ["workspace_id", "email"]
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_members_role_known"),
            "role IN ({})".format(", ".join(repr(r) for r in ROLES)),
        )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column("actor_email", sa.String(length=320), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column(
            "fields",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_audit_events_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_events_workspace_id_at"), ["workspace_id", "at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audit_events_workspace_id_kind_at"),
            ["workspace_id", "kind", "at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_workspace_id_kind_at"))
        batch_op.drop_index(batch_op.f("ix_audit_events_workspace_id_at"))
    op.drop_table("audit_events")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_members_role_known"), type_="check")
        batch_op.drop_constraint(batch_op.f("uq_members_workspace_id_email"), type_="unique")
        batch_op.drop_column("email")
