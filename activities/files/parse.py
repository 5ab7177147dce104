"""File parsing nodes for tables and JSON: CSV (streamed), Excel, JSON."""

import asyncio
import json
from pathlib import Path
from typing import Any

from core.blobs import BlobStore
from interpreter import NodeTask

from .._deps import NodeDependencies
from .._runtime import NodeError, node_activity, with_heartbeats
from ._tables import csv_rows, excel_rows
from .source import (
    source_file,
)


def build(deps: NodeDependencies) -> list[object]:
    files = FileParseActivities(deps.blobs, inline_limit=deps.settings.max_inline_payload_bytes)
    return [files.parse_csv, files.parse_excel, files.parse_json]


class FileParseActivities:
    """Parsers that read their input from the blob store (or inline text)."""

    def __init__(self, blobs: BlobStore, *, inline_limit: int) -> None:
        self.blobs = blobs
        self.inline_limit = inline_limit

    @node_activity("file.parse_csv")
    async def parse_csv(self, task: NodeTask) -> dict[str, Any]:
        config = task.config
        async with source_file(self.blobs, task, max_bytes=None) as source:
            encoding = "utf-8" if source.inline else str(config.get("encoding") or "utf-8")
            spill = source.path.with_name("rows.json")
            table = await with_heartbeats(
                asyncio.to_thread(
                    csv_rows,
                    source.path,
                    spill,
                    delimiter=str(config.get("delimiter", ",")),
                    encoding=encoding,
                    options=config,
                    inline_limit=self.inline_limit,
                )
            )
            rows: Any = table.rows
            if rows is None:
                name = f"{Path(source.name).stem}.rows.json"
                rows = await self.blobs.put_file(task.workspace_id, name, "application/json", spill)
        return {"rows": rows, "row_count": table.row_count, "columns": table.columns}

    @node_activity("file.parse_excel")
    async def parse_excel(self, task: NodeTask) -> dict[str, Any]:
        sheet = task.config.get("sheet", 0)
        if not isinstance(sheet, str | int) or isinstance(sheet, bool):
            raise NodeError("`sheet` must be a sheet name or a position from 0", retryable=False)
        async with source_file(self.blobs, task, suffix=".xlsx") as source:
            table, name, sheets = await with_heartbeats(
                asyncio.to_thread(excel_rows, source.path, sheet, options=task.config)
            )
        return {
            "rows": table.rows,
            "row_count": table.row_count,
            "columns": table.columns,
            "sheet": name,
            "sheets": sheets,
        }

    @node_activity("file.parse_json")
    async def parse_json(self, task: NodeTask) -> dict[str, Any]:
        async with source_file(self.blobs, task) as source:
            text = await asyncio.to_thread(source.path.read_bytes)
        try:
            return {"data": json.loads(text)}
        except UnicodeDecodeError as exc:
            raise NodeError(f"{source.name} is not UTF-8 text: {exc}", retryable=False) from exc
        except json.JSONDecodeError as exc:
            raise NodeError(
                f"{source.name} is not valid JSON: {exc.msg} at line {exc.lineno} column "
                f"{exc.colno}",
                retryable=False,
            ) from exc
