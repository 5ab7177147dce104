"""The node-type catalog the editor builds its palette and forms from."""

from fastapi import APIRouter

from activities import NODE_TYPES, describe
from core.models.catalog import NodeTypePublic

from ..deps import CurrentUser
from ..platform.errors import SIGNED_IN

router = APIRouter(prefix="/node-types", tags=["node-types"], responses=SIGNED_IN)


@router.get("", operation_id="node-types-read_node_types")
def read_node_types(user: CurrentUser) -> list[NodeTypePublic]:
    """Every node type with its config JSON Schema, output description and ports."""
    return [NodeTypePublic.model_validate(describe(t)) for t in NODE_TYPES.values()]
