"""Fixtures and helpers of the file, blob and SFTP tests: the worker's blob store, an SFTP
server, sample files."""

import asyncio
import atexit
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from openpyxl import Workbook
from temporalio.client import WorkflowHandle

from activities import NODE_TYPES
from core.blobs import BlobConfig, BlobStore, LocalBlobStore, blob_store, guess_content_type
from core.config import Settings
from core.db import make_engine
from interpreter import validate_graph
from tests.utils.graphs import node
from tests.utils.sftp_server import sftp_server  # noqa: F401 - a fixture

# Set at collection, before any worker is built, so workers and tests share one private
# folder instead of the repository's .data/blobs.
if "BLOB_DIR" not in os.environ:
    os.environ["BLOB_DIR"] = tempfile.mkdtemp(prefix="sluice-test-blobs-")
    atexit.register(shutil.rmtree, os.environ["BLOB_DIR"], ignore_errors=True)


@pytest.fixture
def blobs(settings: Settings) -> Iterator[BlobStore]:
    """The blob store the session's worker uses (same environment, same database)."""
    engine = make_engine(settings.database_url)
    yield blob_store(engine)
    engine.dispose()


@pytest.fixture
def local_blobs(blobs: BlobStore) -> LocalBlobStore:
    """The worker's store when it is a local folder (tests that touch its files)."""
    if not isinstance(blobs, LocalBlobStore):
        pytest.skip(f"BLOB_BACKEND is {BlobConfig.from_env().backend}, not local")
    return blobs


async def put(blobs: BlobStore, name: str, data: bytes, workspace_id: str = "") -> dict:
    """Store `data` as a file of `workspace_id` ("" is the workspace of `run_graph` runs)."""
    return await blobs.put_bytes(workspace_id, name, guess_content_type(name), data)


async def read(blobs: BlobStore, ref: dict, workspace_id: str = "") -> bytes:
    return await blobs.read_bytes(workspace_id, ref)


def one_node(node_type: str, config: dict, **data: object) -> dict:
    return {"nodes": [node("n", node_type, config, **data)], "edges": []}


def config_errors(graph: dict) -> dict[str, str]:
    """field → message of what graph validation (at save time) refuses."""
    errors = validate_graph(graph, NODE_TYPES, max_nodes=50)
    return {e.field: e.message for e in errors}


@contextmanager
def unreadable(store: LocalBlobStore, ref: dict, workspace_id: str = "") -> Iterator[Callable]:
    """Make a stored file unreadable (a folder in its place: a real I/O error) until the
    returned `restore()` is called, or the block ends."""
    path = store.path(workspace_id, ref)
    away = path.with_name(path.name + ".away")
    path.rename(away)
    path.mkdir()

    def restore() -> None:
        if away.exists():
            path.rmdir()
            away.rename(path)

    try:
        yield restore
    finally:
        restore()


async def wait_for_attempt(handle: WorkflowHandle, node_id: str, attempt: int) -> list[str]:
    """Wait until the node's activity is on (at least) `attempt`: earlier ones failed.
    Answers the error types of the last failure's cause chain (the server may truncate
    its messages, never its types)."""
    for _ in range(1000):
        description = await handle.describe()
        for pending in description.raw_description.pending_activities:
            if pending.activity_id == node_id and pending.attempt >= attempt:
                failure, types = pending.last_failure, []
                while failure.ByteSize():
                    types.append(failure.application_failure_info.type)
                    failure = failure.cause
                return types
        await asyncio.sleep(0.02)
    raise AssertionError(f"node {node_id} never reached attempt {attempt}")


def make_xlsx(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx workbook written by openpyxl: sheet name → rows (first row: header)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_pdf(pages: list[str], *, title: str = "Quarterly report", author: str = "Ada") -> bytes:
    """A minimal PDF written by hand: one line of Helvetica text per page, and an Info dict."""
    kids = [5 + 2 * i for i in range(len(pages))]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % k for k in kids), len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (%s) /Author (%s) /CreationDate (D:20240102030405Z) >>"
        % (title.encode(), author.encode()),
    ]
    for kid, text in zip(kids, pages, strict=True):
        stream = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (kid + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
