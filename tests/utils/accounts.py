"""Signing up and in against the real API."""

import uuid

import httpx

PASSWORD = "correct horse 42"


async def sign_up(http: httpx.AsyncClient, email: str | None = None) -> dict[str, str]:
    """Register a fresh user and log in; answers the Authorization header."""
    email = email or f"user-{uuid.uuid4().hex[:12]}@example.com"
    response = await http.post("/api/auth/register", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return await log_in(http, email)


async def log_in(http: httpx.AsyncClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = await http.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
