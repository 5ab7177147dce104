"""The app's lifespan: open the engine, keyrings, limiters and Temporal client; close them."""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress

from fastapi import FastAPI

from core.codec import EncryptionCodec
from core.config import Settings
from core.db import engine_for
from core.keys import credential_keyring, payload_keyring
from core.ledger_retention import LedgerRetention
from core.logging import configure_logging
from core.temporal import connect

from ..accounts.rate_limit import make_rate_limiter
from ..migrate import migrate
from ..runs.recorder import RunRecorder
from ..triggers.replay import seen_deliveries
from . import observability
from .eager_worker import host_workflow_worker


def make_lifespan(settings: Settings) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """A lifespan that fills `app.state` from `settings` and releases it on shutdown."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(fmt=settings.log_format, level=settings.log_level)
        engine = engine_for(settings)
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
                    app.state.temporal,
                    engine,
                    settings.run_recorder_interval_seconds,
                    LedgerRetention.from_settings(settings),
                ).run_forever()
            )
        eager = None
        if settings.api_eager_workflows:
            eager = asyncio.create_task(host_workflow_worker(app, settings))
        yield
        if eager is not None:
            await _stop_workflow_worker(app, eager)
        if recorder is not None:
            recorder.cancel()
        await app.state.rate_limiter.counter.close()
        await app.state.webhook_replays.close()
        if metrics_server is not None:
            metrics_server.shutdown()
            metrics_server.server_close()
        engine.dispose()

    return lifespan


async def _stop_workflow_worker(app: FastAPI, task: asyncio.Task[None]) -> None:
    """Finish the eager worker's in-flight workflow tasks, then stop it."""
    worker = getattr(app.state, "workflow_worker", None)
    if worker is None:
        task.cancel()  # still connecting
    else:
        await worker.shutdown()
    with suppress(asyncio.CancelledError):
        await task
