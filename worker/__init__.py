"""Worker processes: GraphWorkflow plus every node activity on one task queue."""

from ._worker import build_worker, run_worker, workflow_runner

__all__ = ["build_worker", "run_worker", "workflow_runner"]
