"""Imported n8n workflows that talk to outside services run on the real stack: the corpus
exports for Postgres, email, SMS, SFTP files and LLM chains, their imported credentials filled
in with loopback peers, and the peers checked for what n8n would have done."""

import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from tests.activities.comms_conftest import (  # noqa: F401 - fixtures
    scratch_database,
    smtp_peer,
    twilio,
)
from tests.activities.files_conftest import make_pdf, sftp_server  # noqa: F401 - a fixture
from tests.utils.api import start_run, wait_for_run
from tests.utils.fake_llm_server import Answer, FakeLLM
from tests.utils.triggers import hook_path

pytestmark = pytest.mark.timeout(240)

CORPUS = Path(__file__).parents[1] / "importers/n8n/corpus"


@pytest.fixture
def fake_llm():
    with FakeLLM(api_key="sk-test-import") as fake:
        yield fake


async def imported(api: httpx.AsyncClient, name: str, **data: dict[str, Any]) -> dict:
    """Import a corpus file; fill in each credential it created from `data` by type."""
    export = json.loads((CORPUS / f"{name}.json").read_text())
    response = await api.post("/api/workflows/import/n8n", json=export)
    assert response.status_code == 200, response.text
    answer = response.json()
    for credential in answer["credentials"]:
        filled = await api.put(
            f"/api/credentials/{credential['id']}", json={"data": data[credential["type"]]}
        )
        assert filled.status_code == 200, filled.text
    return answer


async def completed(api: httpx.AsyncClient, workflow_id: str) -> dict:
    run = await start_run(api, workflow_id, inputs={})
    done = await wait_for_run(api, run["id"], timeout=90)
    assert done["status"] == "completed", (done.get("error"), done.get("nodes"))
    return done


async def delivered(api, anonymous, answer: dict, node_id: str, body: Any) -> dict:
    done, _ = await delivered_with_answer(api, anonymous, answer, node_id, body)
    return done


async def delivered_with_answer(
    api, anonymous, answer: dict, node_id: str, body: Any
) -> tuple[dict, httpx.Response]:
    """The completed run of one webhook delivery, and the HTTP answer the caller got."""
    path = await hook_path(api, answer["workflow"]["id"], node_id)
    response = await anonymous.post(path, json=body)
    assert response.status_code in (200, 202), response.text
    done = await wait_for_run(api, response.headers["X-Sluice-Run-Id"], timeout=90)
    assert done["status"] == "completed", (done.get("error"), done.get("nodes"))
    return done, response


def smtp_data(server) -> dict[str, Any]:
    return {
        "host": "127.0.0.1",
        "port": server.port,
        "username": server.username,
        "password": server.password,
        "security": "none",
        "from_address": "sluice@example.com",
    }


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


async def test_postgres_report_email_queries_inserts_and_mails(
    api,
    scratch_database,  # noqa: F811
    smtp_peer,  # noqa: F811
):
    db = scratch_database
    db.execute(
        "CREATE TABLE users (email text, plan text, country text, "
        "created_at timestamptz DEFAULT now(), deleted_at timestamptz)"
    )
    db.execute(
        "INSERT INTO users (email, plan, country, created_at) VALUES "
        "('new-pro@example.com', 'pro', 'FR', now()), "
        "('new-free@example.com', 'free', 'FR', now() - interval '1 hour'), "
        "('old-pro@example.com', 'pro', 'DE', now() - interval '3 days')"
    )
    db.execute("CREATE TABLE report_log (id serial PRIMARY KEY, kind text, signups int)")
    mail = await smtp_peer()
    answer = await imported(
        api, "postgres_report_email", postgres=db.credential(), smtp=smtp_data(mail)
    )
    await completed(api, answer["workflow"]["id"])

    assert db.execute("SELECT kind, signups FROM report_log") == [("daily_signups", 2)]
    [delivery] = mail.accepted
    assert sorted(delivery.rcpt_tos) == ["ceo@example.com", "team@example.com"]
    message = delivery.message
    assert message["Subject"] == "Signups: 2"
    html = message.get_body(("html",)).get_content()
    assert "2 signups, 1 paid." in html
    assert "Latest: new-pro@example.com" in html  # the newest pro user, first row


