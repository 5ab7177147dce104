"""Fixtures of the API tests: the scripted HTTP peer, Redis, and the app DB's engine."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from api.migrate import migrate
from core.db import make_engine
from tests.utils.http_server import http_server  # noqa: F401 - a fixture
from tests.utils.redis_server import redis_url  # noqa: F401 - a fixture


@pytest.fixture
def engine(settings) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """An engine on the session's app DB, migrated (modules with their own DB override it)."""
    engine = make_engine(settings.database_url)
    migrate(engine)
    yield engine
    engine.dispose()
