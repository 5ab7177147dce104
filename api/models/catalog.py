"""Public shapes of the node-type and credential-type catalogs."""

from typing import Any

from pydantic import BaseModel


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
    kind: str
    """`inline` (runs in the workflow), `activity`, `timer` or `approval`."""
    config_schema: dict[str, Any]
    output_schema: dict[str, Any]
    credential_type: str | None
    input_ports: list[str]
    output_ports: list[str]
    ports_from: str | None
    """JMESPath over the node's config naming more output ports."""
    defaults: NodeDefaults


class CredentialTypePublic(BaseModel):
    type: str
    label: str
    kind: str
    schema_: dict[str, Any]
    secret_fields: list[str]

    model_config = {"populate_by_name": True}
