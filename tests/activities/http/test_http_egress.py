"""http.request and webhook.send through the egress guard, on the real worker: denied
destinations, redirects hop by hop, credentials kept to their origin, response limits."""

import asyncio
import gzip
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import pytest

from core.blobs import BlobConfig, blob_store
from core.config import Settings
from core.db import make_engine
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import chain, node, run_graph, start_graph
from tests.utils.http_server import Reply, ScriptedServer
from tests.utils.runs import FAST_RETRY, node_failure
from worker import build_worker


def one_node(config: dict, node_type: str = "http.request") -> dict:
    return {"nodes": [node("call", node_type, config, retry=FAST_RETRY)], "edges": []}


@asynccontextmanager
async def worker_with(client, settings: Settings, **update: object) -> AsyncIterator[Settings]:
    """A second worker on its own task queue, built from `settings` changed by `update`."""
    custom = settings.model_copy(
        update={"temporal_task_queue": f"egress-{uuid.uuid4().hex[:8]}", **update}
    )
    async with build_worker(client, custom) as w:
        task = asyncio.ensure_future(w.run())
        try:
            yield custom
        finally:
            await w.shutdown()
            await task


@pytest.fixture(scope="module")
async def default_policy(client, settings: Settings) -> AsyncIterator[Settings]:
    """One worker with the default egress policy (loopback denied), shared by this module's
    tests of that policy: each runs its own graph on it; a worker keeps nothing between runs."""
    async with worker_with(client, settings, outbound_allowed_networks="") as default:
        yield default


@pytest.fixture
def other_host() -> Iterator[ScriptedServer]:
    """A peer on 127.0.0.2: another origin (and another address) than `http_server`."""
    with ScriptedServer("127.0.0.2") as server:
        yield server


async def failure_of(client, settings: Settings, config: dict) -> str:
    error = await node_failure(await start_graph(client, settings, one_node(config)))
    state = error.details[0]["nodes"]["call"]
    assert state["attempt"] == 1, "an egress denial is not retried"
    return state["error"]


async def test_loopback_is_denied_by_default(client, default_policy, http_server):
    url = http_server.script("/private", Reply(json={"secret": 1}))
    message = await failure_of(client, default_policy, {"url": url})

    assert "egress denied" in message and "loopback" in message
    assert "OUTBOUND_ALLOWED_NETWORKS=" in message
    assert http_server.requests("/private") == [], "no packet reached the peer"


async def test_a_name_resolving_to_loopback_is_denied(client, default_policy, http_server):
    url = http_server.script("/private", Reply(json={})).replace("127.0.0.1", "localhost")
    message = await failure_of(client, default_policy, {"url": url})

    assert "'localhost'" in message and "loopback" in message
    assert http_server.requests() == []


@pytest.mark.parametrize("spelling", ["2130706433", "0x7f.0.0.1", "0177.0.0.1", "127.1"])
async def test_odd_spellings_of_loopback_are_denied(client, default_policy, http_server, spelling):
    url = http_server.script("/private", Reply(json={})).replace("127.0.0.1", spelling)
    message = await failure_of(client, default_policy, {"url": url})

    # httpx itself refuses some spellings; the others reach the policy as 127.0.0.1.
    assert "loopback" in message or "is not a valid URL" in message
    assert http_server.requests() == []


async def test_the_temporal_frontend_is_denied_even_with_loopback_allowed(client, settings, worker):
    url = f"http://{settings.temporal_address}/api/v1/namespaces"
    message = await failure_of(client, settings, {"url": url})

    assert "Sluice's own Temporal frontend (TEMPORAL_ADDRESS)" in message
    assert f"OUTBOUND_ALLOWED_NETWORKS={settings.temporal_address}" in message


async def test_the_api_itself_is_denied_even_with_loopback_allowed(client, settings, api_url):
    async with worker_with(client, settings, public_url=api_url) as own:
        message = await failure_of(client, own, {"url": f"{api_url}/metrics"})

    assert "Sluice's own API (PUBLIC_URL)" in message


async def test_an_exact_host_port_entry_allows_one_local_service(client, settings, http_server):
    url = http_server.script("/ok", Reply(json={"fine": True}))
    host_port = url.split("/")[2]
    async with worker_with(client, settings, outbound_allowed_networks=host_port) as exact:
        result = await run_graph(client, exact, one_node({"url": url}))
        assert result.output["call"]["body"] == {"fine": True}
        with ScriptedServer() as elsewhere:  # same address, another port: still denied
            other = elsewhere.script("/x", Reply(json={}))
            assert "loopback" in await failure_of(client, exact, {"url": other})
            assert elsewhere.requests() == []


async def test_a_redirect_to_a_denied_host_fails_naming_the_hop(
    client, settings, http_server, other_host
):
    target = other_host.script("/inside", Reply(json={"secret": 1}))
    url = http_server.script("/out", Reply(302, headers={"Location": target}))
    async with worker_with(client, settings, outbound_allowed_networks="127.0.0.1/32") as one:
        message = await failure_of(client, one, {"url": url})

    assert "redirect 1" in message and "127.0.0.2" in message and "loopback" in message
    assert len(http_server.requests("/out")) == 1
    assert other_host.requests() == [], "the denied hop was never sent"


async def test_redirects_are_followed_and_post_becomes_get_on_303(
    client, settings, worker, http_server
):
    final = http_server.script("/done", Reply(echo=True))
    url = http_server.script("/form", Reply(303, headers={"Location": "/done"}))
    config = {"method": "POST", "url": url, "json": {"a": 1}}
    result = await run_graph(client, settings, one_node(config))

    assert result.output["call"]["status"] == 200
    [hop] = http_server.requests("/done")
    assert (hop.method, hop.body) == ("GET", b"")
    assert final.endswith("/done")


