"""Secrets out of logs and spans: in exception messages, tracebacks and URL query strings."""

import json
import logging

import pytest
import structlog
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from api.main import create_app
from core.logging import configure_logging
from core.redaction import scrub_text
from core.tracing import ScrubbingExporter
from tests.utils.accounts import sign_up
from tests.utils.asgi import serve
from tests.utils.spans import capture_spans

SECRET = "sk-live-0123456789abcdef"


def read_lines(capsys) -> list[dict]:
    """What configure_logging's handler wrote, as JSON lines; removes the handler."""
    logging.getLogger().handlers = []
    return [json.loads(line) for line in capsys.readouterr().err.strip().splitlines()]


def test_a_secret_in_an_exception_and_its_traceback_is_redacted(capsys):
    configure_logging(fmt="json", level="INFO")

    def connect(password: str) -> None:
        raise ConnectionError(f"postgresql://app:{password}@db:5432/x refused; password={password}")

    try:
        connect(SECRET)
    except ConnectionError:
        structlog.get_logger("test").exception("database down")
        logging.getLogger("stdlib").exception("database down (stdlib)")
    lines = read_lines(capsys)
    assert [line["event"] for line in lines] == ["database down", "database down (stdlib)"]
    for line in lines:
        assert "ConnectionError" in line["exception"] and "Traceback" in line["exception"]
        assert "app:[redacted]@db" in line["exception"]
    assert SECRET not in json.dumps(lines)


def test_url_query_secrets_are_redacted_in_log_lines(capsys):
    configure_logging(fmt="json", level="INFO")
    # A stdlib logger of its own: uvicorn servers started by other tests set uvicorn's levels.
    logging.getLogger("test.access").info(
        '%s - "%s %s HTTP/1.1" %d', "127.0.0.1", "GET", f"/api/x?token={SECRET}&page=2", 200
    )
    structlog.get_logger("test").info(
        "fetched", url=f"https://s3.example/o?X-Amz-Signature={SECRET}&X-Amz-Date=20260101"
    )
    lines = read_lines(capsys)
    assert "token=[redacted]&page=2" in lines[0]["event"]
    assert lines[1]["url"] == "https://s3.example/o?X-Amz-Signature=[redacted]&X-Amz-Date=20260101"
    assert SECRET not in json.dumps(lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GET https://x/?api_key=abc123&q=1", "GET https://x/?api_key=[redacted]&q=1"),
        (
            "https://x/p?sig=AbC%2F&key=zz;access_token=t",
            "https://x/p?sig=[redacted]&key=[redacted];access_token=[redacted]",
        ),
        (
            "https://x/?signature=s&Password=p#frag",
            "https://x/?signature=[redacted]&Password=[redacted]#frag",
        ),
        ("smtp://mailer:hunter22@mail:587", "smtp://mailer:[redacted]@mail:587"),
        (
            "host=db user=app password=hunter22 dbname=x",
            "host=db user=app password=[redacted] dbname=x",
        ),
        ("Authorization: Bearer abcdefghijkl", "Authorization: Bearer [redacted]"),
        ("https://x/?page=2&sort=name", "https://x/?page=2&sort=name"),
    ],
)
def test_scrub_text(text, expected):
    assert scrub_text(text) == expected


def test_span_attributes_events_and_status_are_scrubbed():
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(ScrubbingExporter(exporter)))
    tracer = provider.get_tracer("test")
    with tracer.start_as_current_span("GET /o?token=" + SECRET) as span:
        span.set_attribute("http.url", f"https://x/o?api_key={SECRET}")
        span.set_attribute("url.full", f"https://x/o?access_token={SECRET}&a=1")
        span.set_attribute("http.target", f"/o?sig={SECRET}")
        span.set_attribute("http.status_code", 500)
        span.record_exception(RuntimeError(f"GET https://x/o?key={SECRET} failed"))
        span.set_status(trace.Status(trace.StatusCode.ERROR, f"password={SECRET}"))
    (finished,) = exporter.get_finished_spans()
    assert finished.attributes["url.full"] == "https://x/o?access_token=[redacted]&a=1"
    assert finished.attributes["http.status_code"] == 500
    dumped = finished.to_json()
    assert SECRET not in dumped and "[redacted]" in dumped


async def test_the_request_span_carries_the_route_and_a_scrubbed_query(settings):
    exporter = capture_spans(settings)
    quiet = settings.model_copy(update={"run_recorder_interval_seconds": 0})
    async with serve(create_app(quiet)) as http:
        http.headers.update(await sign_up(http))
        response = await http.get("/api/workflows", params={"limit": 5, "access_token": SECRET})
        assert response.status_code in (200, 422), response.text
    spans = [s for s in exporter.get_finished_spans() if s.name == "GET /api/workflows"]
    assert spans, [s.name for s in exporter.get_finished_spans()]
    target = spans[-1].attributes["http.target"]
    assert target.startswith("/api/workflows?") and "access_token=[redacted]" in target
    assert "limit=5" in target
    assert SECRET not in json.dumps([s.to_json() for s in exporter.get_finished_spans()])
