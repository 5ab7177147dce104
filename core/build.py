"""What a process hosting GraphWorkflow shares with every other: its build id, deployment
config, sandbox and pollers (the workers and, with API_EAGER_WORKFLOWS, the API)."""

import functools
import hashlib
import importlib.util
from importlib.metadata import version
from pathlib import Path

from temporalio.common import VersioningBehavior, WorkerDeploymentVersion
from temporalio.worker import (
    PollerBehavior,
    PollerBehaviorAutoscaling,
    PollerBehaviorSimpleMaximum,
    WorkerDeploymentConfig,
)
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from .config import Settings

# Pure modules the sandbox may share instead of re-importing them for every run.
PASSTHROUGH = ("interpreter", "jmespath", "jsonschema")


def workflow_runner() -> SandboxedWorkflowRunner:
    """The sandbox GraphWorkflow runs in; replay tests must use the same one."""
    return SandboxedWorkflowRunner(
        restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSTHROUGH)
    )


@functools.cache
def derived_build_id() -> str:
    """A hash of the interpreter's sources and the SDK version: whatever can change how a
    history replays. Activity-only changes keep the build id (they replay the same)."""
    digest = hashlib.sha256(f"temporalio {version('temporalio')}\n".encode())
    # Found, not imported: core stays below the interpreter.
    spec = importlib.util.find_spec("interpreter")
    assert spec is not None and spec.origin is not None
    root = Path(spec.origin).parent
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


def poller_behavior(settings: Settings) -> PollerBehavior:
    """WORKER_TASK_POLLERS: autoscaling pollers, or at most N."""
    if settings.worker_task_pollers == "auto":
        return PollerBehaviorAutoscaling()
    return PollerBehaviorSimpleMaximum(settings.worker_task_pollers)
