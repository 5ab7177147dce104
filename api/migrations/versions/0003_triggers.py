"""triggers and webhook deliveries

Revision ID: 0003_triggers
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_triggers"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trigger",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("workspace_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("workflow_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("node_id", sa.String(64), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("token", sa.String(64), nullable=True, unique=True),
        sa.Column("schedule_id", sa.String(200), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workflow_id", "node_id"),
    )
    op.create_table(
        "webhook_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("trigger_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("workspace_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("workflow_id", sa.Uuid(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("duplicate", sa.Boolean(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("webhook_event")
    op.drop_table("trigger")
