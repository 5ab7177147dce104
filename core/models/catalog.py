"""Public shapes of the node-type and credential-type catalogs."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class RetryDefaults(BaseModel):
    max_attempts: int
    initial_interval_seconds: float
    backoff_coefficient: float
    maximum_interval_seconds: float


class NodeDefaults(BaseModel):
    retry: RetryDefaults
    timeout_seconds: float
    heartbeat_seconds: float | None


class NodeTypePublic(BaseModel):
    type: str
    category: str
    label: str
    description: str
    kind: Literal["inline", "activity", "timer", "approval", "child"]
    """`inline` (runs in the workflow), `activity`, `timer`, `approval` or `child` (runs
    another workflow)."""
    config_schema: dict[str, Any]
    output_schema: dict[str, Any]
    credential_type: str | None
    input_ports: list[str]
    output_ports: list[str]
    ports_from: str | None
    """JMESPath over the node's config naming more output ports."""
    defaults: NodeDefaults


class CredentialTypePublic(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    type: str
    label: str
    kind: str
    """Which nodes accept it (their `credential_type`)."""
    schema_: dict[str, Any] = Field(alias="schema")
    secret_fields: list[str]
