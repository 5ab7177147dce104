"""Every shipped template runs to completion on the real stack: used through the API with
credentials pointing at the loopback peers, its example URLs pointed at the scripted HTTP peer,
and the peer checked for the effect."""

import hashlib
import hmac
import io
import json
import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from api.templates import library
from tests.activities.comms_conftest import (  # noqa: F401 - fixtures
    create_credential,
    scratch_database,
    smtp_peer,
    twilio,
)
from tests.activities.files_conftest import make_pdf, sftp_server  # noqa: F401 - a fixture
from tests.utils.api import start_run, wait_for_run
from tests.utils.fake_llm_server import Answer, FakeLLM
from tests.utils.http_server import Reply
from tests.utils.triggers import hook_path

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def fake_llm():
    with FakeLLM(api_key="sk-test-templates") as fake:
        yield fake


async def use(
    api: httpx.AsyncClient, template_id: str, urls: dict[str, str] | None = None, **credentials
) -> dict[str, Any]:
    """A workflow from the template; its example URLs then edited to point at the peers, as
    an author would in the editor."""
    response = await api.post(
        f"/api/templates/{template_id}/workflows", json={"credentials": credentials}
    )
    assert response.status_code == 201, response.text
    workflow = response.json()
    if urls:
        text = json.dumps(workflow["graph"])
        for example, peer in urls.items():
            assert example in text, example
            text = text.replace(example, peer)
        response = await api.put(
            f"/api/workflows/{workflow['id']}",
            json={"name": workflow["name"], "graph": json.loads(text)},
        )
        assert response.status_code == 200, response.text
        workflow = response.json()
    # The tests start their own runs: a schedule firing at a five-minute boundary would add
    # one (a CI run saw a third /health call and would have seen a second alert).
    for trigger in workflow["graph"]["nodes"]:
        if trigger["type"] == "trigger.schedule":
            paused = await api.post(
                f"/api/workflows/{workflow['id']}/triggers/{trigger['id']}/disable"
            )
            assert paused.status_code == 200, paused.text
    return workflow


async def run(api: httpx.AsyncClient, workflow: dict, inputs: dict | None = None) -> dict:
    started = await start_run(api, workflow["id"], inputs=inputs or {})
    body = await wait_for_run(api, started["id"], timeout=60)
    assert body["status"] == "completed", body
    return body


async def deliver(api, anonymous, workflow: dict, body: Any) -> httpx.Response:
    [trigger] = [n["id"] for n in workflow["graph"]["nodes"] if n["type"] == "trigger.webhook"]
    response = await anonymous.post(await hook_path(api, workflow["id"], trigger), json=body)
    assert response.status_code in (200, 202), response.text
    return response


async def smtp(api, server) -> str:
    data = {"host": "127.0.0.1", "port": server.port, "username": server.username,
            "password": server.password, "security": "none",
            "from_address": "sluice@example.com"}  # fmt: skip
    return await create_credential(api, "smtp", data)


async def sftp(api, server) -> str:
    return await create_credential(api, "sftp", server.credential())


async def postgres(api, scratch) -> str:
    return await create_credential(api, "postgres", scratch.credential())


async def llm(api, fake: FakeLLM, kind: str) -> str:
    base = fake.openai_base_url if kind == "openai" else fake.anthropic_base_url
    return await create_credential(api, kind, {"api_key": fake.api_key, "base_url": base})


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


async def test_sftp_csv_summary_email(api, sftp_server, smtp_peer):  # noqa: F811
    mail = await smtp_peer()
    workflow = await use(
        api, "sftp-csv-summary-email", sftp=await sftp(api, sftp_server), mail=await smtp(api, mail)
    )
    (sftp_server.root / "outgoing").mkdir()
    body = await run(api, workflow)
    assert body["nodes"]["download"]["status"] == "skipped" and mail.deliveries == []

    folder = sftp_server.root / "outgoing"
    (folder / "old.csv").write_text("country,total\nXX,1\n")
    (folder / "orders.csv").write_text("country,total\nFR,10\nDE,5\nFR,20\n")
    (folder / "notes.txt").write_text("not a csv")
    os.utime(folder / "old.csv", (1_600_000_000, 1_600_000_000))
    await run(api, workflow)
    [delivery] = mail.accepted
    message = delivery.message
    assert delivery.rcpt_tos == ["reports@example.com"]
    assert "orders.csv" in message["Subject"]
    text = text_of(message)
    assert (
        text.startswith("3 rows in ") and "FR: 2 orders, 30" in text and "DE: 1 orders, 5" in text
    )
    [attachment] = message.iter_attachments()
    assert attachment.get_filename() == "orders.csv"
    assert attachment.get_payload(decode=True).replace(b"\r\n", b"\n").endswith(b"FR,20\n")


