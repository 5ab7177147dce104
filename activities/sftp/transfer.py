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
from interpreter import NodeTask, NodeType, RetrySpec

from ._deps import NodeDependencies
from ._files_source import FILE_INPUT, FILE_REF_SCHEMA
from ._runtime import NodeError, node_activity, with_heartbeats
from ._sftp_session import SftpSession, classified, target
from .credential_hosts import require_allowed_host
from .credential_store import CredentialStore
from .egress import EgressPolicy

_CREDENTIAL = {
    "type": "string",
    "format": "uuid",
    "description": "An SFTP server credential (host, username, password or private key, "
    "and the server's known_hosts line).",
}
_TIMEOUT = {
    "type": "number",
    "exclusiveMinimum": 0,
    "maximum": 300,
    "default": 30,
    "description": "Seconds to wait for the server to connect or answer (not the transfer).",
}
_RETRY = RetrySpec(max_attempts=5, initial_interval_seconds=2.0, maximum_interval_seconds=60.0)


def _sftp_type(name: str, label: str, description: str, **fields: Any) -> NodeType:
    properties, required = fields.pop("properties"), fields.pop("required")
    return NodeType(
        type=name,
        category="SFTP",
        label=label,
        description=description,
        kind="activity",
        credential_type="sftp",
        retry=_RETRY,
        heartbeat_seconds=30.0,
        config_schema={
            "type": "object",
            "additionalProperties": False,
            "required": ["credential_id", *required],
            "properties": {"credential_id": _CREDENTIAL, **properties, "timeout_seconds": _TIMEOUT},
        },
        **fields,
    )


SFTP_UPLOAD = _sftp_type(
    "sftp.upload",
    "SFTP upload",
    "Uploads a file to the server; written under a temporary name and renamed, so readers "
    "never see half a file.",
    timeout_seconds=3600.0,
    required=["file", "remote_path"],
    properties={
        "file": FILE_INPUT["file"],
        "remote_path": {
            "type": "string",
            "minLength": 1,
            "maxLength": 4096,
            "description": "Where to write; ending in '/' means that folder, with the file's name.",
            "examples": ["/incoming/orders.csv", "/incoming/"],
        },
        "create_dirs": {
            "type": "boolean",
            "default": False,
            "description": "Create missing folders of remote_path.",
        },
        "overwrite": {
            "type": "boolean",
            "default": True,
            "description": "Replace an existing file; if false, an existing file fails the node.",
        },
    },
    output_schema={
        "type": "object",
        "properties": {"remote_path": {"type": "string"}, "size": {"type": "integer"}},
    },
)

SFTP_DOWNLOAD = _sftp_type(
    "sftp.download",
    "SFTP download",
    "Downloads a file from the server into a file reference for the next nodes.",
    timeout_seconds=3600.0,
    required=["remote_path"],
    properties={
        "remote_path": {
            "type": "string",
            "minLength": 1,
            "maxLength": 4096,
            "examples": ["/outgoing/orders.csv"],
            "description": "The file to download.",
        },
        "file_name": {
            "type": "string",
            "maxLength": 255,
            "description": "Name of the downloaded file (default: the remote file's name).",
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "file": {**FILE_REF_SCHEMA, "description": "The downloaded file."},
            "remote_path": {"type": "string"},
            "modified_at": {"type": "string", "format": "date-time"},
        },
    },
)

SFTP_LIST = _sftp_type(
    "sftp.list",
    "SFTP list folder",
    "Lists a folder on the server: names, sizes, modification times, folders.",
    timeout_seconds=120.0,
    required=[],
    properties={
        "path": {
            "type": "string",
            "minLength": 1,
            "maxLength": 4096,
            "default": ".",
            "description": "The folder (default: the login folder).",
            "examples": ["/outgoing"],
        },
        "pattern": {
            "type": "string",
            "maxLength": 200,
            "description": "Only names matching this glob.",
            "examples": ["*.csv"],
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "entries": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "path": {"type": "string"},
                        "size": {"type": "integer"},
                        "modified_at": {"type": "string", "format": "date-time"},
                        "is_dir": {"type": "boolean"},
                    },
                },
            },
            "count": {"type": "integer"},
        },
    },
)

NODE_TYPES = [SFTP_UPLOAD, SFTP_DOWNLOAD, SFTP_LIST]


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
