"""OpenTelemetry traces from the HTTP request through the workflow to each activity.

Off unless OTLP_ENDPOINT is set. Temporal's TracingInterceptor on the client carries the
trace into workflows and activities (workers inherit the client's interceptors).
"""

from typing import Any

from .config import Settings

_configured = False


def configure_tracing(settings: Settings, exporter: Any = None) -> bool:
    """Install a tracer provider exporting over OTLP (or to `exporter`); once per process."""
    global _configured
    if _configured:
        return True
    if exporter is None and not settings.otlp_endpoint:
        return False
    from opentelemetry import trace
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": "sluice"}))
    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(settings.otlp_endpoint)))
    else:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    _configured = True
    return True


def tracing_interceptors(settings: Settings) -> list[Any]:
    if not configure_tracing(settings):
        return []
    from temporalio.contrib.opentelemetry import TracingInterceptor

    return [TracingInterceptor()]
