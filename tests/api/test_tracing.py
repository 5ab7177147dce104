"""One trace from the HTTP request through the workflow to each activity."""

import asyncio
import uuid

from api.main import create_app
from core.temporal import connect
from tests.utils.accounts import sign_up
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.asgi import serve
from tests.utils.graphs import chain, node
from tests.utils.spans import capture_spans
from worker import build_worker


async def test_request_workflow_and_activities_share_a_trace(settings):
    traced = settings.model_copy(
        update={
            "temporal_task_queue": f"traced-{uuid.uuid4().hex[:8]}",
            "run_recorder_interval_seconds": 0,
        }
    )
    exporter = capture_spans(traced)
    client = await connect(traced)
    async with build_worker(client, traced) as worker:
        task = asyncio.ensure_future(worker.run())
        try:
            async with serve(create_app(traced)) as http:
                http.headers.update(await sign_up(http))
                graph = {
                    "nodes": [node("start", "trigger.manual"), node("a", "util.noop")],
                    "edges": chain("start", "a"),
                }
                workflow = await create_workflow(http, graph, name="traced")
                exporter.clear()
                run = await start_run(http, workflow["id"])
                assert (await wait_for_run(http, run["id"]))["status"] == "completed"
        finally:
            await worker.shutdown()
            await task
    spans = exporter.get_finished_spans()
    names = {s.name: s for s in spans}
    request = names["POST /api/workflows/{workflow_id}/runs"]
    for expected in (
        "StartWorkflow:GraphWorkflowV2",
        "RunWorkflow:GraphWorkflowV2",
        "StartActivity:util.noop",
        "RunActivity:util.noop",
    ):
        assert expected in names, sorted(names)
        assert names[expected].context.trace_id == request.context.trace_id, expected
