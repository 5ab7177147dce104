"""The graph shapes whose recorded histories `test_replay.py` replays.

Each shape scripts the HTTP peer it calls, so re-recording gives the same command sequence.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from tests.utils.graphs import chain, edge, node
from tests.utils.http_server import Reply, ScriptedServer
from tests.utils.runs import FAST_RETRY

Outcome = Literal["completed", "failed", "cancelled"]


@dataclass
class Shape:
    graph: dict
    inputs: dict = field(default_factory=dict)
    outcome: Outcome = "completed"
    cancel_when_running: str | None = None
    """Cancel the run once this node is running."""


def shape(name: str, server: ScriptedServer) -> Shape:
    """The shape recorded as `histories/<name>.json`, scripting `server` for it."""
    return SHAPES[name](server)


def _linear(server: ScriptedServer) -> Shape:
    url = server.script("/linear", Reply(json={"items": [{"id": 1}, {"id": 2}]}))
    return Shape(
        {
            "nodes": [
                node("start", "trigger.manual"),
                node("fetch", "http.request", {"url": url, "query": {"q": "{{ inputs.q }}"}}),
                node(
                    "ids",
                    "transform.set",
                    {"fields": {"ids": "{{ nodes.fetch.output.body.items[*].id }}"}},
                ),
                node("done", "util.noop", {"value": "{{ nodes.ids.output }}"}),
            ],
            "edges": chain("start", "fetch", "ids", "done"),
        },
        {"q": "x"},
    )


def _parallel(server: ScriptedServer) -> Shape:
    nodes = [node("start", "trigger.manual"), node("join", "logic.merge")]
    edges = []
    for name in ("a", "b", "c"):
        url = server.script(f"/parallel/{name}", Reply(json={"branch": name}))
        nodes.append(node(name, "http.request", {"url": url}))
        edges += [edge("start", name), edge(name, "join")]
    return Shape({"nodes": nodes, "edges": edges})


def _branch_skip(_: ScriptedServer) -> Shape:
    return Shape(
        {
            "nodes": [
                node("start", "trigger.manual"),
                node("check", "logic.condition", {"expression": "inputs.n > `10`"}),
                node("big", "util.noop", {"value": "big"}),
                node("small1", "util.noop", {"value": "small"}),
                node("small2", "util.noop", {"value": "{{ nodes.small1.output }}"}),
            ],
            "edges": [
                edge("start", "check"),
                edge("check", "big", "true"),
                edge("check", "small1", "false"),
                edge("small1", "small2"),
            ],
        },
        {"n": 42},
    )


def _merge(_: ScriptedServer) -> Shape:
    return Shape(
        {
            "nodes": [
                node("start", "trigger.manual"),
                node("check", "logic.condition", {"expression": "inputs.vip"}),
                node("vip", "util.noop", {"value": {"discount": 20}}),
                node("regular", "util.noop", {"value": {"discount": 0}}),
                node("join", "logic.merge"),
                node("after", "util.noop", {"value": "{{ nodes.join.output }}"}),
            ],
            "edges": [
                edge("start", "check"),
                edge("check", "vip", "true"),
                edge("check", "regular", "false"),
                edge("vip", "join"),
                edge("regular", "join"),
                edge("join", "after"),
            ],
        },
        {"vip": False},
    )


def _continue_on_error(server: ScriptedServer) -> Shape:
    url = server.script("/coe", Reply(503), Reply(404, text="gone"))
    return Shape(
        {
            "nodes": [
                node("start", "trigger.manual"),
                node(
                    "fetch", "http.request", {"url": url}, continue_on_error=True, retry=FAST_RETRY
                ),
                node("use", "util.noop", {"value": "{{ nodes.fetch.output }}"}),
                node("report", "util.noop", {"value": "{{ nodes.fetch.output.error }}"}),
            ],
            "edges": [
                edge("start", "fetch"),
                edge("fetch", "use"),
                edge("fetch", "report", "error"),
            ],
        }
    )


def _failed(server: ScriptedServer) -> Shape:
    bad = server.script("/failed/bad", Reply(503), Reply(404, barrier=2, text="gone"))
    slow = server.script("/failed/slow", Reply(hold=True, json={}))
    return Shape(
        {
            "nodes": [
                node("start", "trigger.manual"),
                node("bad", "http.request", {"url": bad}, retry=FAST_RETRY),
                node("slow", "http.request", {"url": slow}),
                node("after", "util.noop"),
            ],
            "edges": [edge("start", "bad"), edge("start", "slow"), edge("bad", "after")],
        },
        outcome="failed",
    )


def _timer_and_local(_: ScriptedServer) -> Shape:
    return Shape(
        {
            "nodes": [
                node("start", "trigger.manual"),
                node("wait", "util.delay", {"seconds": "{{ inputs.seconds }}"}),
                node("local", "util.noop", {"value": "local"}, execution="local"),
            ],
            "edges": chain("start", "wait", "local"),
        },
        {"seconds": 0.2},
    )


def _cancelled(_: ScriptedServer) -> Shape:
    return Shape(
        {
            "nodes": [
                node("start", "trigger.manual"),
                node("first", "util.noop"),
                node("wait", "util.delay", {"seconds": 60}),
                node("never", "util.noop"),
            ],
            "edges": chain("start", "first", "wait", "never"),
        },
        outcome="cancelled",
        cancel_when_running="wait",
    )


def _retry_keys(server: ScriptedServer) -> Shape:
    """Recorded after the `retry-keys` patch: its history holds the patch marker."""
    url = server.script("/retry_keys", Reply(json={"ok": True}))
    return Shape(
        {
            "nodes": [
                node("start", "trigger.manual"),
                node("post", "http.request", {"method": "POST", "url": url, "body": {"n": 1}}),
            ],
            "edges": chain("start", "post"),
        }
    )


SHAPES: dict[str, Callable[[ScriptedServer], Shape]] = {
    "linear": _linear,
    "parallel": _parallel,
    "branch_skip": _branch_skip,
    "merge": _merge,
    "continue_on_error": _continue_on_error,
    "failed": _failed,
    "timer_and_local": _timer_and_local,
    "cancelled": _cancelled,
    "retry_keys": _retry_keys,
}
"""Every recorded shape by name (the history file's stem)."""
