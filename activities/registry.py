"""Every node activity, for the worker: imports each family's implementation modules."""

from . import run_binding
from ._deps import NodeDependencies
from ._runtime import ClaimCheck
from .approvals import events
from .credential_store import CredentialStore
from .database import postgres
from .email import send as email_send
from .files import documents, parse, write
from .http import request, webhook
from .llm import calls
from .sftp import transfer
from .sms import send as sms_send
from .transform import inline_run
from .triggers import runs
from .util import noop

__all__ = ["BUILDERS", "ClaimCheck", "CredentialStore", "NodeDependencies", "build_activities"]

BUILDERS = [
    events.build,
    postgres.build,
    email_send.build,
    documents.build,
    parse.build,
    write.build,
    request.build,
    inline_run.build,
    calls.build,
    run_binding.build,
    transfer.build,
    sms_send.build,
    runs.build,
    noop.build,
    webhook.build,
]


def build_activities(deps: NodeDependencies) -> list[object]:
    """Every node activity, bound to its dependencies, ready to register on a worker."""
    return [activity for build in BUILDERS for activity in build(deps)]
