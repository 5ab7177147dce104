"""Declarations of the file-writing nodes (`file.write_csv`, `file.write_excel`)."""

from typing import Any

from interpreter import NodeType

from .schemas import FILE_REF_SCHEMA, FILE_RETRY

EXCEL_MAX_ROWS = 1_048_575

"""Excel's sheet limit is 1,048,576 rows, one of which is the header."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

"""A text cell starting with one of these is a formula to spreadsheets (OWASP CSV injection)."""

_ROWS_INPUT: dict[str, Any] = {
    "rows": {
        "type": ["array", "object"],
        "items": {"type": "object"},
        "description": "The rows: a list of objects, or the file reference an upstream "
        "node passed for large rows.",
        "examples": ["{{ nodes.parse.output.rows }}"],
    },
    "columns": {
        "type": "array",
        "items": {"type": "string"},
        "description": "Columns in order; default: every key of the rows, in the order seen.",
    },
    "neutralize_formulas": {
        "type": "boolean",
        "default": True,
        "description": "Prefix text cells starting with = + - @ tab or CR with a single quote, "
        "so a spreadsheet shows them instead of running them (numbers stay numbers).",
    },
}

_FILE_OUTPUT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "file": {**FILE_REF_SCHEMA, "description": "The new file (a blob reference)."},
        "row_count": {"type": "integer"},
    },
}

WRITE_CSV = NodeType(
    type="file.write_csv",
    category="Files",
    label="Write CSV",
    description="Writes rows to a new CSV file; nested values are written as JSON.",
    kind="activity",
    retry=FILE_RETRY,
    timeout_seconds=600.0,
    heartbeat_seconds=30.0,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["rows"],
        "properties": {
            **_ROWS_INPUT,
            "file_name": {"type": "string", "maxLength": 255, "default": "data.csv"},
            "delimiter": {"type": "string", "minLength": 1, "maxLength": 1, "default": ","},
            "include_header": {"type": "boolean", "default": True},
            "encoding": {
                "type": "string",
                "default": "utf-8",
                "description": "utf-8-sig adds the BOM that makes Excel read UTF-8.",
                "examples": ["utf-8", "utf-8-sig", "latin-1"],
            },
        },
    },
    output_schema=_FILE_OUTPUT,
)

WRITE_EXCEL = NodeType(
    type="file.write_excel",
    category="Files",
    label="Write Excel",
    description="Writes rows to a new .xlsx workbook with one sheet. Text is always "
    "stored as text, never as a formula.",
    kind="activity",
    retry=FILE_RETRY,
    timeout_seconds=600.0,
    heartbeat_seconds=30.0,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["rows"],
        "properties": {
            **_ROWS_INPUT,
            "file_name": {"type": "string", "maxLength": 255, "default": "data.xlsx"},
            "sheet_name": {
                "type": "string",
                "minLength": 1,
                "maxLength": 31,
                "pattern": "^[^\\[\\]:*?/\\\\]+$",
                "default": "Sheet1",
                "description": "At most 31 characters, none of [ ] : * ? / \\",
            },
        },
    },
    output_schema=_FILE_OUTPUT,
)

WRITE_TYPES = [WRITE_CSV, WRITE_EXCEL]
