"""The node-type catalog: every node type Sluice knows, as the API, docs and editor read it.

It gathers each family's `spec.py` (declarations only) and imports no implementation
module, so reading it loads no I/O library. The worker's activities are in `registry.py`.
"""

from typing import Any

from interpreter import NodeType

from .approvals import spec as approvals
from .database import spec as database
from .email import spec as email
from .files import spec as files
from .files import write_spec as file_writes
from .flow import spec as flow
from .http import spec as http
from .llm import spec as llm
from .sftp import spec as sftp
from .sms import spec as sms
from .transform import spec as transform
from .triggers import spec as triggers
from .util import spec as util

# The order node types have always been listed in (the API serves them in this order).
_ORDERED: list[list[NodeType]] = [
    approvals.NODE_TYPES,
    flow.CONTROL_TYPES,
    flow.CORE_TYPES,
    database.NODE_TYPES,
    email.NODE_TYPES,
    files.DOCUMENTS_TYPES,
    files.PARSE_TYPES,
    file_writes.WRITE_TYPES,
    flow.FLOW_TYPES,
    http.REQUEST_TYPES,
    llm.NODE_TYPES,
    sftp.NODE_TYPES,
    sms.NODE_TYPES,
    transform.NODE_TYPES,
    triggers.NODE_TYPES,
    util.NODE_TYPES,
    http.WEBHOOK_TYPES,
]

NODE_TYPES: dict[str, NodeType] = {t.type: t for types in _ORDERED for t in types}


def describe(node_type: NodeType) -> dict[str, Any]:
    """The public description served by `GET /api/node-types`."""
    return {
        "type": node_type.type,
        "category": node_type.category,
        "label": node_type.label,
        "description": node_type.description,
        "kind": node_type.kind,
        "config_schema": node_type.config_schema,
        "output_schema": node_type.output_schema,
        "credential_type": node_type.credential_type,
        "input_ports": list(node_type.input_ports),
        "output_ports": list(node_type.output_ports),
        "ports_from": node_type.ports_from,
        "defaults": {
            "retry": vars(node_type.retry).copy(),
            "timeout_seconds": node_type.timeout_seconds,
            "heartbeat_seconds": node_type.heartbeat_seconds,
        },
    }
