"""What wraps the routes: middleware in its order, and the answers for unavailable services."""

import logging

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from temporalio.service import RPCError

from core.config import Settings
from core.tracing import configure_tracing

from .limits import JsonDepthGuard
from .middleware import Hardening, RequestHasNul, RequestTooLarge
from .observability import RequestMetrics

log = logging.getLogger("sluice.api")


def add_middleware(app: FastAPI, settings: Settings) -> None:
    """Metrics innermost, then CORS, the JSON depth guard and hardening outermost."""
    if settings.metrics_enabled:
        app.add_middleware(RequestMetrics, tracing=configure_tracing(settings), api=app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["authorization", "content-type", "x-workspace-id"],
        )
    app.add_middleware(JsonDepthGuard, settings=settings)
    app.add_middleware(Hardening, settings=settings)


def add_error_handlers(app: FastAPI, settings: Settings) -> None:
    """503 for an unavailable Temporal, database or Redis; 422/413 for refused bodies."""

    # 503 answers name no internal address or driver message: those go to the log only.
    @app.exception_handler(RPCError)
    async def temporal_unavailable(request: Request, exc: RPCError) -> JSONResponse:
        log.warning("Temporal at %s did not answer: %s", settings.temporal_address, exc.message)
        return JSONResponse(
            {"detail": "Temporal did not answer; try again shortly (the server log has why)"},
            status_code=503,
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def database_unavailable(request: Request, exc: Exception) -> JSONResponse:
        log.warning("the app database did not answer: %s", exc)
        return JSONResponse(
            {"detail": "the database did not answer; try again shortly (the server log has why)"},
            status_code=503,
        )

    @app.exception_handler(PoolTimeout)
    async def database_busy(request: Request, exc: PoolTimeout) -> JSONResponse:
        log.warning("no free app database connection: %s", exc)
        return JSONResponse(
            {
                "detail": "the database is busy: no free connection within "
                "DATABASE_POOL_TIMEOUT_SECONDS; try again shortly"
            },
            status_code=503,
        )

    @app.exception_handler(RedisConnectionError)
    @app.exception_handler(RedisTimeoutError)
    async def redis_unavailable(request: Request, exc: Exception) -> JSONResponse:
        log.warning("Redis did not answer: %s", exc)
        return JSONResponse(
            {"detail": "Redis did not answer; try again shortly (the server log has why)"},
            status_code=503,
        )

    @app.exception_handler(RequestHasNul)
    async def has_nul(request: Request, exc: RequestHasNul) -> JSONResponse:
        problem = {"loc": ["body"], "msg": "text may not contain NUL characters", "type": "nul"}
        return JSONResponse({"detail": [problem]}, 422)

    @app.exception_handler(RequestTooLarge)
    async def too_large(request: Request, exc: RequestTooLarge) -> JSONResponse:
        return JSONResponse({"detail": "request body is larger than MAX_REQUEST_BYTES"}, 413)
