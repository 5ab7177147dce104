"""index llm_usage.created_at: ledger retention deletes by age (core/ledger_retention.py)

Revision ID: 0009_llm_usage_created_at
Revises: 0007_side_effects
"""

from alembic import op

revision = "0009_llm_usage_created_at"
down_revision = "0007_side_effects"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("llm_usage") as batch:
        batch.create_index(batch.f("ix_llm_usage_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("llm_usage") as batch:
        batch.drop_index(batch.f("ix_llm_usage_created_at"))
