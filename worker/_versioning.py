"""Worker Versioning: this build's id, its deployment config, and making a build current
(the commands of `python -m worker.deployment`)."""

import asyncio
import functools
import hashlib
import random
from importlib.metadata import version
from pathlib import Path

from temporalio.api.workflowservice.v1 import (
    DescribeWorkerDeploymentRequest,
    SetWorkerDeploymentCurrentVersionRequest,
)
from temporalio.client import Client
from temporalio.common import VersioningBehavior, WorkerDeploymentVersion
from temporalio.service import RPCError, RPCStatusCode
from temporalio.worker import WorkerDeploymentConfig

import interpreter
from core.config import Settings


@functools.cache
def derived_build_id() -> str:
    """A hash of the interpreter's sources and the SDK version: whatever can change how a
    history replays. Activity-only changes keep the build id (they replay the same)."""
    digest = hashlib.sha256(f"temporalio {version('temporalio')}\n".encode())
    root = Path(interpreter.__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(f"{path.relative_to(root).as_posix()}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def build_id(settings: Settings) -> str:
    """WORKER_BUILD_ID, or the one derived from the code."""
    return settings.worker_build_id or derived_build_id()


def deployment_version(settings: Settings) -> WorkerDeploymentVersion:
    return WorkerDeploymentVersion(settings.worker_deployment_name, build_id(settings))


def deployment_config(settings: Settings) -> WorkerDeploymentConfig | None:
    """The worker's versioning options; None when WORKER_VERSIONING is off."""
    if not settings.worker_versioning:
        return None
    return WorkerDeploymentConfig(
        version=deployment_version(settings),
        use_worker_versioning=True,
        # Every run, GraphWorkflow's above all, finishes on the build that started it. Set
        # here rather than in workflow.defn, which an unversioned worker would refuse.
        default_versioning_behavior=VersioningBehavior.PINNED,
    )


async def current_build_id(client: Client, settings: Settings) -> str | None:
    """The deployment's current build id; None when it has none (or does not exist yet)."""
    request = DescribeWorkerDeploymentRequest(
        namespace=client.namespace, deployment_name=settings.worker_deployment_name
    )
    try:
        response = await client.workflow_service.describe_worker_deployment(request)
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            return None
        raise
    current = response.worker_deployment_info.routing_config.current_deployment_version
    return current.build_id or None


async def set_current(
    client: Client, settings: Settings, build: str, *, allow_no_pollers: bool = False
) -> None:
    """Route new runs to `build`; runs pinned to other builds stay where they are."""
    await client.workflow_service.set_worker_deployment_current_version(
        SetWorkerDeploymentCurrentVersionRequest(
            namespace=client.namespace,
            deployment_name=settings.worker_deployment_name,
            build_id=build,
            identity=client.identity,
            allow_no_pollers=allow_no_pollers,
        )
    )


PROMOTE_ATTEMPTS = 8


async def promote_on_start(client: Client, settings: Settings) -> None:
    """Apply WORKER_PROMOTE_ON_START before the worker polls (so no poller is seen yet)."""
    if not settings.worker_versioning or settings.worker_promote_on_start == "never":
        return
    for attempt in range(PROMOTE_ATTEMPTS):
        try:
            return await _promote(client, settings)
        except RPCError as exc:
            # Workers started together: the server rate-limits calls on one deployment
            # ("too many requests issued to Worker Deployment"); measured, 3 at once hit it.
            if exc.status != RPCStatusCode.RESOURCE_EXHAUSTED or attempt == PROMOTE_ATTEMPTS - 1:
                raise
            await asyncio.sleep(0.2 * 2**attempt * (0.5 + random.random()))


async def _promote(client: Client, settings: Settings) -> None:
    mine = build_id(settings)
    current = await current_build_id(client, settings)
    if current == mine or (current and settings.worker_promote_on_start == "if-none"):
        return
    await set_current(client, settings, mine, allow_no_pollers=True)


async def describe(client: Client, settings: Settings) -> str:
    """The deployment's versions, one a line: build id, status, drainage."""
    response = await client.workflow_service.describe_worker_deployment(
        DescribeWorkerDeploymentRequest(
            namespace=client.namespace, deployment_name=settings.worker_deployment_name
        )
    )
    lines = []
    for summary in response.worker_deployment_info.version_summaries:
        status = _enum(summary, "status")
        drainage = _enum(summary, "drainage_status")
        lines.append(f"{summary.deployment_version.build_id}\t{status}\t{drainage}")
    return "\n".join(lines)


def _enum(message: object, field: str) -> str:
    descriptor = message.DESCRIPTOR.fields_by_name[field].enum_type  # type: ignore[attr-defined]
    name = descriptor.values_by_number[getattr(message, field)].name
    return str(name).rsplit("_STATUS_", 1)[-1].lower()
