"""`POST /api/workflows/import/n8n`: an n8n export saved as a workflow, with a report.

Unsupported n8n nodes do not stop an import: they stay in the graph as disabled `util.noop`
pass-throughs (name, position and connections kept; see n8n_placeholders). Credentials the
export names are re-used by name and type or created empty (`needs_setup`); loop bodies are
saved as sub-workflows first. All of it is one transaction: a failed import leaves nothing.
"""

import re
from typing import Annotated, Any, NoReturn

from fastapi import APIRouter, Body, HTTPException, Query, Request, status
from sqlmodel import Session

from importers.n8n import ImportResult, InvalidExport, convert

from ..audit.trail import record_by
from ..deps import Access, EditorAccess, SessionDep, SettingsDep, TemporalClientDep
from ..platform.errors import SIGNED_IN
from ..triggers.activation import activate_triggers
from .import_schema import ImportedCredential, ImportReport, N8nImportPublic
from .n8n_save import Importer, Prepared
from .routes import _public

router = APIRouter(prefix="/workflows", tags=["workflows"], responses=SIGNED_IN)

_PART = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")
EXPORT = Body(
    description="An n8n workflow export as n8n writes it (`nodes`, `connections`, `name`...)."
)


@router.post("/import/n8n", operation_id="workflows-import_n8n")
async def import_n8n(
    export: Annotated[dict[str, Any], EXPORT],
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: EditorAccess,
    dry_run: bool = Query(False, description="Convert and check only; save nothing."),
) -> N8nImportPublic:
    """Convert an n8n export and save it as a new workflow (its name made unique in the
    workspace); answers the graph, a report line per node and the credentials to fill in."""
    result = _convert(export, settings.max_nodes_per_graph)
    importer = Importer(session, request.app.state.credential_keyring, access, settings)
    try:
        prepared = importer.add(result, export, result.name)
        if dry_run:
            answer = _answer(prepared, dry_run=True)
            session.rollback()  # the credentials and workflows it added go
            return answer
        session.commit()
    except BaseException:
        session.rollback()
        raise
    for item in prepared.tree():
        await activate_triggers(
            session=session,
            client=client,
            settings=settings,
            workflow=item.workflow,
            version=item.version,
        )
    _audit(session, request, access, prepared)
    return _answer(prepared, dry_run=False)


def _convert(export: dict[str, Any], max_nodes: int) -> ImportResult:
    nodes = export.get("nodes")
    if isinstance(nodes, list) and len(nodes) > max_nodes:
        _invalid("nodes", f"{len(nodes)} nodes; at most {max_nodes} (MAX_NODES_PER_GRAPH)")
    try:
        return convert(export)
    except InvalidExport as exc:
        _invalid(exc.field, exc.message)


def _invalid(field: str, message: str) -> NoReturn:
    parts = [] if field == "body" else _PART.finditer(field)
    loc = ["body", *(int(m.group(2)) if m.group(2) else m.group(1) for m in parts)]
    detail = [{"loc": loc, "msg": message, "type": "n8n_export"}]
    raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail)


def _answer(prepared: Prepared, *, dry_run: bool) -> N8nImportPublic:
    credentials = [
        ImportedCredential(
            name=n.row.name,
            type=n.type,
            id=None if dry_run and n.created else n.row.id,
            created=n.created and not dry_run,
            needs_setup=n.created or n.row.needs_setup,
            used_by=n.placeholder.used_by,
        )
        for n in prepared.credentials
    ]
    workflow = None if dry_run else _public(prepared.workflow, prepared.version)
    return N8nImportPublic(
        workflow=workflow,
        graph=prepared.preview if workflow is None else workflow.graph,
        report=ImportReport.model_validate(prepared.result.report_dict()),
        credentials=credentials,
        subworkflows=[_answer(child, dry_run=dry_run) for child in prepared.children],
    )


def _audit(session: Session, request: Request, access: Access, prepared: Prepared) -> None:
    created = {n.row.id: n for p in prepared.tree() for n in p.credentials if n.created}
    for item in created.values():
        record_by(
            session,
            request,
            access,
            "credential.create",
            object_type="credential",
            object_id=item.row.id,
            detail={"type": item.type, "name": item.row.name, "needs_setup": True},
        )
    for saved in prepared.tree():
        record_by(
            session,
            request,
            access,
            "workflow.create",
            object_type="workflow",
            object_id=saved.workflow.id,
            detail={"version": 1, "imported_from": "n8n"},
        )
