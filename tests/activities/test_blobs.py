"""The blob store (local folder and PostgreSQL) and the claim check of large node outputs."""

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from api.migrate import migrate
from core.blobs import (
    CHUNK_BYTES,
    BlobConfig,
    BlobNotFound,
    DatabaseBlobStore,
    LocalBlobStore,
)
from core.blobs.__main__ import main as cleanup_main
from core.db import make_engine
from core.models import utcnow
from tests.activities.files_conftest import one_node, put, read
from tests.utils.graphs import chain, node, result_with_outputs, run_graph, start_graph
from tests.utils.http_server import Reply
from tests.utils.runs import node_failure
from worker import build_worker


@pytest.fixture(params=["local", "database"])
def store(request, tmp_path, database_url):
    if request.param == "local":
        yield LocalBlobStore(tmp_path / "blobs")
        return
    engine = make_engine(database_url)
    migrate(engine)
    yield DatabaseBlobStore(engine)
    engine.dispose()


async def uneven_chunks(data: bytes) -> AsyncIterator[bytes]:
    """The data in pieces that do not line up with the store's chunks."""
    for start in range(0, len(data), 700_001):
        yield data[start : start + 700_001]


async def test_streams_in_and_out_in_bounded_chunks(store):
    data = os.urandom(3 * CHUNK_BYTES + 12_345)
    ref = await store.put("ws-a", "dump.bin", "application/octet-stream", uneven_chunks(data))

    assert set(ref) == {"$blob", "name", "size", "content_type"}
    assert (ref["name"], ref["size"], ref["content_type"]) == (
        "dump.bin",
        len(data),
        "application/octet-stream",
    )
    chunks = [chunk async for chunk in await store.open("ws-a", ref)]
    assert b"".join(chunks) == data
    assert max(len(c) for c in chunks) <= CHUNK_BYTES and len(chunks) == 4
    empty = await store.put_bytes("ws-a", "empty.txt", "text/plain", b"")
    assert await store.read_bytes("ws-a", empty) == b"" and empty["size"] == 0


async def test_blobs_stay_in_their_workspace(store):
    ref = await store.put_bytes("ws-a", "secret.txt", "text/plain", b"only for ws-a")
    for workspace in ("ws-b", ""):
        with pytest.raises(BlobNotFound) as info:
            await store.open(workspace, ref)
        assert not info.value.retryable
        assert "not in this workspace" in str(info.value)
    with pytest.raises(BlobNotFound):
        await store.open("ws-a", {**ref, "$blob": "0" * 32})
    for forged in ("../ws-b/" + ref["$blob"], "/etc/passwd", ref["$blob"] + "/.."):
        with pytest.raises(BlobNotFound, match="not a valid file reference"):
            await store.open("ws-a", {**ref, "$blob": forged})


async def test_a_failed_write_leaves_nothing_behind(store):
    async def broken() -> AsyncIterator[bytes]:
        yield b"x" * (CHUNK_BYTES + 1)
        raise ConnectionResetError("upstream went away")

    before = stored(store)
    with pytest.raises(ConnectionResetError):
        await store.put("ws-a", "half.bin", "application/octet-stream", broken())
    assert stored(store) == before


def stored(store) -> object:
    """Everything a store holds: files, or row counts (the session's database is shared)."""
    if isinstance(store, LocalBlobStore):
        return sorted(store.root.glob("*/*"))
    with store.engine.connect() as connection:
        return [
            connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("blob", "blob_chunk")
        ]


async def test_retention_deletes_only_old_blobs(store):
    old = await store.put_bytes("ws-a", "old.csv", "text/csv", b"a\n" * 2_000_000)
    new = await store.put_bytes("ws-a", "new.csv", "text/csv", b"b\n")
    age_blob(store, "ws-a", old, days=31)

    assert await store.delete_older_than(30) == 1
    assert await store.read_bytes("ws-a", new) == b"b\n"
    with pytest.raises(BlobNotFound):
        await store.open("ws-a", old)


def age_blob(store, workspace: str, ref: dict, *, days: float) -> None:
    if isinstance(store, LocalBlobStore):
        then = time.time() - days * 86400
        os.utime(store.path(workspace, ref), (then, then))
        return
    with store.engine.begin() as connection:
        connection.execute(
            text("UPDATE blob SET created_at = :at WHERE id = :id"),
            {"at": utcnow() - timedelta(days=days), "id": ref["$blob"]},
        )


async def test_cleanup_command(tmp_path, settings, monkeypatch, capsys):
    store = LocalBlobStore(tmp_path)
    old = await store.put_bytes("ws", "old.txt", "text/plain", b"old")
    new = await store.put_bytes("ws", "new.txt", "text/plain", b"new")
    age_blob(store, "ws", old, days=8)
    for name, value in [
        ("BLOB_DIR", str(tmp_path)),
        ("BLOB_BACKEND", "local"),
        ("DATABASE_URL", settings.database_url),
        ("BLOB_RETENTION_DAYS", "7"),
    ]:
        monkeypatch.setenv(name, value)

    # In-process (a subprocess would spend seconds importing every node family).
    assert await asyncio.to_thread(cleanup_main, ["cleanup"]) == 0

    assert "deleted 1 blob(s) older than 7 days (local store)" in capsys.readouterr().out
    assert not store.path("ws", old).exists() and store.path("ws", new).exists()


