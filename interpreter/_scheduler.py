"""Which nodes of a run may start, and which are skipped: pure DAG bookkeeping."""

from ._contracts import EdgePlan, NodePlan, RunPlan


class Scheduler:
    """Tracks finished nodes and answers which ones are ready, in graph order."""

    def __init__(self, plan: RunPlan) -> None:
        self.nodes: dict[str, NodePlan] = {n.id: n for n in plan.nodes}
        self._incoming: dict[str, list[EdgePlan]] = {n.id: [] for n in plan.nodes}
        self.outgoing: dict[str, list[EdgePlan]] = {n.id: [] for n in plan.nodes}
        for edge in plan.edges:
            self._incoming[edge.target].append(edge)
            self.outgoing[edge.source].append(edge)
        self._emitted: dict[str, str | None] = {}
        """Finished nodes: the port each emitted, or None when skipped."""
        self._started: set[str] = set()

    def finish(self, node_id: str, port: str | None) -> None:
        """Record a node as done, emitting `port` (None: skipped or no output)."""
        self._emitted[node_id] = port

    def start(self, node_id: str) -> None:
        self._started.add(node_id)

    @property
    def done(self) -> bool:
        return len(self._emitted) == len(self.nodes)

    def ready(self) -> list[NodePlan]:
        """Nodes not started whose every upstream node has finished."""
        return [
            node
            for node_id, node in self.nodes.items()
            if node_id not in self._started
            and all(e.source in self._emitted for e in self._incoming[node_id])
        ]

    def taken(self, node_id: str) -> bool:
        """Whether a ready node runs (its branches were taken) or is skipped."""
        incoming = self._incoming[node_id]
        if not incoming:
            return True
        active = [self._emitted[e.source] == e.source_port for e in incoming]
        return any(active) if self.nodes[node_id].waits_for_any else all(active)

    def active_inputs(self, node_id: str) -> dict[str, list[str]]:
        """Input port → upstream nodes whose taken edges lead into it."""
        inputs: dict[str, list[str]] = {}
        for e in self._incoming[node_id]:
            if self._emitted.get(e.source) == e.source_port:
                inputs.setdefault(e.target_port, []).append(e.source)
        return inputs

    def sinks(self) -> list[str]:
        return [node_id for node_id, edges in self.outgoing.items() if not edges]
