"""Fixtures of the API tests: the scripted HTTP peer."""

from tests.utils.http_server import http_server  # noqa: F401 - a fixture
from tests.utils.redis_server import redis_url  # noqa: F401 - a fixture
