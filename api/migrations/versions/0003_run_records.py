"""run retries, per-node execution records

Revision ID: 0003_run_records
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_run_records"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retry_of", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key("fk_run_retry_of", "run", ["retry_of"], ["id"])
    op.create_table(
        "node_execution",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Uuid(), sa.ForeignKey("run.id"), nullable=False, index=True),
        sa.Column("workspace_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("workflow_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("node_id", sa.String(64), nullable=False),
        sa.Column("node_type", sa.String(100), nullable=False, index=True),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True, index=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duration_ms", sa.Float(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("output_bytes", sa.Integer(), nullable=False),
        sa.UniqueConstraint("run_id", "node_id"),
    )


def downgrade() -> None:
    op.drop_table("node_execution")
    with op.batch_alter_table("run", schema=None) as batch_op:
        batch_op.drop_constraint("fk_run_retry_of", type_="foreignkey")
        batch_op.drop_column("retry_of")
