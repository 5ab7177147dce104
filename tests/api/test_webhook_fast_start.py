"""WEBHOOK_UPDATE_WITH_START and API_EAGER_WORKFLOWS: the faster webhook paths answer as the
usual one does, and every delivery they accept is a run in Temporal."""

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus

from api.main import create_app
from tests.utils.api import create_workflow, wait_for_run
from tests.utils.asgi import serve
from tests.utils.graphs import chain, node
from tests.utils.triggers import eventually, hook_path, runs_of, webhook_graph
from worker.dev_server import free_port, wait_for_port

UPDATE_COMPLETED = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED
ROOT = Path(__file__).resolve().parents[2]


async def _history(client, workflow_id: str, run_id: str):
    return await client.get_workflow_handle(f"{workflow_id}-{run_id}").fetch_history()


def _slow_answer(seconds: float = 1) -> dict:
    """hook → wait → reply → echo: the answer comes after a timer."""
    graph = webhook_graph({"status": 201, "body": {"echo": "{{ inputs.body.text }}"}},
                          respond="on_node")  # fmt: skip
    graph["nodes"].append(node("wait", "util.delay", {"seconds": seconds}))
    graph["edges"] = chain("hook", "wait", "reply", "echo")
    return graph


async def test_update_with_start_answers_with_the_runs_output(api, settings, client):
    """An all-inline run closes in its first workflow task; the update rode along with the
    start, so it is in the history (a separate update would find the run closed)."""
    workflow = await create_workflow(
        api, webhook_graph({"body": "{{ inputs.body }}"}, respond="on_node")
    )
    path = await hook_path(api, workflow["id"])
    slow_path = await hook_path(api, (await create_workflow(api, _slow_answer()))["id"])
    fast = settings.model_copy(update={"webhook_update_with_start": True})
    async with serve(create_app(fast)) as http:
        response = await http.post(path, json={"n": 1})
        slow = await http.post(slow_path, json={"text": "later"})
    assert response.status_code == 200 and response.json() == {"n": 1}, response.text
    run_id = response.headers["x-sluice-run-id"]
    assert (await wait_for_run(api, run_id))["status"] == "completed"
    history = await _history(client, workflow["id"], run_id)
    assert sum(e.event_type == UPDATE_COMPLETED for e in history.events) == 1
    assert slow.status_code == 201 and slow.json() == {"echo": "later"}, slow.text
    assert (await wait_for_run(api, slow.headers["x-sluice-run-id"]))["status"] == "completed"


async def test_start_then_update_when_the_setting_is_off(api, settings):
    """The update then comes after the start (the run has often closed by then: the answer
    comes from its result)."""
    workflow = await create_workflow(
        api, webhook_graph({"body": "{{ inputs.body }}"}, respond="on_node")
    )
    path = await hook_path(api, workflow["id"])
    apart = settings.model_copy(update={"webhook_update_with_start": False})
    async with serve(create_app(apart)) as http:
        response = await http.post(path, json={"n": 2})
    assert response.status_code == 200 and response.json() == {"n": 2}, response.text
    run_id = response.headers["x-sluice-run-id"]
    assert (await wait_for_run(api, run_id))["status"] == "completed"


async def test_update_with_start_keeps_idempotent_deliveries_once(api, settings):
    """A delivery with an Idempotency-Key takes the start-then-update path: the second one is
    a duplicate of the first run."""
    workflow = await create_workflow(
        api, webhook_graph({"body": "{{ inputs.body }}"}, respond="on_node")
    )
    path = await hook_path(api, workflow["id"])
    fast = settings.model_copy(update={"webhook_update_with_start": True})
    async with serve(create_app(fast)) as http:
        headers = {"Idempotency-Key": uuid.uuid4().hex}
        first = await http.post(path, json={"n": 1}, headers=headers)
        second = await http.post(path, json={"n": 1}, headers=headers)
    assert first.status_code == 200 and second.status_code == 200, second.text
    assert first.headers["x-sluice-run-id"] == second.headers["x-sluice-run-id"]
    assert len(await runs_of(api, workflow["id"])) == 1


async def test_a_bad_delivery_is_refused_before_any_start(api, settings):
    workflow = await create_workflow(
        api, webhook_graph({"body": "{{ inputs.body }}"}, respond="on_node")
    )
    path = await hook_path(api, workflow["id"])
    fast = settings.model_copy(update={"webhook_update_with_start": True})
    async with serve(create_app(fast)) as http:
        response = await http.post(
            path, content=b"{not json", headers={"content-type": "application/json"}
        )
    assert response.status_code == 400 and "not valid JSON" in response.text
    assert await runs_of(api, workflow["id"]) == []


async def test_an_eager_started_run_completes_and_is_listed(api, settings, client):
    """On a task queue no other worker polls, only the API's workflow worker can run it;
    Temporal records that the start was eager."""
    eager = settings.model_copy(
        update={
            "api_eager_workflows": True,
            "webhook_update_with_start": False,
            "temporal_task_queue": f"{settings.temporal_task_queue}-eager",
            "run_recorder_interval_seconds": 0.2,
        }
    )
    workflow = await create_workflow(
        api, webhook_graph({"body": "{{ inputs.body }}"}, respond="on_node")
    )
    path = await hook_path(api, workflow["id"])
    async with serve(create_app(eager)) as http:
        app_started = await eventually(lambda: _worker_up(http), what="the eager worker")
        assert app_started
        response = await http.post(path, json={"eager": True})
        assert response.status_code == 200 and response.json() == {"eager": True}, response.text
        run_id = response.headers["x-sluice-run-id"]
        assert (await wait_for_run(api, run_id))["status"] == "completed"
    assert [r["id"] for r in await runs_of(api, workflow["id"])] == [run_id]
    history = await _history(client, workflow["id"], run_id)
    started = history.events[0].workflow_execution_started_event_attributes
    assert started.eager_execution_accepted


