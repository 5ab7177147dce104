"""`sluice run WORKFLOW` and `sluice runs list|show|tail|cancel|retry`."""

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from ..client import CliError
from ..output import console, emit, fields, table
from ..state import JsonOption, state
from .progress import follow, report
from .resolve import uuid_of, workflow_id
from .workflows import read_json

runs_app = typer.Typer(no_args_is_help=True)
Wait = Annotated[bool, typer.Option("--wait", "-w", help="Follow the run until it ends.")]


def register(app: typer.Typer) -> None:
    app.command("run")(run)


def parse_inputs(pairs: list[str], file: Path | None) -> dict[str, Any]:
    """`--inputs-file` first, then each `k=v` (v parsed as JSON when it is JSON)."""
    inputs: dict[str, Any] = {}
    if file is not None:
        loaded = read_json(file)
        if not isinstance(loaded, dict):
            raise CliError(f"{file} must hold a JSON object of inputs")
        inputs.update(loaded)
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise CliError(f"--input {pair!r} must look like key=value")
        try:
            inputs[key] = json.loads(raw)
        except ValueError:
            inputs[key] = raw
    return inputs


def run(
    ctx: typer.Context,
    workflow: Annotated[str, typer.Argument(help="Workflow id or name.")],
    input_: Annotated[list[str] | None, typer.Option("--input", "-i", help="key=value")] = None,
    inputs_file: Annotated[Path | None, typer.Option("--inputs-file", help="JSON object")] = None,
    version: Annotated[int | None, typer.Option(help="Run this version, not the latest.")] = None,
    wait: Wait = False,
    json_output: JsonOption = False,
) -> None:
    """Start a run; with --wait, show its progress and exit non-zero if it fails."""
    client = state(ctx).client()
    body: dict[str, Any] = {"inputs": parse_inputs(input_ or [], inputs_file)}
    if version is not None:
        body["version"] = version
    started = client.call("POST", f"/api/workflows/{workflow_id(client, workflow)}/runs", body)
    if not wait:
        emit(started, json_output, _started)
        return
    if not json_output:
        _started(started)
    report(follow(client, started["id"], to_stderr=json_output), started["id"], json_output)


def _started(run_: dict[str, Any]) -> None:
    console.print(f"started run {run_['id']}")
    console.print(f"history: {run_['temporal_ui_url']}", highlight=False)


@runs_app.command("list")
def list_(
    ctx: typer.Context,
    workflow: Annotated[str | None, typer.Option(help="Workflow id or name.")] = None,
    status: Annotated[str | None, typer.Option(help="running, completed, failed…")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    json_output: JsonOption = False,
) -> None:
    """Runs, newest first."""
    client = state(ctx).client()
    params = {
        "workflow_id": workflow_id(client, workflow) if workflow else None,
        "status": status,
        "limit": limit,
    }
    page = client.call("GET", "/api/runs", params=params)
    columns = ["id", "workflow_name", "version", "status", "created_at", "finished_at"]
    emit(page, json_output, lambda p: table(p["data"], columns))


@runs_app.command()
def show(ctx: typer.Context, run_id: str, json_output: JsonOption = False) -> None:
    """A run: status, each node's state, output and error."""
    data = state(ctx).client().call("GET", f"/api/runs/{uuid_of(run_id, 'run')}")

    def render(d: dict[str, Any]) -> None:
        fields(
            d,
            [
                "id",
                "workflow_name",
                "version",
                "status",
                "error",
                "created_at",
                "finished_at",
                "totals",
                "temporal_ui_url",
            ],
        )
        nodes = [{"node": k, **v} for k, v in (d.get("nodes") or {}).items()]
        table(nodes, ["node", "status", "attempt", "error"], title="nodes")

    emit(data, json_output, render)


@runs_app.command()
def tail(ctx: typer.Context, run_id: str, json_output: JsonOption = False) -> None:
    """Follow a run's node events until it ends (exit 1 unless it completes)."""
    ident = uuid_of(run_id, "run")
    report(follow(state(ctx).client(), ident, to_stderr=json_output), ident, json_output)


@runs_app.command()
def cancel(ctx: typer.Context, run_id: str, json_output: JsonOption = False) -> None:
    """Ask a running run to stop."""
    data = state(ctx).client().call("POST", f"/api/runs/{uuid_of(run_id, 'run')}/cancel")
    emit(data, json_output, lambda d: console.print(f"cancel requested for run {d['id']}"))


@runs_app.command()
def retry(
    ctx: typer.Context, run_id: str, wait: Wait = False, json_output: JsonOption = False
) -> None:
    """Re-run a failed run from its failed node; nodes that succeeded keep their outputs."""
    client = state(ctx).client()
    new = client.call("POST", f"/api/runs/{uuid_of(run_id, 'run')}/retry")
    if not wait:
        emit(new, json_output, lambda d: console.print(f"retry started: run {d['id']}"))
        return
    if not json_output:
        console.print(f"retry started: run {new['id']}")
    report(follow(client, new["id"], to_stderr=json_output), new["id"], json_output)
