"""File nodes: parse CSV, Excel, JSON, PDF and XML; write CSV and Excel.

The package loads only its declarations (`spec`, `write_spec`, `schemas`); the worker
imports the implementation modules through `activities.registry`.
"""

from .spec import (
    NODE_TYPES,
    PARSE_CSV,
    PARSE_EXCEL,
    PARSE_JSON,
    PARSE_PDF,
    PARSE_XML,
)
from .write_spec import WRITE_CSV, WRITE_EXCEL

__all__ = [
    "NODE_TYPES",
    "PARSE_CSV",
    "PARSE_EXCEL",
    "PARSE_JSON",
    "PARSE_PDF",
    "PARSE_XML",
    "WRITE_CSV",
    "WRITE_EXCEL",
]