async def test_an_eager_answer_comes_from_the_result_without_an_update(api, settings, client):
    """Respond-when-done on an all-inline graph, API_EAGER_WORKFLOWS and update-with-start
    on: the run starts eagerly on the API's worker (no other worker polls this queue) and
    the answer, a node that is not the last, comes from the run's result: no update, no
    query. A failed run answers 500."""
    eager = settings.model_copy(
        update={
            "api_eager_workflows": True,
            "webhook_update_with_start": True,
            "temporal_task_queue": f"{settings.temporal_task_queue}-eager-answer",
        }
    )
    workflow = await create_workflow(
        api,
        webhook_graph(
            {"status": 201, "body": {"got": "{{ inputs.body.n }}"}}, respond="on_node"
        ),  # fmt: skip
    )
    # a status that is not a number fails the respond node, and with it the run
    failing = webhook_graph({"status": "{{ inputs.body.n }}", "body": "never"}, respond="on_node")
    path = await hook_path(api, workflow["id"])
    failing_path = await hook_path(api, (await create_workflow(api, failing))["id"])
    async with serve(create_app(eager)) as http:
        await eventually(lambda: _worker_up(http), what="the eager worker")
        response = await http.post(path, json={"n": 4})
        failed = await http.post(failing_path, json={"n": "x"})
    assert response.status_code == 201 and response.json() == {"got": 4}, response.text
    history = await _history(client, workflow["id"], response.headers["x-sluice-run-id"])
    started = history.events[0].workflow_execution_started_event_attributes
    assert started.eager_execution_accepted
    kinds = {e.event_type for e in history.events}
    assert EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED not in kinds
    assert EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED in kinds
    assert failed.status_code == 500 and "failed before" in failed.json()["detail"], failed.text


async def test_eager_runs_leave_the_activities_to_the_workers(api, settings, client):
    """The API's worker runs workflow tasks (the first one eagerly); a node's activity is
    taken by a worker, never by the API."""
    # update-with-start cannot start eagerly: these deliveries start, then ask
    eager = settings.model_copy(
        update={"api_eager_workflows": True, "webhook_update_with_start": False}
    )
    graph = webhook_graph({"body": "{{ nodes.work.output }}"}, respond="on_node")
    graph["nodes"].append(node("work", "util.noop", {"value": 7}))
    graph["edges"] = chain("hook", "work", "reply", "echo")
    workflow = await create_workflow(api, graph)
    path = await hook_path(api, workflow["id"])
    async with serve(create_app(eager)) as http:
        await eventually(lambda: _worker_up(http), what="the eager worker")
        responses = [await http.post(path, json={"n": n}) for n in range(3)]
    for response in responses:
        assert response.status_code == 200, response.text
        history = await _history(client, workflow["id"], response.headers["x-sluice-run-id"])
        started = history.events[0].workflow_execution_started_event_attributes
        assert started.eager_execution_accepted
        identities = [
            e.activity_task_started_event_attributes.identity
            for e in history.events
            if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
        ]
        assert identities and not any("api-workflows" in i for i in identities)


async def _worker_up(http: httpx.AsyncClient) -> bool:
    app = http._transport.app  # type: ignore[attr-defined]
    return getattr(app.state, "workflow_worker", None) is not None


def _api_env(settings, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "ENVIRONMENT": "test",
        "DATABASE_URL": settings.database_url,
        "TEMPORAL_ADDRESS": settings.temporal_address,
        "TEMPORAL_TASK_QUEUE": settings.temporal_task_queue,
        "API_PORT": str(port),
        "API_METRICS_PORT": "0",
        "LOG_LEVEL": "WARNING",
        "BCRYPT_ROUNDS": "4",
        "WEBHOOK_UPDATE_WITH_START": "true",
        "API_EAGER_WORKFLOWS": "true",
    }


async def test_a_run_outlives_the_api_killed_after_accepting_it(api, settings, client):
    """The API (update-with-start, eager) dies while the delivery waits for its answer; the
    run is in Temporal and the workers finish it."""
    workflow = await create_workflow(api, _slow_answer(seconds=5))
    path = await hook_path(api, workflow["id"])
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "api"], cwd=ROOT, env=_api_env(settings, port)
    )
    try:
        wait_for_port(port, process, what="the API", timeout=60)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            delivery = asyncio.create_task(http.post(path, json={"text": "orphan"}))
            query = f"SluiceWorkflowId = '{workflow['id']}'"
            listed = await eventually(
                lambda: _listed(client, query), timeout=20, what="the run in Temporal"
            )
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            try:
                await delivery
            except httpx.HTTPError:
                pass  # the connection died with the API: the sender would retry
            else:
                raise AssertionError("the API answered although it was killed first")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    [execution] = listed
    handle = client.get_workflow_handle(execution.id)
    await asyncio.wait_for(handle.result(), 60)
    assert (await handle.describe()).status == WorkflowExecutionStatus.COMPLETED


async def _listed(client, query: str) -> list:
    return [e async for e in client.list_workflows(query)]
