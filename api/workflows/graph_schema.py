"""The graph's wire shape (React Flow's), checked by pydantic before semantic validation."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    # The editor may store its own fields (width, selected, style...): keep them.
    model_config = ConfigDict(extra="allow")


class Position(_Open):
    x: float = 0
    y: float = 0


class RetryOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_attempts: int | None = Field(default=None, ge=0, le=1000)
    initial_interval_seconds: float | None = Field(default=None, gt=0)
    backoff_coefficient: float | None = Field(default=None, ge=1)
    maximum_interval_seconds: float | None = Field(default=None, gt=0)


class NodeData(_Open):
    label: str | None = Field(default=None, max_length=200)
    config: dict[str, Any] = {}
    continue_on_error: bool | None = None
    execution: Literal["activity", "local"] | None = None
    timeout_seconds: float | None = Field(default=None, gt=0, le=86400)
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