async def test_follow_redirects_false_answers_the_redirect(client, settings, worker, http_server):
    url = http_server.script("/moved", Reply(301, headers={"Location": "/new"}))
    result = await run_graph(client, settings, one_node({"url": url, "follow_redirects": False}))

    assert result.output["call"]["status"] == 301
    assert result.output["call"]["headers"]["location"] == "/new"
    assert http_server.requests("/new") == []


async def test_too_many_redirects_fail(client, settings, worker, http_server):
    url = http_server.script("/loop", Reply(302, headers={"Location": "/loop"}))
    message = await failure_of(client, settings, {"url": url, "max_redirects": 2})

    assert "redirected more than 2 times" in message and "config.max_redirects" in message
    assert len(http_server.requests("/loop")) == 3


async def test_a_credential_never_follows_a_cross_origin_redirect(api, http_server, other_host):
    response = await api.post(
        "/api/credentials",
        json={"name": "k", "type": "http_header", "data": {"name": "X-Api-Key", "value": "s3cr3t"}},
    )
    assert response.status_code == 201, response.text
    elsewhere = other_host.script("/landing", Reply(echo=True))
    same = http_server.script("/same", Reply(302, headers={"Location": elsewhere}))
    url = http_server.script("/start", Reply(307, headers={"Location": same}))
    config = {"url": url, "credential_id": response.json()["id"], "headers": {"X-Trace": "t"}}
    graph = {
        "nodes": [node("start", "trigger.manual"), node("call", "http.request", config)],
        "edges": chain("start", "call"),
    }
    workflow = await create_workflow(api, graph, name="egress")
    run = await wait_for_run(api, (await start_run(api, workflow["id"]))["id"])

    assert run["status"] == "completed", run
    assert http_server.requests("/start")[0].headers["x-api-key"] == "s3cr3t"
    assert http_server.requests("/same")[0].headers["x-api-key"] == "s3cr3t"
    [landed] = other_host.requests("/landing")
    assert "x-api-key" not in landed.headers, "the credential reached another origin"
    assert landed.headers["x-trace"] == "t", "other headers still go"


async def test_an_oversized_response_fails_naming_the_option(client, settings, worker, http_server):
    url = http_server.script("/big", Reply(text="x" * 5000))
    message = await failure_of(client, settings, {"url": url, "max_response_bytes": 2048})

    assert "larger than 2048 bytes" in message
    assert "config.max_response_bytes" in message and "HTTP_MAX_RESPONSE_BYTES" in message


async def test_the_setting_bounds_every_response(client, settings, http_server):
    url = http_server.script("/big", Reply(text="x" * 5000))
    async with worker_with(client, settings, http_max_response_bytes=4096) as small:
        message = await failure_of(client, small, {"url": url})
        above = await failure_of(client, small, {"url": url, "max_response_bytes": 10**6})

    assert "larger than 4096 bytes" in message
    assert "above HTTP_MAX_RESPONSE_BYTES (4096)" in above


async def test_a_gzip_bomb_stops_at_the_decompressed_limit(client, settings, worker, http_server):
    bomb = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 512 * 1024
    url = http_server.script(
        "/bomb",
        Reply(content=bomb, headers={"Content-Encoding": "gzip", "Content-Type": "text/plain"}),
    )
    message = await failure_of(client, settings, {"url": url, "max_response_bytes": 1024 * 1024})

    assert "larger than 1048576 bytes after decompression" in message


async def test_a_small_gzip_answer_is_decoded(client, settings, worker, http_server):
    url = http_server.script(
        "/gz",
        Reply(
            content=gzip.compress(b'{"ok": true}'),
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        ),
    )
    result = await run_graph(client, settings, one_node({"url": url}))

    assert result.output["call"]["body"] == {"ok": True}
    assert "gzip" in http_server.requests("/gz")[0].headers["accept-encoding"]


async def test_a_large_response_goes_to_the_blob_store(client, settings, worker, http_server):
    data = bytes(range(256)) * 40
    url = http_server.script(
        "/export.bin", Reply(content=data, headers={"Content-Type": "application/octet-stream"})
    )
    config = {"url": url, "max_response_bytes": 1024, "large_response": "blob"}
    result = await run_graph(client, settings, one_node(config))

    ref = result.output["call"]["body"]
    assert ref["size"] == len(data) and ref["name"] == "export.bin"
    engine = make_engine(settings.database_url)
    try:
        store = blob_store(engine, BlobConfig.from_settings(settings))
        # run_graph starts runs outside any workspace: the blob belongs to "".
        stored = b"".join([chunk async for chunk in await store.open("", ref)])
    finally:
        engine.dispose()
    assert stored == data


async def test_webhook_send_answers_are_bounded_too(api, http_server):
    response = await api.post(
        "/api/credentials",
        json={"name": "k", "type": "http_header", "data": {"name": "X", "value": "s"}},
    )
    url = http_server.script("/hook", Reply(text="y" * 5000))
    config = {
        "url": url,
        "payload": {},
        "credential_id": response.json()["id"],
        "max_response_bytes": 1024,
    }
    graph = {
        "nodes": [node("start", "trigger.manual"), node("hook", "webhook.send", config)],
        "edges": chain("start", "hook"),
    }
    workflow = await create_workflow(api, graph, name="egress")
    run = await wait_for_run(api, (await start_run(api, workflow["id"]))["id"])

    assert run["status"] == "failed"
    assert "larger than 1024 bytes" in run["error"]