async def test_classify_support_tickets(api, anonymous, fake_llm, smtp_peer, http_server):  # noqa: F811
    mail = await smtp_peer()
    tracker = await create_credential(api, "http_bearer", {"token": "tracker-token"})
    workflow = await use(
        api,
        "classify-support-tickets",
        {"https://tracker.example.com": http_server.base_url},
        openai=await llm(api, fake_llm, "openai"),
        mail=await smtp(api, mail),
        tracker=tracker,
    )
    http_server.script("/api/issues", Reply(201, json={"id": 7}))
    fake_llm.openai(
        Answer(json.dumps({"category": "bug", "priority": "normal", "summary": "Export fails"})),
        Answer(json.dumps({"category": "billing", "priority": "high", "summary": "Charged 2x"})),
    )
    ticket = {"subject": "Export", "email": "ada@example.com", "message": "CSV export fails."}
    response = await deliver(api, anonymous, workflow, ticket)
    body = await wait_for_run(api, response.json()["run_id"])
    assert body["status"] == "completed", body
    [issue] = http_server.requests("/api/issues")
    assert issue.headers["authorization"] == "Bearer tracker-token"
    assert issue.json() == {
        "title": "Export fails",
        "body": "CSV export fails.",
        "reporter": "ada@example.com",
        "labels": ["support", "normal"],
    }
    [call] = fake_llm.calls("openai")
    assert "CSV export fails." in json.dumps(call.body["messages"])
    assert {body["nodes"][n]["status"] for n in ("on_call", "billing", "support")} == {"skipped"}
    assert mail.deliveries == []

    response = await deliver(api, anonymous, workflow, {**ticket, "message": "Charged twice!"})
    body = await wait_for_run(api, response.json()["run_id"])
    assert body["status"] == "completed", body
    [delivery] = mail.accepted
    assert delivery.rcpt_tos == ["oncall@example.com"], "urgent wins over the category"
    assert delivery.message["Subject"] == "URGENT: Charged 2x"
    assert len(http_server.requests("/api/issues")) == 1


async def pending_approval(api, run_id: str) -> dict:
    async def probe():
        rows = (await api.get("/api/approvals", params={"mine": False})).json()["data"]
        return next((a for a in rows if a["run_id"] == run_id), None)

    from tests.utils.triggers import eventually

    return await eventually(probe, what="the approval")


async def test_approve_sms_announcement(api, twilio):  # noqa: F811
    data = {"account_sid": twilio.account_sid, "auth_token": twilio.auth_token,
            "base_url": twilio.base_url}  # fmt: skip
    workflow = await use(
        api, "approve-sms-announcement", twilio=await create_credential(api, "twilio", data)
    )
    inputs = library.templates()["approve-sms-announcement"].inputs_example
    started = await start_run(api, workflow["id"], inputs=inputs)
    approval = await pending_approval(api, started["id"])
    assert approval["title"] == "Send this SMS to +14155550100?"
    assert twilio.messages == [], "nothing is sent before the decision"
    decided = await api.post(
        f"/api/approvals/{approval['id']}/decision",
        json={"decision": "approved", "form": {"body": "Spring sale: 20% off from tomorrow."}},
    )
    assert decided.status_code == 200, decided.text
    body = await wait_for_run(api, started["id"])
    assert body["status"] == "completed", body
    [message] = twilio.messages
    assert message["to"] == "+14155550100" and message["from"] == "+14155550199"
    assert message["body"] == "Spring sale: 20% off from tomorrow."

    started = await start_run(api, workflow["id"], inputs=inputs)
    approval = await pending_approval(api, started["id"])
    decided = await api.post(
        f"/api/approvals/{approval['id']}/decision", json={"decision": "rejected", "comment": "no"}
    )
    assert decided.status_code == 200, decided.text
    body = await wait_for_run(api, started["id"])
    assert body["status"] == "completed" and body["nodes"]["send"]["status"] == "skipped"
    assert body["nodes"]["rejected"]["output"]["comment"] == "no" and len(twilio.messages) == 1


