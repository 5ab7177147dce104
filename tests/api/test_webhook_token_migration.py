"""Migration 0006_webhook_token_hash on SQLite and PostgreSQL: plaintext tokens become a hash
and a sealed copy, and the URL keeps working."""

import hashlib
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect
from sqlmodel import Session

from api.migrate import MIGRATIONS, migrate
from api.triggers.tokens import reveal_token
from core.config import get_settings
from core.db import make_engine
from core.keys import credential_keyring
from core.models import Trigger
from tests.conftest import POSTGRES_ADMIN_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        yield engine
        engine.dispose()
        return
    name = f"sluice_migration_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace(
            "postgresql://", "postgresql+psycopg://"
        )
        engine = make_engine(f"{base}/{name}")
        yield engine
        engine.dispose()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def upgrade_to(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_existing_tokens_are_hashed_and_sealed(engine):
    upgrade_to(engine, "0003_triggers")
    trigger_id, token, now = uuid.uuid4(), "old-plaintext-token-1234567890", datetime.now(UTC)
    old_trigger = sa.table(
        "trigger",
        *(sa.column(c, sa.Uuid()) for c in ("id", "workspace_id", "workflow_id")),
        *(sa.column(c, sa.String()) for c in ("node_id", "type", "token")),
        sa.column("enabled", sa.Boolean()),
        *(sa.column(c, sa.DateTime(timezone=True)) for c in ("created_at", "updated_at")),
    )
    with engine.begin() as db:
        db.execute(
            old_trigger.insert().values(
                id=trigger_id,
                workspace_id=uuid.uuid4(),
                workflow_id=uuid.uuid4(),
                node_id="hook",
                type="webhook",
                token=token,
                enabled=True,
                created_at=now,
                updated_at=now,
            )
        )
    migrate(engine)
    assert "token" not in {c["name"] for c in inspect(engine).get_columns("trigger")}
    with Session(engine) as session:
        row = session.get(Trigger, trigger_id)
        assert row is not None
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert row.token_sealed and token.encode() not in row.token_sealed
        # Sealed with the keyring of the settings the migration ran with, as the API opens it.
        assert reveal_token(row, credential_keyring(get_settings())) == token
