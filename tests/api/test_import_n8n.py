"""`POST /api/workflows/import/n8n` on the real stack: saved workflows, reports, credentials."""

import asyncio
import copy
import json
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session, col, select

from api.workflows.n8n_credentials import provide_credentials
from core.db import make_engine
from core.keys import credential_keyring
from core.models import AuditEvent
from importers.n8n import CredentialPlaceholder
from tests.utils.accounts import sign_up
from tests.utils.api import start_run, wait_for_run
from tests.utils.http_server import Reply
from tests.utils.runs import NO_RETRY
from tests.utils.triggers import hook_path

pytestmark = pytest.mark.timeout(240)

IMPORT = "/api/workflows/import/n8n"
CORPUS = sorted((Path(__file__).parents[1] / "importers/n8n/corpus").glob("*.json"))
# n8n node types that need no outside service: a run of a corpus file made only of these
# must complete. Files are picked by what they contain, so new corpus files join by themselves.
RUNNABLE = {
    f"n8n-nodes-base.{t}"
    for t in (
        *("manualTrigger", "start", "webhook", "executeWorkflowTrigger", "set", "if", "switch"),
        *("merge", "noOp", "wait", "stickyNote", "filter", "respondToWebhook", "executeWorkflow"),
        *("splitInBatches", "crypto", "dateTime", "aggregate", "removeDuplicates", "sort"),
        *("limit", "splitOut", "summarize", "xml", "html"),
    )
}
# Triggers whose runs carry data (a request, a caller's item): run only with a sample of it,
# n8n's `pinData` for the trigger.
NEEDS_SAMPLE = {"n8n-nodes-base.webhook", "n8n-nodes-base.executeWorkflowTrigger"}
SHORT_WAIT_SECONDS = 5
RECEIPT = "<html><body><h1>Order 7</h1><p>Thanks, Ada.</p></body></html>"
# What runs of pinned corpus files give (the results n8n gives for the same pinned item).
PINNED_RESULTS: dict[str, dict[str, Any]] = {
    "datetime_crypto": {
        "signup_day": {"formattedDate": "2026-02-01"},
        "follow_up_date": {"followUp": "2026-02-04T09:30:00+00:00"},
        "legacy_format": {"signed": "2026/02/01 09:30"},
        "gravatar_id": {"data": "7475ff112453202242cd96bd649bf5a4"},
    },
    "subworkflow_callee": {"high": {"score": 80}, "low": "skipped"},
    "xml_to_json": {
        "pick_fields": {"order_id": "7", "customer": "Ada"},
        "respond": {"status": 200, "headers": {}, "body": RECEIPT},
    },
}


def n8n_node(name: str, kind: str, x: float = 0, **fields: Any) -> dict[str, Any]:
    return {
        "name": name,
        "type": f"n8n-nodes-base.{kind}",
        "typeVersion": fields.pop("typeVersion", 1),
        "position": [x, 40],
        "parameters": fields.pop("parameters", {}),
        **fields,
    }


def main(*pairs: tuple[str, str]) -> dict[str, Any]:
    connections: dict[str, Any] = {}
    for source, target in pairs:
        outputs = connections.setdefault(source, {"main": [[]]})["main"]
        outputs[0].append({"node": target, "type": "main", "index": 0})
    return connections


def with_api_key(name: str = "Orders API") -> dict[str, Any]:
    """Manual → HTTP Request (header auth credential `name`) → Code (unsupported) → Set."""
    return {
        "name": "Orders sync",
        "nodes": [
            n8n_node("Start", "manualTrigger"),
            n8n_node(
                "Fetch",
                "httpRequest",
                200,
                typeVersion=4.2,
                parameters={
                    "url": "http://127.0.0.1:9/orders",
                    "authentication": "genericCredentialType",
                    "genericAuthType": "httpHeaderAuth",
                },
                credentials={"httpHeaderAuth": {"id": "3", "name": name}},
            ),
            n8n_node("Shape", "code", 400, typeVersion=2, parameters={"jsCode": "return items;"}),
            n8n_node(
                "Keep",
                "set",
                600,
                typeVersion=3.4,
                parameters={
                    "assignments": {"assignments": [{"name": "n", "value": "={{ $json.count }}"}]}
                },
            ),
        ],
        "connections": main(("Start", "Fetch"), ("Fetch", "Shape"), ("Shape", "Keep")),
    }


