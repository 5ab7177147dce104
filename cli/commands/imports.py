"""`sluice import n8n FILE|DIR`: convert n8n exports through the API and print the report."""

from pathlib import Path
from typing import Annotated, Any

import typer

from ..client import CliError
from ..output import as_json, console, table
from ..state import JsonOption, state
from .workflows import read_json

app = typer.Typer(no_args_is_help=True)
STATUS_STYLE = {"converted": "green", "approximated": "yellow", "unsupported": "red"}


@app.command("n8n")
def n8n(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="An n8n workflow export, or a folder of them.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Convert and report only.")] = False,
    json_output: JsonOption = False,
) -> None:
    """Import n8n workflows; prints what was converted, approximated or unsupported."""
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise CliError(f"{path} holds no *.json files")
    client = state(ctx).client()
    results: list[dict[str, Any]] = []
    failures = 0
    for file in files:
        params = {"dry_run": "true"} if dry_run else None
        try:
            answer = client.call("POST", "/api/workflows/import/n8n", read_json(file), params)
        except CliError as exc:
            failures += 1
            results.append({"file": str(file), "error": exc.message})
            if not json_output:
                console.print(f"[red]✗ {file}[/red]: {exc.message}", highlight=False)
            continue
        results.append({"file": str(file), **answer})
        if not json_output:
            _print_one(file, answer, dry_run)
    if json_output:
        as_json(results if path.is_dir() else results[0])
    elif len(files) > 1:
        _print_summary(results)
    if failures:
        raise typer.Exit(1)


def _print_one(file: Path, answer: dict[str, Any], dry_run: bool) -> None:
    report = answer.get("report") or {}
    workflow = answer.get("workflow")
    where = (
        "dry run" if dry_run or not workflow else f"saved as {workflow['name']} ({workflow['id']})"
    )
    console.print(f"[bold]{file}[/bold]: {where}", highlight=False)
    lines = [
        {**line, "status": f"[{STATUS_STYLE.get(line['status'], 'white')}]{line['status']}[/]"}
        for line in report.get("lines", [])
    ]
    table(lines, ["node", "n8n_type", "status", "message"])
    credentials = answer.get("credentials") or []
    if credentials:
        console.print("credentials to fill in:")
        table(credentials, ["name", "type", "id", "used_by"])


def _print_summary(results: list[dict[str, Any]]) -> None:
    rows = []
    for item in results:
        summary = (item.get("report") or {}).get("summary") or {}
        rows.append(
            {
                "file": item["file"],
                "fully converted": (item.get("report") or {}).get("fully_converted", "error"),
                **{k: summary.get(k, 0) for k in ("converted", "approximated", "unsupported")},
            }
        )
    table(
        rows,
        ["file", "fully converted", "converted", "approximated", "unsupported"],
        title="summary",
    )
