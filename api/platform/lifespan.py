"""The app's lifespan: open the engine, keyrings, limiters and Temporal client; close them."""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

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
        yield
        if recorder is not None:
            recorder.cancel()
        await app.state.rate_limiter.counter.close()
        await app.state.webhook_replays.close()
        if metrics_server is not None:
            metrics_server.shutdown()
            metrics_server.server_close()
        engine.dispose()

    return lifespan
