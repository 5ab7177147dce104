"""`python -m api.migrate`: bring the app DB's schema to the latest revisions, then exit.

Production runs it once per release (the compose `migrate` service, the Kubernetes Job)
before new API replicas roll out. The API still migrates on start, under the same advisory
lock, which is then a no-op.
"""

import sys

from .core.config import Settings, get_settings
from .core.db import make_engine, migrate


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
