"""The API's graph request schema takes its per-node option bounds from the interpreter."""

from typing import Any

from api.workflows.graph_schema import NodeData, RetryOptions
from interpreter import NODE_OPTIONS_SCHEMA

BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "maxLength")


def _bounds(schema: dict[str, Any]) -> dict[str, Any]:
    # pydantic puts an optional field's bounds on the non-null branch of `anyOf`.
    branches = schema.get("anyOf", [schema])
    return {k: v for b in branches for k, v in b.items() if k in BOUNDS}


def test_node_option_bounds_are_the_interpreters():
    declared = NODE_OPTIONS_SCHEMA["properties"]
    node = NodeData.model_json_schema()["properties"]
    for name in ("label", "timeout_seconds"):
        assert _bounds(node[name]) == _bounds(declared[name]), name
    retry = RetryOptions.model_json_schema()["properties"]
    for name, schema in declared["retry"]["properties"].items():
        assert _bounds(retry[name]) == _bounds(schema), name


def test_execution_modes_are_the_interpreters():
    schema = NodeData.model_json_schema()["properties"]["execution"]
    [modes] = [b["enum"] for b in schema["anyOf"] if "enum" in b]
    assert modes == NODE_OPTIONS_SCHEMA["properties"]["execution"]["enum"]
