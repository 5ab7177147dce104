"""Capture the spans this process finishes, whichever test installed tracing first."""

from opentelemetry import trace
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from core.config import Settings
from core.tracing import ScrubbingExporter, configure_tracing


def capture_spans(settings: Settings) -> InMemorySpanExporter:
    """An exporter fed (scrubbed, as in production) every span finished from now on.

    Tracing is installed once per process, so a later test adds its own processor to the
    provider instead of installing another one.
    """
    exporter = InMemorySpanExporter()
    assert configure_tracing(settings, exporter=InMemorySpanExporter())
    provider = trace.get_tracer_provider()
    provider.add_span_processor(SimpleSpanProcessor(ScrubbingExporter(exporter)))  # type: ignore[attr-defined]
    return exporter
