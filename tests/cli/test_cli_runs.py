"""`sluice run` and `sluice runs ...` against a real worker: progress, exit codes, retry, cancel."""

from tests.cli.conftest import Cli, export_file
from tests.utils.graphs import chain, node


def greeting_graph() -> dict:
    return {
        "nodes": [
            node("start", "trigger.manual"),
            node("hello", "transform.set", {"fields": {"greeting": "hi {{ inputs.name }}"}}),
            node("echo", "util.noop", {"value": "{{ nodes.hello.output.greeting }}"}),
        ],
        "edges": chain("start", "hello", "echo"),
    }


def failing_graph() -> dict:
    return {
        "nodes": [
            node("start", "trigger.manual"),
            node("first", "util.noop", {"value": 1}),
            node("boom", "flow.fail", {"message": "the {{ inputs.what }} is broken"}),
        ],
        "edges": chain("start", "first", "boom"),
    }


async def _workflow(cli: Cli, tmp_path, graph: dict, name: str) -> str:
    created = await cli("workflows", "import", str(export_file(tmp_path, graph, name)), "--json")
    assert created.code == 0, created.err
    return created.json()["id"]


async def test_run_wait_shows_progress_and_the_output(cli: Cli, tmp_path) -> None:
    await _workflow(cli, tmp_path, greeting_graph(), "greeting")
    result = await cli("run", "greeting", "--input", "name=Ada", "--wait")
    assert result.code == 0, result.err
    assert "✓ hello" in result.out and "✓ echo" in result.out
    assert "completed" in result.out and "hi Ada" in result.out

    as_json = await cli("run", "greeting", "-i", "name=Bo", "--wait", "--json")
    assert as_json.code == 0, as_json.err
    final = as_json.json()
    assert final["type"] == "run" and final["status"] == "completed"
    assert "hi Bo" in str(final["output"])


async def test_a_failed_run_exits_non_zero_and_names_the_node(cli: Cli, tmp_path) -> None:
    await _workflow(cli, tmp_path, failing_graph(), "failing")
    inputs = tmp_path / "inputs.json"
    inputs.write_text('{"what": "pump"}')
    result = await cli("run", "failing", "--inputs-file", str(inputs), "--wait")
    assert result.code == 1
    assert "✗ boom" in result.out and "the pump is broken" in result.out
    assert "failed" in result.err and "boom" in result.err

    runs = (await cli("runs", "list", "--json")).json()["data"]
    assert len(runs) == 1  # its status there is the last one the API recorded
    shown = (await cli("runs", "show", runs[0]["id"], "--json")).json()
    assert shown["status"] == "failed" and shown["nodes"]["first"]["status"] == "succeeded"
    assert "the pump is broken" in shown["error"]
    table = await cli("runs", "show", runs[0]["id"])
    assert "boom" in table.out and "failed" in table.out

    retried = await cli("runs", "retry", runs[0]["id"], "--wait")
    assert retried.code == 1, retried.out  # the same node fails the same way
    assert "retry started" in retried.out
    listed = (await cli("runs", "list", "--json")).json()
    assert listed["count"] == 2 and listed["data"][0]["retry_of"] == runs[0]["id"]


async def test_cancel_a_running_run(cli: Cli, tmp_path) -> None:
    graph = {
        "nodes": [node("start", "trigger.manual"), node("nap", "util.delay", {"seconds": 600})],
        "edges": chain("start", "nap"),
    }
    await _workflow(cli, tmp_path, graph, "sleepy")
    started = await cli("run", "sleepy", "--json")
    assert started.code == 0, started.err
    run_id = started.json()["id"]
    cancelled = await cli("runs", "cancel", run_id)
    assert cancelled.code == 0, cancelled.err
    tailed = await cli("runs", "tail", run_id)
    assert tailed.code == 1 and "cancelled" in tailed.err
    again = await cli("runs", "cancel", run_id)
    assert again.code == 1 and "409" in again.err


async def test_bad_run_arguments(cli: Cli, tmp_path) -> None:
    await _workflow(cli, tmp_path, greeting_graph(), "args")
    result = await cli("run", "args", "--input", "no-equals-sign")
    assert result.code == 1 and "key=value" in result.err
    result = await cli("runs", "show", "not-a-uuid")
    assert result.code == 1 and "not a run id" in result.err
    result = await cli("run", "args", "--version", "99")
    assert result.code == 1 and "404" in result.err
