"""The FastAPI application: the routers of each capability, nothing else."""

from fastapi import APIRouter, FastAPI

from core.config import Settings, get_settings

from .accounts import routes as accounts
from .approvals import routes as approvals
from .audit import routes as audit
from .credentials import routes as credentials
from .dashboard import routes as dashboard
from .platform import codec_routes, health_routes, observability
from .platform.lifespan import make_lifespan
from .platform.web_app import mount_web_app
from .platform.wiring import add_error_handlers, add_middleware
from .runs import event_routes
from .runs import routes as runs
from .templates import routes as templates
from .triggers import hook_routes, schedule_routes
from .triggers import routes as triggers
from .workflows import import_routes, node_type_routes
from .workflows import routes as workflows


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API app; `settings` defaults to the environment's."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Sluice",
        summary="Visual workflow automation on Temporal",
        lifespan=make_lifespan(settings),
    )
    api = APIRouter(prefix="/api")
    for module in (
        health_routes,
        accounts,
        credentials,
        node_type_routes,
        import_routes,  # before workflows: /workflows/import/... is no workflow id
        workflows,
        templates,
        runs,
        approvals,
        dashboard,
        event_routes,
        codec_routes,
        audit,
        triggers,
        schedule_routes,
    ):
        api.include_router(module.router)
    app.include_router(api)
    app.include_router(observability.router)  # /metrics: 404 here, see API_METRICS_PORT
    app.include_router(hook_routes.router)  # public: the URL's token authorises a delivery
    add_middleware(app, settings)
    add_error_handlers(app, settings)
    mount_web_app(app)
    return app
