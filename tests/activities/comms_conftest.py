"""Peers and helpers of the database, email and SMS node tests: a scratch PostgreSQL database,
recording SMTP servers, a fake Twilio API, and runs through the real API."""

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
import pytest
from sqlmodel import Session, select

from core.config import Settings
from core.db import make_engine
from core.models import Communication
from tests.conftest import POSTGRES_ADMIN_URL
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.fake_twilio_server import FakeTwilio
from tests.utils.graphs import edge, node
from tests.utils.smtp_server import RecordingSmtpServer, self_signed_certificate

__all__ = ["communications", "scratch_database", "smtp_certificate", "smtp_peer", "twilio"]
"""The fixtures; tests/activities/conftest.py imports them."""


@dataclass(frozen=True)
class ScratchDatabase:
    """A PostgreSQL database the nodes query, and a login role with no privileges on it."""

    name: str
    reader: str

    def conninfo(self) -> str:
        return f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{self.name}"

    def credential(self, user: str = "postgres") -> dict[str, Any]:
        url = psycopg.conninfo.conninfo_to_dict(self.conninfo())
        return {
            "host": url.get("host", "127.0.0.1"),
            "port": int(url.get("port", 5432)),
            "database": self.name,
            "user": user,
        }

    def execute(self, statement: str, params: Any = None) -> list[tuple]:
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            cursor = conn.execute(statement, params)
            return cursor.fetchall() if cursor.description else []


@pytest.fixture(scope="session")
def scratch_database() -> Iterator[ScratchDatabase]:
    suffix = uuid.uuid4().hex[:12]
    scratch = ScratchDatabase(name=f"sluice_nodes_{suffix}", reader=f"sluice_reader_{suffix}")
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{scratch.name}"')
        admin.execute(f'CREATE ROLE "{scratch.reader}" LOGIN')
        try:
            yield scratch
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch.name}" WITH (FORCE)')
            admin.execute(f'DROP ROLE IF EXISTS "{scratch.reader}"')


@pytest.fixture
def smtp_certificate(tmp_path) -> tuple:
    return self_signed_certificate(tmp_path)


@pytest.fixture
async def smtp_peer() -> AsyncIterator[Callable[..., Awaitable[RecordingSmtpServer]]]:
    """Starts recording SMTP servers (`RecordingSmtpServer` options); stops them after."""
    servers: list[RecordingSmtpServer] = []

    async def start(**options: Any) -> RecordingSmtpServer:
        servers.append(await RecordingSmtpServer(**options).start())
        return servers[-1]

    yield start
    for server in servers:
        await server.stop()


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    server = FakeTwilio().start()
    yield server
    server.stop()


@pytest.fixture
def communications(settings: Settings) -> Iterator[Callable[[str], list[Communication]]]:
    """Audit rows of one run (by its Temporal workflow id), oldest first."""
    engine = make_engine(settings.database_url)

    def rows(run_id: str) -> list[Communication]:
        with Session(engine) as session:
            query = select(Communication).where(Communication.run_id == run_id)
            return list(session.exec(query.order_by(Communication.id)))

    yield rows
    engine.dispose()


async def create_credential(api: httpx.AsyncClient, kind: str, data: dict[str, Any]) -> str:
    body = {"name": f"{kind} test", "type": kind, "data": data}
    response = await api.post("/api/credentials", json=body)
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def run_nodes(
    api: httpx.AsyncClient, *nodes: dict, inputs: dict | None = None
) -> dict[str, Any]:
    """Save a workflow of a manual trigger feeding `nodes` side by side, run it, answer the
    finished run (its `temporal_id` added: audit rows and Message-IDs derive from it)."""
    graph = {
        "nodes": [node("start", "trigger.manual"), *nodes],
        "edges": [edge("start", n["id"]) for n in nodes],
    }
    workflow = await create_workflow(api, graph)
    run = await start_run(api, workflow["id"], inputs=inputs or {})
    body = await wait_for_run(api, run["id"])
    return {**body, "temporal_id": f"{workflow['id']}-{run['id']}"}
