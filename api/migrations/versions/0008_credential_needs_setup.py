"""credentials created empty by an import carry `needs_setup` until their fields are filled in

Revision ID: 0008_credential_needs_setup
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_credential_needs_setup"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("credential") as batch:
        batch.add_column(
            sa.Column("needs_setup", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("credential") as batch:
        batch.drop_column("needs_setup")
