"""Attachments are counted byte by byte as they are read, within EMAIL_MAX_ATTACHMENT_BYTES;
a file reference's `size` is user-editable, so it is never trusted."""

import base64
import os

import pytest

from activities._runtime import NodeError
from core.blobs import BlobConfig, LocalBlobStore, blob_store
from core.db import make_engine
from tests.activities.email.test_email import mail, smtp_credential
from tests.utils.isolated_worker import isolated_worker, run_in_workspace

LIMIT = 4096


async def _stored(settings, workspace: str, name: str, data: bytes) -> dict:
    engine = make_engine(settings.database_url)
    try:
        return await blob_store(engine, BlobConfig.from_settings(settings)).put_bytes(
            workspace, name, "application/octet-stream", data
        )
    finally:
        engine.dispose()


async def test_attachments_over_the_limit_fail_counted_by_real_bytes(
    api, client, settings, smtp_peer
):
    server = await smtp_peer()
    credential = await smtp_credential(api, server)
    workspace = (await api.get(f"/api/credentials/{credential}")).json()["workspace_id"]
    big = await _stored(settings, workspace, "big.bin", os.urandom(3 * LIMIT))
    small = await _stored(settings, workspace, "small.bin", b"x" * 1000)
    assert big["size"] == 3 * LIMIT
    edited = {**big, "size": 10}  # an editor typed the reference in with a small size
    inline = {"name": "inline.bin", "content_base64": base64.b64encode(b"y" * 5000).decode()}
    async with isolated_worker(client, settings, email_max_attachment_bytes=LIMIT) as strict:
        result = await run_in_workspace(
            client,
            strict,
            workspace,
            mail("edited", credential, attachments=[edited]),
            mail(
                "together",
                credential,
                attachments=[small, small, small, {**small, "size": 0}, small],
            ),
            mail("inline", credential, attachments=[inline]),
            mail("fits", credential, attachments=[{**small, "size": 1}, small]),
        )
    for node_id in ("edited", "together", "inline"):
        state = result.nodes[node_id]
        assert state.status == "failed", (node_id, state)
        assert f"larger than {LIMIT} bytes" in state.error, state.error
        assert "EMAIL_MAX_ATTACHMENT_BYTES" in state.error
        assert state.attempt == 1, "not retried: a retry reads the same bytes"
    assert result.nodes["fits"].status == "succeeded", result.nodes["fits"]
    [delivery] = server.deliveries
    parts = list(delivery.message.iter_attachments())
    assert [p.get_payload(decode=True) for p in parts] == [b"x" * 1000, b"x" * 1000]


async def test_blob_reads_count_real_bytes_not_the_size_field(tmp_path):
    store = LocalBlobStore(tmp_path / "blobs")
    ref = await store.put_bytes("w1", "data.json", "application/json", b"[" + b"1," * 5000 + b"1]")
    with pytest.raises(NodeError, match="larger than 1024 bytes"):
        await store.read_bytes("w1", {**ref, "size": 2}, max_bytes=1024)
    with pytest.raises(NodeError, match="larger than 1024 bytes"):
        await store.copy_to_path("w1", {**ref, "size": 2}, tmp_path / "copy", max_bytes=1024)
    with pytest.raises(NodeError, match="is 99999 bytes"):
        await store.read_bytes("w1", {**ref, "size": 99999}, max_bytes=1024)
    assert len(await store.read_bytes("w1", {**ref, "size": 2})) == ref["size"]
