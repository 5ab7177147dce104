"""Human approval: decided through the API as a Temporal update, validated before history."""

import asyncio

from tests.utils.accounts import sign_up
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import edge, node

FORM = {"type": "object", "required": ["amount"], "properties": {"amount": {"type": "number"}}}


def approval_graph(**config) -> dict:
    return {
        "nodes": [
            node("start", "trigger.manual"),
            node("ask", "human.approval", {"title": "Refund {{ inputs.amount }}?", **config}),
            node(
                "yes", "transform.set", {"fields": {"paid": "{{ nodes.ask.output.form.amount }}"}}
            ),
            node("no", "transform.set", {"fields": {"why": "{{ nodes.ask.output.comment }}"}}),
            node("late", "transform.set", {"fields": {"late": True}}),
        ],
        "edges": [
            edge("start", "ask"),
            edge("ask", "yes", "approved"),
            edge("ask", "no", "rejected"),
            edge("ask", "late", "timeout"),
        ],
    }


async def pending_approval(api, run_id: str, timeout: float = 20) -> dict:
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        rows = (await api.get("/api/approvals", params={"mine": False})).json()["data"]
        found = [a for a in rows if a["run_id"] == run_id]
        if found:
            return found[0]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no approval opened for run {run_id}")


async def test_approve_with_form_routes_to_approved(api):
    workflow = await create_workflow(api, approval_graph(form_schema=FORM), name="refunds")
    run = await start_run(api, workflow["id"], inputs={"amount": 12})
    approval = await pending_approval(api, run["id"])
    assert approval["title"] == "Refund 12?" and approval["status"] == "pending"
    assert approval["url"].endswith(f"/approvals/{approval['id']}")
    state = (await api.get(f"/api/runs/{run['id']}")).json()
    assert state["nodes"]["ask"]["status"] == "waiting"
    response = await api.post(
        f"/api/approvals/{approval['id']}/decision",
        json={"decision": "approved", "comment": "ok", "form": {"amount": 12.5}},
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "approved"
    body = await wait_for_run(api, run["id"])
    assert body["status"] == "completed", body
    assert body["output"] == {"yes": {"paid": 12.5}}
    assert body["nodes"]["no"]["status"] == "skipped"
    assert body["nodes"]["ask"]["output"]["decided_by"].endswith("@example.com")
    again = await api.post(
        f"/api/approvals/{approval['id']}/decision", json={"decision": "rejected"}
    )
    assert again.status_code == 409


async def test_reject_routes_to_rejected(api):
    workflow = await create_workflow(api, approval_graph(), name="reject")
    run = await start_run(api, workflow["id"], inputs={"amount": 1})
    approval = await pending_approval(api, run["id"])
    response = await api.post(
        f"/api/approvals/{approval['id']}/decision",
        json={"decision": "rejected", "comment": "too much"},
    )
    assert response.status_code == 200
    body = await wait_for_run(api, run["id"])
    assert body["output"] == {"no": {"why": "too much"}}


async def test_refusals_say_why_and_write_nothing(api, anonymous, client):
    team = (await api.post("/api/workspaces", json={"name": "approvers"})).json()["id"]
    api.headers["X-Workspace-Id"] = team
    operator_email = "op-" + team[:8] + "@example.com"
    operator = await sign_up(anonymous, operator_email)
    await api.put(
        f"/api/workspaces/{team}/members", json={"email": operator_email, "role": "operator"}
    )
    graph = approval_graph(form_schema=FORM, approver_role="editor")
    workflow = await create_workflow(api, graph, name="strict")
    run = await start_run(api, workflow["id"], inputs={"amount": 3})
    approval = await pending_approval(api, run["id"])
    path = f"/api/approvals/{approval['id']}/decision"
    as_operator = {**operator, "X-Workspace-Id": team}
    response = await anonymous.post(
        path, json={"decision": "approved", "form": {"amount": 1}}, headers=as_operator
    )
    assert response.status_code == 403 and "needs the editor role" in response.json()["detail"]
    response = await api.post(path, json={"decision": "approved", "form": {"amount": "lots"}})
    assert response.status_code == 422 and "amount" in response.json()["detail"]
    history = await client.get_workflow_handle(f"{workflow['id']}-{run['id']}").fetch_history()
    assert not [
        e
        for e in history.events
        if e.HasField("workflow_execution_update_accepted_event_attributes")
    ]
    assert (
        await api.post(path, json={"decision": "approved", "form": {"amount": 3}})
    ).status_code == 200
    assert (await wait_for_run(api, run["id"]))["status"] == "completed"


async def test_named_approvers_only(api):
    workflow = await create_workflow(api, approval_graph(approver_emails=["boss@example.com"]))
    run = await start_run(api, workflow["id"], inputs={"amount": 3})
    approval = await pending_approval(api, run["id"])
    response = await api.post(
        f"/api/approvals/{approval['id']}/decision", json={"decision": "approved"}
    )
    assert (
        response.status_code == 403
        and "not one of this approval's approvers" in response.json()["detail"]
    )
    mine = (await api.get("/api/approvals")).json()["data"]
    assert approval["id"] not in [a["id"] for a in mine], "the inbox lists what I may decide"
    await api.post(f"/api/runs/{run['id']}/cancel")
    await wait_for_run(api, run["id"])
    assert (await api.get(f"/api/approvals/{approval['id']}")).json()["status"] == "closed"


async def test_timeout_routes_or_fails(api):
    workflow = await create_workflow(api, approval_graph(timeout_seconds=1))
    body = await wait_for_run(
        api, (await start_run(api, workflow["id"], inputs={"amount": 1}))["id"]
    )
    assert body["output"] == {"late": {"late": True}}
    assert body["nodes"]["ask"]["output"]["decision"] == "timeout"
    workflow = await create_workflow(api, approval_graph(timeout_seconds=1, on_timeout="fail"))
    body = await wait_for_run(
        api, (await start_run(api, workflow["id"], inputs={"amount": 1}))["id"]
    )
    assert body["status"] == "failed" and "nobody decided within 1" in body["error"]
