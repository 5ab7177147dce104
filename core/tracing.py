"""OpenTelemetry traces from the HTTP request through the workflow to each activity.

Off unless OTLP_ENDPOINT is set. Temporal's TracingInterceptor on the client carries the
trace into workflows and activities (workers inherit the client's interceptors).
"""

import copy
from collections.abc import Sequence
from typing import Any

from .config import Settings
from .redaction import scrub_text

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

        scrubbing: Any = ScrubbingExporter(OTLPSpanExporter(settings.otlp_endpoint))
        provider.add_span_processor(BatchSpanProcessor(scrubbing))
    else:
        scrubbing = ScrubbingExporter(exporter)
        provider.add_span_processor(SimpleSpanProcessor(scrubbing))
    trace.set_tracer_provider(provider)
    _configured = True
    return True


class ScrubbingExporter:
    """Wraps a span exporter: names, attributes (`http.url`, `url.full`, `http.target`...)
    and event attributes (recorded exceptions) leave with URL and text secrets scrubbed."""

    def __init__(self, inner: Any) -> None:
        # Imported here: spans also end inside the workflow sandbox, which refuses imports.
        from opentelemetry.sdk.trace import Event
        from opentelemetry.trace import Status

        self.inner = inner
        self._event, self._status = Event, Status

    def export(self, spans: Sequence[Any]) -> Any:
        return self.inner.export([self._scrubbed(span) for span in spans])

    def _scrubbed(self, span: Any) -> Any:
        clean = copy.copy(span)
        clean._name = scrub_text(span.name)
        clean._attributes = _clean(span.attributes)
        clean._events = [
            self._event(event.name, _clean(event.attributes), event.timestamp)
            for event in span.events
        ]
        if span.status.description:
            description = scrub_text(span.status.description)
            clean._status = self._status(span.status.status_code, description)
        return clean

    def shutdown(self) -> None:
        self.inner.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return bool(self.inner.force_flush(timeout_millis))


def _clean(attributes: Any) -> dict[str, Any]:
    return {
        key: scrub_text(value) if isinstance(value, str) else value
        for key, value in (attributes or {}).items()
    }


def tracing_interceptors(settings: Settings) -> list[Any]:
    if not configure_tracing(settings):
        return []
    from temporalio.contrib.opentelemetry import TracingInterceptor

    return [TracingInterceptor()]
