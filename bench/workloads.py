"""Each measured workload: a graph run through GraphWorkflow, and the same work by hand."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from temporalio.client import WorkflowHandle

from interpreter import GraphWorkflow

from .baseline import BaselineParallel, BaselineSequential, BaselineTypical
from .graphs import CUSTOMER, linear, parallel, run_input, typical
from .harness import Context, run_id

Start = Callable[[], Awaitable[WorkflowHandle[Any, Any]]]


@dataclass
class Workload:
    key: str
    name: str
    sluice: Start
    baseline: Start
    activity_nodes: int

    def start(self, side: str) -> Awaitable[WorkflowHandle[Any, Any]]:
        return self.sluice() if side == "sluice" else self.baseline()


def workloads(ctx: Context, n: int = 10) -> list[Workload]:
    """Chain and fan-out of `n` util.noop nodes, and the typical graph (activities, local)."""
    client, queue, url = ctx.client, ctx.task_queue, ctx.base_url

    def graph(graph: dict, inputs: dict | None = None) -> Start:
        plan = run_input(graph, inputs)
        return lambda: client.start_workflow(
            GraphWorkflow.run, plan, id=run_id("graph"), task_queue=queue
        )

    def by_hand(run: Any, *args: Any) -> Start:
        return lambda: client.start_workflow(
            run, args=list(args), id=run_id("by-hand"), task_queue=queue
        )

    inputs = {"customer": CUSTOMER}
    return [
        Workload(
            "chain",
            f"{n} noop nodes in a chain",
            graph(linear(n)),
            by_hand(BaselineSequential.run, n),
            n,
        ),
        Workload(
            "parallel",
            f"{n} noop nodes in parallel",
            graph(parallel(n)),
            by_hand(BaselineParallel.run, n),
            n,
        ),
        Workload(
            "typical",
            "typical 10-node graph, 3 HTTP activities",
            graph(typical(url), inputs),
            by_hand(BaselineTypical.run, url, False, CUSTOMER),
            3,
        ),
        Workload(
            "typical-local",
            "typical 10-node graph, 3 HTTP local activities",
            graph(typical(url, local=True), inputs),
            by_hand(BaselineTypical.run, url, True, CUSTOMER),
            3,
        ),
    ]


SIDES = ("sluice", "baseline")


def alternate(i: int) -> tuple[str, str]:
    """Sluice first on even rounds, the baseline first on odd ones."""
    return SIDES if i % 2 == 0 else (SIDES[1], SIDES[0])