async def test_sftp_csv_summary_lists_downloads_parses_archives_and_mails(
    api,
    sftp_server,  # noqa: F811
    smtp_peer,  # noqa: F811
):
    (sftp_server.root / "exports").mkdir()
    (sftp_server.root / "exports" / "orders-0301.csv").write_text(
        "order_id;total\nA-1;10\nA-2;5\nA-3;7\n"
    )
    mail = await smtp_peer()
    answer = await imported(
        api, "sftp_csv_summary", sftp=sftp_server.credential(), smtp=smtp_data(mail)
    )
    await completed(api, answer["workflow"]["id"])

    archived = sftp_server.root / "archive" / "orders-0301.csv"
    assert archived.read_text().startswith("order_id;total\nA-1;10")
    [delivery] = mail.accepted
    assert delivery.message["Subject"] == "Orders file orders-0301.csv"
    assert text_of(delivery.message).strip() == "Rows: 3\nFirst order: A-1"


async def test_twilio_alert_texts_for_big_orders_and_mails_the_others(
    api,
    anonymous,
    twilio,  # noqa: F811
    smtp_peer,  # noqa: F811
):
    mail = await smtp_peer()
    twilio_data = {
        "account_sid": twilio.account_sid,
        "auth_token": twilio.auth_token,
        "base_url": twilio.base_url,
    }
    answer = await imported(api, "twilio_alert", twilio=twilio_data, smtp=smtp_data(mail))
    order = {"id": "o-7", "total": 1500, "manager_phone": "+14155550100"}
    await delivered(api, anonymous, answer, "webhook", order)
    [sms] = twilio.messages
    assert (sms["to"], sms["from"]) == ("+14155550100", "+14155550199")
    assert sms["body"] == "Order o-7 for 1500 EUR needs a look"
    assert mail.accepted == []

    small = {"id": "o-8", "total": 20, "email": "ada@example.com", "name": "Ada"}
    await delivered(api, anonymous, answer, "webhook", small)
    [delivery] = mail.accepted
    assert delivery.rcpt_tos == ["ada@example.com"]
    assert text_of(delivery.message).strip() == "Hello Ada, we got your order o-8."
    assert len(twilio.messages) == 1


async def test_llm_chain_with_claude_and_a_parser_feeds_the_email(
    api,
    fake_llm,
    scratch_database,  # noqa: F811
    smtp_peer,  # noqa: F811
):
    db = scratch_database
    db.execute("CREATE TABLE reviews (body text, created_at timestamptz DEFAULT now())")
    db.execute("INSERT INTO reviews (body) VALUES ('Love the search'), ('Checkout is slow')")
    mail = await smtp_peer()
    digest = {"summary": "Search wins, checkout lags", "sentiment": "mixed",
              "complaints": ["slow checkout", "no dark mode"]}  # fmt: skip
    fake_llm.anthropic(Answer(json.dumps(digest)))
    anthropic = {"api_key": fake_llm.api_key, "base_url": fake_llm.anthropic_base_url}
    answer = await imported(
        api,
        "langchain_chain_anthropic",
        postgres=db.credential(),
        anthropic=anthropic,
        smtp=smtp_data(mail),
    )
    await completed(api, answer["workflow"]["id"])

    [call] = fake_llm.calls("anthropic")
    assert call.body["model"] == "claude-sonnet-4-20250514"
    assert "You write short, factual digests" in json.dumps(call.body["system"])
    assert "Love the search" in json.dumps(call.body["messages"])
    [delivery] = mail.accepted
    assert delivery.message["Subject"] == "Reviews: mixed"
    assert text_of(delivery.message).strip() == (
        "Search wins, checkout lags\n\nComplaints: slow checkout, no dark mode"
    )


async def test_extract_pdf_stores_the_joined_text_page_count_and_title(
    api,
    sftp_server,  # noqa: F811
    scratch_database,  # noqa: F811
):
    db = scratch_database
    db.execute("CREATE TABLE invoice_texts (pages int, body text, title text)")
    (sftp_server.root / "invoices").mkdir()
    pdf = make_pdf(["Invoice 42", "Total 99 EUR"], title="Invoice 42")
    (sftp_server.root / "invoices" / "latest.pdf").write_bytes(pdf)
    answer = await imported(
        api, "extract_pdf", sftp=sftp_server.credential(), postgres=db.credential()
    )
    await completed(api, answer["workflow"]["id"])
    [(pages, body, title)] = db.execute("SELECT pages, body, title FROM invoice_texts")
    assert (pages, title) == (2, "Invoice 42")
    assert "Invoice 42" in body and "Total 99 EUR" in body and "\n\n" in body


