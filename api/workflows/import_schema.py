"""What `POST /api/workflows/import/n8n` answers: the workflow, its graph, a report, credentials."""

import uuid
from typing import Any, Literal

from pydantic import BaseModel

from core.models import WorkflowPublic

ImportStatus = Literal["converted", "approximated", "unsupported", "dropped"]


class ImportReportLine(BaseModel):
    """What became of one n8n node (or one of its parameters)."""

    node: str
    n8n_type: str
    status: ImportStatus
    """`dropped`: a node with no run-time meaning in Sluice (a sticky note)."""
    message: str
    parameter: str | None = None


class ImportSummary(BaseModel):
    """n8n nodes per status; a node's worst line decides."""

    converted: int
    approximated: int
    unsupported: int
    dropped: int = 0


class ImportReport(BaseModel):
    lines: list[ImportReportLine]
    summary: ImportSummary
    fully_converted: bool
    """No node is unsupported."""


class ImportedCredential(BaseModel):
    """A credential the workflow needs: created empty (`needs_setup`) or re-used by name+type."""

    name: str
    type: str
    id: uuid.UUID | None
    """None in a dry run when no credential of this name and type exists yet."""
    created: bool
    """This import created it (a dry run creates nothing)."""
    needs_setup: bool
    used_by: list[str]
    """Names of the n8n nodes that use it."""


class N8nImportPublic(BaseModel):
    workflow: WorkflowPublic | None
    """The saved workflow; None in a dry run."""
    graph: dict[str, Any]
    """The Sluice graph (as saved, credential ids swapped in)."""
    report: ImportReport
    credentials: list[ImportedCredential]
    subworkflows: list["N8nImportPublic"] = []
    """Workflows carved out of this one (loop bodies), saved before it."""
