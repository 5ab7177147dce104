"""Run a converted graph's inline nodes through the interpreter's own implementations."""

from typing import Any

from interpreter import INLINE_NODES
from interpreter._functions import set_clock


def run_inline(graph: dict, start_output: Any, clock: Any = None) -> dict[str, Any]:
    """Outputs by node id: the trigger outputs `start_output`, the rest run in edge order."""
    if clock is not None:
        set_clock(clock)
    nodes = {n["id"]: n for n in graph["nodes"]}
    sources: dict[str, list[str]] = {n: [] for n in nodes}
    for edge in graph["edges"]:
        sources[edge["target"]].append(edge["source"])
    context: dict[str, Any] = {"inputs": {}, "nodes": {}}
    done: list[str] = []
    while len(done) < len(nodes):
        ready = [n for n in nodes if n not in done and all(s in done for s in sources[n])]
        assert ready, "the graph has a cycle"
        for node_id in ready:
            node = nodes[node_id]
            if node["type"].startswith("trigger."):
                output: Any = start_output
            else:
                run = INLINE_NODES[node["type"]]
                output, _ = run(node["data"]["config"], context, {"in": sources[node_id]})
            context["nodes"][node_id] = {"output": output}
            done.append(node_id)
    return {k: v["output"] for k, v in context["nodes"].items()}