async def test_spreadsheet_write_uploads_and_attaches_the_workbook(
    api,
    sftp_server,  # noqa: F811
    scratch_database,  # noqa: F811
    smtp_peer,  # noqa: F811
):
    db = scratch_database
    db.execute("CREATE TABLE customers (name text, city text)")
    db.execute("INSERT INTO customers VALUES ('Ada', 'London'), ('=cmd', 'Paris')")
    mail = await smtp_peer()
    answer = await imported(
        api,
        "spreadsheet_write",
        postgres=db.credential(),
        sftp=sftp_server.credential(),
        smtp=smtp_data(mail),
    )
    await completed(api, answer["workflow"]["id"])

    uploaded = sftp_server.root / "reports" / "customers.xlsx"
    sheet = load_workbook(io.BytesIO(uploaded.read_bytes()))["Customers"]
    header, *rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert sorted(header) == ["city", "name"]
    assert [dict(zip(header, row, strict=True)) for row in rows] == [
        {"name": "Ada", "city": "London"},
        {"name": "'=cmd", "city": "Paris"},  # a formula is written as text
    ]
    [delivery] = mail.accepted
    [attachment] = delivery.message.iter_attachments()
    assert attachment.get_filename() == "customers.xlsx"
    assert attachment.get_payload(decode=True) == uploaded.read_bytes()


async def test_openai_classify_routes_on_the_answer(
    api,
    anonymous,
    fake_llm,
    scratch_database,  # noqa: F811
    smtp_peer,  # noqa: F811
):
    db = scratch_database
    db.execute("CREATE TABLE tickets (subject text, label text)")
    mail = await smtp_peer()
    openai = {"api_key": fake_llm.api_key, "base_url": fake_llm.openai_base_url}
    answer = await imported(
        api, "openai_classify", openai=openai, smtp=smtp_data(mail), postgres=db.credential()
    )
    fake_llm.openai(Answer("billing"), Answer("bug"))
    ticket = {"subject": "Charged twice", "message": "My card was charged twice."}
    await delivered(api, anonymous, answer, "new_ticket", ticket)
    [call] = fake_llm.calls("openai")
    assert call.body["model"] == "gpt-4.1-mini" and call.body["temperature"] == 0
    [delivery] = mail.accepted
    assert delivery.message["Subject"] == "Billing ticket: Charged twice"
    assert db.execute("SELECT * FROM tickets") == []

    await delivered(api, anonymous, answer, "new_ticket", {"subject": "Crash", "message": "x"})
    assert db.execute("SELECT subject, label FROM tickets") == [("Crash", "bug")]
    assert len(mail.accepted) == 1


async def test_text_classifier_and_extractor_store_an_invoice(
    api,
    anonymous,
    fake_llm,
    scratch_database,  # noqa: F811
    twilio,  # noqa: F811
    smtp_peer,  # noqa: F811
):
    db = scratch_database
    db.execute("CREATE TABLE invoices (supplier text, amount numeric, due_date date)")
    mail = await smtp_peer()
    anthropic = {"api_key": fake_llm.api_key, "base_url": fake_llm.anthropic_base_url}
    twilio_data = {
        "account_sid": twilio.account_sid,
        "auth_token": twilio.auth_token,
        "base_url": twilio.base_url,
    }
    answer = await imported(
        api,
        "classify_and_extract",
        anthropic=anthropic,
        postgres=db.credential(),
        twilio=twilio_data,
        smtp=smtp_data(mail),
    )
    fields = {"supplier": "Acme", "amount": 120.5, "due_date": "2026-04-01"}
    fake_llm.anthropic(Answer(json.dumps({"label": "invoice"})), Answer(json.dumps(fields)))
    email = {"subject": "Invoice 7", "text": "Acme invoice, 120.50 EUR due 1 April 2026."}
    done = await delivered(api, anonymous, answer, "inbound", email)
    assert db.execute("SELECT supplier, amount::float, due_date::text FROM invoices") == [
        ("Acme", 120.5, "2026-04-01")
    ]
    assert twilio.messages == [] and mail.accepted == []
    assert {done["nodes"][n]["status"] for n in ("page_on_call", "forward")} == {"skipped"}


async def test_xml_to_json_then_html_template_renders_the_receipt(api, anonymous):
    answer = await imported(api, "xml_to_json")
    payload = "<order><id>7</id><customer><name>Ada</name></customer></order>"
    done, http = await delivered_with_answer(
        api, anonymous, answer, "webhook", {"payload": payload}
    )
    receipt = "<html><body><h1>Order 7</h1><p>Thanks, Ada.</p></body></html>"
    assert done["nodes"]["render_receipt"]["output"]["text"] == receipt
    assert done["nodes"]["respond"]["output"]["body"] == receipt
    # responseMode responseNode: the caller gets the Respond to Webhook answer, not a 202.
    assert http.status_code == 200 and http.text == receipt, http.text
