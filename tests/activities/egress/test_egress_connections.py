"""PostgreSQL, SMTP and SFTP nodes connect only to addresses the egress policy checked: the
real peers on loopback, reached through a real Temporal client and worker."""

import uuid

import pytest
from sqlmodel import Session

from core.db import make_engine
from core.keys import credential_keyring
from core.models import Credential
from core.vault import seal
from tests.activities.comms_conftest import create_credential, run_nodes
from tests.activities.email.test_email import SENDER, mail, smtp_credential
from tests.activities.sftp.test_sftp import sftp_credential
from tests.utils.graphs import node
from tests.utils.isolated_worker import isolated_worker, run_in_workspace
from tests.utils.runs import FAST_RETRY

RETRY3 = {**FAST_RETRY, "max_attempts": 3}


def query(node_id: str, credential: str) -> dict:
    config = {"credential_id": credential, "sql": "SELECT 1 AS one"}
    return node(node_id, "postgres.query", config, retry=RETRY3, continue_on_error=True)


def listing(node_id: str, credential: str) -> dict:
    config = {"credential_id": credential}
    return node(node_id, "sftp.list", config, retry=RETRY3, continue_on_error=True)


async def _workspace(api, credential: str) -> str:
    return (await api.get(f"/api/credentials/{credential}")).json()["workspace_id"]


async def test_loopback_peers_are_denied_unless_allowed(
    api, client, settings, scratch_database, smtp_peer, sftp_server
):
    server = await smtp_peer()
    pg = await create_credential(api, "postgres", scratch_database.credential())
    smtp = await smtp_credential(api, server)
    sftp = await sftp_credential(api, sftp_server)
    workspace = await _workspace(api, pg)
    nodes = (query("pg", pg), mail("mail", smtp), listing("sftp", sftp))

    async with isolated_worker(client, settings, outbound_allowed_networks="") as strict:
        denied = await run_in_workspace(client, strict, workspace, *nodes)
    for node_id, port in (("pg", 5432), ("mail", server.port), ("sftp", sftp_server.port)):
        state = denied.nodes[node_id]
        assert state.status == "failed", (node_id, state)
        assert f"127.0.0.1:{port}" in state.error and "OUTBOUND_ALLOWED_NETWORKS" in state.error
        assert "egress denied" in state.error, state.error
        assert state.attempt == 1, f"{node_id}: a denied address is not retried"
    assert "loopback" in denied.nodes["mail"].error
    assert "Sluice's own app database" in denied.nodes["pg"].error
    assert server.deliveries == [], "refused before connecting"

    allowed = await run_nodes(api, *nodes)  # the session worker allows loopback
    assert allowed["status"] == "completed", allowed
    assert allowed["nodes"]["pg"]["output"]["rows"] == [{"one": 1}]
    assert allowed["nodes"]["mail"]["status"] == "succeeded"
    assert allowed["nodes"]["sftp"]["status"] == "succeeded"
    assert len(server.deliveries) == 1


async def test_the_app_database_needs_its_exact_host_and_port_listed(
    api, client, settings, scratch_database
):
    pg = await create_credential(api, "postgres", scratch_database.credential())
    by_name = await create_credential(
        api, "postgres", {**scratch_database.credential(), "host": "localhost"}
    )
    workspace = await _workspace(api, pg)
    async with isolated_worker(
        client, settings, outbound_allowed_networks="127.0.0.0/8,::1"
    ) as loopback:
        result = await run_in_workspace(
            client, loopback, workspace, query("pg", pg), query("named", by_name)
        )
    for node_id in ("pg", "named"):
        error = result.nodes[node_id].error or ""
        assert "Sluice's own app database (DATABASE_URL)" in error, (node_id, error)
        assert "OUTBOUND_ALLOWED_NETWORKS=127.0.0.1:5432" in error
        assert result.nodes[node_id].attempt == 1

    listed = await run_nodes(api, query("pg", pg), query("named", by_name))
    assert listed["nodes"]["pg"]["output"]["rows"] == [{"one": 1}], listed
    assert listed["nodes"]["named"]["output"]["rows"] == [{"one": 1}], "a name, then hostaddr"


