"""approvals

Revision ID: 0003_approvals
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_approvals"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "approval",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("workspace_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("workflow_id", sa.Uuid(), nullable=True, index=True),
        sa.Column("temporal_workflow_id", sa.String(200), nullable=False, index=True),
        sa.Column("node_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("approver_role", sa.String(20), nullable=False),
        sa.Column("approver_emails", sa.JSON(), nullable=False),
        sa.Column("form_schema", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("decided_by", sa.String(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("form", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("temporal_workflow_id", "node_id"),
    )


def downgrade() -> None:
    op.drop_table("approval")
