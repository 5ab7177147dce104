"""Loop Over Items → flow.for_each over a carved-out body; Execute Workflow; its trigger."""

import json
from pathlib import Path

from activities.catalog import NODE_TYPES
from importers.n8n import convert
from interpreter import validate_graph

from ._export import MANUAL, chain, node
from ._export import report_lines as _lines
from ._inline import run_inline

CORPUS = Path(__file__).parent / "corpus"
LOOP = node("Loop", "n8n-nodes-base.splitInBatches", 3, {"options": {}})
BODY = node(
    "Greet",
    "n8n-nodes-base.set",
    3.4,
    {
        "assignments": {
            "assignments": [
                {"name": "hello", "value": "={{ $json.name }}"},
                {"name": "again", "value": "={{ $('Loop').item.json.name }}"},
            ]
        }
    },
)
AFTER = node("After", "n8n-nodes-base.noOp", 1, {})


def _link(source: str, target: str, output: int = 0) -> tuple[str, int, str]:
    return source, output, target


def _export(*links: tuple[str, int, str], nodes: list[dict]) -> dict:
    connections: dict = {}
    for source, output, target in links:
        outputs = connections.setdefault(source, {"main": []})["main"]
        while len(outputs) <= output:
            outputs.append([])
        outputs[output].append({"node": target, "type": "main", "index": 0})
    return {"name": "loop", "nodes": nodes, "connections": connections}


def _loop_export() -> dict:
    return _export(
        _link("Start", "Loop"),
        _link("Loop", "After", 0),
        _link("Loop", "Greet", 1),
        _link("Greet", "Loop"),
        nodes=[MANUAL, LOOP, BODY, AFTER],
    )


def test_loop_over_items_becomes_for_each_and_its_body_a_sub_workflow() -> None:
    result = convert(_loop_export())
    by_id = {n["id"]: n for n in result.graph["nodes"]}
    assert set(by_id) == {"start", "loop", "after"}
    assert by_id["loop"]["type"] == "flow.for_each"
    assert by_id["loop"]["data"]["config"] == {
        "workflow_id": "<placeholder:workflow:Loop (loop body)>",
        "items": "{{ to_array(nodes.start.output) }}",
        "concurrency": 1,
    }
    edges = {(e["source"], e["sourceHandle"], e["target"]) for e in result.graph["edges"]}
    assert edges == {("start", "out", "loop"), ("loop", "out", "after")}
    (child,) = result.subworkflows
    assert child.name == "Loop (loop body)"
    types = {n["id"]: n["type"] for n in child.graph["nodes"]}
    assert types == {"loop": "trigger.manual", "greet": "transform.set"}
    (greet,) = _lines(result, "Greet")
    assert "in sub-workflow 'Loop (loop body)'" in greet.message
    assert _lines(result, "Loop")[0].status == "approximated"


def test_the_body_reads_the_item_from_the_child_run_inputs() -> None:
    (child,) = convert(_loop_export()).subworkflows
    out = run_inline(child.graph, {"item": {"name": "Ada"}, "index": 0})
    assert out["greet"] == {"hello": "Ada", "again": "Ada"}
    assert validate_graph(child.graph, NODE_TYPES, max_nodes=500) == []


def test_after_the_loop_json_reads_the_body_results() -> None:
    count = node(
        "Count",
        "n8n-nodes-base.set",
        3.4,
        {"assignments": {"assignments": [{"name": "n", "value": "={{ $input.all().length }}"}]}},
    )
    export = _loop_export()
    export["nodes"].append(count)
    export["connections"]["Loop"]["main"][0] = [{"node": "Count", "type": "main", "index": 0}]
    graph = convert(export).graph
    fields = {n["id"]: n for n in graph["nodes"]}["count"]["data"]["config"]["fields"]
    assert fields == {"n": "{{ length(nodes.loop.output.results) }}"}


def test_batch_size_other_than_one_is_reported() -> None:
    export = _loop_export()
    export["nodes"][1] = node("Loop", "n8n-nodes-base.splitInBatches", 3, {"batchSize": 50})
    (line,) = [line for line in _lines(convert(export), "Loop") if line.parameter]
    assert line.parameter == "batchSize" and "batch of 50" in line.message


def test_a_body_that_also_runs_after_the_loop_is_unsupported() -> None:
    export = _export(
        _link("Start", "Loop"),
        _link("Loop", "After", 0),
        _link("Loop", "Greet", 1),
        _link("Greet", "After"),
        nodes=[MANUAL, LOOP, BODY, AFTER],
    )
    (line,) = _lines(convert(export), "Loop")
    assert line.status == "unsupported" and "also run after the loop" in line.message


def test_split_in_batches_v1_v2_is_unsupported_with_what_to_do() -> None:
    old = node("Old", "n8n-nodes-base.splitInBatches", 2, {"batchSize": 5})
    (line,) = _lines(convert(chain(MANUAL, old)), "Old")
    assert line.status == "unsupported" and "Loop Over Items (v3)" in line.message


