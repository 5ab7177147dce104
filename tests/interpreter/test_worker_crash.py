"""Durability: SIGKILL the worker process that runs a node; another process finishes the run."""

import asyncio
import uuid

from interpreter import RunResult
from tests.utils.graphs import chain, node, start_graph
from tests.utils.http_server import Reply
from tests.utils.runs import FAST_RETRY
from tests.utils.worker_processes import WorkerProcess


def token(i: int) -> str:
    """The expression reading step i's token."""
    return f"nodes.s{i}.output.body.token"


TOKENS = "{{ [" + ", ".join(token(i) for i in range(1, 5)) + "] }}"


def step(i: int, url: str) -> dict:
    # 3 s per attempt: the killed attempt times out soon, a normal step takes ~0.1 s.
    return node(f"s{i}", "http.request", {"url": url}, timeout_seconds=3, retry=FAST_RETRY)


async def test_run_survives_kill_9_of_its_worker(client, settings, http_server, tmp_path):
    queue_settings = settings.model_copy(
        update={"temporal_task_queue": f"crash-{uuid.uuid4().hex[:8]}"}
    )
    http_server.script("/s1", Reply(delay=0.1, json={"token": "t1"}))
    http_server.script("/s2", Reply(hold=True), Reply(delay=0.1, json={"token": "t2"}))
    http_server.script("/s3", Reply(delay=0.1, json={"token": "t3"}))
    http_server.script("/s4", Reply(delay=0.1, json={"token": "t4"}))
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            step(1, http_server.url("/s1")),
            *(
                step(i, http_server.url(f"/s{i}") + "?after={{ " + token(i - 1) + " }}")
                for i in (2, 3, 4)
            ),
            node("collect", "transform.set", {"fields": {"tokens": TOKENS}}),
        ],
        "edges": chain("start", "s1", "s2", "s3", "s4", "collect"),
    }
    workers = [WorkerProcess(queue_settings, tmp_path / f"worker-{i}.log") for i in range(2)]
    try:
        await asyncio.gather(*(w.ready() for w in workers))
        handle = await start_graph(client, queue_settings, graph)
        held = await http_server.wait_for("/s2")
        [victim] = [w for w in workers if w.owns_local_port(held.client_port)]
        [survivor] = [w for w in workers if w is not victim]
        victim.kill()

        assert victim.process.returncode == -9
        assert (await http_server.wait_for("/s2", disconnected=True)).disconnected
        result = RunResult.from_dict(await asyncio.wait_for(handle.result(), timeout=45))
        assert survivor.process.poll() is None
    finally:
        for w in workers:
            w.stop()

    assert result.output == {"collect": {"tokens": ["t1", "t2", "t3", "t4"]}}
    assert {n: result.nodes[n].attempt for n in ("s1", "s2", "s3", "s4")} == {
        "s1": 1,
        "s2": 2,
        "s3": 1,
        "s4": 1,
    }
    calls = {p: http_server.requests(p) for p in ("/s1", "/s2", "/s3", "/s4")}
    assert {p: len(c) for p, c in calls.items()} == {"/s1": 1, "/s2": 2, "/s3": 1, "/s4": 1}
    assert [c.query for c in calls["/s2"]] == [{"after": ["t1"]}] * 2
    assert calls["/s4"][0].query == {"after": ["t3"]}
