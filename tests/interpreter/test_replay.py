"""Recorded histories replay on today's GraphWorkflow; a changed command sequence fails here.

Re-record with `python -m tests.interpreter.record_histories` only when a change is meant to
break old runs (and then guard it with `workflow.patched`).
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
from interpreter import GraphWorkflow
from tests.interpreter.history_shapes import SHAPES, shape
from tests.utils.http_server import ScriptedServer
from worker import workflow_runner

HISTORIES = Path(__file__).parent / "histories"
LAST_EVENT = {
    "completed": EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    "failed": EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
    "cancelled": EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
}


def replayer(workflow_class: type, runner: WorkflowRunner) -> Replayer:
    """A replayer with the workers' data converter (it also reads unencrypted payloads)."""
    converter = data_converter(Settings(environment="test", _env_file=None))  # type: ignore[call-arg]
    return Replayer(workflows=[workflow_class], workflow_runner=runner, data_converter=converter)


def load(name: str) -> WorkflowHistory:
    return WorkflowHistory.from_json(f"replay-{name}", (HISTORIES / f"{name}.json").read_text())


def test_every_shape_has_a_history():
    assert sorted(p.stem for p in HISTORIES.glob("*.json")) == sorted(SHAPES)


@pytest.mark.parametrize("name", sorted(SHAPES))
async def test_history_replays(name):
    history = load(name)
    with ScriptedServer() as server:
        expected = shape(name, server).outcome
    assert history.events[-1].event_type == LAST_EVENT[expected]

    result = await replayer(GraphWorkflow, workflow_runner()).replay_workflow(history)
    assert result.replay_failure is None


@workflow.defn(name="GraphWorkflow", sandboxed=False)
class WaitsFirst(GraphWorkflow):
    """A changed interpreter: sleeps before the first node."""

    @workflow.run
    async def run(self, raw: dict[str, Any]) -> dict[str, Any]:
        await workflow.sleep(timedelta(milliseconds=1))
        return await super().run(raw)


@workflow.defn(name="GraphWorkflow", sandboxed=False)
class OneAtATime(GraphWorkflow):
    """A changed interpreter: never runs two activities at once."""

    @workflow.run
    async def run(self, raw: dict[str, Any]) -> dict[str, Any]:
        return await super().run({**raw, "plan": {**raw["plan"], "max_parallel": 1}})


async def replay_with(changed: type, name: str) -> None:
    await replayer(changed, UnsandboxedWorkflowRunner()).replay_workflow(load(name))


@pytest.mark.parametrize("name", sorted(SHAPES))
async def test_a_changed_command_sequence_fails_replay(name):
    with pytest.raises(NondeterminismError):
        await replay_with(WaitsFirst, name)


async def test_replay_tells_sequential_from_parallel_scheduling():
    await replay_with(OneAtATime, "linear")
    with pytest.raises(NondeterminismError):
        await replay_with(OneAtATime, "parallel")
