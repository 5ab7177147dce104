"""API_EAGER_WORKFLOWS: a workflow-only worker inside the API, so runs start eagerly.

A start with `request_eager_start` made through the client a worker runs on hands the run's
first workflow task back in the start's answer: the API runs it at once, no trip through the
task queue. The worker registers the graph workflows only (activities stay in the workers) with the
workers' build id and deployment config (`core.build`), so a run it starts is pinned to the
same build, and it polls the queue like any worker.

Of the local activities it has only the run binding's: a workflow task that runs a node set
to `execution: local` fails here and is retried, until a full worker takes it.
"""

import asyncio
import logging
from datetime import timedelta

from fastapi import FastAPI
from temporalio.worker import Worker

from activities.run_binding import RunBinding
from core.build import deployment_config, poller_behavior, workflow_runner
from core.config import Settings
from core.run_signing import run_signing_key
from core.temporal import connect
from interpreter import GRAPH_WORKFLOWS, use_signing_key

log = logging.getLogger("sluice.api")
RETRY_SECONDS = 1.0


async def host_workflow_worker(app: FastAPI, settings: Settings) -> None:
    """Connect (a worker needs a connected client), run the worker, and give its client to
    the routes; until then they start runs the usual way on the lazy client."""
    while True:
        try:
            client = await connect(settings)
            break
        except RuntimeError as exc:  # Temporal not up yet: the API serves meanwhile
            log.warning("eager workflow worker: Temporal unreachable (%s), retrying", exc)
            await asyncio.sleep(RETRY_SECONDS)
    binding = RunBinding(run_signing_key(settings))
    use_signing_key(settings.temporal_task_queue, run_signing_key(settings))
    worker = Worker(
        client,
        task_queue=settings.temporal_task_queue,
        workflows=GRAPH_WORKFLOWS,
        # Local activities run where the workflow task runs: every run first verifies its
        # binding. A node set to `execution: local` is not here (see module docstring).
        activities=[binding.verify_run_binding, binding.sign_child_binding],
        no_remote_activities=True,  # the nodes' activities are the workers' to take
        disable_eager_activity_execution=True,
        identity=f"{client.identity} api-workflows",  # its tasks stand out in histories
        workflow_runner=workflow_runner(),
        max_concurrent_workflow_tasks=settings.worker_max_concurrent_workflow_tasks,
        workflow_task_poller_behavior=poller_behavior(settings),
        graceful_shutdown_timeout=timedelta(seconds=10),
        deployment_config=deployment_config(settings),
    )
    app.state.temporal = client
    app.state.workflow_worker = worker
    await worker.run()
