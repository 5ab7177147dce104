"""File writing nodes: rows → a new CSV or Excel file in the blob store."""

import asyncio
import codecs
import csv
import io
import tempfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from core.blobs import BlobStore, file_name
from interpreter import NodeTask

from .._deps import NodeDependencies
from .._runtime import NodeError, node_activity, with_heartbeats
from .source import column_names, load_rows, text_cell
from .write_spec import EXCEL_MAX_ROWS, FORMULA_STARTS


def build(deps: NodeDependencies) -> list[object]:
    files = FileWriteActivities(deps.blobs)
    return [files.write_csv, files.write_excel]


class FileWriteActivities:
    """Writers whose output is a new blob."""

    def __init__(self, blobs: BlobStore) -> None:
        self.blobs = blobs

    @node_activity("file.write_csv")
    async def write_csv(self, task: NodeTask) -> dict[str, Any]:
        config = task.config
        rows = await load_rows(self.blobs, task)
        columns = column_names(rows, config.get("columns"))
        encoding = str(config.get("encoding") or "utf-8")
        try:
            encoder = codecs.getincrementalencoder(encoding)()
        except LookupError:
            raise NodeError(
                f"`encoding` {encoding!r} is not a known encoding", retryable=False
            ) from None
        chunks = _csv_chunks(rows, columns, config, encoder)
        name = file_name(config.get("file_name"), "data.csv")
        ref = await with_heartbeats(self.blobs.put(task.workspace_id, name, "text/csv", chunks))
        return {"file": ref, "row_count": len(rows)}

    @node_activity("file.write_excel")
    async def write_excel(self, task: NodeTask) -> dict[str, Any]:
        config = task.config
        rows = await load_rows(self.blobs, task)
        if len(rows) > EXCEL_MAX_ROWS:
            raise NodeError(
                f"{len(rows)} rows do not fit one Excel sheet ({EXCEL_MAX_ROWS} at most); "
                "use file.write_csv",
                retryable=False,
            )
        columns = column_names(rows, config.get("columns"))
        sheet = str(config.get("sheet_name") or "Sheet1")
        neutral = config.get("neutralize_formulas", True) is not False
        name = file_name(config.get("file_name"), "data.xlsx")
        with tempfile.TemporaryDirectory(prefix="sluice-xlsx-") as folder:
            path = Path(folder) / "out.xlsx"
            await with_heartbeats(
                asyncio.to_thread(_write_workbook, path, sheet, columns, rows, neutral)
            )
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ref = await with_heartbeats(
                self.blobs.put_file(task.workspace_id, name, content_type, path)
            )
        return {"file": ref, "row_count": len(rows)}


async def _csv_chunks(
    rows: list[dict[str, Any]],
    columns: list[str],
    config: dict[str, Any],
    encoder: codecs.IncrementalEncoder,
) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    # CRLF (RFC 4180): with "\n" alone the writer would leave a bare CR in a cell unquoted.
    delimiter = str(config.get("delimiter") or ",")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    cell = _cell_writer(config)
    if config.get("include_header", True) is not False:
        writer.writerow([cell(c) for c in columns])
    for start in range(0, len(rows), 2000):
        writer.writerows([cell(r.get(c)) for c in columns] for r in rows[start : start + 2000])
        yield _encode(encoder, buffer)
        await asyncio.sleep(0)  # a million rows must not starve the worker's event loop
    yield _encode(encoder, buffer, final=True)


def neutralize(value: Any) -> Any:
    """`value` with a leading single quote when it is text a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell_writer(config: dict[str, Any]) -> Callable[[Any], Any]:
    if config.get("neutralize_formulas", True) is False:
        return text_cell
    return lambda value: neutralize(text_cell(value))


def _encode(encoder: codecs.IncrementalEncoder, buffer: io.StringIO, final: bool = False) -> bytes:
    try:
        data = encoder.encode(buffer.getvalue(), final)
    except UnicodeEncodeError as exc:
        raise NodeError(
            f"a value cannot be written as {exc.encoding}: "
            f"{exc.object[exc.start : exc.end]!r}; choose another `encoding` (e.g. utf-8)",
            retryable=False,
        ) from exc
    buffer.seek(0)
    buffer.truncate()
    return data


def _write_workbook(
    path: Path, sheet: str, columns: list[str], rows: list[dict[str, Any]], neutral: bool
) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    try:
        worksheet = workbook.create_sheet(sheet)
    except ValueError as exc:
        raise NodeError(f"`sheet_name` {sheet!r} is not allowed: {exc}", retryable=False) from exc

    def cell(value: Any) -> Any:
        value = None if value is None else text_cell(value)
        if neutral:
            value = neutralize(value)
        if not isinstance(value, str):
            return value
        written = WriteOnlyCell(worksheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        written.data_type = "s"  # "=..." from data must stay text, not become a formula
        return written

    worksheet.append([cell(c) for c in columns])
    for row in rows:
        worksheet.append([cell(row.get(c)) for c in columns])
    workbook.save(path)
