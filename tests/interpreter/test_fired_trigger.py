"""A graph with several triggers runs only the branch of the trigger that fired."""

import uuid

from activities import NODE_TYPES
from api.runs.control import with_outputs
from api.runs.signing import signed_input
from interpreter import GraphWorkflow, RunInput, RunResult, build_plan
from tests.utils.graphs import edge, node


def two_triggers() -> dict:
    """manual → by_hand ┐, webhook → by_hook ┘ → join (any branch); by_hook → only_hook."""
    return {
        "nodes": [
            node("manual", "trigger.manual"),
            node("hook", "trigger.webhook"),
            node("by_hand", "transform.set", {"fields": {"from": "hand"}}),
            node("by_hook", "transform.set", {"fields": {"from": "hook"}}),
            node("only_hook", "transform.set", {"fields": {"after": "hook"}}),
            node("join", "logic.merge"),
        ],
        "edges": [
            edge("manual", "by_hand"),
            edge("hook", "by_hook"),
            edge("by_hook", "only_hook"),
            edge("by_hand", "join"),
            edge("by_hook", "join"),
        ],
    }


async def run(client, settings, trigger: str) -> RunResult:
    plan = build_plan(
        two_triggers(), NODE_TYPES, workflow_id="t", workflow_name="t", version=1, max_parallel=5
    )
    handle = await client.start_workflow(
        GraphWorkflow.run,
        signed_input(settings, RunInput(plan=plan, inputs={"x": 1}, trigger=trigger)),
        id=f"test-{uuid.uuid4().hex}",
        task_queue=settings.temporal_task_queue,
    )
    result = RunResult.from_dict(await handle.result())
    result.nodes = await with_outputs(handle, result.nodes)
    return result


async def test_only_the_fired_triggers_branch_runs(client, settings, worker):
    result = await run(client, settings, "hook")

    status = {n: s.status for n, s in result.nodes.items()}
    assert status == {
        "manual": "skipped",
        "by_hand": "skipped",
        "hook": "succeeded",
        "by_hook": "succeeded",
        "only_hook": "succeeded",
        "join": "succeeded",
    }
    assert result.output == {"join": {"by_hook": {"from": "hook"}}, "only_hook": {"after": "hook"}}
    assert result.nodes["hook"].output == {"x": 1}


async def test_no_trigger_named_runs_every_trigger(client, settings, worker):
    result = await run(client, settings, "")

    assert all(s.status == "succeeded" for s in result.nodes.values())
    assert set(result.output["join"]) == {"by_hand", "by_hook"}


async def test_the_trigger_is_signed(client, settings, worker):
    plan = build_plan(
        two_triggers(), NODE_TYPES, workflow_id="t", workflow_name="t", version=1, max_parallel=5
    )
    signed = signed_input(settings, RunInput(plan=plan, trigger="hook"))
    forged = {**signed, "trigger": "manual"}
    handle = await client.start_workflow(
        GraphWorkflow.run,
        forged,
        id=f"test-{uuid.uuid4().hex}",
        task_queue=settings.temporal_task_queue,
    )
    try:
        await handle.result()
    except Exception as exc:  # WorkflowFailureError: refused for its binding
        assert "refused" in str(exc.__cause__ or exc)
    else:
        raise AssertionError("a run whose trigger was changed after signing must be refused")
