"""Which inline nodes run as the `inline.run` activity: those that read claim-checked data."""

from activities import NODE_TYPES
from interpreter import build_plan
from interpreter._offload import claimed_fields, context_slice, reads_claimed_data
from tests.utils.graphs import node


def claim(name: str) -> dict:
    """A reference as the claim check makes it."""
    return {"$blob": "0" * 32, "name": name, "size": 300_000, "content_type": "application/json"}


ORDERS_CSV = {**claim("orders.csv"), "content_type": "text/csv"}
CONTEXT = {
    "inputs": {"file": ORDERS_CSV},
    "nodes": {
        "parse": {"output": {"rows": claim("parse.rows.json"), "row_count": 9, "columns": ["a"]}},
        "fetch": {"output": claim("fetch.output.json")},
        "download": {"output": {"file": claim("report.json"), "size": 10}},
        "small": {"output": {"items": [1, 2], "count": 2}},
    },
}


def plan(node_type: str, config: dict):
    graph = {"nodes": [node("n", node_type, config)], "edges": []}
    [planned] = build_plan(
        graph, NODE_TYPES, workflow_id="w", workflow_name="w", version=1, max_parallel=1
    ).nodes
    return planned


def reads(node_type: str, config: dict, inputs: dict | None = None) -> bool:
    return reads_claimed_data(plan(node_type, config), CONTEXT, inputs or {})


def test_stored_data_is_told_from_files_by_position_and_name():
    assert claimed_fields(CONTEXT["nodes"]["parse"]["output"]) == {"rows"}
    assert claimed_fields(CONTEXT["nodes"]["fetch"]["output"]) == {None}
    assert claimed_fields({"rows": claim("orders.rows.json")}) == {"rows"}, "file.parse_csv's"
    # Files: a JSON file, data in another field's name, another content type, not top-level.
    assert claimed_fields(CONTEXT["nodes"]["download"]["output"]) == set()
    assert claimed_fields({"items": claim("parse.rows.json")}) == set()
    assert claimed_fields({"rows": {**claim("parse.rows.json"), "content_type": "x"}}) == set()
    assert claimed_fields({"file": ORDERS_CSV}) == set()
    assert claimed_fields([claim("x.output.json")]) == set()


def test_expressions_that_reach_into_claimed_data_offload():
    assert reads("transform.filter", {"items": "{{ nodes.parse.output.rows }}", "condition": "a"})
    assert reads("transform.set", {"fields": {"n": "{{ length(nodes.parse.output.rows) }}"}})
    assert reads("transform.template", {"template": "{{ nodes.parse.output.rows[0].a }}"})
    assert reads("transform.template", {"template": "All: {{ nodes.parse.output }}"})
    assert reads("transform.template", {"template": "{{ nodes.fetch.output.status }}"})
    assert reads("transform.template", {"template": "{{ values(nodes)[0].output }}"})
    rule = {"port": "many", "expression": "nodes.parse.output.rows[5] != null"}
    assert reads("logic.switch", {"rules": [rule]}), "bare rule expressions count too"


def test_expressions_that_stay_on_inline_fields_or_files_run_inline():
    assert not reads("transform.template", {"template": "{{ nodes.parse.output.row_count }} rows"})
    assert not reads("transform.template", {"template": "{{ nodes.download.output.file.name }}"})
    assert not reads("transform.template", {"template": "{{ nodes.small.output.items }}"})
    assert not reads("transform.template", {"template": "{{ inputs.file.name }}"})
    assert not reads(
        "transform.filter", {"items": "{{ nodes.small.output.items }}", "condition": "a"}
    )
    assert not reads("transform.filter", {"condition": "rows"}, {"in": ["small"]})


def test_items_from_input_ports_offload_only_for_nodes_that_take_them():
    assert reads("transform.aggregate", {"aggregations": [{"op": "count"}]}, {"in": ["fetch"]})
    assert reads("transform.join", {"on": [{"left": "a"}]}, {"left": ["small"], "right": ["parse"]})
    assert not reads("transform.template", {"template": "hello"}, {"in": ["fetch"]})
    assert not reads("logic.merge", {}, {"in": ["fetch", "parse"]}), "merge passes references on"
    assert not reads("transform.sort", {"by": [{"field": "a"}]}, {"in": ["small"]})


def test_the_slice_holds_only_what_the_node_reads():
    node_plan = plan("transform.filter", {"items": "{{ nodes.parse.output.rows }}", "rules": []})
    sliced = context_slice(node_plan, CONTEXT, {"in": ["small"]})
    assert sliced == {
        "inputs": CONTEXT["inputs"],
        "nodes": {"parse": CONTEXT["nodes"]["parse"], "small": CONTEXT["nodes"]["small"]},
    }
    wildcard = plan("transform.template", {"template": "{{ nodes.*.output }}"})
    assert context_slice(wildcard, CONTEXT, {}) == CONTEXT
