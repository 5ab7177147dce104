"""Fixtures of the interpreter tests: the scripted HTTP peer."""

from tests.utils.http_server import http_server  # noqa: F401 - a fixture
