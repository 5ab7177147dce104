"""`sluice approvals list|decide`."""

from typing import Annotated, Any

import typer

from ..client import CliError
from ..output import console, emit, table
from ..state import JsonOption, state
from .resolve import uuid_of

app = typer.Typer(no_args_is_help=True)


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[str, typer.Option(help="pending, approved, rejected, expired…")] = "pending",
    all_: Annotated[bool, typer.Option("--all", help="Also those you may not decide.")] = False,
    json_output: JsonOption = False,
) -> None:
    """Approvals of the workspace; by default the pending ones you may decide."""
    params = {"status": status, "mine": str(not all_).lower()}
    page = state(ctx).client().call("GET", "/api/approvals", params=params)
    columns = ["id", "title", "node_id", "run_id", "status", "approver_role", "created_at"]
    emit(page, json_output, lambda p: table(p["data"], columns))


@app.command()
def decide(
    ctx: typer.Context,
    approval_id: str,
    approve: Annotated[
        bool | None, typer.Option("--approve/--reject", help="Approve or reject.")
    ] = None,
    comment: Annotated[str | None, typer.Option(help="Why; kept with the decision.")] = None,
    json_output: JsonOption = False,
) -> None:
    """Approve or reject; the run goes on at once."""
    if approve is None:
        raise CliError("say --approve or --reject", code=2)
    body: dict[str, Any] = {"decision": "approved" if approve else "rejected"}
    if comment:
        body["comment"] = comment
    path = f"/api/approvals/{uuid_of(approval_id, 'approval')}/decision"
    data = state(ctx).client().call("POST", path, body)
    emit(data, json_output, lambda d: console.print(f"{d['status']}: {d['title']} ({d['id']})"))
