"""Node errors leave the activity without secrets: URL query secrets and credential values."""

import pytest
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities._runtime import NodeError, node_activity, remember_secrets
from interpreter import NodeTask
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import node, start_graph
from tests.utils.http_server import Reply
from tests.utils.runs import FAST_RETRY, node_failure

SECRET = "sk-live-0123456789abcdef"


async def test_a_url_query_secret_never_reaches_history_or_the_api(
    api, client, settings, http_server
):
    url = http_server.script("/missing", Reply(404, text="no such thing"))
    config = {"url": f"{url}?api_key={SECRET}&X-Amz-Signature=abcdef0123&page=2"}
    graph = {"nodes": [node("call", "http.request", config, retry=FAST_RETRY)], "edges": []}

    failure = await node_failure(await start_graph(client, settings, graph))
    error = failure.details[0]["nodes"]["call"]["error"]
    assert "404" in error and "api_key=[redacted]" in error and "page=2" in error, error
    assert SECRET not in error and "abcdef0123" not in error
    assert SECRET not in failure.message

    created = await create_workflow(api, graph)
    run = await wait_for_run(api, (await start_run(api, created["id"]))["id"])
    assert run["status"] == "failed"
    assert SECRET not in str(run) and "api_key=[redacted]" in str(run)


class Leaky:
    """A node that holds a credential value and fails quoting it (as drivers do)."""

    @node_activity("test.leaky")
    async def run(self, task: NodeTask) -> None:
        remember_secrets([task.config["password"], None])
        try:
            raise RuntimeError(f"login as admin:{task.config['password']} refused")
        except RuntimeError as exc:
            raise NodeError(f"could not connect: {exc}", retryable=False) from exc

    @node_activity("test.crash")
    async def crash(self, task: NodeTask) -> None:
        remember_secrets([task.config["password"]])
        raise ValueError(f"bad value {task.config['password']!r} at https://h/x?token=t0k3nvalue")


def task(password: str) -> NodeTask:
    return NodeTask("run", "n", "test.leaky", {"password": password}, "run:n", "ws")


@pytest.mark.parametrize("method", ["run", "crash"])
async def test_credential_values_are_scrubbed_and_the_leaking_cause_cut(method):
    with pytest.raises(ApplicationError) as info:
        await ActivityEnvironment().run(getattr(Leaky(), method), task("correct horse battery"))
    error = info.value
    assert "correct horse battery" not in error.message
    assert "[redacted]" in error.message
    assert "t0k3nvalue" not in error.message
    assert error.__cause__ is None and error.__suppress_context__
    assert error.non_retryable == (method == "run")


async def test_an_error_without_secrets_keeps_its_cause():
    class Plain:
        @node_activity("test.plain")
        async def run(self, task: NodeTask) -> None:
            try:
                raise OSError("connection refused")
            except OSError as exc:
                raise NodeError("could not connect: connection refused", retryable=True) from exc

    with pytest.raises(ApplicationError) as info:
        await ActivityEnvironment().run(Plain().run, task("unused-secret"))
    assert info.value.message == "could not connect: connection refused"
    assert isinstance(info.value.__cause__, NodeError)
