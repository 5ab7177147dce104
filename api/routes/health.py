"""Health: is the database reachable, is Temporal reachable."""

from datetime import timedelta

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from ..deps import SessionDep, TemporalClientDep
from ..errors import PUBLIC

router = APIRouter(tags=["health"], responses=PUBLIC)


@router.get("/health", operation_id="health-read_health")
async def read_health(session: SessionDep, client: TemporalClientDep) -> JSONResponse:
    """200 when the database and Temporal answer; 503 naming what does not."""
    checks: dict[str, str] = {}
    try:
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
    try:
        await client.service_client.check_health(timeout=timedelta(seconds=3))
        checks["temporal"] = "ok"
    except Exception as exc:
        checks["temporal"] = f"unreachable: {type(exc).__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ok" if healthy else "degraded", **checks}, status_code=200 if healthy else 503
    )
