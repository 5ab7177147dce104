"""Webhook response modes → trigger.webhook `respond`."""

import pytest

from importers.n8n import convert

from ._export import chain, node

RESPOND = node(
    "Respond",
    "n8n-nodes-base.respondToWebhook",
    1.1,
    {"respondWith": "json", "responseBody": "={{ $json.body }}"},
)


def _webhook(parameters: dict, *rest: dict):
    hook = node("Hook", "n8n-nodes-base.webhook", 2, {"path": "p", **parameters})
    result = convert(chain(hook, *rest))
    graph_node = next(n for n in result.graph["nodes"] if n["data"]["label"] == "Hook")
    return graph_node, [line for line in result.report if line.node == "Hook"], result


def test_response_node_mode_waits_for_the_respond_node() -> None:
    graph_node, lines, result = _webhook({"responseMode": "responseNode"}, RESPOND)
    assert graph_node["type"] == "trigger.webhook"
    assert graph_node["data"]["config"] == {"respond": "on_node"}
    assert [line.parameter for line in lines] == ["path"]
    respond = next(n for n in result.graph["nodes"] if n["type"] == "webhook.respond")
    assert respond["data"]["config"] == {"body": "{{ nodes.hook.output.body }}"}


def test_response_node_mode_without_a_respond_node_answers_at_once() -> None:
    graph_node, lines, _ = _webhook({"responseMode": "responseNode"})
    assert graph_node["data"]["config"] == {}
    [note] = [line for line in lines if line.parameter == "responseMode"]
    assert note.status == "approximated" and "202" in note.message


@pytest.mark.parametrize("parameters", [{}, {"responseMode": "onReceived"}])
def test_on_received_is_the_default_and_answers_at_once(parameters: dict) -> None:
    graph_node, lines, _ = _webhook(parameters, RESPOND)
    assert graph_node["data"]["config"] == {}
    assert [line.parameter for line in lines] == ["path"]


def test_last_node_mode_is_approximated_with_what_to_do() -> None:
    graph_node, lines, _ = _webhook({"responseMode": "lastNode"}, RESPOND)
    assert graph_node["data"]["config"] == {}
    [note] = [line for line in lines if line.parameter == "responseMode"]
    assert note.status == "approximated"
    assert "lastNode" in note.message and "on_node" in note.message


def test_a_respond_node_in_a_loop_body_leaves_the_webhook_answering_at_once() -> None:
    hook = node("Hook", "n8n-nodes-base.webhook", 2, {"path": "p", "responseMode": "responseNode"})
    loop = node("Loop", "n8n-nodes-base.splitInBatches", 3, {"options": {}})
    export = {
        "name": "t",
        "nodes": [hook, loop, RESPOND],
        "connections": {
            "Hook": {"main": [[{"node": "Loop", "type": "main", "index": 0}]]},
            "Loop": {"main": [[], [{"node": "Respond", "type": "main", "index": 0}]]},
            "Respond": {"main": [[{"node": "Loop", "type": "main", "index": 0}]]},
        },
    }
    result = convert(export)
    [child] = result.subworkflows
    assert [n["type"] for n in child.graph["nodes"]] == ["trigger.manual", "webhook.respond"]
    webhook = next(n for n in result.graph["nodes"] if n["type"] == "trigger.webhook")
    assert webhook["data"]["config"] == {}
    [note] = [line for line in result.report if line.parameter == "responseMode"]
    assert note.node == "Hook" and note.status == "approximated" and "sub-workflow" in note.message
