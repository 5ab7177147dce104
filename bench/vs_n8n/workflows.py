"""The three bench workflows, written twice: as n8n workflow JSON and as Sluice graphs.

1. `set`: webhook → set; 2. `sets10`: webhook → 10 sets in a row; 3. `http`: webhook →
HTTP GET to the local peer → set. Each answers the caller with its last node's output
(n8n `responseMode: lastNode`; Sluice a final webhook.respond node) or, in Sluice's ack
variant, 202 at once. Every delivery posts `{"name": ...}`.
"""

import uuid
from typing import Any

NAMES = ("set", "sets10", "http")


def _steps(name: str) -> int:
    return 10 if name == "sets10" else 1


# --- n8n -------------------------------------------------------------------------------


def _n8n_node(name: str, node_type: str, version: float, x: int, params: dict) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "name": name,
        "type": f"n8n-nodes-base.{node_type}",
        "typeVersion": version,
        "position": [x, 0],
        "parameters": params,
    }


def _n8n_set(name: str, x: int, value: str) -> dict:
    assignment = {"id": str(uuid.uuid4()), "name": "value", "value": value, "type": "string"}
    return _n8n_node(
        name, "set", 3.4, x, {"assignments": {"assignments": [assignment]}, "options": {}}
    )


def n8n_workflow(name: str, peer_url: str) -> dict[str, Any]:
    """The n8n workflow JSON (POST /rest/workflows body) of bench workflow `name`;
    its webhook listens on POST /webhook/bench-{name}."""
    hook = _n8n_node(
        "Webhook",
        "webhook",
        2,
        0,
        {"httpMethod": "POST", "path": f"bench-{name}", "responseMode": "lastNode", "options": {}},
    )
    hook["webhookId"] = str(uuid.uuid4())
    nodes = [hook]
    if name == "http":
        nodes.append(
            _n8n_node(
                "Fetch",
                "httpRequest",
                4.2,
                200,
                {"url": f"={peer_url}/customers/{{{{ $json.body.name }}}}", "options": {}},
            )
        )
        nodes.append(_n8n_set("Set1", 400, "={{ $json.name }}-{{ $json.tier }}"))
    else:
        nodes.append(_n8n_set("Set1", 200, "={{ $json.body.name }}-1"))
        for step in range(2, _steps(name) + 1):
            nodes.append(_n8n_set(f"Set{step}", 200 * step, f"={{{{ $json.value }}}}-{step}"))
    connections = {
        a["name"]: {"main": [[{"node": b["name"], "type": "main", "index": 0}]]}
        for a, b in zip(nodes, nodes[1:], strict=False)
    }
    return {
        "name": f"bench-{name}",
        "nodes": nodes,
        "connections": connections,
        "settings": {"executionOrder": "v1"},
        "active": False,
    }


# --- Sluice ----------------------------------------------------------------------------


def _node(node_id: str, node_type: str, config: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node_id,
        "type": node_type,
        "position": {"x": 0, "y": 0},
        "data": {"label": node_id, "config": config},
    }


def sluice_graph(name: str, peer_url: str, *, respond: bool) -> dict[str, Any]:
    """The Sluice graph of bench workflow `name`: answers with the last set's output
    (`respond`) or 202 at once."""
    hook = _node("hook", "trigger.webhook", {"respond": "on_node" if respond else "immediately"})
    nodes = [hook]
    if name == "http":
        url = f"{peer_url}/customers/{{{{ inputs.body.name }}}}"
        nodes.append(_node("fetch", "http.request", {"method": "GET", "url": url}))
        value = "{{ nodes.fetch.output.body.name }}-{{ nodes.fetch.output.body.tier }}"
        nodes.append(_node("set1", "transform.set", {"fields": {"value": value}}))
    else:
        nodes.append(
            _node("set1", "transform.set", {"fields": {"value": "{{ inputs.body.name }}-1"}})
        )
        for step in range(2, _steps(name) + 1):
            value = f"{{{{ nodes.set{step - 1}.output.value }}}}-{step}"
            nodes.append(_node(f"set{step}", "transform.set", {"fields": {"value": value}}))
    if respond:
        last = nodes[-1]["id"]
        nodes.append(_node("reply", "webhook.respond", {"body": f"{{{{ nodes.{last}.output }}}}"}))
    edges = [
        {
            "id": f"{a['id']}-{b['id']}",
            "source": a["id"],
            "sourceHandle": "out",
            "target": b["id"],
            "targetHandle": "in",
        }
        for a, b in zip(nodes, nodes[1:], strict=False)
    ]
    return {"nodes": nodes, "edges": edges}


def expected_value(name: str, sent: str) -> str:
    """What `value` the answer of bench workflow `name` holds for a delivery of `sent`."""
    if name == "http":
        return "Ada Lovelace-gold"
    return sent + "".join(f"-{step}" for step in range(1, _steps(name) + 1))
