"""`python -m api.migrate`: bring the app DB's schema to the latest revisions, then exit.

Production runs it once per release (the compose `migrate` service, the Kubernetes Job)
before new API replicas roll out. The API still migrates on start, under the same advisory
lock, which is then a no-op.
"""

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

from core.config import Settings, get_settings
from core.db import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works; it only has to be the same in every API replica.
MIGRATION_LOCK_ID = 5117_2026


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest revisions; replicas starting together take turns.

    Upgrades to every head, so independent migrations (down_revision "0002") can land
    side by side and be merged later."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


def run(settings: Settings) -> None:
    """Apply every pending migration to the configured database."""
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
    finally:
        engine.dispose()


if __name__ == "__main__":
    run(get_settings())
    print("app database schema is up to date", file=sys.stderr)
