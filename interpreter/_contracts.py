"""Data that crosses the workflow boundary: node types, run plans, node tasks and states.

Plain dataclasses, so the workflow sandbox imports nothing heavy and Temporal's default
converter can serialise them.
"""

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

NodeKind = Literal["inline", "activity", "timer", "approval", "child"]
"""`inline`: pure, run in the workflow; `activity`: I/O in a worker; `timer`: durable sleep."""

NodeStatus = Literal["pending", "running", "waiting", "succeeded", "failed", "skipped"]
"""`waiting`: an approval node waiting for a person."""


@dataclass(frozen=True)
class RetrySpec:
    """Retry policy of a node; mirrors `temporalio.common.RetryPolicy`."""

    max_attempts: int = 3
    """Total attempts including the first; 0 means unlimited."""
    initial_interval_seconds: float = 1.0
    backoff_coefficient: float = 2.0
    maximum_interval_seconds: float = 60.0


@dataclass(frozen=True)
class ExpressionLimits:
    """Bounds on expressions and configs; a run carries the ones it started with."""

    max_length: int = 4000
    """Characters in one `{{ }}` expression (EXPRESSION_MAX_LENGTH)."""
    max_depth: int = 32
    """Nesting of one expression's syntax tree (EXPRESSION_MAX_DEPTH)."""
    max_result_bytes: int = 1_000_000
    """JSON bytes one evaluation, or one rendered config, may build
    (EXPRESSION_MAX_RESULT_BYTES)."""
    max_config_depth: int = 32
    """Nesting of lists and objects in a node's config (CONFIG_MAX_DEPTH)."""


@dataclass(frozen=True)
class NodeType:
    """What the interpreter and the API need to know about one node type."""

    type: str
    category: str
    label: str
    description: str
    kind: NodeKind
    config_schema: dict[str, Any]
    output_schema: dict[str, Any] = field(default_factory=dict)
    input_ports: tuple[str, ...] = ("in",)
    output_ports: tuple[str, ...] = ("out",)
    credential_type: str | None = None
    retry: RetrySpec = field(default_factory=RetrySpec)
    timeout_seconds: float = 60.0
    """Start-to-close timeout of one attempt."""
    heartbeat_seconds: float | None = 10.0
    """Heartbeat timeout; activities heartbeat so cancellation reaches them."""
    waits_for_any: bool = False
    """Runs when any incoming branch was taken (merge); other nodes need all of them."""
    ports_from: str | None = None
    """JMESPath over the node's config naming more output ports (e.g. `labels`,
    `rules[*].port`), for nodes that route by configuration."""
    usage_fields: dict[str, str] = field(default_factory=dict)
    """What this node's output adds to the run's totals: total name (one of `RUN_TOTALS`)
    → dotted path in the output, e.g. `{"cost": "cost"}`; nodes that cost nothing leave it empty."""


@dataclass
class NodePlan:
    """One node of a run, with its type's defaults and the node's overrides resolved."""

    id: str
    type: str
    label: str
    kind: NodeKind
    config: dict[str, Any]
    output_ports: list[str]
    retry: RetrySpec
    timeout_seconds: float
    heartbeat_seconds: float | None
    continue_on_error: bool = False
    execution: Literal["activity", "local"] = "activity"
    waits_for_any: bool = False
    usage_fields: dict[str, str] = field(default_factory=dict)
    """The type's `usage_fields`: where its output reports what it cost."""


@dataclass
class EdgePlan:
    source: str
    source_port: str
    target: str
    target_port: str


@dataclass
class RunPlan:
    """A pinned graph version turned into what `GraphWorkflow` executes."""

    workflow_id: str
    workflow_name: str
    version: int
    nodes: list[NodePlan]
    edges: list[EdgePlan]
    max_parallel: int = 20
    workspace_id: str = ""
    """Credentials a node names are looked up in this workspace only."""
    limits: ExpressionLimits = field(default_factory=ExpressionLimits)
    """Recorded histories without it replay with the defaults."""
    inline_output_bytes: int = 0
    """JSON bytes of node outputs a run keeps inline (RUN_INLINE_OUTPUT_BYTES); past it,
    activity outputs above a small size go to the blob store. 0: no run-wide budget."""


