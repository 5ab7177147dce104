"""The graph's wire shape (React Flow's), checked by pydantic before semantic validation.

Per-node option bounds are read from the interpreter's declaration (`NODE_OPTIONS_SCHEMA`),
so the request schema and GraphWorkflow's validation cannot drift apart.
"""

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from core.models import WorkflowBase
from interpreter import EXECUTION_MODES, NODE_OPTIONS_SCHEMA

_BOUNDS = {
    "minimum": "ge",
    "maximum": "le",
    "exclusiveMinimum": "gt",
    "exclusiveMaximum": "lt",
    "maxLength": "max_length",
}
_OPTIONS = NODE_OPTIONS_SCHEMA["properties"]
_RETRY = _OPTIONS["retry"]["properties"]

ExecutionMode = Literal["activity", "local"]
assert get_args(ExecutionMode) == EXECUTION_MODES  # a Literal cannot be built from a tuple


def _option(schema: dict[str, Any]) -> Any:
    """An optional field whose bounds are the declaration's."""
    return Field(default=None, **{_BOUNDS[k]: v for k, v in schema.items() if k in _BOUNDS})


class _Open(BaseModel):
    # The editor may store its own fields (width, selected, style...): keep them.
    model_config = ConfigDict(extra="allow")


class Position(_Open):
    x: float = 0
    y: float = 0


class RetryOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_attempts: int | None = _option(_RETRY["max_attempts"])
    initial_interval_seconds: float | None = _option(_RETRY["initial_interval_seconds"])
    backoff_coefficient: float | None = _option(_RETRY["backoff_coefficient"])
    maximum_interval_seconds: float | None = _option(_RETRY["maximum_interval_seconds"])


class NodeData(_Open):
    label: str | None = _option(_OPTIONS["label"])
    config: dict[str, Any] = {}
    continue_on_error: bool | None = None
    execution: ExecutionMode | None = None
    timeout_seconds: float | None = _option(_OPTIONS["timeout_seconds"])
    retry: RetryOptions | None = None


class GraphNode(_Open):
    id: str = Field(min_length=1, max_length=64)
    type: str = Field(min_length=1, max_length=100)
    position: Position = Position()
    data: NodeData = NodeData()


class GraphEdge(_Open):
    id: str | None = None
    source: str
    target: str
    sourceHandle: str | None = None  # noqa: N815 - React Flow's name
    targetHandle: str | None = None  # noqa: N815


class Graph(_Open):
    nodes: list[GraphNode]
    edges: list[GraphEdge] = []

    def as_stored(self) -> dict[str, Any]:
        """The JSON kept in the database: what the editor sent, minus unset options."""
        return self.model_dump(mode="json", exclude_none=True)


class WorkflowCreate(WorkflowBase):
    graph: Graph


class WorkflowUpdate(WorkflowBase):
    """A PUT saves a new immutable version; runs in flight keep theirs."""

    graph: Graph


class GraphCheck(_Open):
    """`POST /api/workflows/validate`: a graph to check; a name and description are ignored."""

    graph: Graph
