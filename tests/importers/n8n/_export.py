"""Build small n8n exports for converter tests."""

from typing import Any


def node(name: str, type_: str, version: float, parameters: dict[str, Any], **extra: Any) -> dict:
    """One export node at a fixed position."""
    return {
        "name": name,
        "type": type_,
        "typeVersion": version,
        "position": [0, 0],
        "parameters": parameters,
        **extra,
    }


def chain(*nodes: dict, attached: dict[str, tuple[str, str]] | None = None) -> dict:
    """An export whose nodes are wired in order; `attached` maps sub-node → (parent, kind)."""
    attached = attached or {}
    main = [n for n in nodes if n["name"] not in attached]
    connections: dict[str, Any] = {
        a["name"]: {"main": [[{"node": b["name"], "type": "main", "index": 0}]]}
        for a, b in zip(main, main[1:], strict=False)
    }
    for sub, (parent, kind) in attached.items():
        connections[sub] = {kind: [[{"node": parent, "type": kind, "index": 0}]]}
    return {"name": "test", "nodes": list(nodes), "connections": connections}


MANUAL = node("Start", "n8n-nodes-base.manualTrigger", 1, {})


def converted_after_manual(*nodes: dict) -> tuple[dict[str, dict], Any]:
    """Convert MANUAL → nodes; answer the graph's nodes by label, and the ImportResult."""
    from importers.n8n import convert

    result = convert(chain(MANUAL, *nodes))
    return {n["data"]["label"]: n for n in result.graph["nodes"]}, result


def report_lines(result: Any, name: str) -> list:
    """The report lines of the n8n node `name`."""
    return [line for line in result.report if line.node == name]
