"""Request metrics and spans for the API, and the `/metrics` endpoint."""

import time
from contextlib import nullcontext
from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import func
from sqlmodel import Session, select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .core.metrics import APPROVALS_PENDING, HTTP_LATENCY, HTTP_REQUESTS
from .models import Approval

router = APIRouter()


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
def metrics(request: Request) -> Response:
    """Prometheus text format; keep it on the internal network."""
    with Session(request.app.state.engine) as session:
        pending = session.exec(
            select(func.count()).select_from(Approval).where(Approval.status == "pending")
        ).one()
    APPROVALS_PENDING.set(pending)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
