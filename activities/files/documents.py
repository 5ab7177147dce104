"""Document file nodes: `file.parse_pdf` (text per page, metadata) and `file.parse_xml`."""

import asyncio
from pathlib import Path
from typing import Any

from core.blobs import BlobStore
from interpreter import NodeTask, NodeType

from ._deps import NodeDependencies
from ._files_source import FILE_INPUT, FILE_RETRY, ONE_INPUT, plain, source_file
from ._runtime import NodeError, node_activity, with_heartbeats
from ._xml import xml_to_json

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

NODE_TYPES = [PARSE_PDF, PARSE_XML]


def build(deps: NodeDependencies) -> list[object]:
    documents = DocumentActivities(deps.blobs)
    return [documents.parse_pdf, documents.parse_xml]


class DocumentActivities:
    """PDF and XML readers; parsing runs in a thread, heartbeating."""

    def __init__(self, blobs: BlobStore) -> None:
        self.blobs = blobs

    @node_activity("file.parse_pdf")
    async def parse_pdf(self, task: NodeTask) -> dict[str, Any]:
        max_pages = task.config.get("max_pages")
        if max_pages is not None and (not isinstance(max_pages, int) or max_pages < 1):
            raise NodeError("`max_pages` must be a positive whole number", retryable=False)
        password = task.config.get("password")
        async with source_file(self.blobs, task) as source:
            return await with_heartbeats(
                asyncio.to_thread(_read_pdf, source.path, password, max_pages)
            )

    @node_activity("file.parse_xml")
    async def parse_xml(self, task: NodeTask) -> dict[str, Any]:
        force_list = task.config.get("force_list") or []
        if not isinstance(force_list, list) or not all(isinstance(n, str) for n in force_list):
            raise NodeError("`force_list` must be a list of element names", retryable=False)
        keep = task.config.get("keep_namespaces") is True
        async with source_file(self.blobs, task) as source:
            return await with_heartbeats(
                asyncio.to_thread(xml_to_json, source.path, set(force_list), keep)
            )


def _read_pdf(path: Path, password: str | None, max_pages: int | None) -> dict[str, Any]:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(password or ""):
            raise NodeError(
                "the PDF is encrypted; set `password`"
                if not password
                else "`password` does not open this PDF",
                retryable=False,
            )
        pages = reader.pages[:max_pages] if max_pages else reader.pages
        texts = [{"page": n + 1, "text": page.extract_text() or ""} for n, page in enumerate(pages)]
        return {"pages": texts, "page_count": len(reader.pages), "metadata": _metadata(reader)}
    except FileNotDecryptedError as exc:
        raise NodeError("the PDF is encrypted; set `password`", retryable=False) from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        # The same bytes fail the same way: retrying cannot help.
        raise NodeError(f"the file is not a readable PDF: {exc}", retryable=False) from exc


def _metadata(reader: Any) -> dict[str, Any]:
    meta = reader.metadata
    if meta is None:
        return {}
    found: dict[str, Any] = {}
    for field in ("title", "author", "subject", "creator", "producer"):
        value = getattr(meta, field, None)
        if value:
            found[field] = str(value)
    for field in ("creation_date", "modification_date"):
        try:
            value = getattr(meta, field, None)
        except ValueError:
            continue  # a malformed date string; the text fields are still useful
        if value:
            found[field] = plain(value)
    return found
