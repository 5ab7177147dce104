"""Forged graph workflow starts naming another user's workspace are refused before any node runs.

The attacker is a real Temporal client without Sluice's codec or key; the victim is a user
created through the API, with an HTTP header credential whose peer records every request.
"""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from temporalio import workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowFailureError, WorkflowHandle
from temporalio.exceptions import ApplicationError
from temporalio.worker import Worker

from activities import NODE_TYPES
from api.runs.signing import signed_input
from core.run_signing import run_signing_key, sign_claim
from interpreter import (
    BINDING_REJECTED,
    LEGACY_WORKFLOW_TYPE,
    WORKFLOW_TYPE,
    RunInput,
    build_plan,
    child_claim,
    run_claim,
)
from tests.utils.accounts import sign_up
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import chain, node
from tests.utils.http_server import Reply

SECRET = "victim-secret-token"


@dataclass
class Victim:
    workspace_id: str
    credential_id: str
    http: httpx.AsyncClient


@pytest.fixture
async def victim(api_url: str, worker: None) -> AsyncIterator[Victim]:
    """User B, signed up through the API, with a credential in their workspace."""
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as http:
        http.headers.update(await sign_up(http))
        response = await http.post(
            "/api/credentials",
            json={"name": "b", "type": "http_header", "data": {"name": "X-Key", "value": SECRET}},
        )
        assert response.status_code == 201, response.text
        body = response.json()
        yield Victim(str(body["workspace_id"]), str(body["id"]), http)


def steal_graph(credential_id: str, url: str) -> dict:
    config = {"url": url, "credential_id": credential_id}
    return {
        "nodes": [node("start", "trigger.manual"), node("steal", "http.request", config)],
        "edges": chain("start", "steal"),
    }


def plan_for(graph: dict, workspace_id: str) -> dict:
    plan = build_plan(
        graph,
        NODE_TYPES,
        workflow_id=str(uuid.uuid4()),
        workflow_name="forged",
        version=1,
        max_parallel=4,
        workspace_id=workspace_id,
    )
    return RunInput(plan=plan).to_dict()


async def forge(
    settings, raw: dict[str, Any], workflow_type: str = WORKFLOW_TYPE
) -> WorkflowHandle[Any, Any]:
    """Start a graph workflow as an outsider: a plain client, no codec, no key."""
    outsider = await Client.connect(settings.temporal_address)
    return await outsider.start_workflow(
        workflow_type,
        raw,
        id=f"forged-{uuid.uuid4().hex}",
        task_queue=settings.temporal_task_queue,
    )


async def refusal(client: Client, forged: WorkflowHandle[Any, Any]) -> ApplicationError:
    """The run failed (not a workflow-task retry loop) with the binding error, no node ran.

    Read through Sluice's client: the failure message is encrypted."""
    handle = client.get_workflow_handle(forged.id)
    with pytest.raises(WorkflowFailureError) as info:
        await handle.result()
    cause = info.value.cause
    assert isinstance(cause, ApplicationError), repr(cause)
    assert cause.type == BINDING_REJECTED and cause.non_retryable, cause
    events = [e.event_type for e in (await handle.fetch_history()).events]
    assert EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED not in events
    assert EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED not in events, "failed the run at once"
    assert events[-1] == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED
    return cause


def wrong_key(raw: dict[str, Any], settings) -> dict[str, Any]:
    signature = sign_claim(b"k" * 32, run_claim(raw["plan"]))
    return {**raw, "binding": {"kind": "run", "signature": signature}}


def other_plan(raw: dict[str, Any], settings) -> dict[str, Any]:
    """A valid signature, copied from another plan (the same graph in the attacker's own
    workspace, or a harmless one of the victim's)."""
    honest = {**raw["plan"], "workspace_id": str(uuid.uuid4())}
    signature = sign_claim(run_signing_key(settings), run_claim(honest))
    return {**raw, "binding": {"kind": "run", "signature": signature}}


FORGERIES = {
    "unsigned": lambda raw, settings: raw,
    "signed_with_the_wrong_key": wrong_key,
    "signature_of_a_different_plan": other_plan,
    "garbage_binding": lambda raw, settings: {**raw, "binding": {"signature": 42}},
}


