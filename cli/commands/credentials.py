"""`sluice credentials list` (names, types and public fields; never a secret)."""

import typer

from ..output import emit, table
from ..state import JsonOption, state

app = typer.Typer(no_args_is_help=True)


@app.command("list")
def list_(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """Credentials of the workspace."""
    page = state(ctx).client().call("GET", "/api/credentials")
    emit(page, json_output, lambda p: table(p["data"], ["id", "name", "type", "fields_set"]))
