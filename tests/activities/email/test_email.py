"""email.send against a recording SMTP server (aiosmtpd) on loopback, through the real API."""

import base64
import hashlib
import uuid

import httpx
import pytest
from temporalio.testing import ActivityEnvironment

from activities import NODE_TYPES
from activities.egress import EgressPolicy
from activities.email.send import build
from activities.registry import CredentialStore, NodeDependencies
from core.blobs import LocalBlobStore
from core.db import make_engine
from core.keys import credential_keyring
from interpreter import NodeTask, validate_graph
from tests.activities.comms_conftest import create_credential, run_nodes
from tests.utils.graphs import node
from tests.utils.runs import FAST_RETRY
from tests.utils.smtp_server import DROP

RETRY3 = {**FAST_RETRY, "max_attempts": 3}
SENDER = "Sluice <robot@sluice.test>"


async def smtp_credential(api, server, **overrides) -> str:
    data = {
        "host": "127.0.0.1",
        "port": server.port,
        "username": server.username,
        "password": server.password,
        "security": server.security,
        "from_address": SENDER,
        **overrides,
    }
    return await create_credential(api, "smtp", data)


def mail(node_id: str, credential: str, **config) -> dict:
    config = {"credential_id": credential, "to": "ada@example.com", "subject": "Hi", **config}
    config.setdefault("text", "Hello")
    return node(node_id, "email.send", config, retry=RETRY3, continue_on_error=True)


def message_id(temporal_id: str, node_id: str) -> str:
    digest = hashlib.sha256(f"{temporal_id}:{node_id}".encode()).hexdigest()[:32]
    return f"<sluice.{digest}@sluice.test>"


def test_bad_configs_are_refused_at_save_time():
    def fields(config: dict) -> list[str]:
        graph = {"nodes": [node("m", "email.send", config)], "edges": []}
        return [e.field for e in validate_graph(graph, NODE_TYPES, max_nodes=5)]

    good = {"credential_id": str(uuid.uuid4()), "to": "a@b.c", "subject": "s", "text": "t"}
    assert fields(good) == []
    assert fields({**good, "to": "{{ inputs.to }}"}) == []
    assert fields({k: v for k, v in good.items() if k != "to"}) == ["config"]
    assert fields({k: v for k, v in good.items() if k != "text"}) == ["config"]
    assert fields({**good, "timeout_seconds": 0}) == ["config.timeout_seconds"]
    assert fields({**good, "attachments": [{"name": "x.txt"}]}) == ["config.attachments[0]"]


@pytest.mark.parametrize("security", ["starttls", "tls", "none"])
async def test_sends_with_auth_and_records_it(
    api, smtp_peer, smtp_certificate, communications, monkeypatch, security
):
    # Trust the test's self-signed certificate the way an operator would trust a private CA.
    monkeypatch.setenv("SSL_CERT_FILE", str(smtp_certificate[0]))
    server = await smtp_peer(security=security, certificate=smtp_certificate)
    credential = await smtp_credential(api, server)
    report = base64.b64encode(b"id,total\n1,9.5\n").decode()
    body = await run_nodes(
        api,
        mail(
            "mail",
            credential,
            to=["Ada <ada@example.com>", "{{ inputs.to }}"],
            cc="carol@example.com",
            bcc=["audit@example.com"],
            subject="Orders for {{ inputs.day }}",
            text="{{ inputs.count }} orders",
            html="<p><b>{{ inputs.count }}</b> orders</p>",
            attachments=[
                {"name": "orders.csv", "content_type": "text/csv", "content_base64": report}
            ],
        ),
        inputs={"to": "bob@example.com", "day": "Monday", "count": 3},
    )

    assert body["status"] == "completed", body
    expected_id = message_id(body["temporal_id"], "mail")
    recipients = ["ada@example.com", "bob@example.com", "carol@example.com", "audit@example.com"]
    assert body["nodes"]["mail"]["output"] == {
        "message_id": expected_id,
        "recipients": recipients,
        "refused": {},
    }
    [delivery] = server.deliveries
    assert server.logins == [("mailer", True)]
    assert (delivery.mail_from, delivery.rcpt_tos) == ("robot@sluice.test", recipients)
    sent = delivery.message
    assert sent["Message-ID"] == expected_id and sent["Subject"] == "Orders for Monday"
    assert sent["From"] == SENDER and sent["Cc"] == "carol@example.com" and "Bcc" not in sent
    assert sent.get_body(("plain",)).get_content().strip() == "3 orders"
    assert "<b>3</b>" in sent.get_body(("html",)).get_content()
    [attachment] = list(sent.iter_attachments())
    assert attachment.get_filename() == "orders.csv"
    assert attachment.get_content_type() == "text/csv"
    assert attachment.get_payload(decode=True) == b"id,total\n1,9.5\n"
    [row] = communications(body["temporal_id"])
    assert (row.channel, row.status, row.node_id, row.attempt) == ("email", "sent", "mail", 1)
    assert (row.recipients, row.provider_id) == (recipients, expected_id)
    assert str(row.workspace_id) == body["workspace_id"]