def store_unchecked(settings, workspace: str, kind: str, data: dict) -> str:
    """A credential written straight to the app DB, past the API's validation: one saved
    before a rule existed, or by hand."""
    engine = make_engine(settings.database_url)
    row = Credential(
        workspace_id=uuid.UUID(workspace),
        name=f"unchecked {kind}",
        type=kind,
        key_id="",
        ciphertext=b"",
        fields_set=sorted(data),
    )
    row.key_id, row.ciphertext = seal(credential_keyring(settings), row.id, row.workspace_id, data)
    credential_id = str(row.id)
    with Session(engine) as session:
        session.add(row)
        session.commit()
    engine.dispose()
    return credential_id


BAD_POSTGRES = [
    pytest.param({"host": "/var/run/postgresql"}, "host", "Unix sockets", id="path"),
    pytest.param({"host": "@abstract-socket"}, "host", "Unix sockets", id="abstract"),
    pytest.param({"host": "127.0.0.1,10.0.0.1"}, "host", "host lists", id="host-list"),
    pytest.param(
        {"database": "dbname=postgres host=/tmp"},
        "database",
        "not a connection string",
        id="conninfo-dbname",
    ),
    pytest.param(
        {"database": "postgresql://10.0.0.1/postgres"},
        "database",
        "not a connection string",
        id="uri-dbname",
    ),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_POSTGRES)
async def test_postgres_refuses_unix_sockets_and_libpq_tricks(
    api, settings, scratch_database, overrides, field, message
):
    data = {**scratch_database.credential(), **overrides}
    saved = await api.post("/api/credentials", json={"name": "x", "type": "postgres", "data": data})
    assert saved.status_code == 422, saved.text
    assert saved.json()["detail"][0]["loc"] == ["body", "data", field]

    workspace = (await api.get("/api/auth/me")).json()["workspaces"][0]["workspace_id"]
    pg = store_unchecked(settings, workspace, "postgres", data)
    body = await run_nodes(api, query("pg", pg))
    state = body["nodes"]["pg"]
    assert state["status"] == "failed" and message in state["error"], state
    assert state["attempt"] == 1


async def test_smtp_and_sftp_refuse_unix_socket_hosts(api, settings, smtp_peer, sftp_server):
    server = await smtp_peer()
    for kind in ("smtp", "sftp"):
        saved = await api.post(
            "/api/credentials",
            json={"name": "x", "type": kind, "data": {"host": "/run/x.sock", "port": 25}},
        )
        assert saved.status_code == 422
        assert ["body", "data", "host"] in [e["loc"] for e in saved.json()["detail"]]
    workspace = (await api.get("/api/auth/me")).json()["workspaces"][0]["workspace_id"]
    smtp_data = {"host": "/var/run/smtp.sock", "port": server.port, "from_address": SENDER}
    smtp = store_unchecked(settings, workspace, "smtp", smtp_data)
    sftp = store_unchecked(
        settings, workspace, "sftp", sftp_server.credential(host="/var/run/ssh.sock")
    )
    body = await run_nodes(api, mail("mail", smtp), listing("sftp", sftp))
    for node_id in ("mail", "sftp"):
        state = body["nodes"][node_id]
        assert state["status"] == "failed" and state["attempt"] == 1, state
        assert "unix sockets are refused" in state["error"], state["error"]


async def test_network_nodes_honour_the_credentials_allowed_hosts(
    api, scratch_database, smtp_peer, sftp_server
):
    server = await smtp_peer()
    fence = {"allowed_hosts": ["db.example.com"]}
    pg = await create_credential(api, "postgres", {**scratch_database.credential(), **fence})
    smtp = await smtp_credential(api, server, **fence)
    sftp = await sftp_credential(api, sftp_server, **fence)
    body = await run_nodes(api, query("pg", pg), mail("mail", smtp), listing("sftp", sftp))
    for node_id in ("pg", "mail", "sftp"):
        state = body["nodes"][node_id]
        assert state["status"] == "failed" and state["attempt"] == 1, state
        assert "not in the credential's allowed_hosts" in state["error"], state["error"]
    assert server.deliveries == []
