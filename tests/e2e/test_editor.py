"""The editor in real headless Chromium against the real API, worker and Temporal dev server.

Scenarios (web/e2e/editor.e2e.mjs): sign up; draw trigger → HTTP → set fields, fill the forms,
save, run and watch every node succeed live over the run's WebSocket; a server 422 on its field
and a 404 on its node; cancel a run; the run list and run page; export, import, version history,
copy/paste, rename, duplicate, delete; a credential whose secret never shows again; an approval
node that waits, is approved from the inbox and lets the run finish (the run list following
live); updates by polling when the WebSocket is refused, and retry from the failed node; the
dashboard counting those runs and listing the workflow.

The browser is driven by web/e2e/editor.e2e.mjs (playwright-core, Debian's Chromium); this test
starts everything it talks to, runs the script, and checks what it saw against the API.
Screenshots of the canvas during the runs land in test-artifacts/.
"""

import asyncio
import json
import os
import uuid
from pathlib import Path
from typing import Any

import httpx

from tests.utils.accounts import PASSWORD, log_in
from tests.utils.http_server import Reply, ScriptedServer

from .conftest import ARTIFACTS, WEB

ORDERS = {"items": [{"id": 1}, {"id": 2}, {"id": 3}], "total": 3}


async def run_node_script(
    nodejs: str, chromium: str, script: str, *args: str, timeout: float = 150
) -> dict[str, Any]:
    """Run a web/e2e script without blocking the event loop (the worker runs on it)."""
    process = await asyncio.create_subprocess_exec(
        nodejs,
        str(WEB / "e2e" / script),
        *args,
        cwd=WEB,
        env={**os.environ, "SLUICE_CHROMIUM": chromium},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    lines = out.decode().strip().splitlines()
    assert lines, f"{script} printed nothing (exit {process.returncode}): {err.decode()[-3000:]}"
    report: dict[str, Any] = json.loads(lines[-1])
    assert process.returncode == 0 and not report.get("failed"), (
        f"{script} failed: {report.get('failed')}\nsteps: {report.get('steps')}\n"
        f"stderr: {err.decode()[-3000:]}"
    )
    return report


async def test_draw_save_run_and_watch(
    editor_url: str,
    worker: None,
    anonymous: httpx.AsyncClient,
    http_server: ScriptedServer,
    nodejs: str,
    chromium: str,
    artifacts: Path,
) -> None:
    # The delay keeps the HTTP node running long enough to be seen (and photographed) running.
    ok_url = http_server.script("/orders", Reply(json=ORDERS, delay=1.5))
    missing_url = http_server.script("/missing", Reply(404, text="no such order"))
    slow_url = http_server.script("/slow", Reply(json={}, delay=60))
    secured_url = http_server.script(
        "/secured", Reply(503, text="shop busy"), Reply(json={"refunded": True})
    )
    email = f"editor-{uuid.uuid4().hex[:10]}@example.com"
    secret = f"tok-{uuid.uuid4().hex}"

    report = await run_node_script(
        nodejs,
        chromium,
        "editor.e2e.mjs",
        f"--base-url={editor_url}",
        f"--ok-url={ok_url}",
        f"--missing-url={missing_url}",
        f"--slow-url={slow_url}",
        f"--secured-url={secured_url}",
        f"--secret={secret}",
        f"--email={email}",
        f"--password={PASSWORD}",
        f"--artifacts={artifacts}",
        timeout=300,
    )
    assert report["errors"] == [], report["errors"]
    scenarios = report["scenarios"]
    happy, failing, runs, manage, creds, approval, polling, dashboard = (
        scenarios[k]
        for k in (
            "happyPath",
            "failingNode",
            "runs",
            "manage",
            "credentials",
            "approvals",
            "polling",
            "dashboard",
        )
    )

    # Canvas: three nodes dropped, undo/redo, two edges, the helper wrote the expression.
    assert (happy["nodesAfterDrop"], happy["nodesAfterUndo"], happy["nodesAfterRedo"]) == (3, 2, 3)
    assert happy["edges"] == 2
    assert happy["statusField"] == "{{ nodes.http_request_1.output.status }}"
    # The run: data flowed through both expressions, and the Temporal link names the run.
    assert happy["transformOutput"] == {"status": 200, "summary": "3 orders"}
    assert happy["runId"] in happy["temporalUrl"]
    # Live over the run's WebSocket: it delivered both statuses, polling never ran.
    assert happy["live"] == {
        "updatedBy": {"http_request_1": "websocket", "transform_set_1": "websocket"},
        "transport": "ended",
        "fallbackPolls": 0,
    }

    # The editor saved what it drew, in the workspace of the account it created.
    api = anonymous
    api.headers.update(await log_in(api, email))
    saved = (await api.get(f"/api/workflows/{happy['workflowId']}/versions")).json()
    first = next(v for v in saved["data"] if v["version"] == 1)["graph"]
    assert {n["id"]: n["type"] for n in first["nodes"]} == {
        "trigger_manual_1": "trigger.manual",
        "http_request_1": "http.request",
        "transform_set_1": "transform.set",
    }
    assert {(e["source"], e["target"]) for e in first["edges"]} == {
        ("trigger_manual_1", "http_request_1"),
        ("http_request_1", "transform_set_1"),
    }
    run = (await api.get(f"/api/runs/{happy['runId']}")).json()
    assert run["status"] == "completed"
    assert {s["status"] for s in run["nodes"].values()} == {"succeeded"}

    # A server 422 lands on the field; the 404 fails the HTTP node, which shows why.
    assert "not upstream" in failing["serverError"]
    assert failing["nodeFlagged"] == 1 and failing["errorClearedOnEdit"]
    assert "404" in failing["nodeError"] and "http_request_1" in failing["runError"]
    assert failing["downstreamStatus"] == "pending"
    # Cancel from the run panel reaches the running activity: the peer sees it hang up.
    await http_server.wait_for("/slow", disconnected=True)

    # The run list and the read-only run page.
    assert runs["listedRuns"] >= 2
    assert runs["palettePresent"] == 0
    assert runs["statuses"] == ["succeeded"] * 3

    # Export, version history, import, copy/paste, rename, duplicate, delete.
    assert manage["exported"] == {"name": "Orders summary", "nodes": 3, "edges": 2}
    assert manage["oldVersionUrl"].endswith("/versions/1") and manage["oldVersionPalette"] == 0
    assert manage["oldVersionUrlField"] == ok_url
    assert manage["importedNodes"] == 3
    assert (manage["nodesAfterPaste"], manage["nodesAfterUndoPaste"]) == (4, 3)
    assert (manage["afterDuplicate"], manage["afterDelete"]) == (3, 2)
    assert sorted(manage["names"]) == ["Imported orders", "Orders summary"]

    # Credentials: a password input; the secret is nowhere in the page after saving, editing
    # leaves it empty ("leave empty to keep"), and the API kept it (the peer saw it, below).
    assert creds["secretInputType"] == "password"
    assert "token" in creds["fieldsSet"]
    assert not creds["secretInPageAfterCreate"]
    assert not creds["secretInPageAfterEdit"] and not creds["secretInPageAfterReload"]
    assert creds["editTokenValue"] == "" and "leave empty to keep" in creds["editTokenPlaceholder"]
    stored = (await api.get(f"/api/credentials/{creds['credentialId']}")).json()
    assert (stored["name"], stored["fields_set"], stored["public"]) == (
        "Peer token (prod)",
        ["token"],
        {},
    )
    assert secret not in json.dumps(stored)

    # Approvals: the node waited, the inbox listed it, the form was required, the approval
    # let the run finish live; the run list followed over the workspace WebSocket.
    assert approval["waitingNodeText"].startswith("waiting for approval")
    assert approval["badge"] >= 1
    assert approval["inboxRow"]["who"] == "operator or higher"
    assert approval["inboxRow"]["expires"] == "no expiry"
    assert approval["inboxRow"]["runLink"] == f"/runs/{approval['runId']}"
    assert approval["instructions"].endswith("Check the order, then decide.")
    assert approval["requiredError"] == "is required"
    assert (approval["decidedBy"], approval["approvalStatus"]) == (email, "approved")
    assert sorted(approval["statuses"]) == [
        ["node-ask", "succeeded"],
        ["node-call", "succeeded"],
        ["node-start", "succeeded"],
    ]
    # The 503 showed the node retrying (attempt 2, the last error) before it succeeded.
    assert approval["retrying"]["attempt"] == "2"
    assert approval["retrying"]["updatedBy"] == "websocket"
    assert approval["retrying"]["state"].startswith("retrying · attempt 2")
    # The API names the last failure as Temporal holds it; while the codec encrypts failures
    # that is "Encoded failure" (see the editor's report), later "... answered 503; will retry".
    assert approval["retrying"]["lastError"].startswith("last error: ")
    assert len(approval["retrying"]["lastError"]) > len("last error: ")
    assert approval["live"] == {
        "updatedBy": {"ask": "websocket", "call": "websocket"},
        "transport": "ended",
        "fallbackPolls": 0,
    }
    assert approval["listedLive"] == "running" and approval["liveRefreshes"] >= 1
    assert approval["finishedLive"]
    assert approval["refusal"]["status"] == "409"
    text = approval["refusal"]["text"]
    assert text.startswith("Already decided:") and "waiting" in text, text
    decided = (await api.get("/api/approvals", params={"status": "approved"})).json()["data"]
    [row] = [a for a in decided if a["run_id"] == approval["runId"]]
    assert (row["decided_by"], row["comment"], row["form"]) == (
        email,
        "refund approved",
        {"reason": "customer is right"},
    )
    # The HTTP node ran with the secret typed once into the credentials page.
    for call in http_server.requests("/secured"):
        assert call.headers["authorization"] == f"Bearer {secret}"
        assert call.query == {"reason": ["customer is right"]}

    # Polling fallback (run WebSocket refused) and retry from the failed node.
    assert polling["running"]["transport"] == "polling"
    assert polling["running"]["updatedBy"]["http_request_1"] in ("polling", "fetch")
    assert polling["running"]["fallbackPolls"] >= 1
    assert polling["cancelled"]["transport"] == "ended"
    retried = (await api.get(f"/api/runs/{polling['retry']['secondRun']}")).json()
    assert retried["retry_of"] == polling["retry"]["firstRun"]
    assert polling["retry"]["triggerStatus"] == "succeeded"

    # The dashboard (a fresh account: only this test's runs) counts every run it started, all
    # finished, and lists the first workflow by name.
    assert dashboard["runsStarted"] == 6
    assert dashboard["chartRuns"] >= dashboard["runsStarted"], dashboard
    assert dashboard["chartRunning"] == 0, dashboard
    assert dashboard["chartBars"] >= 1
    assert dashboard["workflowRow"] == "Orders summary"
    assert dashboard["pendingApprovals"] == 0

    assert [r.path for r in http_server.requests()] == [
        "/orders",
        "/missing",
        "/slow",
        "/secured",
        "/secured",
        "/slow",
        "/slow",
    ]

    names = {Path(p).name for p in report["screenshots"]}
    assert {
        "3-mid-run.png",
        "4-succeeded.png",
        "6-failed.png",
        "9-credential-form.png",
        "11-approval-waiting.png",
        "12-inbox.png",
        "14-retrying.png",
        "15-approved-run.png",
        "16-approval-409.png",
        "18-dashboard.png",
    } <= names


async def test_hundred_node_workflow_renders_every_node(
    editor_url: str, nodejs: str, chromium: str
) -> None:
    """Time from navigation to the first frame with all 100 nodes, and the bundle's gzip size.

    Times are figures, not assertions (a loaded CI machine varies 3x): they go to
    test-artifacts/editor-figures.json and the test output. Asserted: every load drew all
    100 nodes without a page error, and the bundle stays under its budget.
    """
    report = await run_node_script(
        nodejs,
        chromium,
        "measure.mjs",
        f"--base-url={editor_url}",
        f"--email=measure-{uuid.uuid4().hex[:10]}@example.com",
        f"--password={PASSWORD}",
        "--loads=5",
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "editor-figures.json").write_text(json.dumps(report, indent=2))
    render, bundle = report["firstRender"], report["bundle"]
    print(
        f"\n100-node first render: cold {render['coldMs']} ms, warm median "
        f"{render['warmMedianMs']} ms ({render['afterFetchMedianMs']} ms after the workflow "
        f"arrived); bundle gzip {bundle['gzipTotalBytes'] / 1024:.1f} KiB"
    )
    assert report["errors"] == [], report["errors"]
    assert render["nodes"] == 100 and len(render["allMs"]) == 5
    assert bundle["gzipTotalBytes"] < 400 * 1024