async def imported(api: httpx.AsyncClient, export: Any, **params: Any) -> dict[str, Any]:
    response = await api.post(IMPORT, json=export, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def workflow_names(api: httpx.AsyncClient) -> list[str]:
    listed = (await api.get("/api/workflows", params={"limit": 500})).json()
    return sorted(w["name"] for w in listed["data"])


async def credentials_of(api: httpx.AsyncClient) -> list[dict[str, Any]]:
    return (await api.get("/api/credentials")).json()["data"]


async def test_import_saves_the_workflow_its_report_and_an_empty_credential(api, settings):
    answer = await imported(api, with_api_key())
    workflow = answer["workflow"]
    assert workflow["name"] == "Orders sync" and workflow["version"] == 1
    saved = (await api.get(f"/api/workflows/{workflow['id']}")).json()
    assert saved["graph"] == answer["graph"] == workflow["graph"]
    nodes = {n["data"]["label"]: n for n in saved["graph"]["nodes"]}
    assert {k: (n["position"]["x"], n["position"]["y"]) for k, n in nodes.items()} == {
        "Start": (0, 40),
        "Fetch": (200, 40),
        "Shape": (400, 40),
        "Keep": (600, 40),
    }
    # The unsupported Code node stays, wired, as a disabled pass-through.
    shape = nodes["Shape"]
    assert shape["type"] == "util.noop" and shape["data"]["disabled"] is True
    assert shape["data"]["n8n"]["type"] == "n8n-nodes-base.code"
    assert shape["data"]["unsupported"], "the placeholder says why"
    wired = {(e["source"], e["target"]) for e in saved["graph"]["edges"]}
    assert wired == {("start", "fetch"), ("fetch", "shape"), ("shape", "keep")}

    report = answer["report"]
    statuses = {line["node"]: line["status"] for line in report["lines"]}
    assert statuses == {
        "Start": "converted",
        "Fetch": "converted",
        "Shape": "unsupported",
        "Keep": "converted",
    }
    assert report["summary"] == {
        "converted": 3,
        "approximated": 0,
        "unsupported": 1,
        "dropped": 0,
    }
    assert report["fully_converted"] is False

    [credential] = answer["credentials"]
    assert credential["name"] == "Orders API" and credential["type"] == "http_header"
    assert credential["used_by"] == ["Fetch"]
    assert credential["created"] is True and credential["needs_setup"] is True
    assert nodes["Fetch"]["data"]["config"]["credential_id"] == credential["id"]
    stored = (await api.get(f"/api/credentials/{credential['id']}")).json()
    assert stored["needs_setup"] is True and stored["fields_set"] == []
    assert "<placeholder:" not in json.dumps(saved["graph"])

    with Session(make_engine(settings.database_url)) as session:
        actions = session.exec(
            select(AuditEvent.action).where(
                col(AuditEvent.object_id).in_([workflow["id"], credential["id"]])
            )
        ).all()
    assert sorted(actions) == ["credential.create", "workflow.create"]


async def test_importing_twice_reuses_the_credential_and_names_the_copy(api):
    first = await imported(api, with_api_key())
    second = await imported(api, with_api_key())
    assert second["credentials"][0]["id"] == first["credentials"][0]["id"]
    assert second["credentials"][0]["created"] is False
    assert [c["name"] for c in await credentials_of(api)] == ["Orders API"]
    assert second["workflow"]["name"] == "Orders sync (2)"
    third = await imported(api, with_api_key())
    assert third["workflow"]["name"] == "Orders sync (3)"
    # Another name makes another credential; the type is part of the key too.
    await imported(api, with_api_key("Billing API"))
    assert sorted(c["name"] for c in await credentials_of(api)) == ["Billing API", "Orders API"]


async def test_dry_run_saves_nothing_and_creates_no_credential(api):
    answer = await imported(api, with_api_key(), dry_run="true")
    assert answer["workflow"] is None
    [credential] = answer["credentials"]
    assert credential["id"] is None and credential["created"] is False
    fetch = next(n for n in answer["graph"]["nodes"] if n["id"] == "fetch")
    assert fetch["data"]["config"]["credential_id"] == "<placeholder:http_auth:Orders API>"
    assert answer["report"]["summary"]["unsupported"] == 1
    assert await workflow_names(api) == []
    assert await credentials_of(api) == []
    # A dry run after a real import names the credential it would re-use.
    saved = await imported(api, with_api_key())
    again = await imported(api, with_api_key(), dry_run="true")
    assert again["credentials"][0]["id"] == saved["credentials"][0]["id"]
    assert await workflow_names(api) == ["Orders sync"]


async def test_a_node_using_an_empty_credential_fails_clearly_until_it_is_filled_in(api):
    answer = await imported(api, with_api_key())
    run = await start_run(api, answer["workflow"]["id"])
    done = await wait_for_run(api, run["id"])
    assert done["status"] == "failed", done
    error = done["nodes"]["fetch"]["error"]
    assert "credential 'Orders API' has not been filled in: open Credentials" in error, error

    credential_id = answer["credentials"][0]["id"]
    refused = await api.put(f"/api/credentials/{credential_id}", json={"data": {"name": "X"}})
    assert refused.status_code == 422  # the value is still missing
    filled = await api.put(
        f"/api/credentials/{credential_id}", json={"data": {"name": "X-Key", "value": "s3cret"}}
    )
    assert filled.status_code == 200, filled.text
    assert filled.json()["needs_setup"] is False
    # One attempt is enough to get past the credential: without this, the default HTTP retry
    # policy would try the closed port for 15 s (1 + 2 + 4 + 8 s of backoff).
    workflow_id = answer["workflow"]["id"]
    saved = (await api.get(f"/api/workflows/{workflow_id}")).json()
    graph = saved["graph"]
    [fetch] = [n for n in graph["nodes"] if n["id"] == "fetch"]
    fetch["data"]["retry"] = NO_RETRY
    updated = await api.put(
        f"/api/workflows/{workflow_id}", json={"name": saved["name"], "graph": graph}
    )
    assert updated.status_code == 200, updated.text
    run = await start_run(api, workflow_id)
    done = await wait_for_run(api, run["id"])
    # Now the node gets as far as the network (nothing listens on port 9).
    assert "has not been filled in" not in (done["nodes"]["fetch"].get("error") or ""), done


async def test_a_failed_save_leaves_no_credential_behind(api):
    export = with_api_key()
    # An hour that does not exist: the schedule check refuses the graph after the
    # credential was added in the same transaction.
    export["nodes"][0] = n8n_node(
        "Start",
        "cron",
        parameters={"triggerTimes": {"item": [{"mode": "everyDay", "hour": 99}]}},
    )
    response = await api.post(IMPORT, json=export)
    assert response.status_code == 422, response.text
    [problem] = response.json()["detail"]
    assert problem["loc"][:3] == ["graph", "nodes", 0], problem
    assert await credentials_of(api) == []
    assert await workflow_names(api) == []


BAD = {
    "nodes is not a list": ({"nodes": {"a": 1}, "connections": {}}, ["body", "nodes"]),
    "a node without type": (
        {"nodes": [n8n_node("A", "noOp"), {"name": "B", "position": [0, 0]}]},
        ["body", "nodes", 1, "type"],
    ),
    "a connection to an unknown node": (
        {"nodes": [n8n_node("A", "noOp")], "connections": main(("A", "Ghost"))},
        ["body", "connections", "A", "main", 0, 0, "node"],
    ),
    "a connection from an unknown node": (
        {"nodes": [n8n_node("A", "noOp")], "connections": main(("Ghost", "A"))},
        ["body", "connections", "Ghost"],
    ),
    "a position that is no pair": (
        {"nodes": [n8n_node("A", "noOp") | {"position": [1]}]},
        ["body", "nodes", 0, "position"],
    ),
    "not an object": ([{"nodes": []}], ["body"]),
}


@pytest.mark.parametrize("body,loc", BAD.values(), ids=BAD.keys())
async def test_bad_exports_get_a_422_naming_the_field(api, body, loc):
    response = await api.post(IMPORT, json=body)
    assert response.status_code == 422, response.text
    assert [p["loc"] for p in response.json()["detail"]][:1] == [loc], response.text
    assert await workflow_names(api) == []


async def test_more_nodes_than_a_graph_may_hold_get_a_422(api, settings):
    count = settings.max_nodes_per_graph + 1
    export = {"nodes": [n8n_node(f"N{i}", "noOp") for i in range(count)], "connections": {}}
    response = await api.post(IMPORT, json=export)
    assert response.status_code == 422, response.text
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "nodes"] and str(count) in problem["msg"], problem


