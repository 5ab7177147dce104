"""GraphWorkflow on Temporal: a linear graph, and data passed between nodes by expressions."""

from tests.utils.graphs import chain, node, run_graph
from tests.utils.http_server import Reply
from tests.utils.runs import interval


async def test_linear_graph_runs_each_node_once_in_order(client, settings, worker, http_server):
    url = http_server.script("/orders", Reply(json={"orders": [{"id": "o-1", "total": 12.5}]}))
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("fetch", "http.request", {"url": url}),
            node(
                "pick",
                "transform.set",
                {"fields": {"first": "{{ nodes.fetch.output.body.orders[0] }}"}},
            ),
            node("done", "util.noop", {"value": "{{ nodes.pick.output.first.total }}"}),
        ],
        "edges": chain("start", "fetch", "pick", "done"),
    }
    result = await run_graph(client, settings, graph, {"who": "test"})

    assert result.output == {"done": 12.5}
    assert [s.status for s in result.nodes.values()] == ["succeeded"] * 4
    assert result.nodes["start"].output == {"who": "test"}
    assert result.nodes["fetch"].output["status"] == 200
    assert result.nodes["pick"].output == {"first": {"id": "o-1", "total": 12.5}}
    assert all(s.attempt == 1 and s.port == "out" for s in result.nodes.values())
    assert len(http_server.requests("/orders")) == 1
    assert interval(result.nodes["fetch"])[1] <= interval(result.nodes["done"])[0]


async def test_expressions_pass_typed_data_across_nodes(client, settings, worker, http_server):
    http_server.script("/customers/c-7", Reply(json={"id": "c-7", "tier": "gold", "limit": 250}))
    orders = http_server.script("/orders", Reply(echo=True))
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node(
                "customer",
                "http.request",
                {"url": http_server.url("/customers/{{ inputs.customer }}")},
            ),
            node(
                "order",
                "http.request",
                {
                    "method": "POST",
                    "url": orders,
                    "query": {"tier": "{{ nodes.customer.output.body.tier }}"},
                    "headers": {"X-Customer": "{{ nodes.customer.output.body.id }}"},
                    "json": {
                        "limit": "{{ nodes.customer.output.body.limit }}",
                        "items": "{{ inputs.items }}",
                        "note": "for {{ inputs.customer }} ({{ inputs.items[0].qty }} first)",
                    },
                },
            ),
            node(
                "summary",
                "transform.set",
                {"fields": {"sent": "{{ nodes.order.output.body.body }}"}},
            ),
        ],
        "edges": chain("start", "customer", "order", "summary"),
    }
    items = [{"sku": "A", "qty": 2}, {"sku": "B", "qty": 1}]
    result = await run_graph(client, settings, graph, {"customer": "c-7", "items": items})

    [call] = http_server.requests("/orders")
    assert call.method == "POST"
    assert call.query == {"tier": ["gold"]}
    assert call.headers["x-customer"] == "c-7"
    expected = {"limit": 250, "items": items, "note": "for c-7 (2 first)"}
    assert call.json() == expected
    assert result.nodes["order"].output["body"]["method"] == "POST"
    assert result.output["summary"]["sent"] == call.body.decode()
