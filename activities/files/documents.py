"""Document file nodes: `file.parse_pdf` (text per page, metadata) and `file.parse_xml`."""

import asyncio
from pathlib import Path
from typing import Any

from core.blobs import BlobStore
from interpreter import NodeTask

from .._deps import NodeDependencies
from .._runtime import NodeError, node_activity, with_heartbeats
from ._xml import xml_to_json
from .source import plain, source_file


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
