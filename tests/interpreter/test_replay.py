"""Recorded histories replay on today's graph workflows; a changed command sequence fails here.

`histories/<workflow type>/<shape>.json`: the GraphWorkflowV2 ones are re-recorded with
`python -m tests.interpreter.record_histories` only when a change is meant to break old
runs (and then guarded with `interpreter._patches.patched`); the GraphWorkflow ones are
frozen, runs started before GraphWorkflowV2 that must still replay by their patches.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from temporalio import workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer, UnsandboxedWorkflowRunner, WorkflowRunner
from temporalio.workflow import NondeterminismError

from core.codec import data_converter
from core.config import Settings
from interpreter import (
    GRAPH_WORKFLOWS,
    LEGACY_WORKFLOW_TYPE,
    WORKFLOW_TYPE,
    GraphWorkflow,
    LegacyGraphWorkflow,
)
from tests.interpreter.history_shapes import SHAPES, shape
from tests.utils.http_server import ScriptedServer
from worker import workflow_runner

HISTORIES = Path(__file__).parent / "histories"
LAST_EVENT = {
    "completed": EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    "failed": EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
    "cancelled": EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
}
RECORDED = sorted((path.parent.name, path.stem) for path in HISTORIES.glob("*/*.json"))
"""(workflow type, shape) of every recorded history."""


def replayer(*workflows: type, runner: WorkflowRunner | None = None) -> Replayer:
    """A replayer of `workflows` (default: what workers register) with the workers' data
    converter (it also reads unencrypted payloads)."""
    converter = data_converter(Settings(environment="test", _env_file=None))  # type: ignore[call-arg]
    return Replayer(
        workflows=list(workflows or GRAPH_WORKFLOWS),
        workflow_runner=runner or workflow_runner(),
        data_converter=converter,
    )


def load(workflow_type: str, name: str) -> WorkflowHistory:
    path = HISTORIES / workflow_type / f"{name}.json"
    return WorkflowHistory.from_json(f"replay-{workflow_type}-{name}", path.read_text())


def test_every_shape_has_a_history_of_each_type():
    for workflow_type in (WORKFLOW_TYPE, LEGACY_WORKFLOW_TYPE):
        recorded = sorted(name for kind, name in RECORDED if kind == workflow_type)
        assert recorded == sorted(SHAPES), workflow_type


@pytest.mark.parametrize(("workflow_type", "name"), RECORDED)
async def test_history_replays(workflow_type, name):
    history = load(workflow_type, name)
    with ScriptedServer() as server:
        expected = shape(name, server).outcome
    assert history.events[-1].event_type == LAST_EVENT[expected]
    started = history.events[0].workflow_execution_started_event_attributes
    assert started.workflow_type.name == workflow_type

    result = await replayer().replay_workflow(history)
    assert result.replay_failure is None


async def _waits_first(run: Any, raw: dict[str, Any]) -> dict[str, Any]:
    await workflow.sleep(timedelta(milliseconds=1))
    return await run(raw)


async def _one_at_a_time(run: Any, raw: dict[str, Any]) -> dict[str, Any]:
    return await run({**raw, "plan": {**raw["plan"], "max_parallel": 1}})


@workflow.defn(name=WORKFLOW_TYPE, sandboxed=False)
class WaitsFirst(GraphWorkflow):
    """A changed interpreter: sleeps before the first node."""

    @workflow.run
    async def run(self, raw: dict[str, Any]) -> dict[str, Any]:
        return await _waits_first(super().run, raw)


@workflow.defn(name=LEGACY_WORKFLOW_TYPE, sandboxed=False)
class WaitsFirstLegacy(LegacyGraphWorkflow):
    @workflow.run
    async def run(self, raw: dict[str, Any]) -> dict[str, Any]:
        return await _waits_first(super().run, raw)


@workflow.defn(name=WORKFLOW_TYPE, sandboxed=False)
class OneAtATime(GraphWorkflow):
    """A changed interpreter: never runs two activities at once."""

    @workflow.run
    async def run(self, raw: dict[str, Any]) -> dict[str, Any]:
        return await _one_at_a_time(super().run, raw)


@workflow.defn(name=LEGACY_WORKFLOW_TYPE, sandboxed=False)
class OneAtATimeLegacy(LegacyGraphWorkflow):
    @workflow.run
    async def run(self, raw: dict[str, Any]) -> dict[str, Any]:
        return await _one_at_a_time(super().run, raw)


CHANGED = {
    WORKFLOW_TYPE: {"waits_first": WaitsFirst, "one_at_a_time": OneAtATime},
    LEGACY_WORKFLOW_TYPE: {"waits_first": WaitsFirstLegacy, "one_at_a_time": OneAtATimeLegacy},
}


def changed(workflow_type: str, change: str) -> type:
    return CHANGED[workflow_type][change]


async def replay_with(workflow: type, workflow_type: str, name: str) -> None:
    await replayer(workflow, runner=UnsandboxedWorkflowRunner()).replay_workflow(
        load(workflow_type, name)
    )


@pytest.mark.parametrize(("workflow_type", "name"), RECORDED)
async def test_a_changed_command_sequence_fails_replay(workflow_type, name):
    with pytest.raises(NondeterminismError):
        await replay_with(changed(workflow_type, "waits_first"), workflow_type, name)


@pytest.mark.parametrize("workflow_type", [WORKFLOW_TYPE, LEGACY_WORKFLOW_TYPE])
async def test_replay_tells_sequential_from_parallel_scheduling(workflow_type):
    one_at_a_time = changed(workflow_type, "one_at_a_time")
    await replay_with(one_at_a_time, workflow_type, "linear")
    with pytest.raises(NondeterminismError):
        await replay_with(one_at_a_time, workflow_type, "parallel")
