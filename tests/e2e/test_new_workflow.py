"""The "New workflow" dialog in headless Chromium against the real API: templates, n8n import.

The browser is driven by web/e2e/new-workflow.e2e.mjs; this test makes the account (with one
SMTP credential) and the n8n exports, runs the script, and checks what it saw against the API.
Screenshots land in test-artifacts/.
"""

import json
import uuid
from pathlib import Path
from typing import Any

import httpx

from tests.utils.accounts import PASSWORD, sign_up

from .test_editor import run_node_script

SEARCH = "health alert"
TEMPLATE = "health-check-alert"  # needs an SMTP credential: the account has one
MISSING = "claude-summary"  # needs an Anthropic credential: the account has none
FREE_SEARCH, FREE = "enrich respond", "webhook-enrich-respond"  # needs no credential

N8N_EXPORT = {
    "name": "Orders from n8n",
    "nodes": [
        {
            "name": "Start",
            "type": "n8n-nodes-base.manualTrigger",
            "typeVersion": 1,
            "position": [0, 0],
            "parameters": {},
        },
        {
            "name": "Fetch orders",
            "type": "n8n-nodes-base.httpRequest",
            "typeVersion": 4.2,
            "position": [200, 0],
            "parameters": {
                "url": "https://shop.example.com/orders",
                "authentication": "genericCredentialType",
                "genericAuthType": "httpHeaderAuth",
                "options": {},
            },
            "credentials": {"httpHeaderAuth": {"id": "7", "name": "Shop API key"}},
        },
        {
            "name": "Add totals",
            "type": "n8n-nodes-base.code",
            "typeVersion": 2,
            "position": [400, 0],
            "parameters": {"jsCode": "return $input.all().map(i => ({json: {n: 1}}));"},
        },
        {
            "name": "Tidy",
            "type": "n8n-nodes-base.set",
            "typeVersion": 3.4,
            "position": [600, 0],
            "parameters": {
                "assignments": {
                    "assignments": [{"id": "a", "name": "done", "value": True, "type": "boolean"}]
                },
                "options": {},
            },
        },
    ],
    "connections": {
        "Start": {"main": [[{"node": "Fetch orders", "type": "main", "index": 0}]]},
        "Fetch orders": {"main": [[{"node": "Add totals", "type": "main", "index": 0}]]},
        "Add totals": {"main": [[{"node": "Tidy", "type": "main", "index": 0}]]},
    },
}
# The second node has no type: the API answers 422 naming nodes[1].type.
BAD_EXPORT = {
    "name": "Broken",
    "nodes": [N8N_EXPORT["nodes"][0], {"name": "Typeless", "position": [200, 0], "parameters": {}}],
    "connections": {},
}


async def _account(anonymous: httpx.AsyncClient) -> tuple[str, httpx.Headers, str]:
    email = f"new-wf-{uuid.uuid4().hex[:10]}@example.com"
    headers = httpx.Headers(await sign_up(anonymous, email))
    created = await anonymous.post(
        "/api/credentials",
        headers=headers,
        json={
            "name": "Alerts mail",
            "type": "smtp",
            "data": {"host": "127.0.0.1", "port": 2525, "security": "none"},
        },
    )
    assert created.status_code == 201, created.text
    return email, headers, created.json()["id"]


