"""webhook URL tokens stored hashed (for lookup) and sealed (for operators), not in plaintext

Existing tokens are hashed and sealed with the credential keyring of the settings the
migration runs with (the same as the API's); a token that cannot be sealed keeps working by
its hash, and its URL is shown again once rotated.

Revision ID: 0006_webhook_token_hash
Revises: 0005_dashboard
"""

import hashlib
import logging

import sqlalchemy as sa
from alembic import op

revision = "0006_webhook_token_hash"
down_revision = "0005_dashboard"
branch_labels = None
depends_on = "0003_triggers"  # the table it changes

log = logging.getLogger("alembic.runtime.migration")


def _keyring():  # type: ignore[no-untyped-def]
    from core.config import get_settings
    from core.keys import credential_keyring

    try:
        return credential_keyring(get_settings())
    except Exception as exc:  # no usable keys here: hash only
        log.warning("webhook tokens not sealed (%s); rotate their URLs to show them again", exc)
        return None


def upgrade() -> None:
    with op.batch_alter_table("trigger") as batch:
        batch.add_column(sa.Column("token_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("token_key_id", sa.String(64), nullable=True))
        batch.add_column(sa.Column("token_sealed", sa.LargeBinary(), nullable=True))
        batch.create_unique_constraint("uq_trigger_token_hash", ["token_hash"])
    connection = op.get_bind()
    table = sa.table(
        "trigger",
        sa.column("id", sa.Uuid()),
        sa.column("token", sa.String()),
        sa.column("token_hash", sa.String()),
        sa.column("token_key_id", sa.String()),
        sa.column("token_sealed", sa.LargeBinary()),
    )
    rows = connection.execute(
        sa.select(table.c.id, table.c.token).where(table.c.token.is_not(None))
    )
    rows = rows.all()
    keyring = _keyring() if rows else None
    for trigger_id, token in rows:
        key_id, sealed = (None, None)
        if keyring is not None:
            aad = f"webhook-token:{trigger_id}".encode()  # as api/triggers/tokens.py seals
            key_id, sealed = keyring.seal(token.encode(), aad=aad)
        connection.execute(
            table.update()
            .where(table.c.id == trigger_id)
            .values(
                token_hash=hashlib.sha256(token.encode()).hexdigest(),
                token_key_id=key_id,
                token_sealed=sealed,
            )
        )
    with op.batch_alter_table("trigger") as batch:
        batch.drop_column("token")


def downgrade() -> None:
    # Hashes cannot be turned back into tokens: webhooks get their URL back after rotation.
    with op.batch_alter_table("trigger") as batch:
        batch.add_column(sa.Column("token", sa.String(64), nullable=True, unique=True))
        batch.drop_constraint("uq_trigger_token_hash", type_="unique")
        batch.drop_column("token_sealed")
        batch.drop_column("token_key_id")
        batch.drop_column("token_hash")