def test_blob_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("BLOB_BACKEND", "s3")
    with pytest.raises(ValueError, match="BLOB_BACKEND must be 'local' or 'database'"):
        BlobConfig.from_env()
    monkeypatch.setenv("BLOB_BACKEND", "Database")
    monkeypatch.setenv("BLOB_DIR", "/srv/blobs")
    monkeypatch.setenv("BLOB_RETENTION_DAYS", "7")
    assert BlobConfig.from_env() == BlobConfig("database", Path("/srv/blobs"), 7.0)


def big_csv(rows: int = 14_000) -> tuple[bytes, list[dict]]:
    """CSV whose rows are over 1 MB of JSON, and the rows."""
    expected = [
        {"id": i, "customer": f"customer-{i % 97}", "note": f"order {i} of quite a few"}
        for i in range(rows)
    ]
    lines = ["id,customer,note"] + [f"{r['id']},{r['customer']},{r['note']}" for r in expected]
    return "\n".join(lines).encode(), expected


CLAIM_GRAPH = {
    "nodes": [
        node("start", "trigger.manual"),
        node("parse", "file.parse_csv", {"file": "{{ inputs.file }}"}),
        node(
            "write",
            "file.write_csv",
            {"rows": "{{ nodes.parse.output.rows }}", "columns": ["id", "customer", "note"]},
        ),
    ],
    "edges": chain("start", "parse", "write"),
}


async def check_claim_check(client, handle, blobs, data: bytes, parse_rows: list) -> None:
    """The run passed ~1 MB between nodes; history holds references, not the rows."""
    result = await result_with_outputs(handle)
    parse = result["nodes"]["parse"]["output"]
    assert parse["row_count"] == 14_000 and "$blob" in parse["rows"]
    written = await read(blobs, result["nodes"]["write"]["output"]["file"])
    assert written == data.replace(b"\n", b"\r\n") + b"\r\n", "the downstream node got every row"

    history = await handle.fetch_history()
    size = sum(event.ByteSize() for event in history.events)
    assert len(json.dumps(parse_rows)) > 1_000_000 and size < 40_000, size
    completed = [
        e.activity_task_completed_event_attributes
        for e in history.events
        if e.HasField("activity_task_completed_event_attributes")
    ]
    [parse_result, _] = [
        (await client.data_converter.decode(list(c.result.payloads)))[0] for c in completed
    ]
    assert parse_result["output"]["rows"] == parse["rows"], "the payload holds the reference"


async def test_claim_check_keeps_history_small(client, settings, worker, blobs):
    data, rows = big_csv()
    ref = await put(blobs, "orders.csv", data)
    handle = await start_graph(client, settings, CLAIM_GRAPH, {"file": ref})
    await check_claim_check(client, handle, blobs, data, rows)


async def test_claim_check_with_the_database_backend(client, settings, monkeypatch):
    engine = make_engine(settings.database_url)
    migrate(engine)
    blobs = DatabaseBlobStore(engine)
    own = settings.model_copy(
        update={
            "temporal_task_queue": f"{settings.temporal_task_queue}-db",
            "blob_backend": "database",
        }
    )
    data, rows = big_csv()
    ref = await put(blobs, "orders.csv", data)
    async with build_worker(client, own) as db_worker, db_worker:
        handle = await start_graph(client, own, CLAIM_GRAPH, {"file": ref})
        await check_claim_check(client, handle, blobs, data, rows)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM blob_chunk")).scalar()
    assert stored >= 3, "the rows and the written file live in PostgreSQL"
    engine.dispose()


async def test_any_node_output_over_the_limit_is_claim_checked(
    client, settings, worker, blobs, http_server
):
    body = "x" * 300_000
    url = http_server.script("/big", Reply(text=body))
    items = [{"n": i, "text": "y" * 50} for i in range(5_000)]
    graph = {
        "nodes": [
            node("call", "http.request", {"url": url}),
            node(
                "json",
                "file.parse_json",
                {"file": await put(blobs, "items.json", json.dumps(items).encode())},
            ),
            node("write", "file.write_csv", {"rows": "{{ nodes.json.output.data }}"}),
        ],
        "edges": chain("json", "write"),
    }
    result = await run_graph(client, settings, graph)

    call = result.nodes["call"].output
    assert call["status"] == 200, "small fields stay inline for expressions"
    assert call["body"]["content_type"] == "application/json"
    assert json.loads(await read(blobs, call["body"])) == body
    assert "$blob" in result.nodes["json"].output["data"]
    written = (await read(blobs, result.output["write"]["file"])).decode().splitlines()
    assert len(written) == 5_001 and written[1] == "0," + "y" * 50


async def test_a_file_from_another_workspace_cannot_be_read(client, settings, worker, blobs):
    ref = await put(blobs, "theirs.csv", b"a\n1\n", workspace_id="another-workspace")
    handle = await start_graph(client, settings, one_node("file.parse_csv", {"file": ref}))
    error = await node_failure(handle)

    assert "'theirs.csv'" in error.message and "not in this workspace" in error.message
    assert error.details[0]["nodes"]["n"]["attempt"] == 1
