"""communication audit rows (email and SMS sends)

Revision ID: 0003_comms
Revises: 0002
Create Date: 2026-11-26 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0003_comms"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "communication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=True),
        sa.Column("run_id", AutoString(length=200), nullable=False),
        sa.Column("node_id", AutoString(length=64), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("channel", AutoString(length=16), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("status", AutoString(length=16), nullable=False),
        sa.Column("provider_id", AutoString(length=300), nullable=True),
        sa.Column("error", AutoString(length=2000), nullable=True),
        sa.Column("output", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("communication", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_communication_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_communication_run_id"), ["run_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_communication_workspace_id"), ["workspace_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("communication", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_communication_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_communication_run_id"))
        batch_op.drop_index(batch_op.f("ix_communication_created_at"))
    op.drop_table("communication")
