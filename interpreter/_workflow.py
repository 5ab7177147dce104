"""GraphWorkflow: the one generic workflow that interprets a pinned graph version."""

import asyncio
import math
import sys
from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from ._approvals import ApprovalDesk, ApprovalTimedOut
    from ._binding import verify
    from ._budget import measure, set_limits
    from ._children import ChildFailed, run_child_node
    from ._contracts import RUN_TOTALS, NodeOutcome, NodePlan, NodeState, NodeTask, RunInput
    from ._expressions import ExpressionError, render
    from ._functions import set_clock
    from ._keys import idempotency_key, set_origin
    from ._offload import reads_claimed_data, run_offloaded
    from ._output_budget import OutputBudget, without_outputs
    from ._patches import (
        BINDING_PATCH,
        LEGACY_WORKFLOW_TYPE,
        OFFLOAD_PATCH,
        RUN_SHAPE_PATCH,
        WORKFLOW_TYPE,
        patched,
    )
    from ._pure_nodes import INLINE_NODES
    from ._scheduler import Scheduler
    from ._trigger_nodes import RESPOND_TYPE, is_trigger

NODE_FAILED = "NodeFailed"


# Pinned by the versioned worker's default behaviour (worker/_versioning.py), not here: a
# behaviour in the definition is refused by an unversioned worker (WORKER_VERSIONING=false).
@workflow.defn(name=WORKFLOW_TYPE)
class GraphWorkflow:
    """Runs every ready node, concurrently where branches are independent."""

    def __init__(self) -> None:
        self._states: dict[str, NodeState] = {}
        self._reuse: dict[str, dict[str, Any]] = {}
        self._approvals = ApprovalDesk()
        self._binding: dict[str, Any] | None = None
        self._plan_nodes: list[NodePlan] = []
        self._fired = ""
        self._by_reference = False
        self._budget = OutputBudget(0)
        self._sizes: dict[str, int] = {}
        self._ended = False

    @workflow.query(name="node_states")
    def node_states(self) -> dict[str, NodeState]:
        """Live per-node state: status, attempt, timestamps, output or error."""
        return self._states

    @workflow.update(name="decide_approval")
    async def decide_approval(self, request: dict[str, Any]) -> dict[str, Any]:
        """`{node_id, decision: approved|rejected, comment?, form?, email, role}` from the API."""
        return self._approvals.decide(request, workflow.now().isoformat())

    @decide_approval.validator
    def _check_decision(self, request: dict[str, Any]) -> None:
        self._approvals.validate(request)

    # ABANDON: a run that ends without answering leaves the API to find out how it ended
    @workflow.update(
        name="webhook_answer", unfinished_policy=workflow.HandlerUnfinishedPolicy.ABANDON
    )
    async def webhook_answer(self, respond_ids: list[str]) -> dict[str, Any]:
        """Waits for the first of `respond_ids` (webhook.respond nodes) to succeed:
        `{"answer": output}`; `{"answer": None}` once none of them can any more (skipped,
        failed, or the run completed). One call instead of the API polling `node_states`;
        it writes no command, so runs that never get it replay as before."""

        def answer() -> dict[str, Any] | None:
            states = [self._states.get(n) for n in respond_ids]
            for state in states:
                if state is not None and state.status == "succeeded":
                    return {"answer": state.output}
            # None: the run has not laid out its nodes yet (the update came in first)
            if self._ended or all(s and s.status in ("skipped", "failed") for s in states):
                return {"answer": None}
            return None

        await workflow.wait_condition(lambda: answer() is not None)
        return answer() or {"answer": None}

    @workflow.run
    async def run(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Takes `RunInput.to_dict()` plus the API's `binding` (core/run_signing.py),
        answers a `RunResult` as a dict (`RunResult.from_dict`). Nothing is scheduled before
        the binding verifies (see interpreter/_binding.py)."""
        # Every patch a run may check is decided here, before the first await: a local
        # activity's result can arrive in a later workflow task on replay than it did live,
        # and a patch first checked after it would then miss its marker.
        binding = patched(BINDING_PATCH)
        run = RunInput.from_dict(raw)
        # One id for origins, the fired trigger and outputs by reference (_patches.py);
        # memoized, so key_root() reads the same answer later.
        shaped = patched(RUN_SHAPE_PATCH)
        fired = bool(run.trigger) and shaped
        self._by_reference = shaped
        self._binding = await verify(raw) if binding else None
        plan = run.plan
        set_limits(plan.limits)  # every render in this run, and its tasks, uses them
        set_clock(workflow.info().start_time)  # now() in expressions: deterministic on replay
        set_origin(run.origin)
        self._states = {node.id: NodeState() for node in plan.nodes}
        self._plan_nodes = plan.nodes
        self._context: dict[str, Any] = {"inputs": run.inputs, "nodes": {}}
        self._workspace_id = plan.workspace_id
        self._workflow_id = plan.workflow_id
        self._reuse = run.reuse
        self._fired = run.trigger if fired else ""
        if self._by_reference:
            self._budget = OutputBudget(plan.inline_output_bytes)
        scheduler = Scheduler(plan)
        running: dict[asyncio.Task[NodeOutcome | None], NodePlan] = {}
        try:
            while not scheduler.done:
                self._start_ready(scheduler, running, plan.max_parallel)
                if not running:
                    break
                done, _ = await workflow.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in sorted(done, key=lambda t: list(scheduler.nodes).index(running[t].id)):
                    self._finish(scheduler, running.pop(task), task)
        except asyncio.CancelledError:
            await self._cancel_all(running, "cancelled")
            raise
        except ApplicationError as failure:
            await self._cancel_all(running, "cancelled: another node failed")
            if failure.type == NODE_FAILED:
                # The states were copied before the siblings were cancelled; report them final.
                failure.details[0].update(self._reported())
            raise
        output = {
            n: self._states[n].output
            for n in scheduler.sinks()
            if self._states[n].status == "succeeded"
        }
        self._ended = True  # a waiting webhook_answer returns before the run does
        await workflow.wait_condition(workflow.all_handlers_finished)
        result = {"output": output, **self._reported(), "totals": self._totals()}
        answers = {
            n.id: self._states[n.id].output
            for n in plan.nodes
            if n.type == RESPOND_TYPE and self._states[n.id].status == "succeeded"
        }
        return {**result, "answers": answers} if answers else result

    def _reported(self) -> dict[str, Any]:
        """`nodes` for the result or failure: outputs are left to the query since
        "outputs-by-reference" (repeating them could pass the payload limit), with
        `output_bytes` of each succeeded node, so recording a run needs no query (a query
        of a closed run makes a worker replay it)."""
        if not self._by_reference:
            return {"nodes": _plain(self._states)}
        return {"nodes": without_outputs(self._states), "output_bytes": dict(self._sizes)}

    def _skips(self, node: NodePlan) -> bool:
        """Whether `node` is a trigger other than the one that fired this run."""
        return bool(self._fired) and is_trigger(node.type) and node.id != self._fired

    def _start_ready(
        self, scheduler: Scheduler, running: dict[asyncio.Task[Any], NodePlan], limit: int
    ) -> None:
        progressed = True
        while progressed:
            progressed = False
            for node in scheduler.ready():
                if not scheduler.taken(node.id) or self._skips(node):
                    scheduler.start(node.id)
                    scheduler.finish(node.id, None)
                    self._states[node.id].status = "skipped"
                elif node.id in self._reuse:
                    scheduler.start(node.id)
                    reused = self._reuse[node.id]
                    self._states[node.id].started_at = workflow.now().isoformat()
                    self._succeed(scheduler, node, reused.get("output"), reused.get("port", "out"))
                elif node.kind == "inline" and not self._offloads(scheduler, node):
                    scheduler.start(node.id)
                    self._run_inline(scheduler, node)
                elif len(running) < limit:
                    scheduler.start(node.id)
                    state = self._states[node.id]
                    state.status, state.attempt = "running", 1
                    state.started_at = workflow.now().isoformat()
                    inputs = scheduler.active_inputs(node.id)
                    running[asyncio.create_task(self._execute(node, inputs))] = node
                else:
                    continue
                progressed = True

    def _offloads(self, scheduler: Scheduler, node: NodePlan) -> bool:
        """Whether an inline node reads claim-checked data, so runs as an activity instead."""
        inputs = scheduler.active_inputs(node.id)
        return reads_claimed_data(node, self._context, inputs) and patched(OFFLOAD_PATCH)

    def _run_inline(self, scheduler: Scheduler, node: NodePlan) -> None:
        state = self._states[node.id]
        state.started_at = workflow.now().isoformat()
        state.attempt = 1
        try:
            output, port = INLINE_NODES[node.type](
                node.config, self._context, scheduler.active_inputs(node.id)
            )
        except Exception as exc:  # any inline failure fails the node, never the workflow task
            self._fail(scheduler, node, str(exc))
            return
        self._succeed(scheduler, node, output, port)

    async def _execute(self, node: NodePlan, inputs: dict[str, list[str]]) -> NodeOutcome | None:
        if node.kind == "inline":
            return await run_offloaded(node, self._context, inputs, self._workspace_id)
        if node.kind == "timer":
            seconds = _seconds(render(node.config.get("seconds", 0), self._context))
            await workflow.sleep(timedelta(seconds=seconds), summary=node.label)
            return None
        if node.kind == "child":
            return await run_child_node(node, self._context, self._binding)
        if node.kind == "approval":
            self._states[node.id].status = "waiting"
            config = render(node.config, self._context)
            run = {
                "temporal_workflow_id": workflow.info().workflow_id,
                "workspace_id": self._workspace_id,
                "workflow_id": self._workflow_id,
            }
            output, port = await self._approvals.wait(node.id, config, run)
            return NodeOutcome(output=output, attempt=1, port=port)
        task = NodeTask(
            run_id=workflow.info().workflow_id,
            node_id=node.id,
            node_type=node.type,
            config=render(node.config, self._context),
            idempotency_key=idempotency_key(node.id),
            workspace_id=self._workspace_id,
            inline_limit=self._budget.reserve(node.id),
        )
        retry = RetryPolicy(
            initial_interval=timedelta(seconds=node.retry.initial_interval_seconds),
            backoff_coefficient=node.retry.backoff_coefficient,
            maximum_interval=timedelta(seconds=node.retry.maximum_interval_seconds),
            maximum_attempts=node.retry.max_attempts,
        )
        timeout = timedelta(seconds=node.timeout_seconds)
        if node.execution == "local":
            return await workflow.execute_local_activity(
                node.type,
                task,
                result_type=NodeOutcome,
                activity_id=node.id,
                start_to_close_timeout=timeout,
                retry_policy=retry,
                summary=node.label,
            )
        heartbeat = timedelta(seconds=node.heartbeat_seconds) if node.heartbeat_seconds else None
        return await workflow.execute_activity(
            node.type,
            task,
            result_type=NodeOutcome,
            activity_id=node.id,
            start_to_close_timeout=timeout,
            heartbeat_timeout=heartbeat,
            retry_policy=retry,
            summary=node.label,
        )

    def _finish(self, scheduler: Scheduler, node: NodePlan, task: asyncio.Task[Any]) -> None:
        try:
            outcome = task.result()
        except ActivityError as err:
            cause = err.cause
            details = cause.details if isinstance(cause, ApplicationError) else ()
            if details and isinstance(details[0], dict) and "attempt" in details[0]:
                self._states[node.id].attempt = int(details[0]["attempt"])
            self._fail(scheduler, node, str(cause or err))
            return
        except (ExpressionError, ApprovalTimedOut, ChildFailed) as exc:
            self._fail(scheduler, node, str(exc))
            return
        if outcome is None:
            self._succeed(scheduler, node, {}, "out")
            return
        self._states[node.id].attempt = outcome.attempt
        self._succeed(scheduler, node, outcome.output, outcome.port)

    def _succeed(self, scheduler: Scheduler, node: NodePlan, output: Any, port: str) -> None:
        state = self._states[node.id]
        state.status, state.output, state.port = "succeeded", output, port
        state.finished_at = workflow.now().isoformat()
        self._context["nodes"][node.id] = {"output": output}
        if self._by_reference:
            self._sizes[node.id] = measure(output, sys.maxsize)
            self._budget.add(node.id, self._sizes[node.id])
        scheduler.finish(node.id, port)

    def _fail(self, scheduler: Scheduler, node: NodePlan, message: str) -> None:
        state = self._states[node.id]
        state.status, state.error, state.port = "failed", message, "error"
        state.finished_at = workflow.now().isoformat()
        if node.continue_on_error:
            self._context["nodes"][node.id] = {"output": {"error": message}}
            state.output = {"error": message}
            scheduler.finish(node.id, "error")
            return
        raise ApplicationError(
            f"node '{node.id}' ({node.type}) failed: {message}",
            {"node_id": node.id, "node_type": node.type, **self._reported()},
            type=NODE_FAILED,
            non_retryable=True,
        )

    def _totals(self) -> dict[str, float]:
        return _usage_totals(
            [
                (node, self._states[node.id].output)
                for node in self._plan_nodes
                if self._states[node.id].status == "succeeded"
            ]
        )

    async def _cancel_all(self, running: dict[asyncio.Task[Any], NodePlan], reason: str) -> None:
        for task, node in running.items():
            task.cancel()
            state = self._states[node.id]
            state.status, state.error = "failed", reason
            state.finished_at = workflow.now().isoformat()
        if running:
            await workflow.wait(running)


def _usage_totals(reports: list[tuple[NodePlan, Any]]) -> dict[str, float]:
    # Each node type says where its output reports usage; the workflow only sums.
    totals = dict.fromkeys(RUN_TOTALS, 0.0)
    for node, output in reports:
        for total, path in node.usage_fields.items():
            value = _at(output, path)
            if total in totals and isinstance(value, int | float):
                totals[total] += value
    return totals


def _at(output: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(output, dict):
            return None
        output = output.get(key)
    return output


def _plain(states: dict[str, NodeState]) -> dict[str, dict[str, Any]]:
    return {node_id: vars(state).copy() for node_id, state in states.items()}


def _seconds(value: Any) -> float:
    # A bad value must fail the node: any other exception would retry the workflow task forever.
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if not 0 <= seconds < math.inf:
        raise ExpressionError(f"'seconds' must be a number of seconds >= 0, not {value!r}")
    return seconds


@workflow.defn(name=LEGACY_WORKFLOW_TYPE)
class LegacyGraphWorkflow(GraphWorkflow):
    """Runs started before GraphWorkflowV2 (same code; their changes decided by patches)."""

    @workflow.run
    async def run(self, raw: dict[str, Any]) -> dict[str, Any]:
        """As GraphWorkflow.run."""
        return await super().run(raw)


GRAPH_WORKFLOWS = [GraphWorkflow, LegacyGraphWorkflow]
"""What every worker registers: new runs, and runs started before WORKFLOW_TYPE existed."""
