"""A retried run re-uses its idempotency keys: emails and SMS already sent are not sent again,
and HTTP calls carry the same Idempotency-Key (real API, worker, SMTP and Twilio peers)."""

from interpreter import _children
from tests.activities.comms_conftest import create_credential
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import chain, node
from tests.utils.http_server import Reply
from tests.utils.runs import FAST_RETRY, NO_RETRY


def item_workflow(smtp: str, twilio: str) -> dict:
    """Per item: an email, an SMS, then a POST that the test makes fail once."""
    return {
        "nodes": [
            node("start", "trigger.manual"),
            node(
                "mail",
                "email.send",
                {
                    "credential_id": smtp,
                    "to": "{{ inputs.item.to }}",
                    "subject": "Order",
                    "text": "Shipped",
                },
                retry={**FAST_RETRY, "max_attempts": 2},
            ),
            node(
                "text",
                "sms.twilio.send",
                {
                    "credential_id": twilio,
                    "to": "+14155550100",
                    "from": "+14155550199",
                    "body": "Shipped",
                },
                retry={**FAST_RETRY, "max_attempts": 2},
            ),
            node(
                "hook",
                "http.request",
                {"method": "POST", "url": "{{ inputs.item.url }}", "body": {"n": 1}},
                retry=NO_RETRY,
            ),
        ],
        "edges": chain("start", "mail", "text", "hook"),
    }


async def credentials(api, smtp, twilio) -> tuple[str, str]:
    """The SMTP and Twilio credentials of `item_workflow`."""
    smtp_id = await create_credential(
        api,
        "smtp",
        {
            "host": "127.0.0.1",
            "port": smtp.port,
            "username": smtp.username,
            "password": smtp.password,
            "security": smtp.security,
            "from_address": "Sluice <robot@sluice.test>",
        },
    )
    twilio_id = await create_credential(
        api,
        "twilio",
        {
            "account_sid": twilio.account_sid,
            "auth_token": twilio.auth_token,
            "base_url": twilio.base_url,
        },
    )
    return smtp_id, twilio_id


def one_at_a_time(child_id: str) -> dict:
    """A parent running the child workflow once per item of `inputs.items`, in order."""
    config = {"workflow_id": child_id, "items": "{{ inputs.items }}", "concurrency": 1}
    return {
        "nodes": [node("start", "trigger.manual"), node("each", "flow.for_each", config)],
        "edges": chain("start", "each"),
    }


async def run_items(api, workflow_id: str, items: list, timeout: float) -> dict:
    run = await start_run(api, workflow_id, inputs={"items": items})
    return await wait_for_run(api, run["id"], timeout=timeout)


async def retry(api, run_id: str, timeout: float) -> dict:
    response = await api.post(f"/api/runs/{run_id}/retry")
    assert response.status_code == 201, response.text
    return await wait_for_run(api, response.json()["id"], timeout=timeout)


async def test_retry_does_not_send_twice_and_keeps_keys(api, smtp_peer, twilio, http_server):
    smtp = await smtp_peer()
    smtp_id, twilio_id = await credentials(api, smtp, twilio)
    ok = http_server.script("/ok", Reply(json={"ok": True}))
    flaky = http_server.script("/flaky", Reply(500, text="down"), Reply(json={"ok": True}))
    child = await create_workflow(api, item_workflow(smtp_id, twilio_id), name="notify one")
    parent = one_at_a_time(child["id"])
    workflow = await create_workflow(api, parent, name="notify all")
    items = [{"to": "ada@example.com", "url": ok}, {"to": "bob@example.com", "url": flaky}]
    first = await run_items(api, workflow["id"], items, timeout=60)
    assert first["status"] == "failed", first
    assert len(smtp.accepted) == 2 and len(twilio.messages) == 2

    retried = await retry(api, first["id"], timeout=60)
    assert retried["status"] == "completed", retried

    assert len(smtp.accepted) == 2, "an email of the first run was sent again"
    assert len(twilio.messages) == 2, "an SMS of the first run was sent again"
    results = retried["output"]["each"]["results"]
    assert [r["hook"]["status"] for r in results] == [200, 200]
    calls = http_server.requests("/flaky")
    assert len(calls) == 2
    key = calls[0].headers.get("idempotency-key")
    assert key and calls[1].headers.get("idempotency-key") == key
    [first_ok, again_ok] = http_server.requests("/ok")
    assert first_ok.headers["idempotency-key"] == again_ok.headers["idempotency-key"]
    assert len({r.message_id for r in smtp.accepted}) == 2


async def test_batch_children_keep_their_keys_across_a_retry(
    api, smtp_peer, twilio, http_server, monkeypatch
):
    monkeypatch.setattr(_children, "MAX_CHILDREN_PER_RUN", 2)  # the worker is in this process
    smtp = await smtp_peer()
    child = await create_workflow(api, item_workflow(*await credentials(api, smtp, twilio)))
    parent = one_at_a_time(child["id"])
    workflow = await create_workflow(api, parent, name="notify in batches")
    ok = http_server.script("/ok", Reply(json={"ok": True}))
    flaky = http_server.script("/flaky", Reply(500, text="down"), Reply(json={"ok": True}))
    # Two batch children: [ada, bob] and [cy]; cy's POST fails once.
    people = [("ada", ok), ("bob", ok), ("cy", flaky)]
    items = [{"to": f"{who}@example.com", "url": url} for who, url in people]
    first = await run_items(api, workflow["id"], items, timeout=90)
    assert first["status"] == "failed", first
    assert len(smtp.accepted) == 3 and len(twilio.messages) == 3

    retried = await retry(api, first["id"], timeout=90)

    assert retried["status"] == "completed", retried
    assert len(smtp.accepted) == 3, "an email of a batch child was sent again"
    assert len(twilio.messages) == 3, "an SMS of a batch child was sent again"
    [failed, again] = http_server.requests("/flaky")
    assert failed.headers["idempotency-key"] == again.headers["idempotency-key"]
    oks = [r.headers["idempotency-key"] for r in http_server.requests("/ok")]
    assert len(oks) == 4 and len(set(oks)) == 2