async def test_a_body_over_the_request_limit_is_refused(api, settings):
    export = with_api_key()
    export["nodes"][3]["notes"] = "x" * settings.max_request_bytes
    response = await api.post(IMPORT, json=export)
    assert response.status_code == 413, response.text
    assert await workflow_names(api) == []


async def test_viewers_may_not_import(api, anonymous):
    team = (await api.post("/api/workspaces", json={"name": "import team"})).json()["id"]
    email = f"viewer-{team[:8]}@example.com"
    viewer = {**await sign_up(anonymous, email), "X-Workspace-Id": team}
    await api.put(f"/api/workspaces/{team}/members", json={"email": email, "role": "viewer"})
    for params in ({}, {"dry_run": "true"}):
        refused = await anonymous.post(IMPORT, json=with_api_key(), headers=viewer, params=params)
        assert refused.status_code == 403, refused.text
    api.headers["X-Workspace-Id"] = team
    assert await workflow_names(api) == [] and await credentials_of(api) == []


def _with_subworkflows(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [answer] + [a for child in answer["subworkflows"] for a in _with_subworkflows(child)]


def _sample_inputs(export: dict[str, Any]) -> dict[str, Any] | None:
    """The run inputs for a corpus file: its trigger's pinned item, {} for a manual trigger,
    None when its trigger needs data the file does not pin."""
    triggers = [n for n in export["nodes"] if n["type"] in NEEDS_SAMPLE]
    if not triggers:
        return {}
    pinned = (export.get("pinData") or {}).get(triggers[0]["name"]) or []
    if not pinned:
        return None
    items = [p.get("json", p) for p in pinned]
    if triggers[0]["type"] == "n8n-nodes-base.executeWorkflowTrigger":
        # What flow.subworkflow hands the called workflow.
        return {"item": items[0], "items": items}
    return items[0]


def _runnable(export: dict[str, Any], graph: dict[str, Any]) -> bool:
    if not {n["type"] for n in export["nodes"]} <= RUNNABLE or _sample_inputs(export) is None:
        return False
    delays = [n["data"]["config"] for n in graph["nodes"] if n["type"] == "util.delay"]
    return all(float(c.get("seconds", 0)) <= SHORT_WAIT_SECONDS for c in delays)


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
async def test_every_corpus_file_imports_and_runnable_ones_complete(api, path):
    export = json.loads(path.read_text())
    answer = await imported(api, copy.deepcopy(export))
    workflow = answer["workflow"]
    assert workflow["graph"] == answer["graph"]
    reported = {line["node"] for line in answer["report"]["lines"]}
    assert reported == {n["name"] for n in export["nodes"]}, "one report line per node at least"
    in_graph = {
        (n["data"].get("n8n") or {}).get("name")
        for answered in _with_subworkflows(answer)
        for n in answered["graph"]["nodes"]
    }
    sub_nodes = {
        source
        for source, kinds in export.get("connections", {}).items()
        if any(kind != "main" for kind in kinds)
    }
    kept = {line["node"] for line in answer["report"]["lines"] if line["status"] != "dropped"}
    assert kept - sub_nodes <= in_graph, "converted and unsupported nodes stay in the graph"
    for credential in answer["credentials"]:
        assert credential["id"] and credential["used_by"], credential
    if not _runnable(export, workflow["graph"]):
        # Imported and checked above; its run needs an outside service (run against the local
        # peers in test_import_n8n_services.py), a long wait or a pinned sample.
        return
    run = await start_run(api, workflow["id"], inputs=_sample_inputs(export))
    done = await wait_for_run(api, run["id"], timeout=60)
    assert done["status"] == "completed", (done.get("error"), done.get("nodes"))
    for node_id, expected in PINNED_RESULTS.get(path.stem, {}).items():
        state = done["nodes"][node_id]
        got = state["status"] if expected == "skipped" else state["output"]
        assert got == expected, (node_id, state)


def test_corpus_has_runnable_files():
    from importers.n8n import convert

    runnable = [
        p
        for p in CORPUS
        if _runnable(json.loads(p.read_text()), convert(json.loads(p.read_text())).graph)
    ]
    assert len(runnable) >= 2, runnable


def loop_export() -> dict[str, Any]:
    """Manual → Loop Over Items (v3) → body Set, back to the loop; done → No Op."""
    return {
        "name": "Loop sync",
        "nodes": [
            n8n_node("Start", "manualTrigger"),
            n8n_node("Loop", "splitInBatches", 200, typeVersion=3, parameters={"options": {}}),
            n8n_node(
                "Body",
                "set",
                400,
                typeVersion=3.4,
                parameters={"assignments": {"assignments": [{"name": "seen", "value": "yes"}]}},
            ),
            n8n_node("Done", "noOp", 600),
        ],
        "connections": {
            **main(("Start", "Loop"), ("Body", "Loop")),
            "Loop": {
                "main": [
                    [{"node": "Done", "type": "main", "index": 0}],
                    [{"node": "Body", "type": "main", "index": 0}],
                ]
            },
        },
    }


async def test_a_loop_body_is_saved_first_as_its_own_workflow(api):
    dry = await imported(api, loop_export(), dry_run="true")
    [child] = dry["subworkflows"]
    assert child["workflow"] is None and dry["workflow"] is None
    loop = next(n for n in dry["graph"]["nodes"] if n["id"] == "loop")
    assert loop["data"]["config"]["workflow_id"] == "<placeholder:workflow:Loop (loop body)>"
    assert await workflow_names(api) == []

    answer = await imported(api, loop_export())
    [child] = answer["subworkflows"]
    assert child["workflow"]["name"] == "Loop sync / Loop (loop body)"
    assert [n["data"]["label"] for n in child["graph"]["nodes"]] == ["Loop", "Body"]
    loop = next(n for n in answer["graph"]["nodes"] if n["id"] == "loop")
    assert loop["type"] == "flow.for_each"
    assert loop["data"]["config"]["workflow_id"] == child["workflow"]["id"]
    assert await workflow_names(api) == ["Loop sync", "Loop sync / Loop (loop body)"]
    run = await start_run(api, answer["workflow"]["id"])
    done = await wait_for_run(api, run["id"], timeout=60)
    assert done["status"] == "completed", (done.get("error"), done.get("nodes"))


def calling(workflow: str) -> dict[str, Any]:
    """Manual → Execute Workflow (from the database, by its n8n name)."""
    locator = {"__rl": True, "value": "Qm3x", "mode": "list", "cachedResultName": workflow}
    return {
        "name": "Caller",
        "nodes": [
            n8n_node("Start", "manualTrigger"),
            n8n_node(
                "Call",
                "executeWorkflow",
                200,
                typeVersion=1.2,
                parameters={"source": "database", "workflowId": locator},
            ),
        ],
        "connections": main(("Start", "Call")),
    }


async def test_a_called_workflow_is_found_by_name_or_the_call_is_disabled(api):
    missing = await imported(api, calling("Helper"))
    call = next(n for n in missing["graph"]["nodes"] if n["id"] == "call")
    assert call["type"] == "util.noop" and call["data"]["disabled"] is True
    assert call["data"]["disabled_node"]["type"] == "flow.subworkflow"
    assert "'Helper' it runs is not in this workspace" in call["data"]["unsupported"]
    lines = [line for line in missing["report"]["lines"] if line["node"] == "Call"]
    assert "unsupported" in {line["status"] for line in lines}
    assert missing["report"]["fully_converted"] is False
    assert missing["report"]["summary"]["unsupported"] == 1

    helper = await imported(api, {**with_api_key(), "name": "Helper"})
    found = await imported(api, calling("Helper"))
    call = next(n for n in found["graph"]["nodes"] if n["id"] == "call")
    assert call["type"] == "flow.subworkflow"
    assert call["data"]["config"]["workflow_id"] == helper["workflow"]["id"]


def answering(mode: str) -> dict[str, Any]:
    """Webhook (responseMode `mode`) → Set → Respond to Webhook (JSON, 201, a header)."""
    respond = {
        "respondWith": "json",
        "responseBody": "={{ $json }}",
        "options": {
            "responseCode": 201,
            "responseHeaders": {"entries": [{"name": "X-Order", "value": "seen"}]},
        },
    }
    fields = {"assignments": {"assignments": [{"name": "id", "value": "={{ $json.body.id }}"}]}}
    return {
        "name": f"Answering {mode}",
        "nodes": [
            n8n_node("Hook", "webhook", typeVersion=2, parameters={"responseMode": mode}),
            n8n_node("Shape", "set", 200, typeVersion=3.4, parameters=fields),
            n8n_node("Respond", "respondToWebhook", 400, typeVersion=1.1, parameters=respond),
        ],
        "connections": main(("Hook", "Shape"), ("Shape", "Respond")),
    }


async def test_a_response_node_webhook_answers_the_caller_with_the_respond_body(api, anonymous):
    answer = await imported(api, answering("responseNode"))
    hook = next(n for n in answer["graph"]["nodes"] if n["id"] == "hook")
    assert hook["data"]["config"] == {"respond": "on_node"}
    path = await hook_path(api, answer["workflow"]["id"])
    response = await anonymous.post(path, json={"id": "o-7"})
    assert response.status_code == 201, response.text
    assert response.json() == {"id": "o-7"}
    assert response.headers["X-Order"] == "seen"
    done = await wait_for_run(api, response.headers["X-Sluice-Run-Id"], timeout=60)
    assert done["status"] == "completed", done


async def test_a_last_node_webhook_answers_at_once_as_its_report_says(api, anonymous):
    answer = await imported(api, answering("lastNode"))
    hook = next(n for n in answer["graph"]["nodes"] if n["id"] == "hook")
    assert hook["data"]["config"] == {}
    notes = [line["message"] for line in answer["report"]["lines"] if line["node"] == "Hook"]
    assert any("lastNode" in note for note in notes), notes
    path = await hook_path(api, answer["workflow"]["id"])
    response = await anonymous.post(path, json={"id": "o-8"})
    assert response.status_code == 202, response.text


def fetching(url: str) -> dict[str, Any]:
    """Manual → HTTP Request (autodetect) → Set reading `$json.data` and `$json.id`."""
    fields = {
        "assignments": {
            "assignments": [
                {"name": "text", "value": "={{ $json.data }}", "type": "string"},
                {"name": "id", "value": "={{ $json.id }}", "type": "string"},
            ]
        }
    }
    return {
        "name": "Fetch and keep",
        "nodes": [
            n8n_node("Start", "manualTrigger"),
            n8n_node("Fetch", "httpRequest", 200, typeVersion=4.2, parameters={"url": url}),
            n8n_node("Keep", "set", 400, typeVersion=3.4, parameters=fields),
        ],
        "connections": main(("Start", "Fetch"), ("Fetch", "Keep")),
    }


async def test_http_answers_read_downstream_as_n8n_shapes_them(api, http_server):
    text_url = http_server.script("/text", Reply(text="plain words"))
    json_url = http_server.script("/json", Reply(json={"id": "c-1"}))
    for url, expected in ((text_url, {"text": "plain words"}), (json_url, {"id": "c-1"})):
        answer = await imported(api, fetching(url))
        run = await start_run(api, answer["workflow"]["id"], inputs={})
        done = await wait_for_run(api, run["id"], timeout=60)
        assert done["status"] == "completed", (done.get("error"), done.get("nodes"))
        kept = done["nodes"]["keep"]["output"]
        assert {k: v for k, v in kept.items() if v is not None} == expected, kept


async def test_imports_at_once_create_one_credential_of_a_name(api, settings):
    """Two imports' transactions: the second waits for the first's commit and re-uses its
    credential instead of creating a second empty one."""
    seed = await imported(api, with_api_key("Seed API"))
    stored = (await api.get(f"/api/credentials/{seed['credentials'][0]['id']}")).json()
    workspace_id = uuid.UUID(stored["workspace_id"])
    engine = make_engine(settings.database_url)
    keyring = credential_keyring(settings)
    first_added = threading.Event()
    results: dict[str, tuple[uuid.UUID, bool]] = {}

    def importing(tag: str, hold: float) -> None:
        placeholder = CredentialPlaceholder("Race API", "httpHeaderAuth", "http_auth")
        with Session(engine) as session:
            [needed] = provide_credentials(
                session=session,
                keyring=keyring,
                workspace_id=workspace_id,
                placeholders=[placeholder],
                seen={},
            )
            if hold:
                first_added.set()
                time.sleep(hold)  # the rest of a slow import, before its commit
            session.commit()
            results[tag] = (needed.row.id, needed.created)

    first = threading.Thread(target=importing, args=("first", 1.0))
    first.start()
    assert await asyncio.to_thread(first_added.wait, 10)
    second = threading.Thread(target=importing, args=("second", 0))
    second.start()
    await asyncio.to_thread(first.join, 20)
    await asyncio.to_thread(second.join, 20)
    engine.dispose()
    assert results["first"][1] is True and results["second"] == (results["first"][0], False)
    assert sorted(c["name"] for c in await credentials_of(api)) == ["Race API", "Seed API"]
