from tests.utils.graphs import chain, node, run_graph


async def test_linear_graph_passes_data(client, settings, worker):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("a", "util.noop", {"value": {"n": "{{ inputs.n }}"}}),
            node("b", "transform.set", {"fields": {"double": "{{ nodes.a.output.n }}x2"}}),
        ],
        "edges": chain("start", "a", "b"),
    }
    result = await run_graph(client, settings, graph, {"n": 21})
    assert result.output == {"b": {"double": "21x2"}}
    assert result.nodes["a"].status == "succeeded"
    assert result.nodes["a"].output == {"n": 21}
