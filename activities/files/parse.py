"""File parsing nodes for tables and JSON: CSV (streamed), Excel, JSON."""

import asyncio
import json
from pathlib import Path
from typing import Any

from core.blobs import BlobStore
from interpreter import NodeTask, NodeType

from ._deps import NodeDependencies
from ._files_source import (
    FILE_INPUT,
    FILE_RETRY,
    ONE_INPUT,
    ROWS_OUTPUT,
    source_file,
)
from ._files_tables import csv_rows, excel_rows
from ._runtime import NodeError, node_activity, with_heartbeats

_TABLE_OPTIONS: dict[str, Any] = {
    "has_header": {
        "type": "boolean",
        "default": True,
        "description": "The first row names the columns; otherwise columns are column_1, ...",
    },
    "infer_types": {
        "type": "boolean",
        "default": True,
        "description": "Turn numbers and booleans into JSON numbers and booleans (empty "
        "cells become null); off keeps every value as text.",
    },
    "max_rows": {
        "type": "integer",
        "minimum": 1,
        "description": "Read at most this many data rows.",
    },
}

PARSE_CSV = NodeType(
    type="file.parse_csv",
    category="Files",
    label="Parse CSV",
    description="Reads CSV text into rows. Streams the file, so any size works; rows above "
    "the inline limit are passed on as a JSON file reference.",
    kind="activity",
    retry=FILE_RETRY,
    timeout_seconds=900.0,
    heartbeat_seconds=30.0,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            **FILE_INPUT,
            "delimiter": {
                "type": "string",
                "minLength": 1,
                "maxLength": 1,
                "default": ",",
                "description": "Field separator.",
                "examples": [",", ";", "\t", "|"],
            },
            "encoding": {
                "type": "string",
                "default": "utf-8",
                "description": "Text encoding of the file (a BOM is skipped).",
                "examples": ["utf-8", "latin-1", "cp1252", "utf-16"],
            },
            **_TABLE_OPTIONS,
        },
        **ONE_INPUT,
    },
    output_schema={"type": "object", "properties": ROWS_OUTPUT},
)

PARSE_EXCEL = NodeType(
    type="file.parse_excel",
    category="Files",
    label="Parse Excel",
    description="Reads one sheet of an .xlsx workbook into rows.",
    kind="activity",
    retry=FILE_RETRY,
    timeout_seconds=600.0,
    heartbeat_seconds=30.0,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["file"],
        "properties": {
            "file": FILE_INPUT["file"],
            "sheet": {
                "type": ["string", "integer"],
                "default": 0,
                "minimum": 0,
                "description": "Sheet name, or its position counting from 0.",
                "examples": ["Orders", 0],
            },
            **_TABLE_OPTIONS,
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            **ROWS_OUTPUT,
            "sheet": {"type": "string", "description": "Name of the sheet read."},
            "sheets": {"type": "array", "items": {"type": "string"}},
        },
    },
)

PARSE_JSON = NodeType(
    type="file.parse_json",
    category="Files",
    label="Parse JSON",
    description="Reads a JSON file (or text) into data.",
    kind="activity",
    retry=FILE_RETRY,
    timeout_seconds=300.0,
    heartbeat_seconds=30.0,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": dict(FILE_INPUT),
        **ONE_INPUT,
    },
    output_schema={
        "type": "object",
        "properties": {"data": {"description": "The parsed JSON value."}},
    },
)

NODE_TYPES = [PARSE_CSV, PARSE_EXCEL, PARSE_JSON]


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
