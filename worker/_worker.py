"""Wiring: a Temporal worker with GraphWorkflow and all node activities registered."""

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from prometheus_client import start_http_server
from temporalio.client import Client
from temporalio.worker import Worker

from activities.egress import EgressPolicy, guarded_client
from activities.registry import ClaimCheck, CredentialStore, NodeDependencies, build_activities
from core.blobs import BlobConfig, blob_store
from core.build import poller_behavior, workflow_runner
from core.config import Settings
from core.db import engine_for
from core.keys import credential_keyring
from core.logging import configure_logging
from core.run_signing import run_signing_key
from core.temporal import connect, sdk_runtime
from interpreter import GRAPH_WORKFLOWS, use_signing_key

from ._versioning import deployment_config, deployment_version, promote_on_start
from .observability import Observability

__all__ = ["build_worker", "run_worker", "workflow_runner"]


@asynccontextmanager
async def build_worker(client: Client, settings: Settings) -> AsyncIterator[Worker]:
    """A worker bound to `client`, with its HTTP pool; the pool closes when done. With
    WORKER_VERSIONING it polls as this build's deployment version (promoted per setting)."""
    await promote_on_start(client, settings)
    use_signing_key(settings.temporal_task_queue, run_signing_key(settings))
    engine = engine_for(settings)
    credentials = CredentialStore(engine, credential_keyring(settings))
    blobs = blob_store(engine, BlobConfig.from_settings(settings))
    egress = EgressPolicy.from_settings(settings)
    pollers = poller_behavior(settings)
    async with guarded_client(egress) as http:
        try:
            yield Worker(
                client,
                task_queue=settings.temporal_task_queue,
                workflows=GRAPH_WORKFLOWS,
                activities=build_activities(
                    NodeDependencies(
                        settings=settings,
                        http=http,
                        credentials=credentials,
                        engine=engine,
                        blobs=blobs,
                        egress=egress,
                    )
                ),
                interceptors=[
                    Observability(),
                    ClaimCheck(blobs, settings.max_inline_payload_bytes),
                ],
                workflow_runner=workflow_runner(),
                max_concurrent_activities=settings.worker_max_concurrent_activities,
                max_concurrent_workflow_tasks=settings.worker_max_concurrent_workflow_tasks,
                workflow_task_poller_behavior=pollers,
                activity_task_poller_behavior=pollers,
                sticky_queue_schedule_to_start_timeout=timedelta(
                    seconds=settings.worker_sticky_timeout_seconds
                ),
                graceful_shutdown_timeout=timedelta(seconds=10),
                deployment_config=deployment_config(settings),
            )
        finally:
            engine.dispose()


async def run_worker(settings: Settings) -> None:
    """Run until SIGINT/SIGTERM, then finish in-flight tasks and stop."""
    configure_logging(fmt=settings.log_format, level=settings.log_level)
    if settings.metrics_enabled and settings.worker_metrics_port:
        try:
            start_http_server(settings.worker_metrics_port)
        except OSError as exc:  # another worker on this host has it: run, without metrics
            logging.getLogger(__name__).warning(
                "worker metrics port %s unavailable (%s); set WORKER_METRICS_PORT per worker",
                settings.worker_metrics_port,
                exc,
            )
    client = await connect(settings, runtime=sdk_runtime(settings))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with build_worker(client, settings) as worker, worker:
        print(
            f"worker polling task queue '{settings.temporal_task_queue}' "
            f"on {settings.temporal_address}{_as_build(settings)}",
            flush=True,
        )
        await stop.wait()
    print("worker stopped", flush=True)


def _as_build(settings: Settings) -> str:
    if not settings.worker_versioning:
        return " (unversioned)"
    return f" as {deployment_version(settings).to_canonical_string()}"
