"""`sluice workflows list|show|export|import|validate|delete`."""

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from ..client import CliError
from ..output import as_json, console, emit, fields, table
from ..state import JsonOption, state
from .resolve import workflow_id

app = typer.Typer(no_args_is_help=True)


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise CliError(
            f"{path} is not JSON: {exc}", "export a workflow with `sluice workflows export`"
        ) from None


def _graph_of(document: Any, path: Path) -> dict[str, Any]:
    graph = document.get("graph") if isinstance(document, dict) else None
    if not isinstance(graph, dict):
        raise CliError(
            f"{path} has no 'graph' object",
            "the file must look like `sluice workflows export` writes: {name, description, graph}",
        )
    return graph


@app.command("list")
def list_(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """Workflows of the workspace."""
    page = state(ctx).client().call("GET", "/api/workflows", params={"limit": 500})
    emit(page, json_output, lambda p: table(p["data"], ["id", "name", "version", "updated_at"]))


@app.command()
def show(ctx: typer.Context, workflow: str, json_output: JsonOption = False) -> None:
    """One workflow: its latest version and graph."""
    client = state(ctx).client()
    data = client.call("GET", f"/api/workflows/{workflow_id(client, workflow)}")

    def render(d: dict[str, Any]) -> None:
        fields(d, ["id", "name", "description", "version", "updated_at"])
        nodes = [
            {"id": n["id"], "type": n["type"], "label": (n.get("data") or {}).get("label", "")}
            for n in d["graph"].get("nodes", [])
        ]
        table(nodes, ["id", "type", "label"], title="nodes")

    emit(data, json_output, render)


@app.command()
def export(
    ctx: typer.Context,
    workflow: str,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
) -> None:
    """Write `{name, description, graph}` as JSON (stdout, or -o FILE)."""
    client = state(ctx).client()
    data = client.call("GET", f"/api/workflows/{workflow_id(client, workflow)}")
    document = {k: data[k] for k in ("name", "description", "graph")}
    if output is None:
        as_json(document)
        return
    output.write_text(json.dumps(document, indent=2) + "\n")
    console.print(f"wrote {output}")


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Path,
    name: Annotated[str | None, typer.Option(help="Save under this name instead.")] = None,
    json_output: JsonOption = False,
) -> None:
    """Create a workflow from a file written by `export`."""
    document = read_json(file)
    graph = _graph_of(document, file)
    body = {
        "name": name or document.get("name") or file.stem,
        "description": document.get("description", ""),
        "graph": graph,
    }
    created = state(ctx).client().call("POST", "/api/workflows", body)
    emit(created, json_output, lambda d: console.print(f"created {d['name']} ({d['id']})"))


@app.command()
def validate(ctx: typer.Context, file: Path, json_output: JsonOption = False) -> None:
    """Check a workflow file as saving it would, without saving."""
    graph = _graph_of(read_json(file), file)
    answer = state(ctx).client().call("POST", "/api/workflows/validate", {"graph": graph})
    emit(answer, json_output, lambda d: console.print(f"{file} is valid ({d['nodes']} nodes)"))


@app.command()
def delete(
    ctx: typer.Context,
    workflow: str,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete a workflow (its runs stay)."""
    client = state(ctx).client()
    ident = workflow_id(client, workflow)
    if not yes:
        typer.confirm(f"delete workflow {ident}?", abort=True)
    client.call("DELETE", f"/api/workflows/{ident}")
    console.print(f"deleted {ident}")
