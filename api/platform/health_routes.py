"""Liveness (`/api/health`) and readiness (`/api/ready`: database, Temporal, Redis)."""

import logging
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from ..deps import SessionDep, SettingsDep, TemporalClientDep
from .errors import PUBLIC

router = APIRouter(tags=["health"], responses=PUBLIC)
log = logging.getLogger("sluice.api")


@router.get("/health", operation_id="health-read_health")
def read_health() -> dict[str, str]:
    """The process answers (liveness): restart it if this fails."""
    return {"status": "ok"}


@router.get("/ready", operation_id="health-read_ready")
async def read_ready(
    request: Request, session: SessionDep, client: TemporalClientDep, settings: SettingsDep
) -> JSONResponse:
    """200 when the database, Temporal (and Redis, when configured) answer; 503 naming what
    does not, but not where it is (readiness: send no traffic until it passes)."""
    checks: dict[str, str] = {}
    try:
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = _unreachable("database", exc)
    try:
        await client.service_client.check_health(timeout=timedelta(seconds=3))
        checks["temporal"] = "ok"
    except Exception as exc:
        checks["temporal"] = _unreachable("temporal", exc)
    if settings.redis_url:
        try:
            await request.app.state.rate_limiter.counter.ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = _unreachable("redis", exc)
    healthy = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ok" if healthy else "degraded", **checks}, status_code=200 if healthy else 503
    )


def _unreachable(what: str, exc: Exception) -> str:
    """The answer names the failure's kind; its message (addresses, DSNs) goes to the log."""
    log.warning("readiness: %s unreachable: %s: %s", what, type(exc).__name__, exc)
    return f"unreachable: {type(exc).__name__}"
