"""Connecting to Temporal, and the search attributes that make runs easy to find."""

from pathlib import Path

from temporalio.client import Client, WorkflowExecutionDescription
from temporalio.common import SearchAttributeKey
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig
from temporalio.service import TLSConfig

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


def build_id_of(description: WorkflowExecutionDescription) -> str | None:
    """Build id of the worker deployment version the run is pinned to (or last ran on);
    None for an unversioned run or one no worker has picked up yet."""
    info = description.raw_description.workflow_execution_info.versioning_info
    return info.deployment_version.build_id or None


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
        tls=tls_config(settings),
        api_key=settings.temporal_api_key,
    )


def tls_config(settings: Settings) -> TLSConfig | bool:
    """mTLS (client certificate), server-verified TLS, or plain (the dev server)."""
    wanted = settings.temporal_tls or settings.temporal_tls_cert or settings.temporal_api_key
    if not wanted:
        return False
    return TLSConfig(
        client_cert=_read(settings.temporal_tls_cert),
        client_private_key=_read(settings.temporal_tls_key),
        server_root_ca_cert=_read(settings.temporal_tls_ca),
        domain=settings.temporal_tls_server_name,
    )


def _read(path: Path | None) -> bytes | None:
    return path.read_bytes() if path else None


def sdk_runtime(settings: Settings) -> Runtime | None:
    """A runtime exporting the Temporal SDK's own metrics to Prometheus, if enabled."""
    if not (settings.metrics_enabled and settings.worker_sdk_metrics_port):
        return None
    address = f"0.0.0.0:{settings.worker_sdk_metrics_port}"
    return Runtime(telemetry=TelemetryConfig(metrics=PrometheusConfig(bind_address=address)))
