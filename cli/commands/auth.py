"""`sluice login`, `logout`, `whoami`."""

import time
from typing import Annotated

import typer

from .. import config
from ..client import Api, CliError
from ..output import console, emit, table
from ..state import JsonOption, state


def register(app: typer.Typer) -> None:
    app.command()(login)
    app.command()(logout)
    app.command()(whoami)


def login(
    ctx: typer.Context,
    email: Annotated[str, typer.Option(prompt=True, help="Your account's email.")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, envvar="SLUICE_PASSWORD")],
) -> None:
    """Log in and keep a refresh token in your config folder (mode 0600)."""
    shared = state(ctx)
    address = shared.address()
    client = Api(address, None, shared.workspace)
    pair = client.call(
        "POST", "/api/auth/login", {"email": email, "password": password}, auth=False
    )
    saved = config.Login(
        api=address,
        refresh_token=pair["refresh_token"],
        email=email,
        access_token=pair["access_token"],
        access_expires_at=time.time() + float(pair.get("expires_in", 0)),
    )
    path = config.save(saved)
    console.print(f"logged in to {address} as {email} (token kept in {path})")


def logout(ctx: typer.Context) -> None:
    """Revoke this login's refresh token and forget it."""
    login_ = config.load()
    if login_ is None:
        raise CliError("you are not logged in", code=0)
    client = state(ctx).client()
    try:
        client.call("POST", "/api/auth/logout", {"refresh_token": login_.refresh_token})
    finally:
        config.clear()
    console.print("logged out")


def whoami(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """Who you are logged in as, and your workspaces and roles."""
    me = state(ctx).client().call("GET", "/api/auth/me")

    def render(data: dict) -> None:
        console.print(f"{data.get('email')} at {state(ctx).address()}")
        rows = [
            {
                "workspace": w.get("workspace_name"),
                "id": w.get("workspace_id"),
                "role": w.get("role"),
            }
            for w in data.get("workspaces", [])
        ]
        table(rows, ["workspace", "id", "role"])

    emit(me, json_output, render)
