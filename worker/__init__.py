"""Worker processes: GraphWorkflow plus every node activity on one task queue."""

from ._versioning import (
    build_id,
    current_build_id,
    deployment_config,
    deployment_version,
    derived_build_id,
    describe,
    promote_on_start,
    set_current,
)
from ._worker import build_worker, run_worker, workflow_runner

__all__ = [
    "build_id",
    "build_worker",
    "current_build_id",
    "deployment_config",
    "deployment_version",
    "derived_build_id",
    "describe",
    "promote_on_start",
    "run_worker",
    "set_current",
    "workflow_runner",
]
