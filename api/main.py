"""The FastAPI application: lifespan wiring and routers, nothing else."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from temporalio.client import Client
from temporalio.service import RPCError

from .core.config import Settings, get_settings
from .core.db import make_engine, migrate
from .routes import health, node_types, runs, workflows
from .web_app import mount_web_app


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API app; `settings` defaults to the environment's."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url)
        migrate(engine)
        app.state.settings = settings
        app.state.engine = engine
        app.state.temporal = await Client.connect(
            settings.temporal_address, namespace=settings.temporal_namespace, lazy=True
        )
        yield
        engine.dispose()

    app = FastAPI(
        title="Sluice",
        summary="Visual workflow automation on Temporal",
        lifespan=lifespan,
    )
    api = APIRouter(prefix="/api")
    for module in (health, node_types, workflows, runs):
        api.include_router(module.router)
    app.include_router(api)

    @app.exception_handler(RPCError)
    async def temporal_unavailable(request: Request, exc: RPCError) -> JSONResponse:
        return JSONResponse(
            {
                "detail": f"Temporal at {settings.temporal_address} did not answer "
                f"({exc.message}); is the Temporal server running? `make run` starts one"
            },
            status_code=503,
        )

    mount_web_app(app)
    return app
