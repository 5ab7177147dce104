"""Serve an app variant (other settings) in-process, lifespan included."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI


@asynccontextmanager
async def serve(app: FastAPI, client_ip: str = "10.1.2.3") -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for `app`, after its startup and until its shutdown."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=(client_ip, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://sluice.test") as http:
            yield http
