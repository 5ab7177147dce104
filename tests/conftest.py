"""Shared fixtures: a private Temporal dev server, a private PostgreSQL database, a worker."""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import psycopg
import pytest
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from core.config import Settings
from core.temporal import connect
from tests.utils.accounts import sign_up
from worker import build_worker
from worker.dev_server import dev_server_args, temporal_binary

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
async def temporal_env() -> AsyncIterator[WorkflowEnvironment]:
    """A Temporal dev server on free ports, private to this test session, tuned as every
    Sluice dev server is (worker/dev_server.py: precise timers among others)."""
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=temporal_binary(),
        dev_server_extra_args=dev_server_args(),
        ui=False,
    )
    async with env:
        yield env


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this session, dropped afterwards."""
    name = f"sluice_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL} ({exc}); start it, or point "
            "TEST_POSTGRES_URL at a server where this user may create databases",
            pytrace=False,
        )
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace(
            "postgresql://", "postgresql+psycopg://"
        )
        yield f"{base}/{name}"
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def settings(temporal_env: WorkflowEnvironment, database_url: str) -> Settings:
    """Settings pointing at this session's Temporal server and database."""
    return Settings(
        environment="test",
        database_url=database_url,
        temporal_address=temporal_env.client.service_client.config.target_host,
        temporal_task_queue=f"sluice-test-{uuid.uuid4().hex[:8]}",
        bcrypt_rounds=4,  # hashing cost is not under test; speed is
        login_rate_limit="100000/minute",  # rate limits get their own app in their tests
        login_backoff_after_failures=1000,  # so does the login backoff
        run_start_rate_limit="100000/minute",
        worker_metrics_port=0,  # several worker processes share this host in tests
        api_metrics_port=0,  # and several API apps: metrics tests pick a free port
        worker_sdk_metrics_port=0,
        # Test peers live on loopback; the app DB/PostgreSQL peer only by exact host:port.
        outbound_allowed_networks="127.0.0.0/8,::1,127.0.0.1:5432",
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture(scope="session")
async def client(settings: Settings) -> Client:
    """A Temporal client like the API's and the workers': payloads encrypted."""
    return await connect(settings)


@pytest.fixture(scope="session")
async def worker(client: Client, settings: Settings) -> AsyncIterator[None]:
    """One in-process worker on this session's task queue."""
    async with build_worker(client, settings) as w:
        task = asyncio.ensure_future(w.run())
        yield
        await w.shutdown()
        await task


@pytest.fixture(scope="session")
def api_url(settings: Settings) -> Iterator[str]:
    """The real API, served by uvicorn on a free port in a background thread."""
    from tests.utils.api_server import served_api

    with served_api(settings) as url:
        yield url


@pytest.fixture
async def anonymous(api_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the real API, not signed in."""
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as http:
        yield http


@pytest.fixture
async def api(api_url: str, worker: None) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the real API, signed in as a fresh user (owner of a personal
    workspace), with a worker running."""
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as http:
        http.headers.update(await sign_up(http))
        yield http
