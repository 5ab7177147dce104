"""CSV and Excel readers of the tabular file nodes: pandas, synchronous (run in a thread).

pandas and openpyxl load the first time a node reads a table, not with the worker."""

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .._runtime import NodeError
from .source import plain

if TYPE_CHECKING:
    import pandas as pd

CSV_CHUNK_ROWS = 20_000
"""Rows pandas parses at a time: memory stays at one chunk plus the inline rows."""


@dataclass(frozen=True)
class Table:
    rows: list[dict[str, Any]] | None
    """None when the rows went to the spill file (JSON) because they were too big."""
    row_count: int
    columns: list[str]


def csv_rows(
    path: Path,
    spill: Path,
    *,
    delimiter: str,
    encoding: str,
    options: dict[str, Any],
    inline_limit: int,
) -> Table:
    """Parse a CSV file chunk by chunk; rows past `inline_limit` JSON bytes go to `spill`."""
    import pandas as pd

    header = options.get("has_header", True) is not False
    kwargs = _read_options(options) | {"sep": delimiter, "encoding": encoding}
    try:
        reader = pd.read_csv(path, chunksize=CSV_CHUNK_ROWS, encoding_errors="strict", **kwargs)
    except LookupError:
        raise NodeError(
            f"`encoding` {encoding!r} is not a known text encoding", retryable=False
        ) from None
    except pd.errors.EmptyDataError:
        return Table([], 0, [])
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise _csv_error(exc, encoding) from exc
    sink = _RowSink(spill, inline_limit)
    columns: list[str] = []
    try:
        with reader:
            for frame in reader:
                columns = columns or _column_names(frame, header)
                frame.columns = pd.Index(columns)
                sink.add(_records(frame, options))
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError) as exc:
        raise _csv_error(exc, encoding) from exc
    finally:
        sink.close()
    return Table(sink.rows, sink.count, columns)


def excel_rows(
    path: Path, sheet: str | int, *, options: dict[str, Any]
) -> tuple[Table, str, list[str]]:
    """Read one sheet: (rows, the sheet's name, every sheet's name)."""
    import pandas as pd
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise NodeError(
            f"the file is not an Excel .xlsx workbook ({exc})", retryable=False
        ) from exc
    sheets = list(workbook.sheetnames)
    workbook.close()
    available = ", ".join(repr(s) for s in sheets)
    if isinstance(sheet, int) and not 0 <= sheet < len(sheets):
        raise NodeError(
            f"`sheet` {sheet} does not exist: the workbook has {len(sheets)} sheet(s) "
            f"({available}); positions count from 0",
            retryable=False,
        )
    if isinstance(sheet, str) and sheet not in sheets:
        raise NodeError(f"`sheet` {sheet!r} does not exist; sheets: {available}", retryable=False)
    name = sheets[sheet] if isinstance(sheet, int) else sheet
    header = options.get("has_header", True) is not False
    try:
        frame = pd.read_excel(path, sheet_name=name, engine="openpyxl", **_read_options(options))
    except ValueError as exc:
        raise NodeError(f"could not read sheet {name!r}: {exc}", retryable=False) from exc
    columns = _column_names(frame, header)
    frame.columns = pd.Index(columns)
    rows = [{k: plain(v) for k, v in row.items()} for row in _records(frame, options)]
    return Table(rows, len(rows), columns), name, sheets


def _read_options(options: dict[str, Any]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"header": 0 if options.get("has_header", True) is not False else None}
    if options.get("max_rows") is not None:
        max_rows = options["max_rows"]
        if not isinstance(max_rows, int) or isinstance(max_rows, bool) or max_rows < 1:
            raise NodeError("`max_rows` must be a positive whole number", retryable=False)
        kwargs["nrows"] = max_rows
    if options.get("infer_types", True) is False:
        return kwargs | {"dtype": str, "keep_default_na": False}
    return kwargs | {"dtype_backend": "numpy_nullable"}


def _column_names(frame: "pd.DataFrame", header: bool) -> list[str]:
    if not header:
        return [f"column_{i + 1}" for i in range(len(frame.columns))]
    return [str(c) for c in frame.columns]


def _records(frame: "pd.DataFrame", options: dict[str, Any]) -> list[dict[str, Any]]:
    if options.get("infer_types", True) is False:
        return frame.fillna("").to_dict("records")  # type: ignore[return-value]
    return frame.astype(object).where(frame.notna(), None).to_dict("records")  # type: ignore[return-value]


def _csv_error(exc: Exception, encoding: str) -> NodeError:
    if isinstance(exc, UnicodeDecodeError):
        return NodeError(
            f"the file is not {encoding} text ({exc.reason} at byte {exc.start}); "
            "set `encoding` (e.g. latin-1, cp1252, utf-16)",
            retryable=False,
        )
    return NodeError(f"the file is not valid CSV: {exc}", retryable=False)


class _RowSink:
    """Keeps rows in memory while they fit the inline limit, then streams them to JSON."""

    def __init__(self, spill: Path, limit: int) -> None:
        self.spill, self.limit = spill, limit
        self.rows: list[dict[str, Any]] | None = []
        self.texts: list[str] = []
        self.size, self.count = 2, 0
        self.file: IO[str] | None = None
        self.separator = ""

    def add(self, records: list[dict[str, Any]]) -> None:
        texts = [json.dumps(r, default=str) for r in records]
        self.count += len(records)
        if self.file is not None:
            self._write(texts)
            return
        assert self.rows is not None
        self.rows.extend(records)
        self.texts.extend(texts)
        self.size += sum(len(t) + 2 for t in texts)
        if self.size > self.limit:
            self.file = self.spill.open("w", encoding="utf-8")
            self.file.write("[")
            self._write(self.texts)
            self.rows, self.texts = None, []

    def _write(self, texts: list[str]) -> None:
        assert self.file is not None
        for text in texts:
            self.file.write(self.separator + text)
            self.separator = ","

    def close(self) -> None:
        if self.file is not None:
            self.file.write("]")
            self.file.close()
