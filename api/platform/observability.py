"""Request metrics and spans for the API, and its Prometheus endpoint on API_METRICS_PORT.

The public port answers 404 on `/metrics`: what it shows (routes, volumes, workflow names)
is for the operators' scraper, which reaches the metrics port on the internal network.
"""

import logging
import time
from contextlib import nullcontext
from typing import Any
from wsgiref.simple_server import WSGIServer

from fastapi import APIRouter, HTTPException
from prometheus_client import start_http_server
from sqlalchemy import Engine, func
from sqlmodel import Session, select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.config import Settings
from core.metrics import APPROVALS_PENDING, HTTP_LATENCY, HTTP_REQUESTS
from core.models import Approval
from core.redaction import scrub_text

router = APIRouter()
log = logging.getLogger("sluice.api")


class RequestMetrics:
    """Counts and times every HTTP request by route template; one span each when tracing."""

    def __init__(self, app: ASGIApp, tracing: bool, api: Any) -> None:
        self.app = app
        self.api = api
        self._templates: dict[str, str] | None = None
        self.tracer: Any = None
        if tracing:
            from opentelemetry import trace

            self.tracer = trace.get_tracer("sluice.api")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/metrics":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        named = f"{scope['method']} {scope['path']}"
        spans: Any = self.tracer.start_as_current_span(named) if self.tracer else nullcontext()
        with spans as span:
            try:
                await self.app(scope, receive, send_status)
            finally:
                route = self._template(scope)
                HTTP_REQUESTS.labels(scope["method"], route, str(status)).inc()
                HTTP_LATENCY.labels(scope["method"], route).observe(time.perf_counter() - started)
                if span is not None:
                    span.update_name(f"{scope['method']} {route}")
                    span.set_attribute("http.status_code", status)
                    span.set_attribute("http.request.method", scope["method"])
                    span.set_attribute("http.route", route)
                    # The template, not the raw path (webhook tokens); query secrets scrubbed.
                    query = scope.get("query_string", b"").decode("latin-1")
                    target = route + scrub_text(f"?{query}" if query else "")
                    span.set_attribute("http.target", target)

    def _template(self, scope: Scope) -> str:
        """The route's full path template (`/api/runs/{run_id}`), never the raw path."""
        if self._templates is None:
            paths = self.api.openapi()["paths"]
            self._templates = {
                op["operationId"]: path for path, ops in paths.items() for op in ops.values()
            }
        operation = getattr(scope.get("route"), "operation_id", None)
        return self._templates.get(operation or "", "other")


@router.get("/metrics", include_in_schema=False)
def metrics_elsewhere() -> None:
    """Not on the public port: Prometheus scrapes API_METRICS_PORT."""
    raise HTTPException(404, "metrics are not served on this port; scrape API_METRICS_PORT")


def start_metrics_server(settings: Settings, engine: Engine) -> WSGIServer | None:
    """Serve Prometheus on API_METRICS_HOST:API_METRICS_PORT (None when off or taken)."""
    if not (settings.metrics_enabled and settings.api_metrics_port):
        return None

    def pending_approvals() -> float:
        try:
            with Session(engine) as session:
                return float(
                    session.exec(
                        select(func.count())
                        .select_from(Approval)
                        .where(Approval.status == "pending")
                    ).one()
                )
        except Exception:  # a scrape while the database is away still answers
            return float("nan")

    APPROVALS_PENDING.set_function(pending_approvals)
    try:
        server, _ = start_http_server(settings.api_metrics_port, addr=settings.api_metrics_host)
    except OSError as exc:  # another API process on this host has it: serve, without metrics
        log.warning(
            "API metrics port %s unavailable (%s); set API_METRICS_PORT per process",
            settings.api_metrics_port,
            exc,
        )
        return None
    return server
