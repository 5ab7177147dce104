"""Connecting to Temporal, and the search attributes that make runs easy to find."""

from temporalio.client import Client
from temporalio.common import SearchAttributeKey
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

from .codec import data_converter
from .config import Settings
from .tracing import tracing_interceptors

WORKFLOW_ID_KEY = SearchAttributeKey.for_keyword("SluiceWorkflowId")
WORKFLOW_NAME_KEY = SearchAttributeKey.for_keyword("SluiceWorkflowName")
VERSION_KEY = SearchAttributeKey.for_int("SluiceVersion")
WORKSPACE_ID_KEY = SearchAttributeKey.for_keyword("SluiceWorkspaceId")

SEARCH_ATTRIBUTES = {
    "SluiceWorkspaceId": "Keyword",
    "SluiceWorkflowId": "Keyword",
    "SluiceWorkflowName": "Keyword",
    "SluiceVersion": "Int",
}
"""Registered on every dev server (`--search-attribute NAME=TYPE`)."""


async def connect(
    settings: Settings, *, lazy: bool = False, runtime: Runtime | None = None
) -> Client:
    """A Temporal client for the configured address and namespace, encrypting payloads."""
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=data_converter(settings),
        lazy=lazy,
        runtime=runtime,
        interceptors=tracing_interceptors(settings),
    )


def sdk_runtime(settings: Settings) -> Runtime | None:
    """A runtime exporting the Temporal SDK's own metrics to Prometheus, if enabled."""
    if not (settings.metrics_enabled and settings.worker_sdk_metrics_port):
        return None
    address = f"0.0.0.0:{settings.worker_sdk_metrics_port}"
    return Runtime(telemetry=TelemetryConfig(metrics=PrometheusConfig(bind_address=address)))
