"""refresh-token families, one-time password resets, invitations of unregistered emails

Existing refresh tokens each start a family of their own (family_id = id).

Revision ID: 0006_account_hardening
Revises: 0005_dashboard
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006_account_hardening"
down_revision = "0005_dashboard"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("refresh_token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("family_id", sa.Uuid(), nullable=True))
    op.execute("UPDATE refresh_token SET family_id = id")
    with op.batch_alter_table("refresh_token", schema=None) as batch_op:
        batch_op.alter_column("family_id", existing_type=sa.Uuid(), nullable=False)
        batch_op.create_index(batch_op.f("ix_refresh_token_family_id"), ["family_id"], unique=False)

    op.create_table(
        "password_reset",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_password_reset_user_id", "password_reset", ["user_id"])

    op.create_table(
        "workspace_invitation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("invited_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"]),
        sa.ForeignKeyConstraint(["invited_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "email"),
    )
    op.create_index(
        "ix_workspace_invitation_workspace_id", "workspace_invitation", ["workspace_id"]
    )
    op.create_index("ix_workspace_invitation_email", "workspace_invitation", ["email"])


def downgrade() -> None:
    op.drop_index("ix_workspace_invitation_email", "workspace_invitation")
    op.drop_index("ix_workspace_invitation_workspace_id", "workspace_invitation")
    op.drop_table("workspace_invitation")
    op.drop_index("ix_password_reset_user_id", "password_reset")
    op.drop_table("password_reset")
    with op.batch_alter_table("refresh_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refresh_token_family_id"))
        batch_op.drop_column("family_id")
