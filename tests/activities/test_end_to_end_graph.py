"""The issue's end-to-end graph through the real API, every peer real on loopback: SFTP
download a CSV → parse → filter → (totals →) LLM summary → email with the summary and an
Excel attachment → SMS. Run with a small file, and with one big enough to be claim-checked.
"""

import io
import time

import openpyxl
import pytest

from tests.activities.comms_conftest import create_credential
from tests.activities.llm_conftest import usd
from tests.activities.transform.test_inline_offload import (
    PAID_RULES,
    TOTALS,
    as_csv,
    orders,
    paid,
    totals,
)
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.fake_llm_server import Answer
from tests.utils.graphs import chain, edge, node

MODEL = "gpt-4.1-mini"
SUMMARY = "Paid orders held up well: north and east lead on revenue."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_graph(sftp: str, openai: str, smtp: str, twilio: str) -> dict:
    """Nodes by credential id; `totals` keeps the prompt small however many orders match."""
    prompt = (
        "Summarise {{ nodes.paid.output.count }} paid orders of 50 or more, "
        "by region: {{ nodes.totals.output.items }}"
    )
    config = {
        "download": {"credential_id": sftp, "remote_path": "/outgoing/orders.csv"},
        "parse": {"file": "{{ nodes.download.output.file }}"},
        "paid": {"items": "{{ nodes.parse.output.rows }}", "rules": PAID_RULES},
        "totals": TOTALS,
        "summary": {
            "credential_id": openai,
            "model": MODEL,
            "system": "You write two-line sales summaries.",
            "messages": [{"role": "user", "content": prompt}],
            "max_tokens": 200,
        },
        "excel": {
            "rows": "{{ nodes.paid.output.items }}",
            # Explicit: data that went through Temporal's JSON converter has its keys sorted.
            "columns": ["order_id", "region", "amount", "status"],
            "file_name": "paid-orders.xlsx",
            "sheet_name": "Paid",
        },
        "email": {
            "credential_id": smtp,
            "to": "ops@example.com",
            "subject": "Paid orders: {{ nodes.paid.output.count }}",
            "text": "{{ nodes.summary.output.text }}\n\nThe orders are attached.",
            "attachments": ["{{ nodes.excel.output.file }}"],
        },
        "sms": {
            "credential_id": twilio,
            "to": "+14155550100",
            "from": "+14155550199",
            "body": "Orders report mailed: {{ nodes.paid.output.count }} paid orders.",
        },
    }
    types = {
        "download": "sftp.download",
        "parse": "file.parse_csv",
        "paid": "transform.filter",
        "totals": "transform.aggregate",
        "summary": "llm.openai.chat",
        "excel": "file.write_excel",
        "email": "email.send",
        "sms": "sms.twilio.send",
    }
    return {
        "nodes": [node(n, types[n], config[n]) for n in types],
        "edges": [
            *chain("download", "parse", "paid", "totals", "summary", "email", "sms"),
            edge("paid", "excel"),
            edge("excel", "email"),
        ],
    }


@pytest.mark.parametrize("count", [pytest.param(40, id="small"), pytest.param(20_000, id="big")])
async def test_orders_report(
    api,
    client,
    sftp_server,
    fake_llm,
    llm_credentials,
    smtp_peer,
    twilio,
    communications,
    count,
):
    rows = orders(count)
    (sftp_server.root / "outgoing").mkdir()
    (sftp_server.root / "outgoing" / "orders.csv").write_bytes(as_csv(rows))
    fake_llm.openai(Answer(text=SUMMARY, input_tokens=310, output_tokens=42))
    smtp = await smtp_peer()
    graph = report_graph(
        sftp=await create_credential(api, "sftp", sftp_server.credential()),
        openai=llm_credentials.openai,
        smtp=await create_credential(
            api,
            "smtp",
            {
                "host": "127.0.0.1",
                "port": smtp.port,
                "username": smtp.username,
                "password": smtp.password,
                "security": "none",
                "from_address": "Sluice <robot@sluice.test>",
            },
        ),
        twilio=await create_credential(
            api,
            "twilio",
            {
                "account_sid": twilio.account_sid,
                "auth_token": twilio.auth_token,
                "base_url": twilio.base_url,
            },
        ),
    )
    started = time.monotonic()
    workflow = await create_workflow(api, graph, name="orders report")
    run = await start_run(api, workflow["id"], inputs={})
    body = await wait_for_run(api, run["id"], timeout=60)
    elapsed = time.monotonic() - started

    assert body["status"] == "completed", body
    expected = paid(rows)
    assert body["nodes"]["paid"]["output"]["count"] == len(expected)
    # The LLM saw the totals; the run adds up its tokens and cost.
    [call] = fake_llm.calls("openai")
    prompt = call.body["messages"][-1]["content"]
    assert f"Summarise {len(expected)} paid orders" in prompt
    assert '"revenue":' + str(totals(expected)[0]["revenue"]) in prompt
    assert body["totals"] == {"input_tokens": 310, "output_tokens": 42, "cost": usd(MODEL, 310, 42)}

    # One email, with the summary and a workbook holding the filtered rows.
    [delivery] = smtp.deliveries
    assert delivery.accepted and delivery.rcpt_tos == ["ops@example.com"]
    message = delivery.message
    assert message["Subject"] == f"Paid orders: {len(expected)}"
    assert SUMMARY in message.get_body(("plain",)).get_content()
    [attachment] = list(message.iter_attachments())
    assert (attachment.get_filename(), attachment.get_content_type()) == ("paid-orders.xlsx", XLSX)
    workbook = openpyxl.load_workbook(io.BytesIO(attachment.get_payload(decode=True)))
    sheet = workbook["Paid"]
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert table == [list(expected[0])] + [list(r.values()) for r in expected]

    # One SMS; both sends audited once.
    [sms] = twilio.messages
    assert sms["body"] == f"Orders report mailed: {len(expected)} paid orders."
    audit = communications(f"{workflow['id']}-{run['id']}")
    assert sorted((r.node_id, r.channel, r.status) for r in audit) == [
        ("email", "email", "sent"),
        ("sms", "sms", "sent"),
    ]

    history = await client.get_workflow_handle(f"{workflow['id']}-{run['id']}").fetch_history()
    offloaded = [
        e.activity_task_scheduled_event_attributes.activity_id
        for e in history.events
        if e.activity_task_scheduled_event_attributes.activity_type.name == "inline.run"
    ]
    size = sum(e.ByteSize() for e in history.events)
    print(f"\n{count} orders: {elapsed:.1f} s, history {len(history.events)} events, {size} bytes")
    if count == 40:
        assert offloaded == [], "small data: the transforms ran in the workflow"
        return
    assert "$blob" in body["nodes"]["parse"]["output"]["rows"]
    assert "$blob" in body["nodes"]["paid"]["output"]["items"]
    assert offloaded == ["paid", "totals"], "claim-checked data: they ran as activities"
    assert size < 60_000, "references, not rows"
