"""A rolling deploy with Worker Versioning: an incompatible build B never touches runs of A.

Build A's runs wait on a durable timer while build B, whose interpreter schedules an extra
timer first (replaying an A history on it is a nondeterminism error), becomes current. New
runs go to B, the old ones finish on A, no workflow task fails, and A drains.
"""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from temporalio import workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle
from temporalio.common import VersioningBehavior
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from core.config import Settings
from core.temporal import build_id_of, connect
from interpreter import WORKFLOW_TYPE, GraphWorkflow, LegacyGraphWorkflow, RunResult
from tests.interpreter.test_replay import replayer
from tests.utils.graphs import chain, node, start_graph
from tests.utils.isolated_worker import isolated_worker
from worker import (
    build_worker,
    current_build_id,
    derived_build_id,
    describe,
    promote_on_start,
    set_current,
)
from worker.dev_server import dev_server_args, temporal_binary

# Drainage is checked every 3 minutes by default; a second here, so the test sees it.
FAST_DRAINAGE = [
    "--dynamic-config-value",
    'matching.wv.VersionDrainageStatusRefreshInterval="1s"',
    "--dynamic-config-value",
    'matching.wv.VersionDrainageStatusVisibilityGracePeriod="1s"',
]


@workflow.defn(name=WORKFLOW_TYPE, sandboxed=False)
class ExtraTimerFirst(GraphWorkflow):
    """An interpreter change with no `workflow.patched`: a timer before anything else."""

    @workflow.run
    async def run(self, raw: dict[str, Any]) -> dict[str, Any]:
        await workflow.sleep(0.01)
        return await super().run(raw)


@pytest.fixture(scope="module")
async def versioned(settings: Settings) -> AsyncIterator[tuple[Client, Settings]]:
    """A dev server of its own (fast drainage), and settings for deployment `rolling`."""
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=temporal_binary(),
        dev_server_extra_args=[*dev_server_args(), *FAST_DRAINAGE],
        ui=False,
    )
    async with env:
        own = settings.model_copy(
            update={
                "temporal_address": env.client.service_client.config.target_host,
                "temporal_task_queue": f"rolling-{uuid.uuid4().hex[:8]}",
                "worker_deployment_name": "rolling",
            }
        )
        yield await connect(own), own


def graph(step: dict) -> dict:
    return {"nodes": [node("start", "trigger.manual"), step], "edges": chain("start", step["id"])}


DELAYED = graph(node("wait", "util.delay", {"seconds": 4}))
QUICK = graph(node("set", "transform.set", {"fields": {"x": 1}}))


async def pinned_build(handle: WorkflowHandle) -> str | None:
    """The build a run is pinned to, once its first workflow task completed."""
    for _ in range(100):
        description = await handle.describe()
        if build := build_id_of(description):
            info = description.raw_description.workflow_execution_info.versioning_info
            assert info.behavior == VersioningBehavior.PINNED
            return build
        await asyncio.sleep(0.05)
    return None


async def failed_tasks(handle: WorkflowHandle) -> list[str]:
    history = await handle.fetch_history()
    return [
        str(event.workflow_task_failed_event_attributes.cause)
        for event in history.events
        if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED
    ]


async def make_current(client: Client, settings: Settings, build: str) -> None:
    """`python -m worker.deployment set-current` as an operator runs it: B's pollers must have
    reached the server first, so retry until they have."""
    deadline = time.monotonic() + 20
    while True:
        try:
            return await set_current(client, settings, build)
        except RPCError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)


async def test_rolling_deploy_keeps_old_runs_on_their_build(versioned, monkeypatch):
    client, settings = versioned
    a = settings.model_copy(update={"worker_build_id": "a"})
    b = settings.model_copy(update={"worker_build_id": "b", "worker_promote_on_start": "never"})
    # A client refuses two workers on one task queue: one client per build.
    client_b = await connect(b)

    async with build_worker(client, a) as worker_a, worker_a:
        assert await current_build_id(client, a) == "a", "the first build promotes itself"
        old = [await start_graph(client, a, DELAYED) for _ in "123"]
        assert [await pinned_build(h) for h in old] == ["a"] * 3

        changed = [ExtraTimerFirst, LegacyGraphWorkflow]
        monkeypatch.setattr("worker._worker.GRAPH_WORKFLOWS", changed)
        async with build_worker(client_b, b) as worker_b, worker_b:
            assert await current_build_id(client, b) == "a", "never: B waits for the operator"
            await make_current(client, b, "b")
            new = [await start_graph(client, b, QUICK) for _ in "123"]
            results = [RunResult.from_dict(await h.result()) for h in new]
            assert [await pinned_build(h) for h in new] == ["b"] * 3
            assert [r.nodes["set"].status for r in results] == ["succeeded"] * 3
            described = await asyncio.gather(*(h.describe() for h in old))
            assert all(d.close_time is None for d in described), "A's runs still in flight"

            old_results = [RunResult.from_dict(await h.result()) for h in old]
            assert [r.nodes["wait"].status for r in old_results] == ["succeeded"] * 3
            assert [await pinned_build(h) for h in old] == ["a"] * 3, "finished where started"

            for handle in [*old, *new]:
                assert await failed_tasks(handle) == [], "no workflow task failed"
            drained = await _wait_drained(client, a)
            assert drained == "a\tdrained\tdrained", drained

    # Without pinning, A's runs would have replayed on B's interpreter and wedged:
    history = await old[0].fetch_history()
    on_b = await replayer(ExtraTimerFirst).replay_workflow(history, raise_on_replay_failure=False)
    assert "nondetermin" in str(on_b.replay_failure).lower()
    on_a = await replayer().replay_workflow(history)
    assert on_a.replay_failure is None


async def _wait_drained(client: Client, settings: Settings) -> str:
    """Build A's line of `python -m worker.deployment describe`, once A is drained."""
    line = ""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        lines = (await describe(client, settings)).splitlines()
        line = next(x for x in lines if x.startswith("a\t"))
        if line.endswith("\tdrained"):
            break
        await asyncio.sleep(0.1)
    return line


async def test_promote_on_start_settings(versioned):
    client, settings = versioned
    own = settings.model_copy(update={"worker_deployment_name": "promote"})

    async def start(build: str, promote: str) -> str | None:
        update = {"worker_build_id": build, "worker_promote_on_start": promote}
        await promote_on_start(client, own.model_copy(update=update))
        return await current_build_id(client, own)

    assert await start("x", "never") is None, "never: not even the first build"
    assert await start("x", "if-none") == "x", "the first build of a deployment"
    assert await start("y", "if-none") == "x", "if-none leaves a current build alone"
    assert await start("y", "always") == "y"
    assert await start("x", "never") == "y"


async def test_unversioned_worker_runs_graphs_unpinned(client, settings):
    async with isolated_worker(client, settings, worker_versioning=False) as own:
        handle = await start_graph(client, own, QUICK)
        assert RunResult.from_dict(await handle.result()).nodes["set"].status == "succeeded"
    assert build_id_of(await handle.describe()) is None


def test_derived_build_id_follows_the_interpreter_sources():
    assert derived_build_id() == derived_build_id()
    assert len(derived_build_id()) == 12
