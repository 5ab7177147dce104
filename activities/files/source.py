"""What the file nodes share: their input (a file reference or inline text) and row shapes."""

import datetime as dt
import json
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.blobs import BlobStore, require_ref
from interpreter import NodeTask

from .._runtime import NodeError, with_heartbeats

MAX_WHOLE_FILE_BYTES = 256 * 1024 * 1024
"""Formats parsed whole (Excel, PDF, XML, JSON) refuse bigger files rather than exhaust
the worker's memory; CSV streams and has no such limit."""


@dataclass(frozen=True)
class SourceFile:
    path: Path
    name: str
    inline: bool
    """From `content` text (written as UTF-8), not from a file reference."""


@asynccontextmanager
async def source_file(
    blobs: BlobStore,
    task: NodeTask,
    *,
    max_bytes: int | None = MAX_WHOLE_FILE_BYTES,
    suffix: str = "",
) -> AsyncIterator[SourceFile]:
    """The node's input as a temporary local file (named `input<suffix>`), deleted afterwards."""
    config = task.config
    with tempfile.TemporaryDirectory(prefix="sluice-file-") as folder:
        path = Path(folder) / f"input{suffix}"
        if config.get("file") is not None:
            ref = require_ref(config["file"], "file")
            # Counted while copying: the reference's `size` is user-editable.
            await with_heartbeats(
                blobs.copy_to_path(task.workspace_id, ref, path, max_bytes=max_bytes)
            )
            yield SourceFile(path, str(ref.get("name") or "file"), inline=False)
        elif isinstance(config.get("content"), str):
            path.write_text(config["content"], encoding="utf-8")
            yield SourceFile(path, "content", inline=True)
        else:
            raise NodeError(
                "set `file` (a file reference from an upstream node) or `content` (text)",
                retryable=False,
            )


def plain(value: Any) -> Any:
    """A JSON-ready cell value: dates as ISO text, NaN and NaT as null."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def text_cell(value: Any) -> Any:
    """A cell for a written file: nested values as JSON, null as empty."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


async def load_rows(blobs: BlobStore, task: NodeTask) -> list[dict[str, Any]]:
    """`config.rows`: a list of objects, inline or behind a reference (claim check)."""
    rows = await with_heartbeats(blobs.load_json(task.workspace_id, task.config.get("rows")))
    if not isinstance(rows, list):
        raise NodeError(
            f"`rows` must be a list of objects, e.g. {{{{ nodes.parse.output.rows }}}}, "
            f"not {type(rows).__name__}",
            retryable=False,
        )
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise NodeError(
                f"`rows[{index}]` must be an object, not {type(row).__name__}", retryable=False
            )
    return rows


def column_names(rows: list[dict[str, Any]], configured: Any) -> list[str]:
    """`columns` if configured, else every key in the order first seen."""
    if configured:
        if not isinstance(configured, list) or not all(isinstance(c, str) for c in configured):
            raise NodeError("`columns` must be a list of column names", retryable=False)
        return list(configured)
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(str(key) for key in row))
    return list(seen)
