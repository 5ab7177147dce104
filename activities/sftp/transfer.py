"""SFTP nodes over paramiko: `sftp.upload`, `sftp.download`, `sftp.list`.

paramiko blocks, so each call runs in a thread while the activity heartbeats; files stream
between the server and the blob store a chunk at a time.
"""

import asyncio
import fnmatch
import hashlib
import posixpath
import stat
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from core.blobs import CHUNK_BYTES, BlobStore, file_name, guess_content_type, require_ref
from interpreter import NodeTask

from .._deps import NodeDependencies
from .._runtime import NodeError, node_activity, with_heartbeats
from ..credential_hosts import require_allowed_host
from ..credential_store import CredentialStore
from ..egress import EgressPolicy
from ._session import SftpSession, classified, target


def build(deps: NodeDependencies) -> list[object]:
    nodes = SftpActivities(deps.credentials, deps.blobs, deps.egress)
    return [nodes.sftp_upload, nodes.sftp_download, nodes.sftp_list]


class SftpActivities:
    """One SSH connection per call; closed when the call ends, even on failure."""

    def __init__(
        self, credentials: CredentialStore, blobs: BlobStore, egress: EgressPolicy | None = None
    ) -> None:
        self.credentials = credentials
        self.blobs = blobs
        self.egress = egress or EgressPolicy()

    async def _open(self, task: NodeTask) -> SftpSession:
        credential = await self.credentials.load(task, "sftp")
        if credential is None:
            raise NodeError("set `credential_id` to an SFTP credential", retryable=False)
        timeout = task.config.get("timeout_seconds", 30)
        if not isinstance(timeout, int | float) or not 0 < timeout <= 300:
            raise NodeError("`timeout_seconds` must be a number in (0, 300]", retryable=False)
        host, port = target(credential)
        require_allowed_host(credential, host)
        addresses = await self.egress.resolve(host, port)
        return await with_heartbeats(
            asyncio.to_thread(SftpSession, credential, float(timeout), addresses)
        )

    @node_activity("sftp.download")
    async def sftp_download(self, task: NodeTask) -> dict[str, Any]:
        path = _remote_path(task.config.get("remote_path"), "remote_path")
        name = file_name(task.config.get("file_name") or posixpath.basename(path), "download")
        session = await self._open(task)
        try:
            with classified("downloading", path):
                remote = await asyncio.to_thread(session.sftp.open, path, "rb")
                info = await asyncio.to_thread(remote.stat)
                if stat.S_ISDIR(info.st_mode or 0):
                    raise NodeError(f"{path!r} is a folder, not a file", retryable=False)
                remote.prefetch(info.st_size)
                ref = await with_heartbeats(
                    self.blobs.put(task.workspace_id, name, guess_content_type(name), _read(remote))
                )
        finally:
            await asyncio.to_thread(session.close)
        return {"file": ref, "remote_path": path, "modified_at": _when(info.st_mtime)}

    @node_activity("sftp.upload")
    async def sftp_upload(self, task: NodeTask) -> dict[str, Any]:
        config = task.config
        ref = require_ref(config.get("file"), "file")
        path = _remote_path(config.get("remote_path"), "remote_path")
        if path.endswith("/"):
            path += file_name(ref.get("name"), "upload")
        chunks = await self.blobs.open(task.workspace_id, ref)  # fails before connecting
        # Named by the idempotency key: a retry overwrites its own leftover, not another's.
        digest = hashlib.sha256(task.idempotency_key.encode()).hexdigest()[:12]
        partial = f"{path}.{digest}.part"
        session = await self._open(task)
        try:
            with classified("uploading", path):
                if config.get("create_dirs") is True:
                    await asyncio.to_thread(session.make_dirs, posixpath.dirname(path))
                if config.get("overwrite", True) is False and await asyncio.to_thread(
                    session.exists, path
                ):
                    raise NodeError(f"{path!r} exists and `overwrite` is false", retryable=False)
                try:
                    size = await with_heartbeats(_write(session, partial, chunks))
                except BaseException:
                    await asyncio.to_thread(session.discard, partial)
                    raise
                await asyncio.to_thread(session.replace, partial, path)
        finally:
            await asyncio.to_thread(session.close)
        return {"remote_path": path, "size": size}

    @node_activity("sftp.list")
    async def sftp_list(self, task: NodeTask) -> dict[str, Any]:
        path = _remote_path(task.config.get("path", "."), "path")
        pattern = task.config.get("pattern")
        session = await self._open(task)
        try:
            with classified("listing", path):
                items = await with_heartbeats(asyncio.to_thread(session.sftp.listdir_attr, path))
        finally:
            await asyncio.to_thread(session.close)
        entries = [
            {
                "name": item.filename,
                "path": posixpath.join(path, item.filename),
                "size": item.st_size or 0,
                "modified_at": _when(item.st_mtime),
                "is_dir": stat.S_ISDIR(item.st_mode or 0),
            }
            for item in sorted(items, key=lambda i: i.filename)
            if not pattern or fnmatch.fnmatchcase(item.filename, str(pattern))
        ]
        return {"entries": entries, "count": len(entries)}


def _remote_path(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip() or "\x00" in value:
        raise NodeError(f"`{field}` must be a remote path like /outgoing/file.csv", retryable=False)
    return value.strip()


def _when(timestamp: float | None) -> str | None:
    return None if timestamp is None else datetime.fromtimestamp(timestamp, UTC).isoformat()


async def _read(remote: Any) -> AsyncIterator[bytes]:
    try:
        while chunk := await asyncio.to_thread(remote.read, CHUNK_BYTES):
            yield chunk
    finally:
        await asyncio.to_thread(remote.close)


async def _write(session: SftpSession, path: str, chunks: AsyncIterator[bytes]) -> int:
    remote = await asyncio.to_thread(session.sftp.open, path, "wb")
    remote.set_pipelined(True)
    size = 0
    try:
        async for chunk in chunks:
            await asyncio.to_thread(remote.write, chunk)
            size += len(chunk)
    finally:
        await asyncio.to_thread(remote.close)
    return size
