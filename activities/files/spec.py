"""The files node family's declarations: node types, schemas and defaults (no I/O)."""

from typing import Any

from interpreter import NodeType

from .schemas import FILE_INPUT, FILE_RETRY, ONE_INPUT, ROWS_OUTPUT
from .write_spec import WRITE_TYPES

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

PARSE_TYPES = [PARSE_CSV, PARSE_EXCEL, PARSE_JSON]


PARSE_PDF = NodeType(
    type="file.parse_pdf",
    category="Files",
    label="Parse PDF",
    description="Extracts the text of each page of a PDF, and its metadata.",
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
            "password": {
                "type": "string",
                "maxLength": 1000,
                "description": "Password of an encrypted PDF.",
            },
            "max_pages": {
                "type": "integer",
                "minimum": 1,
                "description": "Read at most this many pages from the start.",
            },
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "pages": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"page": {"type": "integer"}, "text": {"type": "string"}},
                },
            },
            "page_count": {"type": "integer", "description": "Pages in the document."},
            "metadata": {
                "type": "object",
                "description": "title, author, subject, creator, producer, creation_date, "
                "modification_date (those the PDF sets).",
            },
        },
    },
)

PARSE_XML = NodeType(
    type="file.parse_xml",
    category="Files",
    label="Parse XML",
    description="Turns XML into JSON: attributes as `@name`, text beside children as "
    "`#text`, repeated elements as lists. Entity declarations (billion laughs, external "
    "entities) are refused.",
    kind="activity",
    retry=FILE_RETRY,
    timeout_seconds=300.0,
    heartbeat_seconds=30.0,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            **FILE_INPUT,
            "force_list": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "description": "Element names that are always lists, even when they occur once.",
                "examples": [["item", "order"]],
            },
            "keep_namespaces": {
                "type": "boolean",
                "default": False,
                "description": "Keep `{namespace-uri}` in element and attribute names.",
            },
        },
        **ONE_INPUT,
    },
    output_schema={
        "type": "object",
        "properties": {
            "root": {"type": "string", "description": "Name of the root element."},
            "data": {"type": "object", "description": "{root name: converted element}"},
        },
    },
)

DOCUMENTS_TYPES = [PARSE_PDF, PARSE_XML]

NODE_TYPES = PARSE_TYPES + WRITE_TYPES + DOCUMENTS_TYPES
