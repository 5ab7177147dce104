"""Saving an n8n import: sub-workflows first, then the workflow, credentials alongside.

Everything is added and flushed in the request's transaction; the route commits once, or
rolls back (a dry run always does), so a failed import leaves nothing behind.
"""

import uuid
from dataclasses import dataclass, field
from typing import Any

from fastapi import HTTPException, status
from pydantic import ValidationError
from sqlmodel import Session, col, select

from core.keys import Keyring
from core.models import Workflow, WorkflowVersion
from importers.n8n import ImportResult, ReportLine
from importers.n8n.model import placeholder_reference

from ..deps import Access
from .graph_schema import Graph
from .n8n_credentials import NeededCredential, provide_credentials, swap_references
from .n8n_placeholders import disable, with_placeholders
from .routes import _check

WORKFLOW_REFERENCE = "<placeholder:workflow:"


@dataclass
class Prepared:
    """One workflow of an import, checked and added (not committed)."""

    result: ImportResult
    workflow: Workflow
    version: WorkflowVersion
    preview: dict[str, Any]
    """The graph with only ids that outlive a dry run (re-used credentials and workflows)."""
    credentials: list[NeededCredential]
    children: list["Prepared"] = field(default_factory=list)

    def tree(self) -> list["Prepared"]:
        """Sub-workflows first, in the order they were saved."""
        return [p for child in self.children for p in child.tree()] + [self]


@dataclass
class Importer:
    session: Session
    keyring: Keyring
    access: Access
    settings: Any
    seen: dict[tuple[str, str], NeededCredential] = field(default_factory=dict)

    def add(self, result: ImportResult, export: dict[str, Any], name: str) -> Prepared:
        """Check `result` (after its sub-workflows) exactly as saving does, and add it."""
        children = [
            self.add(child, export, f"{name} / {child.name}") for child in result.subworkflows
        ]
        graph = with_placeholders(result, export)
        needed = provide_credentials(
            session=self.session,
            keyring=self.keyring,
            workspace_id=self.access.workspace_id,
            placeholders=result.credentials,
            seen=self.seen,
        )
        lasting = {n.placeholder.reference: str(n.row.id) for n in needed if not n.created}
        carved = {placeholder_reference(c.result.name, "workflow"): c.workflow for c in children}
        lasting |= self._existing_workflows(graph, result, skip=set(carved))
        ids = lasting | {n.placeholder.reference: str(n.row.id) for n in needed}
        ids |= {reference: str(workflow.id) for reference, workflow in carved.items()}
        saved = _graph(swap_references(graph, ids))
        self._check(saved)
        workflow, version = self._save(name, _description(result), saved)
        return Prepared(
            result, workflow, version, swap_references(graph, lasting), needed, children
        )

    def _existing_workflows(
        self, graph: dict[str, Any], result: ImportResult, skip: set[str]
    ) -> dict[str, str]:
        """Ids of the workspace's workflows that Execute Workflow nodes name; a node naming
        one that is not here becomes a disabled pass-through, reported unsupported."""
        found = {}
        for node in graph["nodes"]:
            reference = ((node.get("data") or {}).get("config") or {}).get("workflow_id")
            if not isinstance(reference, str) or not reference.startswith(WORKFLOW_REFERENCE):
                continue
            if reference in skip:
                continue
            name = reference[len(WORKFLOW_REFERENCE) : -1]
            row = self.session.exec(
                select(Workflow).where(
                    Workflow.workspace_id == self.access.workspace_id,
                    Workflow.name == name,
                    col(Workflow.deleted_at).is_(None),
                )
            ).first()
            if row is not None:
                found[reference] = str(row.id)
                continue
            why = (
                f"the workflow {name!r} it runs is not in this workspace: import it (named "
                f"{name!r}) and import this one again, or pick a workflow in its "
                f"{node['type']} config"
            )
            n8n = (node.get("data") or {}).get("n8n") or {}
            disable(node, why)
            result.report.append(
                ReportLine(n8n.get("name", node["id"]), n8n.get("type", ""), "unsupported", why)
            )
        return found

    def _check(self, graph: Graph) -> None:
        """The checks saving runs; a problem names the converted graph's field (`graph...`)."""
        try:
            _check(graph, self.settings, self.session, self.access)
        except HTTPException as exc:
            if isinstance(exc.detail, list):
                for item in exc.detail:
                    loc = item.get("loc") or []
                    item["loc"] = ["graph", *loc[2:]] if loc[:2] == ["body", "graph"] else loc
            raise

    def _save(self, name: str, description: str, graph: Graph) -> tuple[Workflow, WorkflowVersion]:
        workflow = Workflow(
            workspace_id=self.access.workspace_id,
            name=unique_name(self.session, self.access.workspace_id, name[:200]),
            description=description,
            latest_version=1,
        )
        version = WorkflowVersion(workflow_id=workflow.id, version=1, graph=graph.as_stored())
        self.session.add(workflow)
        self.session.add(version)
        self.session.flush()
        return workflow, version


def _graph(graph: dict[str, Any]) -> Graph:
    try:
        return Graph.model_validate(graph)
    except ValidationError as exc:
        detail = [
            {"loc": ["graph", *e["loc"]], "msg": e["msg"], "type": "graph_invalid"}
            for e in exc.errors(include_url=False, include_input=False)
        ]
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail) from exc


def unique_name(session: Session, workspace_id: uuid.UUID, name: str) -> str:
    """`name`, else `name (2)`, `name (3)`... the first that no live workflow here has."""
    base = name[:190]
    taken = set(
        session.exec(
            select(Workflow.name).where(
                Workflow.workspace_id == workspace_id,
                col(Workflow.deleted_at).is_(None),
                col(Workflow.name).startswith(base, autoescape=True),
            )
        ).all()
    )
    if name not in taken:
        return name
    n = 2
    while f"{base} ({n})" in taken:
        n += 1
    return f"{base} ({n})"


def _description(result: ImportResult) -> str:
    counts = ", ".join(f"{v} {k}" for k, v in result.summary().items() if v)
    return f"Imported from n8n ({counts or 'no nodes'})."
