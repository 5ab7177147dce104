"""Which changes a run has: `workflow.patched` for the old workflow type, by birth for the new.

Every `workflow.patched` id costs each run's history a marker and a search-attribute upsert
(~130 bytes each). So changes are folded into a new workflow type now and then, the way
Temporal suggests besides patching: runs of `WORKFLOW_TYPE` have every change in
`BORN_WITH` without asking, and only runs of `LEGACY_WORKFLOW_TYPE`, started before it
existed, decide by marker as they always did. A patch added after this type shipped is
asked through `patched` like any other, and folded into the next type.
"""

from temporalio import workflow

WORKFLOW_TYPE = "GraphWorkflowV2"
"""What the API, schedules and parent runs start since the December 2026 changes."""
LEGACY_WORKFLOW_TYPE = "GraphWorkflow"
"""Runs started before WORKFLOW_TYPE: they replay and finish on the same code, by patches."""

BINDING_PATCH = "run-binding"
"""Runs recorded before binding existed replay without the check (interpreter/_binding.py)."""
RUN_SHAPE_PATCH = "origin-trigger-outputs"
"""One id for three changes that shipped together: idempotency keys from the retry chain's
origin (_keys.py), only the fired trigger's branch runs (_trigger_nodes.py), outputs by
reference (_output_budget.py). Runs recorded before it replay with none of the three."""
OFFLOAD_PATCH = "inline-offload"
"""Runs started before offloading existed replay inline, as they ran (_offload.py)."""
BINDING_IN_WORKFLOW_PATCH = "binding-in-workflow"
"""The binding verifies in workflow code, not in a local activity (_binding.py): runs
recorded with the local activity's marker replay with it."""

BORN_WITH = frozenset({BINDING_PATCH, RUN_SHAPE_PATCH, OFFLOAD_PATCH, BINDING_IN_WORKFLOW_PATCH})


def patched(patch_id: str) -> bool:
    """Whether this run has the change `patch_id`: by birth for WORKFLOW_TYPE runs (no
    marker), else as `workflow.patched` answers (a marker, the first time it is asked)."""
    if patch_id in BORN_WITH and workflow.info().workflow_type == WORKFLOW_TYPE:
        return True
    return workflow.patched(patch_id)


def child_workflow_type() -> str:
    """Children run the type of their parent, so a legacy parent's history replays."""
    return workflow.info().workflow_type
