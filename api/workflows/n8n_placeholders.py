"""Unsupported n8n nodes stay in the imported graph as wired, disabled pass-throughs.

The converter leaves an unsupported node out, which cuts the graph there: nodes after it
would lose their upstream (and their expressions would read a node that is gone). A
`util.noop` placeholder keeps the node's name, position and connections, so the saved graph
validates, the editor shows where to rebuild, and the report says what it was. It returns
`{}`: nodes after it read nulls where the step's output was, so rebuild it before running.
A connection that would close a loop (n8n's Split In Batches v1/v2) is left out.
"""

import copy
import re
from typing import Any

from activities import NODE_TYPES
from importers.n8n import ImportResult
from importers.n8n.connections import parse_connections

PLACEHOLDER_TYPE = "util.noop"


def with_placeholders(result: ImportResult, export: dict[str, Any]) -> dict[str, Any]:
    """`result.graph` plus a placeholder for every unsupported node, wired as in n8n."""
    graph = copy.deepcopy(result.graph)
    raw_nodes = {n["name"]: n for n in export.get("nodes", [])}
    wiring = parse_connections(export.get("connections") or {}, set(raw_nodes))
    members = _members(graph)
    why = {line.node: line.message for line in result.report if line.status == "unsupported"}
    missing = [
        name
        for name in raw_nodes
        if name in why and name not in members and name not in wiring.attached
    ]
    if not missing:
        return graph
    taken = {n["id"] for n in graph["nodes"]}
    planned = _converter_ids(list(raw_nodes))
    placeholders: dict[str, str] = {}
    for name in missing:
        # The id the converter gave it, so expressions downstream that read it still resolve.
        node_id = _unique(planned[name], taken)
        placeholders[name] = node_id
        graph["nodes"].append(_placeholder(node_id, raw_nodes[name], why[name]))
    edges = graph["edges"]
    seen = {(e["source"], e.get("sourceHandle"), e["target"], e.get("targetHandle")) for e in edges}
    for source, index, target, _ in wiring.main:
        if source not in placeholders and target not in placeholders:
            continue
        exit_ = (
            (placeholders[source], "out")
            if source in placeholders
            else _exit(graph, members, wiring.main, source, index)
        )
        entry = placeholders.get(target) or _entry(graph, members, target)
        if exit_ is None or entry is None:
            continue
        key = (*exit_, entry, "in")
        if key in seen or _reaches(edges, entry, exit_[0]):
            continue  # n8n loops back (Split In Batches v1/v2); a Sluice graph may not
        seen.add(key)
        edges.append(
            {
                "id": _unique("e_placeholder", {e["id"] for e in edges if e.get("id")}),
                "source": key[0],
                "sourceHandle": key[1],
                "target": key[2],
                "targetHandle": key[3],
            }
        )
    return graph


def _reaches(edges: list[dict[str, Any]], start: str, goal: str) -> bool:
    """Whether `goal` is downstream of `start` (or is it)."""
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo += [e["target"] for e in edges if e["source"] == node]
    return False


def disable(node: dict[str, Any], why: str) -> None:
    """Turn a converted node that cannot be saved as is into a disabled pass-through; its
    type and config stay under `data.disabled_node` for whoever rebuilds it."""
    data = node.setdefault("data", {})
    data["disabled_node"] = {"type": node["type"], "config": data.get("config") or {}}
    node["type"] = PLACEHOLDER_TYPE
    data["config"] = {}
    data["disabled"] = True
    data["unsupported"] = why


def _placeholder(node_id: str, raw: dict[str, Any], why: str) -> dict[str, Any]:
    x, y = raw.get("position") or (0, 0)
    return {
        "id": node_id,
        "type": PLACEHOLDER_TYPE,
        "position": {"x": float(x), "y": float(y)},
        "data": {
            "label": raw["name"],
            "config": {},
            "disabled": True,
            "unsupported": why,
            "n8n": {"name": raw["name"], "type": raw["type"]},
        },
    }


def _members(graph: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """n8n node name → the Sluice nodes it became (in the converter's order)."""
    members: dict[str, list[dict[str, Any]]] = {}
    for node in graph["nodes"]:
        name = ((node.get("data") or {}).get("n8n") or {}).get("name")
        if name is not None:
            members.setdefault(name, []).append(node)
    return members


def _entry(graph: dict[str, Any], members: dict[str, Any], name: str) -> str | None:
    """The Sluice node an n8n node's input lands on: its first node that takes input."""
    for node in members.get(name, []):
        spec = NODE_TYPES.get(node["type"])
        if spec is None or spec.input_ports:
            return str(node["id"])
    return None


def _exit(
    graph: dict[str, Any],
    members: dict[str, Any],
    main: list[tuple[str, int, str, int]],
    name: str,
    index: int,
) -> tuple[str, str] | None:
    """Where output `index` of a converted node leaves: as the converter wired that output
    to another node, else the exit node's port at that index."""
    own = {n["id"] for n in members.get(name, [])}
    for source, i, target, _ in main:
        if source != name or i != index:
            continue
        entry = _entry(graph, members, target)
        for edge in graph["edges"]:
            if edge["source"] in own and edge["target"] == entry:
                return edge["source"], edge.get("sourceHandle") or "out"
    nodes = members.get(name, [])
    if not nodes:
        return None
    last = nodes[-1]
    spec = NODE_TYPES.get(last["type"])
    ports = list(spec.output_ports) if spec else ["out"]
    if not ports:
        return None
    return str(last["id"]), ports[index] if index < len(ports) else ports[0]


def _converter_ids(names: list[str]) -> dict[str, str]:
    """The ids the converter derives from n8n names, in export order."""
    taken: set[str] = set()
    return {name: _unique(_slug(name), taken) for name in names}


def _slug(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_").lower() or "node"
    return (slug if re.match(r"[A-Za-z_]", slug) else f"n_{slug}")[:64]


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base[:60]}_{n}"
        n += 1
    taken.add(candidate)
    return candidate
