"""GraphWorkflow on Temporal: independent branches run at the same time, up to max_parallel."""

from tests.utils.graphs import edge, node, run_graph
from tests.utils.http_server import Reply
from tests.utils.runs import NO_RETRY, interval


def fan_out(urls: dict[str, str]) -> dict:
    """start → one http node per url, side by side."""
    return {
        "nodes": [node("start", "trigger.manual")]
        + [node(n, "http.request", {"url": u}, retry=NO_RETRY) for n, u in urls.items()],
        "edges": [edge("start", n) for n in urls],
    }


async def test_parallel_branches_are_in_flight_together(client, settings, worker, http_server):
    # Each call is answered only once both are in flight (504 otherwise): proof of overlap.
    urls = {n: http_server.script(f"/{n}", Reply(barrier=2, json={"branch": n})) for n in "ab"}
    result = await run_graph(client, settings, fan_out(urls))

    assert {n: out["body"] for n, out in result.output.items()} == {
        "a": {"branch": "a"},
        "b": {"branch": "b"},
    }
    assert http_server.max_in_flight == 2
    (a_start, a_end), (b_start, b_end) = interval(result.nodes["a"]), interval(result.nodes["b"])
    assert max(a_start, b_start) < min(a_end, b_end)


async def test_parallel_delays_overlap(client, settings, worker):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("slow", "util.delay", {"seconds": 0.5}),
            node("slower", "util.delay", {"seconds": 0.7}),
            node("join", "logic.merge"),
        ],
        "edges": [
            edge("start", "slow"),
            edge("start", "slower"),
            edge("slow", "join"),
            edge("slower", "join"),
        ],
    }
    result = await run_graph(client, settings, graph)

    (a_start, a_end), (b_start, b_end) = (
        interval(result.nodes["slow"]),
        interval(result.nodes["slower"]),
    )
    assert max(a_start, b_start) < min(a_end, b_end)
    assert a_end <= b_end
    assert result.output == {"join": {"slow": {}, "slower": {}}}


async def test_max_parallel_one_runs_branches_one_at_a_time(client, settings, worker, http_server):
    urls = {n: http_server.script(f"/{n}", Reply(delay=0.2, json={"n": n})) for n in "abc"}
    result = await run_graph(
        client, settings.model_copy(update={"max_parallel_nodes": 1}), fan_out(urls)
    )

    assert [result.nodes[n].status for n in "abc"] == ["succeeded"] * 3
    assert http_server.max_in_flight == 1
    spans = sorted(interval(result.nodes[n]) for n in "abc")
    assert all(
        end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:], strict=False)
    )
    calls = http_server.requests()
    assert all(
        c.finished is not None and c.finished <= d.started
        for c, d in zip(calls, calls[1:], strict=False)
    )


async def test_max_parallel_allows_exactly_its_limit(client, settings, worker, http_server):
    urls = {n: http_server.script(f"/{n}", Reply(barrier=2, delay=0.2, json={})) for n in "abcd"}
    result = await run_graph(
        client, settings.model_copy(update={"max_parallel_nodes": 2}), fan_out(urls)
    )

    assert [result.nodes[n].status for n in "abcd"] == ["succeeded"] * 4
    assert http_server.max_in_flight == 2