@pytest.mark.parametrize("workflow_type", [WORKFLOW_TYPE, LEGACY_WORKFLOW_TYPE])
@pytest.mark.parametrize("forgery", sorted(FORGERIES))
async def test_forged_run_in_another_workspace_fails_before_any_node(
    client, settings, api, victim, http_server, forgery, workflow_type
):
    """Either graph workflow type: the legacy one decides by patch, and a fresh run is
    never a replay, so the forger gets the check there too."""
    url = http_server.script("/steal", Reply(json={"ok": True}))
    raw = plan_for(steal_graph(victim.credential_id, url), victim.workspace_id)

    forged = await forge(settings, FORGERIES[forgery](raw, settings), workflow_type)
    cause = await refusal(client, forged)

    assert "run refused" in cause.message and "RUN_SIGNING_KEY" in cause.message
    assert http_server.requests("/steal") == [], "the victim's credential was never used"


async def test_the_same_plan_signed_with_the_key_reaches_the_peer(
    client, settings, victim, http_server
):
    """The forgeries above differ from this only in their binding."""
    url = http_server.script("/steal", Reply(json={"ok": True}))
    raw = plan_for(steal_graph(victim.credential_id, url), victim.workspace_id)
    run = RunInput.from_dict(raw)

    started = await forge(settings, signed_input(settings, run))
    result = await client.get_workflow_handle(started.id).result()

    assert result["nodes"]["steal"]["status"] == "succeeded"
    [call] = http_server.requests("/steal")
    assert call.headers["x-key"] == SECRET
    events = [e.event_type for e in (await started.fetch_history()).events]
    assert EventType.EVENT_TYPE_MARKER_RECORDED not in events, "checked in workflow code"


async def test_a_normal_api_run_still_works(victim, http_server):
    url = http_server.script("/own", Reply(json={"mine": True}))
    workflow = await create_workflow(victim.http, steal_graph(victim.credential_id, url))
    run = await wait_for_run(victim.http, (await start_run(victim.http, workflow["id"]))["id"])

    assert run["status"] == "completed", run
    assert run["nodes"]["steal"]["output"]["body"] == {"mine": True}


async def test_a_child_run_started_directly_fails(client, settings, victim, http_server):
    """A child binding is bound to the parent run that asked for it; a run without a
    parent (started by a client) cannot use one, even a correctly signed one."""
    url = http_server.script("/steal", Reply(json={"ok": True}))
    raw = plan_for(steal_graph(victim.credential_id, url), victim.workspace_id)
    claim = child_claim(raw["plan"], "some-parent", "some-run")
    signature = sign_claim(run_signing_key(settings), claim)

    cause = await refusal(
        client, await forge(settings, {**raw, "binding": {"kind": "child", "signature": signature}})
    )

    assert "no parent workflow started it" in cause.message
    assert http_server.requests("/steal") == []


@workflow.defn(name="Impostor", sandboxed=False)
class Impostor:
    """Another workflow type that starts a graph workflow as its own child."""

    @workflow.run
    async def run(self, raw: dict[str, Any], queue: str) -> dict[str, Any]:
        return await workflow.execute_child_workflow(
            WORKFLOW_TYPE, raw, id=f"{workflow.info().workflow_id}-child", task_queue=queue
        )


async def test_a_child_binding_copied_into_another_parent_fails(
    client, settings, victim, http_server
):
    """A correctly signed child binding, as copied from a real child's input, only works for
    the parent run it was signed for: here another workflow starts the child."""
    url = http_server.script("/steal", Reply(json={"ok": True}))
    raw = plan_for(steal_graph(victim.credential_id, url), victim.workspace_id)
    claim = child_claim(raw["plan"], "sluice-parent", "its-run-id")
    binding = {"kind": "child", "signature": sign_claim(run_signing_key(settings), claim)}
    queue = f"{settings.temporal_task_queue}-impostor"
    async with Worker(client, task_queue=queue, workflows=[Impostor]):
        parent = await client.start_workflow(
            Impostor.run,
            args=[{**raw, "binding": binding}, settings.temporal_task_queue],
            id=f"impostor-{uuid.uuid4().hex}",
            task_queue=queue,
        )
        with pytest.raises(WorkflowFailureError):
            await parent.result()

    child = client.get_workflow_handle(f"{parent.id}-child")
    cause = await refusal(client, child)
    assert "does not verify" in cause.message
    assert http_server.requests("/steal") == []