async def test_templates_and_n8n_import(
    editor_url: str,
    anonymous: httpx.AsyncClient,
    nodejs: str,
    chromium: str,
    artifacts: Path,
    tmp_path: Path,
) -> None:
    email, headers, smtp_id = await _account(anonymous)
    good, bad = tmp_path / "orders.json", tmp_path / "broken.json"
    good.write_text(json.dumps(N8N_EXPORT))
    bad.write_text(json.dumps(BAD_EXPORT))

    report = await run_node_script(
        nodejs,
        chromium,
        "new-workflow.e2e.mjs",
        f"--base-url={editor_url}",
        f"--email={email}",
        f"--password={PASSWORD}",
        f"--search={SEARCH}",
        f"--template={TEMPLATE}",
        f"--missing-template={MISSING}",
        f"--free-search={FREE_SEARCH}",
        f"--free-template={FREE}",
        f"--n8n-file={good}",
        f"--bad-n8n-file={bad}",
        f"--artifacts={artifacts}",
    )
    assert report["errors"] == [], report["errors"]
    api = anonymous

    async def get(url: str, **params: Any) -> Any:
        response = await api.get(url, headers=headers, params=params)
        assert response.status_code == 200, response.text
        return response.json()

    seen = report["scenarios"]["templates"]
    # Keyboard: the dialog opens on the search box and gives focus back when Escape closes it.
    assert seen["focusedOnOpen"] == "template-search"
    assert seen["focusedAfterClose"] == "New workflow"
    assert seen["blankHref"] == "/workflows/new"
    assert seen["focusTrapped"] is True
    # The list is the API's, and the search narrowed it to what `q` finds.
    every = [t["id"] for t in await get("/api/templates")]
    found = [t["id"] for t in await get("/api/templates", q=SEARCH)]
    assert seen["all"]["ids"] == every and seen["searched"]["ids"] == found
    assert TEMPLATE in found and len(found) < len(every), (found, every)
    assert seen["searched"]["caption"].endswith(f"matching “{SEARCH}”")
    template = await get(f"/api/templates/{TEMPLATE}")
    assert seen["card"]["name"] == template["name"]
    assert seen["card"]["tags"] == template["tags"]
    [needed] = template["credentials"]
    assert needed["purpose"] in seen["card"]["credentials"]
    assert "you have one" in seen["card"]["credentials"]
    # A missing credential is named and blocks creating.
    assert seen["missing"]["createDisabled"] is True
    assert seen["missing"]["focused"] == "Back"  # nothing to choose here: focus on the way out
    assert "No Anthropic" in seen["missing"]["text"], seen["missing"]
    assert seen["missing"]["setUp"].startswith("Set up this credential on the Credentials page")
    # Created from the template with the workspace's SMTP credential; opened with its nodes.
    assert seen["chosenCredential"] == smtp_id
    assert seen["nodeIds"] == sorted(n["id"] for n in template["graph"]["nodes"])
    saved = await get(f"/api/workflows/{seen['workflowId']}")
    assert saved["name"] == template["name"]
    configs = [n["data"]["config"] for n in saved["graph"]["nodes"]]
    assert [c["credential_id"] for c in configs if "credential_id" in c] == [smtp_id]

    free = await get(f"/api/templates/{FREE}")
    assert free["credentials"] == []
    assert seen["free"]["nodeIds"] == sorted(n["id"] for n in free["graph"]["nodes"])
    assert (await get(f"/api/workflows/{seen['free']['workflowId']}"))["name"] == free["name"]

    n8n = report["scenarios"]["n8n"]
    assert n8n["focusedOnOpen"] == "n8n-export"
    assert n8n["importDisabledBeforePreview"] is True
    # The 422 names the field, marks the input; text that is not JSON never leaves the page.
    assert n8n["problems"][0].startswith("nodes[1].type"), n8n["problems"]
    assert n8n["textareaInvalid"] == "true"
    assert "Not valid JSON" in n8n["notJson"]
    # The preview: a row per report line; the Code node is unsupported, the trigger converted.
    assert n8n["headers"] == ["Node", "n8n type", "Status", "Message"]
    status = {row["node"]: row["status"] for row in n8n["rows"]}
    assert status["Add totals"] == "unsupported" and status["Start"] == "converted", n8n["rows"]
    [code] = [row for row in n8n["rows"] if row["node"] == "Add totals"]
    assert code["type"] == "n8n-nodes-base.code" and code["message"]
    assert n8n["rows"][0]["status"] == "unsupported"  # worst first
    assert "1 unsupported" in n8n["summary"] and "not supported" in n8n["summary"]
    assert any(c.startswith("Shop API key") for c in n8n["credentials"]), n8n["credentials"]
    # Imported and opened: the graph the API saved, the Code node a disabled placeholder.
    imported = await get(f"/api/workflows/{n8n['workflowId']}")
    assert imported["name"].startswith("Orders from n8n")
    assert n8n["nodeIds"] == sorted(n["id"] for n in imported["graph"]["nodes"])
    origins = {
        n["data"]["n8n"]["name"]: n for n in imported["graph"]["nodes"] if "n8n" in n["data"]
    }
    assert {"Start", "Fetch orders", "Add totals", "Tidy"} <= set(origins)
    placeholder = origins["Add totals"]
    assert (placeholder["type"], placeholder["data"]["disabled"]) == ("util.noop", True)
    names = {c["name"] for c in (await get("/api/credentials"))["data"]}
    assert {"Alerts mail", "Shop API key"} <= names

    shots = {Path(p).name for p in report["screenshots"]}
    assert {"2-searched.png", "4-from-template.png", "6-n8n-preview.png"} <= shots
