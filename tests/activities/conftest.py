"""Fixtures of the activity tests: the scripted HTTP peer."""

from tests.activities.comms_conftest import *  # noqa: F403 - database, email, SMS peers
from tests.activities.files_conftest import blobs, local_blobs, sftp_server  # noqa: F401
from tests.activities.llm_conftest import fake_llm, llm_credentials  # noqa: F401 - fixtures
from tests.utils.http_server import http_server  # noqa: F401 - a fixture
