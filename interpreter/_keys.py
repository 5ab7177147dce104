"""Idempotency keys that survive retries: they derive from the retry chain's origin.

A retried run (and each child of it) gets the `origin` of the first run, so a node's key
is the same in every attempt of the chain and side-effecting activities can de-duplicate.
"""

import contextvars

from temporalio import workflow

from ._patches import RUN_SHAPE_PATCH, patched

_ORIGIN: contextvars.ContextVar[str] = contextvars.ContextVar("sluice_run_origin", default="")


def set_origin(origin: str) -> None:
    """Make `origin` (empty: this run's workflow id) the key root of this run's tasks."""
    _ORIGIN.set(origin)


def key_root() -> str:
    """What this run's idempotency keys and child origins start with."""
    own = workflow.info().workflow_id
    if not patched(RUN_SHAPE_PATCH):  # older runs keep their own-id keys
        return own
    return _ORIGIN.get() or own


def idempotency_key(node_id: str) -> str:
    """The key a node's activity gets; identical across retries of the run."""
    return f"{key_root()}:{node_id}"


def child_origin(suffix: str) -> str:
    """The origin of the child `suffix`; for a first run it equals the child's workflow id,
    so first runs keep the keys they had before origins existed."""
    return f"{key_root()}-{suffix}"
