"""The graphs the bench runs, in the editor's React Flow shape, and their run plans."""

from typing import Any

from activities import NODE_TYPES
from api.runs.signing import signed_input
from core.config import get_settings
from interpreter import RunInput, build_plan, validate_graph

CUSTOMER = "c-42"


def node(node_id: str, node_type: str, config: dict[str, Any] | None = None, **data: Any) -> dict:
    body = {"label": node_id, "config": config or {}, **data}
    return {"id": node_id, "type": node_type, "position": {"x": 0, "y": 0}, "data": body}


def edge(source: str, target: str, port: str = "out") -> dict:
    return {
        "id": f"{source}-{port}-{target}",
        "source": source,
        "sourceHandle": port,
        "target": target,
        "targetHandle": "in",
    }


def linear(n: int) -> dict:
    """`n` util.noop nodes in a chain: n0 → n1 → … (sink: the last)."""
    ids = [f"n{i}" for i in range(n)]
    edges = [edge(a, b) for a, b in zip(ids, ids[1:], strict=False)]
    return {"nodes": [node(i, "util.noop") for i in ids], "edges": edges}


def parallel(n: int) -> dict:
    """`n` util.noop nodes with no edges: all run at once."""
    return {"nodes": [node(f"n{i}", "util.noop") for i in range(n)], "edges": []}


def typical(base_url: str, *, local: bool = False) -> dict:
    """A 10-node graph as users draw them: trigger, 3 HTTP calls, set, merge, condition.

    trigger → prepare → fetch_orders → pick → {fetch_customer, fetch_stock} → merge → check
    → summary (true) | alert (false). bench.baseline.BaselineTypical does the same by hand.
    """
    extra = {"execution": "local"} if local else {}

    def get(node_id: str, url: str, query: dict | None = None) -> dict:
        config = {"method": "GET", "url": f"{base_url}{url}", **({"query": query} if query else {})}
        return node(node_id, "http.request", config, **extra)

    prep = "nodes.prepare.output"
    nodes = [
        node("trigger", "trigger.manual"),
        node("prepare", "transform.set", {"fields": {"customer": "{{ inputs.customer }}"}}),
        get("fetch_orders", "/orders", {"customer": f"{{{{ {prep}.customer }}}}", "limit": 3}),
        node(
            "pick",
            "transform.set",
            {"fields": {"order_id": "{{ nodes.fetch_orders.output.body.orders[0].id }}"}},
        ),
        get("fetch_customer", f"/customers/{{{{ {prep}.customer }}}}"),
        get("fetch_stock", "/stock/{{ nodes.pick.output.order_id }}"),
        node("merge", "logic.merge"),
        node(
            "check",
            "logic.condition",
            {
                "expression": "nodes.fetch_customer.output.status == `200` && "
                "nodes.fetch_stock.output.status == `200`"
            },
        ),
        node(
            "summary",
            "transform.set",
            {
                "fields": {
                    "customer": "{{ nodes.fetch_customer.output.body.name }}",
                    "in_stock": "{{ nodes.fetch_stock.output.body }}",
                }
            },
        ),
        node("alert", "transform.set", {"fields": {"error": "an upstream call failed"}}),
    ]
    edges = [
        edge("trigger", "prepare"),
        edge("prepare", "fetch_orders"),
        edge("fetch_orders", "pick"),
        edge("pick", "fetch_customer"),
        edge("pick", "fetch_stock"),
        edge("fetch_customer", "merge"),
        edge("fetch_stock", "merge"),
        edge("merge", "check"),
        edge("check", "summary", "true"),
        edge("check", "alert", "false"),
    ]
    return {"nodes": nodes, "edges": edges}


def run_input(graph: dict, inputs: dict | None = None) -> dict:
    """What the API would start GraphWorkflow with: the validated graph's plan and inputs."""
    settings = get_settings()
    errors = validate_graph(graph, NODE_TYPES, max_nodes=settings.max_nodes_per_graph)
    if errors:
        raise ValueError(f"bench graph is invalid: {errors}")
    plan = build_plan(
        graph,
        NODE_TYPES,
        workflow_id="bench",
        workflow_name="bench",
        version=1,
        max_parallel=settings.max_parallel_nodes,
    )
    return signed_input(settings, RunInput(plan=plan, inputs=inputs or {}))
