"""The FastAPI application: lifespan wiring, middleware and routers, nothing else."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import InterfaceError, OperationalError
from temporalio.service import RPCError

from core.codec import EncryptionCodec
from core.config import Settings, get_settings
from core.db import make_engine
from core.keys import credential_keyring, payload_keyring
from core.logging import configure_logging
from core.temporal import connect
from core.tracing import configure_tracing

from . import observability
from .core.rate_limit import make_rate_limiter
from .limits import JsonDepthGuard
from .middleware import Hardening, RequestHasNul, RequestTooLarge
from .migrate import migrate
from .observability import RequestMetrics
from .routes import (
    approvals,
    audit,
    auth,
    codec,
    credentials,
    dashboard,
    events,
    health,
    hooks,
    node_types,
    passwords,
    runs,
    schedules,
    triggers,
    workflows,
    workspaces,
)
from .run_recorder import RunRecorder
from .web_app import mount_web_app
from .webhook_replay import seen_deliveries

log = logging.getLogger("sluice.api")


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API app; `settings` defaults to the environment's."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(fmt=settings.log_format, level=settings.log_level)
        engine = make_engine(settings.database_url)
        migrate(engine)
        app.state.settings = settings
        app.state.engine = engine
        app.state.credential_keyring = credential_keyring(settings)
        app.state.codec = EncryptionCodec(payload_keyring(settings))
        app.state.rate_limiter = make_rate_limiter(settings.redis_url)
        app.state.webhook_replays = seen_deliveries(settings.redis_url)
        metrics_server = observability.start_metrics_server(settings, engine)
        app.state.temporal = await connect(settings, lazy=True)
        recorder = None
        if settings.run_recorder_interval_seconds > 0:
            recorder = asyncio.create_task(
                RunRecorder(
                    app.state.temporal, engine, settings.run_recorder_interval_seconds
                ).run_forever()
            )
        yield
        if recorder is not None:
            recorder.cancel()
        await app.state.rate_limiter.counter.close()
        await app.state.webhook_replays.close()
        if metrics_server is not None:
            metrics_server.shutdown()
            metrics_server.server_close()
        engine.dispose()

    app = FastAPI(
        title="Sluice", summary="Visual workflow automation on Temporal", lifespan=lifespan
    )
    api = APIRouter(prefix="/api")
    for module in (
        health,
        auth,
        passwords,
        workspaces,
        credentials,
        node_types,
        workflows,
        runs,
        approvals,
        dashboard,
        events,
        codec,
        audit,
        triggers,
        schedules,
    ):
        api.include_router(module.router)
    app.include_router(api)
    app.include_router(observability.router)  # /metrics: 404 here, see API_METRICS_PORT
    if settings.metrics_enabled:
        app.add_middleware(RequestMetrics, tracing=configure_tracing(settings), api=app)
    app.include_router(hooks.router)  # public: the URL's token authorises a delivery
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["authorization", "content-type", "x-workspace-id"],
        )
    app.add_middleware(JsonDepthGuard, settings=settings)
    app.add_middleware(Hardening, settings=settings)

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

    mount_web_app(app)
    return app
