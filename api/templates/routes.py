"""Templates: list and search them, read one, start a workflow from one."""

from fastapi import APIRouter, HTTPException, Query, Request, status

from core.models import WorkflowPublic

from ..deps import CurrentUser, EditorAccess, SessionDep, SettingsDep, TemporalClientDep
from ..platform.errors import SIGNED_IN, not_found
from ..workflows import routes as workflows
from ..workflows.graph_schema import Graph, WorkflowCreate
from . import library
from .models import TemplatePublic, TemplateSummary, TemplateUse

router = APIRouter(prefix="/templates", tags=["templates"], responses=SIGNED_IN)


def _get(template_id: str) -> TemplatePublic:
    template = library.templates().get(template_id)
    if template is None:
        not_found("template", template_id)
    return template


@router.get("", operation_id="templates-read_templates")
def read_templates(
    user: CurrentUser, q: str | None = Query(None, max_length=200)
) -> list[TemplateSummary]:
    """Every template (without graphs); `q` keeps those whose name, description or tags
    contain each of its words."""
    return library.search(q)


@router.get("/{template_id}", operation_id="templates-read_template")
def read_template(template_id: str, user: CurrentUser) -> TemplatePublic:
    """One template with its graph; credential ids read `<credential:KEY>`."""
    return _get(template_id)


@router.post(
    "/{template_id}/workflows",
    status_code=status.HTTP_201_CREATED,
    operation_id="templates-create_workflow",
)
async def create_workflow_from_template(
    template_id: str,
    data: TemplateUse,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: EditorAccess,
) -> WorkflowPublic:
    """Save a new workflow with the template's graph, its credential placeholders filled with
    the credentials named in `credentials` (422 naming a missing or unknown key)."""
    template = _get(template_id)
    wanted = {c.key for c in template.credentials}
    detail = [
        {"loc": ["body", "credentials", key], "msg": f"{why} credential key", "type": "value_error"}
        for key, why in [(k, "missing") for k in sorted(wanted - set(data.credentials))]
        + [(k, "unknown") for k in sorted(set(data.credentials) - wanted)]
    ]
    if detail:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail)
    graph = library.fill(template.graph, {k: str(v) for k, v in data.credentials.items()})
    body = WorkflowCreate(
        name=data.name or template.name,
        description=template.description if data.description is None else data.description,
        graph=Graph.model_validate(graph),
    )
    return await workflows.create_workflow(
        data=body,
        request=request,
        session=session,
        settings=settings,
        client=client,
        access=access,
    )
