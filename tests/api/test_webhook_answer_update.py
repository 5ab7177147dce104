"""WEBHOOK_ANSWER_BY_UPDATE: a delivery waiting for webhook.respond asks the run once
(GraphWorkflow.webhook_answer) instead of polling node_states; answers are the same."""

from temporalio.api.enums.v1 import EventType

from api.main import create_app
from api.triggers.answer_update import wait_for_answer_by_update
from tests.api.test_run_recording_reads import counting_client
from tests.utils.api import create_workflow, wait_for_run
from tests.utils.asgi import serve
from tests.utils.graphs import chain, node, start_graph
from tests.utils.triggers import hook_path, webhook_graph

UPDATE_COMPLETED = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED


async def _updates_in_history(client, workflow_id: str, run_id: str) -> int:
    history = await client.get_workflow_handle(f"{workflow_id}-{run_id}").fetch_history()
    return sum(1 for e in history.events if e.event_type == UPDATE_COMPLETED)


async def test_the_answer_comes_from_one_update(api, anonymous, client):
    """The run goes on after answering (a delay), so the update finds it open."""
    respond = {"status": 201, "body": {"echo": "{{ inputs.body.text }}"}}
    graph = webhook_graph(respond, respond="on_node")
    graph["nodes"].append(node("wait", "util.delay", {"seconds": 1}))
    graph["edges"] = chain("hook", "reply", "wait", "echo")
    workflow = await create_workflow(api, graph)
    response = await anonymous.post(await hook_path(api, workflow["id"]), json={"text": "hi"})
    assert response.status_code == 201 and response.json() == {"echo": "hi"}, response.text
    run_id = response.headers["x-sluice-run-id"]
    assert (await wait_for_run(api, run_id))["status"] == "completed"
    assert await _updates_in_history(client, workflow["id"], run_id) == 1


async def test_a_run_that_closed_before_the_update_answers_from_its_result(api, anonymous):
    """Inline-only graphs finish in their first workflow task, before the update lands."""
    workflow = await create_workflow(
        api, webhook_graph({"body": "{{ inputs.body }}"}, respond="on_node")
    )
    for n in range(3):
        response = await anonymous.post(await hook_path(api, workflow["id"]), json={"n": n})
        assert response.status_code == 200 and response.json() == {"n": n}, response.text


async def test_polling_when_the_setting_is_off(api, settings, client):
    respond = {"body": {"echo": "{{ inputs.body.text }}"}}
    workflow = await create_workflow(api, webhook_graph(respond, respond="on_node"))
    path = await hook_path(api, workflow["id"])
    polling = settings.model_copy(update={"webhook_answer_by_update": False})
    async with serve(create_app(polling)) as http:
        response = await http.post(path, json={"text": "polled"})
    assert response.status_code == 200 and response.json() == {"echo": "polled"}, response.text
    run_id = response.headers["x-sluice-run-id"]
    await wait_for_run(api, run_id)
    assert await _updates_in_history(client, workflow["id"], run_id) == 0


async def test_a_run_that_skips_the_respond_node_answers_202(api, anonymous):
    """The update says "no answer" once the respond node is skipped; the API then answers
    as polling would (202 once the run completed)."""
    graph = webhook_graph({"body": "never"}, respond="on_node")
    graph["nodes"].insert(
        1,
        {
            "id": "gate",
            "type": "logic.condition",
            "position": {"x": 0, "y": 0},
            "data": {"label": "gate", "config": {"expression": "inputs.body.go"}},
        },
    )
    graph["edges"] = [
        _edge("hook", "out", "gate"),
        _edge("gate", "true", "reply"),
        _edge("gate", "false", "echo"),
    ]
    workflow = await create_workflow(api, graph)
    response = await anonymous.post(await hook_path(api, workflow["id"]), json={"go": False})
    assert response.status_code == 202, response.text


def _edge(source: str, port: str, target: str) -> dict:
    return {"id": f"{source}-{port}-{target}", "source": source, "sourceHandle": port,
            "target": target, "targetHandle": "in"}  # fmt: skip


async def test_a_closed_runs_answer_is_read_from_its_result_without_a_query(
    client, settings, worker
):
    """The result carries the webhook.respond outputs (`answers`), also when the respond
    node is not the last: reading them makes no worker replay the run (a query would)."""
    graph = webhook_graph({"status": 202, "body": {"got": "{{ inputs.body.n }}"}})
    handle = await start_graph(client, settings, graph, inputs={"body": {"n": 9}})
    await handle.result()
    counting, counter = counting_client(client)
    answer = await wait_for_answer_by_update(counting, handle.id, ["reply"], 10)
    assert answer == {"status": 202, "headers": {}, "body": {"got": 9}}
    assert counter.queries == 0, "reading the answer made a worker replay the run"
