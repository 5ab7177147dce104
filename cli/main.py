"""`sluice`: log in, manage workflows, start and follow runs, decide approvals, import n8n."""

import sys
from typing import Annotated

import click
import typer

from .client import CliError
from .commands import approvals, auth, credentials, imports, runs, workflows
from .output import errors
from .state import State

app = typer.Typer(
    help="Sluice from the terminal: workflows, runs, approvals, n8n import.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _options(
    ctx: typer.Context,
    api: Annotated[
        str | None,
        typer.Option("--api", envvar="SLUICE_API", help="API address, e.g. http://127.0.0.1:8000"),
    ] = None,
    workspace: Annotated[
        str | None,
        typer.Option(
            "--workspace", envvar="SLUICE_WORKSPACE", help="Workspace id, if you have several."
        ),
    ] = None,
) -> None:
    ctx.obj = State(api_option=api, workspace=workspace)


auth.register(app)
runs.register(app)
app.add_typer(workflows.app, name="workflows", help="List, show, export, import, validate, delete.")
app.add_typer(runs.runs_app, name="runs", help="List, show, follow, cancel and retry runs.")
app.add_typer(approvals.app, name="approvals", help="List and decide approvals.")
app.add_typer(credentials.app, name="credentials", help="List credentials (never secrets).")
app.add_typer(imports.app, name="import", help="Import workflows from other platforms.")


def main() -> None:
    try:
        code = app(standalone_mode=False)
    except CliError as exc:
        errors.print(f"[red]error:[/red] {exc.message}", highlight=False)
        if exc.hint:
            errors.print(f"[yellow]→[/yellow] {exc.hint}", highlight=False)
        sys.exit(exc.code)
    except typer.Abort:
        errors.print("aborted")
        sys.exit(130)
    except click.ClickException as exc:  # usage errors: unknown option, missing argument
        exc.show()
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
