"""Worker Versioning: this build's id, its deployment config, and making a build current
(the commands of `python -m worker.deployment`)."""

import asyncio
import random
import time

from temporalio.api.deployment.v1 import WorkerDeploymentInfo
from temporalio.api.enums.v1 import RoutingConfigUpdateState
from temporalio.api.workflowservice.v1 import (
    DescribeWorkerDeploymentRequest,
    SetWorkerDeploymentCurrentVersionRequest,
)
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from core.build import build_id, deployment_config, deployment_version, derived_build_id
from core.config import Settings

__all__ = [  # the build's identity lives in core.build, shared with the API's eager worker
    "build_id",
    "current_build_id",
    "deployment_config",
    "deployment_version",
    "derived_build_id",
    "describe",
    "promote_on_start",
    "set_current",
]


async def current_build_id(client: Client, settings: Settings) -> str | None:
    """The deployment's current build id; None when it has none (or does not exist yet)."""
    try:
        info = await _deployment_info(client, settings)
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            return None
        raise
    return info.routing_config.current_deployment_version.build_id or None


async def _deployment_info(client: Client, settings: Settings) -> WorkerDeploymentInfo:
    response = await client.workflow_service.describe_worker_deployment(
        DescribeWorkerDeploymentRequest(
            namespace=client.namespace, deployment_name=settings.worker_deployment_name
        )
    )
    return response.worker_deployment_info


ROUTING_SECONDS = 30.0


async def set_current(
    client: Client,
    settings: Settings,
    build: str,
    *,
    allow_no_pollers: bool = False,
    wait_for_routing: bool = True,
) -> None:
    """Route new runs to `build`; runs pinned to other builds stay where they are. Returns once
    every task queue partition routes by it (`wait_for_routing`): the server answers first and
    spreads the change after, so a run started in between could still go to the old build."""
    await client.workflow_service.set_worker_deployment_current_version(
        SetWorkerDeploymentCurrentVersionRequest(
            namespace=client.namespace,
            deployment_name=settings.worker_deployment_name,
            build_id=build,
            identity=client.identity,
            allow_no_pollers=allow_no_pollers,
        )
    )
    if wait_for_routing:
        await _routed(client, settings)


async def _routed(client: Client, settings: Settings, timeout: float = ROUTING_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while True:
        state = (await _deployment_info(client, settings)).routing_config_update_state
        if state != RoutingConfigUpdateState.ROUTING_CONFIG_UPDATE_STATE_IN_PROGRESS:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"the new current build of {settings.worker_deployment_name} has not reached "
                f"every task queue in {timeout:.0f} s; new runs may still start on the old "
                "build: check the Temporal server, then run set-current again"
            )
        await asyncio.sleep(0.1)


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
    # before this worker polls: no task queue of it to route yet
    await set_current(client, settings, mine, allow_no_pollers=True, wait_for_routing=False)


async def describe(client: Client, settings: Settings) -> str:
    """The deployment's versions, one a line: build id, status, drainage."""
    lines = []
    for summary in (await _deployment_info(client, settings)).version_summaries:
        status = _enum(summary, "status")
        drainage = _enum(summary, "drainage_status")
        lines.append(f"{summary.deployment_version.build_id}\t{status}\t{drainage}")
    return "\n".join(lines)


def _enum(message: object, field: str) -> str:
    descriptor = message.DESCRIPTOR.fields_by_name[field].enum_type  # type: ignore[attr-defined]
    name = descriptor.values_by_number[getattr(message, field)].name
    return str(name).rsplit("_STATUS_", 1)[-1].lower()