async def test_postgres_report_excel_email(api, scratch_database, smtp_peer):  # noqa: F811
    scratch_database.execute("DROP TABLE IF EXISTS orders")
    scratch_database.execute(
        "CREATE TABLE orders (id int PRIMARY KEY, customer text, total numeric(10, 2),"
        " created_at timestamptz NOT NULL DEFAULT now())"
    )
    scratch_database.execute(
        "INSERT INTO orders (id, customer, total, created_at) VALUES (1, 'Ada', 12.50, now()),"
        " (2, 'Bob', 7, now()), (3, 'Old', 99, now() - interval '3 days')"
    )
    mail = await smtp_peer()
    workflow = await use(
        api,
        "postgres-report-excel-email",
        database=await postgres(api, scratch_database),
        mail=await smtp(api, mail),
    )
    await run(api, workflow)
    [delivery] = mail.accepted
    assert delivery.message["Subject"] == "Orders report: 2 orders"
    [attachment] = delivery.message.iter_attachments()
    assert attachment.get_filename() == "orders.xlsx"
    sheet = load_workbook(io.BytesIO(attachment.get_content()))["Orders"]
    rows = [list(r)[:3] for r in sheet.iter_rows(values_only=True)]
    assert rows == [["id", "customer", "total"], [1, "Ada", 12.5], [2, "Bob", 7]]


async def test_pdf_invoices_to_postgres(api, sftp_server, fake_llm, scratch_database):  # noqa: F811
    scratch_database.execute("DROP TABLE IF EXISTS invoices")
    scratch_database.execute(
        "CREATE TABLE invoices (invoice_number text PRIMARY KEY, vendor text, total numeric,"
        " currency text, due_date date, source text)"
    )
    (sftp_server.root / "invoices").mkdir()
    pdf = make_pdf(["Invoice INV-7 from Acme GmbH", "Total 120.50 EUR, due 2026-12-31"])
    (sftp_server.root / "invoices" / "inv-7.pdf").write_bytes(pdf)
    fields = {"invoice_number": "INV-7", "vendor": "Acme GmbH", "total": 120.5,
              "currency": "EUR", "due_date": "2026-12-31"}  # fmt: skip
    fake_llm.openai(Answer(json.dumps(fields)))
    workflow = await use(
        api,
        "pdf-invoices-to-postgres",
        sftp=await sftp(api, sftp_server),
        openai=await llm(api, fake_llm, "openai"),
        database=await postgres(api, scratch_database),
    )
    for _ in range(2):  # the second run finds the invoice there and skips it
        body = await run(api, workflow, {"path": "/invoices/inv-7.pdf"})
    assert body["nodes"]["insert"]["output"]["row_count"] == 0
    rows = scratch_database.execute(
        "SELECT invoice_number, vendor, total::float, currency, due_date::text, source"
        " FROM invoices"
    )
    assert rows == [("INV-7", "Acme GmbH", 120.5, "EUR", "2026-12-31", "/invoices/inv-7.pdf")]
    prompt = json.dumps(fake_llm.calls("openai")[0].body["messages"])
    assert "INV-7 from Acme GmbH" in prompt and "due 2026-12-31" in prompt


async def test_webhook_enrich_respond(api, anonymous, http_server):
    workflow = await use(
        api, "webhook-enrich-respond", {"https://enrich.example.com": http_server.base_url}
    )
    company = {"name": "Example Ltd", "industry": "Software", "employees": 42}
    http_server.script("/v1/companies", Reply(json=company))
    response = await deliver(api, anonymous, workflow, {"email": "ada@example.com"})
    assert response.status_code == 200
    assert response.json() == {"email": "ada@example.com", "company": "Example Ltd",
                               "industry": "Software", "employees": 42}  # fmt: skip
    [lookup] = http_server.requests("/v1/companies")
    assert lookup.query == {"domain": ["example.com"]}


async def test_claude_summary(api, fake_llm):
    answer = {"summary": "Sales grew.", "key_points": ["EU up 10%", "US flat"]}
    fake_llm.anthropic(Answer(json.dumps(answer), input_tokens=900, output_tokens=40))
    workflow = await use(api, "claude-summary", anthropic=await llm(api, fake_llm, "anthropic"))
    text = "Quarterly report. " * 200
    body = await run(api, workflow, {"text": text})
    result = body["nodes"]["result"]["output"]
    assert result["summary"] == "Sales grew." and result["key_points"] == answer["key_points"]
    assert result["cost_usd"] > 0
    [call] = fake_llm.calls("anthropic")
    assert call.body["model"] == "claude-sonnet-4-6"
    assert text.strip() in call.body["messages"][0]["content"]


RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Example news</title>
<item><title>One</title><link>https://news.example.com/1</link><pubDate>Mon, 01 Dec 2026
 08:00:00 GMT</pubDate></item>
<item><title>Two</title><link>https://news.example.com/2</link><pubDate>Tue, 02 Dec 2026
 08:00:00 GMT</pubDate></item>
</channel></rss>"""


async def test_xml_feed_to_webhook(api, http_server):
    secret = "feed-signing-secret"
    signing = await create_credential(
        api, "http_header", {"name": "X-Sluice-Signature", "value": secret}
    )
    http_server.script("/feed.xml", Reply(text=RSS, headers={"Content-Type": "application/xml"}))
    http_server.script("/feed", Reply(json={"ok": True}))
    workflow = await use(
        api,
        "xml-feed-to-webhook",
        {
            "https://news.example.com/feed.xml": http_server.url("/feed.xml"),
            "https://receiver.example.com": http_server.base_url,
        },  # fmt: skip
        signing=signing,
    )
    await run(api, workflow)
    [post] = http_server.requests("/feed")
    payload = post.json()
    assert payload["feed"] == "Example news"
    assert [i["title"] for i in payload["items"]] == ["One", "Two"]
    assert payload["items"][0]["link"] == "https://news.example.com/1"
    parts = dict(p.split("=", 1) for p in post.headers["x-sluice-signature"].split(","))
    stamp, signature = parts["t"], parts["v1"]
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + post.body, hashlib.sha256)
    assert signature == expected.hexdigest() and post.headers["x-event"] == "feed.items"


async def test_health_check_alert(api, http_server, smtp_peer):  # noqa: F811
    mail = await smtp_peer()
    workflow = await use(
        api,
        "health-check-alert",
        {"https://status.example.com": http_server.base_url},
        mail=await smtp(api, mail),
    )
    http_server.script("/health", Reply(503, json={"status": "down"}))
    body = await run(api, workflow)
    calls = http_server.requests("/health")
    assert len(calls) == 2, f"one retry before the alert, not {len(calls)} calls: {body}"
    assert body["nodes"]["healthy"]["status"] == "skipped", body
    assert len(mail.accepted) == 1, (mail.deliveries, body)
    [delivery] = mail.accepted
    assert delivery.rcpt_tos == ["oncall@example.com"] and "503" in text_of(delivery.message)

    http_server.script("/health", Reply(200, json={"status": "ok"}))
    body = await run(api, workflow)
    assert body["nodes"]["healthy"]["output"] == {"healthy": True, "status": 200}
    assert body["nodes"]["alert"]["status"] == "skipped" and len(mail.accepted) == 1


async def test_lead_to_postgres_notify(api, anonymous, scratch_database, http_server):  # noqa: F811
    scratch_database.execute("DROP TABLE IF EXISTS leads")
    scratch_database.execute(
        "CREATE TABLE leads (email text PRIMARY KEY, name text, company text, message text,"
        " created_at timestamptz NOT NULL DEFAULT now())"
    )
    http_server.script("/api/chat.postMessage", Reply(json={"ok": True}))
    workflow = await use(
        api,
        "lead-to-postgres-notify",
        {"https://slack.com": http_server.base_url},
        database=await postgres(api, scratch_database),
        slack=await create_credential(api, "http_bearer", {"token": "xoxb-test"}),
    )
    lead = library.templates()["lead-to-postgres-notify"].inputs_example
    response = await deliver(api, anonymous, workflow, lead)
    body = await wait_for_run(api, response.json()["run_id"])
    assert body["status"] == "completed", body
    rows = scratch_database.execute("SELECT email, name, company, message FROM leads")
    assert rows == [
        ("ada@example.com", "Ada Lovelace", "Analytical Engines", "Please call me back.")
    ]
    [post] = http_server.requests("/api/chat.postMessage")
    assert post.headers["authorization"] == "Bearer xoxb-test"
    assert post.json() == {"channel": "#sales", "text": "New lead: Ada Lovelace "
                           "<ada@example.com> from Analytical Engines"}  # fmt: skip


def test_every_template_has_a_run_test():
    source = Path(__file__).read_text()
    untested = [t for t in library.templates() if f'"{t}"' not in source]
    assert not untested, f"templates without a run test here: {untested}"
