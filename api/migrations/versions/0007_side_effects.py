"""side-effect ledger keyed by idempotency key (email/SMS sends survive run retries); LLM
usage of every billed attempt

Revision ID: 0007_side_effects
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0007_side_effects"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "side_effect",
        sa.Column("key", AutoString(length=400), nullable=False),
        sa.Column("node_type", AutoString(length=64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("side_effect", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_side_effect_created_at"), ["created_at"], unique=False)
    op.create_table(
        "llm_usage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", AutoString(length=400), nullable=False),
        sa.Column("node_id", AutoString(length=64), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("model", AutoString(length=200), nullable=False),
        sa.Column("input_tokens", sa.Integer(), nullable=False),
        sa.Column("output_tokens", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("llm_usage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_llm_usage_run_id"), ["run_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("llm_usage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_llm_usage_run_id"))
    op.drop_table("llm_usage")
    with op.batch_alter_table("side_effect", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_side_effect_created_at"))
    op.drop_table("side_effect")
