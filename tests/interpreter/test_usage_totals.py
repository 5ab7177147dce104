"""Run totals: GraphWorkflow sums what each node type's `usage_fields` point at."""

from interpreter import RUN_TOTALS, NodePlan, RetrySpec
from interpreter._workflow import _usage_totals

LLM_FIELDS = {"input_tokens": "usage.input_tokens", "output_tokens": "usage.output_tokens"}


def _node(node_id: str, usage_fields: dict[str, str]) -> NodePlan:
    return NodePlan(
        id=node_id,
        type="test.node",
        label=node_id,
        kind="activity",
        config={},
        output_ports=["out"],
        retry=RetrySpec(),
        timeout_seconds=1.0,
        heartbeat_seconds=None,
        usage_fields=usage_fields,
    )


def test_sums_declared_fields_only():
    reports = [
        (_node("a", {**LLM_FIELDS, "cost": "cost"}), {"usage": {"input_tokens": 3}, "cost": 0.5}),
        (_node("b", {**LLM_FIELDS, "cost": "cost"}), {"usage": {"output_tokens": 4}, "cost": 1}),
        (_node("c", {}), {"usage": {"input_tokens": 100}, "cost": 100}),
        (_node("d", {"cost": "cost"}), "not an object"),
    ]
    assert _usage_totals(reports) == {"input_tokens": 3.0, "output_tokens": 4.0, "cost": 1.5}


def test_every_total_is_reported_even_when_nothing_costs():
    assert _usage_totals([]) == dict.fromkeys(RUN_TOTALS, 0.0)
