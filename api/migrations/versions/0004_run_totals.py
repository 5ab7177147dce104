"""run duration, LLM tokens and cost; indexes for the dashboard

Revision ID: 0004_run_totals
Revises: 0003_run_records
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_run_totals"
down_revision = "0003_run_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("duration_ms", sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column("input_tokens", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("output_tokens", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("cost", sa.Float(), nullable=False, server_default="0"))
    op.create_index("ix_run_workspace_created", "run", ["workspace_id", "created_at"])
    op.create_index(
        "ix_node_execution_workspace_started", "node_execution", ["workspace_id", "started_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_node_execution_workspace_started", "node_execution")
    op.drop_index("ix_run_workspace_created", "run")
    with op.batch_alter_table("run", schema=None) as batch_op:
        for column in ("cost", "output_tokens", "input_tokens", "duration_ms"):
            batch_op.drop_column(column)