async def test_temporary_rejection_is_retried_with_the_same_message_id(
    api, smtp_peer, communications
):
    server = await smtp_peer(data_replies=["451 4.3.0 Mailbox busy, try later"])
    body = await run_nodes(api, mail("mail", await smtp_credential(api, server)))

    assert body["nodes"]["mail"]["status"] == "succeeded"
    assert body["nodes"]["mail"]["attempt"] == 2
    first, second = server.deliveries
    assert (first.accepted, second.accepted) == (False, True)
    assert first.message_id == second.message_id == message_id(body["temporal_id"], "mail")
    rows = communications(body["temporal_id"])
    assert [(r.attempt, r.status) for r in rows] == [(1, "failed"), (2, "sent")]
    assert "451" in rows[0].error


async def test_a_lost_reply_is_retried_and_the_copy_can_be_spotted(api, smtp_peer):
    # The server keeps the first message but hangs up before saying so: the node cannot know
    # it arrived and sends again, with the same Message-ID, which the mailbox drops.
    server = await smtp_peer(data_replies=[DROP])
    body = await run_nodes(api, mail("mail", await smtp_credential(api, server)))

    assert body["nodes"]["mail"]["attempt"] == 2
    first, second = server.accepted
    assert first.message_id == second.message_id == message_id(body["temporal_id"], "mail")
    assert len(server.mailbox()) == 1


async def test_a_failed_goodbye_after_acceptance_is_a_success(api, smtp_peer):
    server = await smtp_peer(hang_up_on_quit=True)
    body = await run_nodes(api, mail("mail", await smtp_credential(api, server)))

    assert (body["nodes"]["mail"]["status"], body["nodes"]["mail"]["attempt"]) == ("succeeded", 1)
    assert len(server.deliveries) == 1


async def test_permanent_failures_fail_at_once(api, smtp_peer, smtp_certificate, communications):
    server = await smtp_peer(refuse={"gone@example.com": "550 5.1.1 Mailbox unavailable"})
    tls_server = await smtp_peer(security="tls", certificate=smtp_certificate)
    good = await smtp_credential(api, server)
    wrong = f"wrong-{uuid.uuid4().hex}"
    cases = {
        "login": (await smtp_credential(api, server, password=wrong), {}, "535"),
        "refused": (good, {"to": "gone@example.com"}, "every recipient was refused"),
        "address": (good, {"to": "{{ inputs.to }}"}, "is not an email address"),
        "untrusted": (await smtp_credential(api, tls_server), {}, "certificate is not trusted"),
        "header": (good, {"subject": "{{ inputs.subject }}"}, "header is invalid"),
    }
    body = await run_nodes(
        api,
        *(mail(name, cred, **extra) for name, (cred, extra, _) in cases.items()),
        mail("partial", good, to=["ada@example.com", "gone@example.com"]),
        inputs={"to": "not-an-address", "subject": "Hi\r\nBcc: everyone@example.com"},
    )

    assert body["status"] == "completed", body
    for name, (_, _, expected) in cases.items():
        state = body["nodes"][name]
        assert (state["status"], state["attempt"]) == ("failed", 1), (name, state)
        assert expected in state["error"], (name, state["error"])
    assert wrong not in str(body)
    partial = body["nodes"]["partial"]["output"]
    assert partial["recipients"] == ["ada@example.com"]
    assert partial["refused"] == {"gone@example.com": "550 5.1.1 Mailbox unavailable"}
    assert [d.rcpt_tos for d in server.accepted] == [["ada@example.com"]]
    statuses = {(r.node_id, r.status) for r in communications(body["temporal_id"])}
    assert {("login", "failed"), ("refused", "failed"), ("partial", "sent")} <= statuses


async def test_a_send_that_completed_is_not_repeated(api, smtp_peer, settings, tmp_path):
    """A worker that dies after the server accepted the message leaves Temporal to retry the
    activity: the retry finds the audit row and answers from it instead of sending again."""
    server = await smtp_peer()
    credential = await smtp_credential(api, server)
    workspace = (await api.get(f"/api/credentials/{credential}")).json()["workspace_id"]
    blobs = LocalBlobStore(tmp_path / "blobs")
    report = await blobs.put_bytes(workspace, "report.txt", "text/plain", b"quarterly numbers")
    engine = make_engine(settings.database_url)
    async with httpx.AsyncClient() as http:
        deps = NodeDependencies(
            settings=settings,
            http=http,
            credentials=CredentialStore(engine, credential_keyring(settings)),
            engine=engine,
            blobs=blobs,
            egress=EgressPolicy.from_settings(settings),
        )
        [send] = build(deps)
        config = {
            "credential_id": credential,
            "to": "ada@example.com",
            "subject": "Report",
            "text": "Attached.",
            "attachments": [report],
        }
        run_id = f"crash-{uuid.uuid4().hex}"
        task = NodeTask(run_id, "mail", "email.send", config, f"{run_id}:mail", workspace)
        first = await ActivityEnvironment().run(send, task)
        again = await ActivityEnvironment().run(send, task)
    engine.dispose()

    assert again.output == {**first.output, "deduplicated": True}  # the side-effect ledger
    [delivery] = server.deliveries
    [attachment] = list(delivery.message.iter_attachments())
    assert attachment.get_filename() == "report.txt"
    assert attachment.get_payload(decode=True) == b"quarterly numbers"
