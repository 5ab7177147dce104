"""The shapes the file nodes share: a file input, a file reference, rows out, retries."""

from typing import Any

from interpreter import RetrySpec

FILE_RETRY = RetrySpec(max_attempts=3, initial_interval_seconds=1.0, maximum_interval_seconds=30.0)

FILE_REF_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["$blob"],
    "properties": {
        "$blob": {"type": "string", "description": "Blob id."},
        "name": {"type": "string", "description": "File name."},
        "size": {"type": "integer", "description": "Size in bytes."},
        "content_type": {"type": "string", "description": "MIME type."},
    },
}

FILE_INPUT: dict[str, Any] = {
    "file": {
        **FILE_REF_SCHEMA,
        "description": "The file to read: a reference from an upstream node.",
        "examples": ["{{ nodes.download.output.file }}"],
    },
    "content": {
        "type": "string",
        "maxLength": 1_000_000,
        "description": "Inline text to parse instead of a file (small inputs).",
    },
}
"""Config properties of every parse node; exactly one of them is set."""

ONE_INPUT: dict[str, Any] = {
    "anyOf": [{"required": ["file"]}, {"required": ["content"]}],
    "not": {"required": ["file", "content"]},
}

ROWS_OUTPUT: dict[str, Any] = {
    "rows": {
        "description": "One object per row, keyed by column; a file reference to the JSON "
        "rows when they are larger than the inline limit.",
    },
    "row_count": {"type": "integer"},
    "columns": {"type": "array", "items": {"type": "string"}},
}
