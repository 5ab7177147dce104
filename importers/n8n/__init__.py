"""The n8n importer: an n8n workflow export → a Sluice graph, a report and credentials."""

from . import nodes as _nodes  # noqa: F401 - registers every converter
from .convert import convert
from .expressions import Scope, Source, Untranslatable, translate
from .model import (
    CredentialPlaceholder,
    ImportResult,
    InvalidExport,
    N8nNode,
    ReportLine,
)
from .registry import Context, Converted, Unsupported, converter_for, converts, known_types

__all__ = [
    "Context",
    "Converted",
    "CredentialPlaceholder",
    "ImportResult",
    "InvalidExport",
    "N8nNode",
    "ReportLine",
    "Scope",
    "Source",
    "Unsupported",
    "Untranslatable",
    "convert",
    "converter_for",
    "converts",
    "known_types",
    "translate",
]
