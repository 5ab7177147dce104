"""The app database engine (SQLite or PostgreSQL) and running session work off the event loop;
the API applies migrations (api.migrate)."""

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from anyio import to_thread
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine

from .config import Settings

T = TypeVar("T")


def make_engine(
    database_url: str, *, pool_size: int = 10, max_overflow: int = 20, pool_timeout: float = 30
) -> Engine:
    """An engine for SQLite (file created under its folder) or PostgreSQL; the pool
    arguments (DATABASE_POOL_SIZE, DATABASE_MAX_OVERFLOW, DATABASE_POOL_TIMEOUT_SECONDS)
    apply to PostgreSQL."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        return create_engine(url, connect_args={"check_same_thread": False})
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout,
    )


def engine_for(settings: Settings) -> Engine:
    """The engine of DATABASE_URL with the pool settings."""
    return make_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        pool_timeout=settings.database_pool_timeout_seconds,
    )


async def off_loop(session: Session, work: Callable[..., T], *args: object, **kwargs: object) -> T:
    """`work(session, *args, **kwargs)` in a worker thread, its transaction ended after it.

    An async route must never wait for a pooled connection on the event loop: the requests
    holding the connections could not go on to release them. Ending the transaction returns
    the connection, so none is held across the route's next await: commit on success (loaded
    objects stay loaded with the API's expire_on_commit=False), rollback on error."""

    def call() -> T:
        try:
            result = work(session, *args, **kwargs)
        except BaseException:
            session.rollback()
            raise
        session.commit()
        return result

    return await to_thread.run_sync(call)