@dataclass
class RunInput:
    plan: RunPlan
    inputs: dict[str, Any] = field(default_factory=dict)
    reuse: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Node id → `{output, port}` of a node that succeeded in the run this one retries: such
    a node is not executed again when its branch is taken."""
    origin: str = ""
    """Temporal workflow id of the first run of a retry chain (a child: its parent's origin
    and suffix): idempotency keys derive from it so a retry re-uses them. Empty: own id."""
    trigger: str = ""
    """Node id of the trigger that fired: every other trigger node is skipped. Empty: all
    triggers run (one-trigger graphs, runs recorded before it existed)."""

    def to_dict(self) -> dict[str, Any]:
        """The workflow argument (JSON-ready), compact: fields equal to their defaults are
        left out (`from_dict` restores them), which keeps the plan small in history."""
        raw = {k: v for k, v in asdict(self).items() if v or k == "plan"}
        raw["plan"] = compact_plan(raw["plan"])
        return raw

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> "RunInput":
        """Built by hand: the SDK's generic dataclass decoding costs ~3 ms per run in the
        sandbox, more than the whole interpreter."""
        plan = dict(raw["plan"])
        nodes = [_node_plan(n) for n in plan.pop("nodes")]
        edges = [EdgePlan(**{**_EDGE_DEFAULTS, **e}) for e in plan.pop("edges")]
        plan["limits"] = ExpressionLimits(**(plan.get("limits") or {}))
        return cls(
            plan=RunPlan(nodes=nodes, edges=edges, **plan),
            inputs=raw.get("inputs") or {},
            reuse=raw.get("reuse") or {},
            origin=raw.get("origin") or "",
            trigger=raw.get("trigger") or "",
        )


_NODE_DEFAULTS: dict[str, Any] = {
    "config": {},
    "output_ports": ["out"],
    "retry": asdict(RetrySpec()),
    "timeout_seconds": 60.0,
    "heartbeat_seconds": 10.0,
    "continue_on_error": False,
    "execution": "activity",
    "waits_for_any": False,
    "usage_fields": {},
}
"""What a compact node plan leaves out; `label` defaults to the node id."""
_EDGE_DEFAULTS: dict[str, Any] = {"source_port": "out", "target_port": "in"}
_PLAN_DEFAULTS: dict[str, Any] = {
    "max_parallel": 20,
    "workspace_id": "",
    "limits": asdict(ExpressionLimits()),
    "inline_output_bytes": 0,
}


def compact_plan(plan: dict[str, Any]) -> dict[str, Any]:
    """`asdict(RunPlan)` without the fields equal to their defaults."""
    nodes = []
    for node in plan["nodes"]:
        kept = {k: v for k, v in node.items() if _NODE_DEFAULTS.get(k, _MISSING) != v}
        if kept.get("label") == node["id"]:
            del kept["label"]
        nodes.append(kept)
    edges = [{k: v for k, v in e.items() if _EDGE_DEFAULTS.get(k) != v} for e in plan["edges"]]
    rest = {k: v for k, v in plan.items() if _PLAN_DEFAULTS.get(k, _MISSING) != v}
    return {**rest, "nodes": nodes, "edges": edges}


_MISSING = object()


def _node_plan(raw: dict[str, Any]) -> NodePlan:
    values = {**_NODE_DEFAULTS, "label": raw["id"], **raw}
    return NodePlan(
        **{
            **values,
            "retry": RetrySpec(**values["retry"]),
            "config": dict(values["config"]),
            "output_ports": list(values["output_ports"]),
            "usage_fields": dict(values["usage_fields"]),
        }
    )


@dataclass
class NodeTask:
    """The argument of every node activity: resolved config, never a secret."""

    run_id: str
    node_id: str
    node_type: str
    config: dict[str, Any]
    idempotency_key: str
    """Same for every attempt of this node in this run; side-effecting nodes send it."""
    workspace_id: str = ""
    inline_limit: int | None = None
    """JSON bytes above which the output goes to the blob store, when the run's inline
    outputs near their budget (RUN_INLINE_OUTPUT_BYTES); None: the worker's own limit."""


@dataclass
class NodeOutcome:
    """What a node activity returns."""

    output: Any
    attempt: int
    port: str = "out"


@dataclass
class NodeState:
    """Live state of one node, as the `node_states` query and the run result report it."""

    status: NodeStatus = "pending"
    attempt: int = 0
    started_at: str | None = None
    finished_at: str | None = None
    output: Any = None
    error: str | None = None
    port: str | None = None


RUN_TOTALS = ("input_tokens", "output_tokens", "cost")
"""The totals every run result reports, summed over its nodes' `usage_fields`."""


@dataclass
class RunResult:
    output: dict[str, Any]
    """Outputs of the sink nodes (no outgoing edges) that succeeded, by node id."""
    nodes: dict[str, NodeState]
    totals: dict[str, float] = field(default_factory=dict)
    """Summed `usage` tokens and `cost` of nodes that report them (LLM nodes)."""

    outputs_inline: bool = True
    """Whether `nodes` carry their outputs; results since "outputs-by-reference" do not (the
    API reads them with the `node_states` query)."""
    output_bytes: dict[str, int] | None = None
    """JSON size of each succeeded node's output, in results without outputs that carry it
    (GraphWorkflowV2's); None: measure the outputs themselves."""
    answers: dict[str, Any] = field(default_factory=dict)
    """Outputs of the webhook.respond nodes that succeeded, by node id: the webhook's answer
    without a query (results without outputs leave the others to it)."""

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> "RunResult":
        """Reads both shapes: node states with outputs inline (older runs) or without."""
        nodes = {k: NodeState(**v) for k, v in raw["nodes"].items()}
        inline = all("output" in v for v in raw["nodes"].values())
        totals = raw.get("totals") or {}
        return cls(
            output=raw["output"],
            nodes=nodes,
            totals=totals,
            outputs_inline=inline,
            output_bytes=raw.get("output_bytes"),
            answers=raw.get("answers") or {},
        )
