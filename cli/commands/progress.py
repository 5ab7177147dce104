"""Follow a run over its WebSocket with a live display; the exit code says how it ended."""

import json
import time
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException
from websockets.sync.client import connect

from ..client import Api, CliError
from ..output import console, errors

DONE = {"succeeded", "failed", "skipped"}
MARKS = {"succeeded": "[green]✓[/green]", "failed": "[red]✗[/red]", "skipped": "[dim]↷[/dim]"}
RECONNECTS = 5


def follow(client: Api, run_id: str, *, to_stderr: bool = False) -> dict[str, Any]:
    """Show node events until the run ends (on stderr when stdout is JSON for a script);
    returns the final `run` event."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors if to_stderr else console,
        transient=False,
    )
    nodes: dict[str, dict[str, Any]] = {}
    printed: set[str] = set()
    with progress:
        bar = progress.add_task("starting", total=None)
        for _ in range(RECONNECTS):
            for event in _events(client, run_id):
                if event["type"] == "run":
                    done = _done(nodes)
                    progress.update(
                        bar, total=len(nodes), completed=done, description=event["status"]
                    )
                    return event
                if event["type"] == "snapshot":
                    nodes = dict(event.get("nodes") or {})
                    changed = [{"node_id": k, **v} for k, v in nodes.items()]
                else:
                    nodes[event["node_id"]] = event
                    changed = [event]
                for node in changed:
                    if node["status"] in DONE and node["node_id"] not in printed:
                        printed.add(node["node_id"])  # once, even across reconnects
                        progress.console.print(_line(node))
                running = [k for k, v in nodes.items() if v.get("status") in ("running", "waiting")]
                label = ("running " + ", ".join(running)) if running else "scheduling"
                progress.update(bar, total=len(nodes), completed=_done(nodes), description=label)
    raise CliError(
        f"lost the event stream of run {run_id}", f"follow it with `sluice runs tail {run_id}`"
    )


def _events(client: Api, run_id: str):  # type: ignore[no-untyped-def]
    url = client.ws_url(f"/api/runs/{run_id}/events")
    hello: dict[str, Any] = {"token": client.access_token()}
    if client.workspace:
        hello["workspace_id"] = client.workspace
    try:
        with connect(url, open_timeout=15, close_timeout=2, max_size=2**24) as socket:
            socket.send(json.dumps(hello))
            for message in socket:
                yield json.loads(message)
    except ConnectionClosed as closed:
        reason = closed.rcvd.reason if closed.rcvd else ""
        if closed.rcvd and closed.rcvd.code == 1008:
            raise CliError(f"the API refused the event stream: {reason}") from None
        time.sleep(1)  # a restarted API replica: reconnect, a fresh snapshot follows
    except (InvalidStatus, WebSocketException, OSError) as exc:
        raise CliError(f"cannot open the event stream at {url}: {exc}") from None


def _done(nodes: dict[str, dict[str, Any]]) -> int:
    return sum(1 for v in nodes.values() if v.get("status") in DONE)


def _line(event: dict[str, Any]) -> str:
    mark = MARKS.get(event["status"], "·")
    took = f" ({event['duration_ms']:.0f} ms)" if event.get("duration_ms") is not None else ""
    attempt = f" after {event['attempt']} attempts" if (event.get("attempt") or 1) > 1 else ""
    error = f": {event['error']}" if event["status"] == "failed" and event.get("error") else ""
    return f"{mark} {event['node_id']}{took}{attempt}{error}"


def report(final: dict[str, Any], run_id: str, json_output: bool) -> None:
    """Print how the run ended; exit 1 unless it completed."""
    if json_output:
        print(json.dumps(final, indent=2, default=str))
    elif final["status"] == "completed":
        console.print(f"[green]run {run_id} completed[/green]")
        if final.get("output") is not None:
            console.print_json(json.dumps(final["output"], default=str))
    if final["status"] != "completed":
        if not json_output:
            errors.print(
                f"[red]run {run_id} {final['status']}[/red]: {final.get('error') or ''}",
                highlight=False,
            )
        raise typer.Exit(1)
