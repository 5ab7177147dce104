"""covering indexes for the dashboard's percentiles

Both indexes hand PostgreSQL its rows already grouped by workflow (and node) and sorted by
duration, from the index alone: a month of 100k runs and 500k node executions aggregates
without a sort spilling to disk (`python -m bench.dashboard` measures it). SQLite, which
has no INCLUDE, gets the key columns only.

Revision ID: 0005_dashboard
Revises: 0004_run_totals
"""

from alembic import op

revision = "0005_dashboard"
down_revision = "0004_run_totals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_run_dashboard",
        "run",
        ["workspace_id", "workflow_id", "duration_ms"],
        postgresql_include=["created_at", "status", "input_tokens", "output_tokens", "cost"],
    )
    op.create_index(
        "ix_node_execution_dashboard",
        "node_execution",
        ["workspace_id", "workflow_id", "node_id", "node_type", "duration_ms"],
        postgresql_include=["started_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_node_execution_dashboard", "node_execution")
    op.drop_index("ix_run_dashboard", "run")