def test_execute_workflow_once_passes_the_item_and_maps_defined_inputs() -> None:
    ref = {"__rl": True, "value": "abc", "mode": "list", "cachedResultName": "Score"}
    inputs = {"mappingMode": "defineBelow", "value": {"who": "={{ $json.name }}"}}
    parameters = {"workflowId": ref, "workflowInputs": inputs}
    call = node("Call", "n8n-nodes-base.executeWorkflow", 1.2, parameters)
    result = convert(chain(MANUAL, call))
    config = {n["id"]: n for n in result.graph["nodes"]}["call"]["data"]["config"]
    assert config["workflow_id"] == "<placeholder:workflow:Score>"
    assert config["inputs"]["item"] == {"who": "{{ nodes.start.output.name }}"}
    (line,) = _lines(result, "Call")
    assert line.status == "approximated" and "import the called workflow" in line.message


def test_execute_workflow_each_item_is_a_for_each() -> None:
    each = node("Each", "n8n-nodes-base.executeWorkflow", 1, {"workflowId": "12", "mode": "each"})
    result = convert(chain(MANUAL, each))
    (graph_node,) = [n for n in result.graph["nodes"] if n["id"] == "each"]
    assert graph_node["type"] == "flow.for_each"
    assert graph_node["data"]["config"]["workflow_id"] == "<placeholder:workflow:12>"


def test_execute_workflow_from_a_parameter_converts_the_nested_export() -> None:
    inner = chain(
        node("In", "n8n-nodes-base.executeWorkflowTrigger", 1, {}),
        node(
            "Up",
            "n8n-nodes-base.set",
            3.4,
            {
                "assignments": {
                    "assignments": [{"name": "u", "value": "={{ $json.name.toUpperCase() }}"}]
                }
            },
        ),
    )
    call = node(
        "Inline",
        "n8n-nodes-base.executeWorkflow",
        1,
        {"source": "parameter", "workflowJson": json.dumps(inner)},
    )
    result = convert(chain(MANUAL, call))
    (child,) = result.subworkflows
    assert run_inline(child.graph, {"item": {"name": "ada"}})["up"] == {"u": "ADA"}
    broken = node(
        "Bad",
        "n8n-nodes-base.executeWorkflow",
        1,
        {"source": "parameter", "workflowJson": "{not json"},
    )
    (line,) = _lines(convert(chain(MANUAL, broken)), "Bad")
    assert line.status == "unsupported" and "workflowJson" in line.message


def test_execute_workflow_from_a_url_or_file_is_unsupported() -> None:
    url = node("Url", "n8n-nodes-base.executeWorkflow", 1, {"source": "url", "workflowUrl": "x"})
    (line,) = _lines(convert(chain(MANUAL, url)), "Url")
    assert line.status == "unsupported" and "saved workflows only" in line.message


def test_corpus_sub_workflows_validate_too() -> None:
    seen = 0
    for path in sorted(CORPUS.glob("*.json")):
        for child in convert(json.loads(path.read_text())).subworkflows:
            assert validate_graph(child.graph, NODE_TYPES, max_nodes=500) == [], path.name
            seen += 1
    assert seen >= 2


def test_a_loop_inside_a_loop_nests_its_sub_workflow_once() -> None:
    inner = node("Inner", "n8n-nodes-base.splitInBatches", 3, {})
    work = node("Work", "n8n-nodes-base.noOp", 1, {})
    export = _export(
        _link("Start", "Loop"),
        _link("Loop", "After", 0),
        _link("Loop", "Inner", 1),
        _link("Inner", "Loop", 0),
        _link("Inner", "Work", 1),
        _link("Work", "Inner"),
        nodes=[MANUAL, LOOP, inner, work, AFTER],
    )
    result = convert(export)
    (outer,) = result.subworkflows
    (nested,) = outer.subworkflows
    assert [n["type"] for n in outer.graph["nodes"]] == ["trigger.manual", "flow.for_each"]
    assert [n["id"] for n in nested.graph["nodes"]] == ["inner", "work"]
    assert sorted(line.node for line in result.report) == [
        "After",
        "Inner",
        "Loop",
        "Start",
        "Work",
    ]


def test_export_order_does_not_matter_the_loop_is_converted_before_what_follows() -> None:
    export = _loop_export()
    count = node(
        "Count",
        "n8n-nodes-base.set",
        3.4,
        {"assignments": {"assignments": [{"name": "n", "value": "={{ $input.all().length }}"}]}},
    )
    export["nodes"] = [count, BODY, LOOP, MANUAL]
    export["connections"]["Loop"]["main"][0] = [{"node": "Count", "type": "main", "index": 0}]
    graph = convert(export).graph
    fields = {n["id"]: n for n in graph["nodes"]}["count"]["data"]["config"]["fields"]
    assert fields == {"n": "{{ length(nodes.loop.output.results) }}"}
