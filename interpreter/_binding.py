"""Run binding: the workflow checks, before any node runs, that the API signed its plan.

A run's input carries `binding: {"kind": "run", "signature": hex}`, an HMAC the API made
with RUN_SIGNING_KEY over the claim `{workspace_id, workflow_id, version, plan_digest}`.
The workflow computes the claim itself (the digest with pure hashlib, so replay is
deterministic) and checks the signature with the key its worker registered for the task
queue (`use_signing_key`): the key lives in the worker process, never in history.

On replay the check is skipped: the run got past it when it ran, or failed there and its
history says so. So a key changed since (RUN_SIGNING_KEY rotated) never turns a replay
nondeterministic; a fresh start, which is never a replay, is always checked. Runs recorded
before "binding-in-workflow" checked in the `sluice.verify_run_binding` local activity and
replay with its marker.

Why activities cannot be driven with an unverified workspace: every activity a run calls
(node activities, `inline.run`, approval records) is scheduled by this workflow code, and
`GraphWorkflow.run` awaits `verify` before it schedules anything; a run whose binding does
not verify fails there (non-retryable ApplicationError), so no NodeTask naming its
workspace is ever built. Scheduling activities without this code takes a rogue worker
polling the task queue and an encrypted NodeTask, which the codec makes impossible to craft
once PAYLOAD_KEYS is set (one copied from another history re-runs only that same task):
keep the frontend private (docs/deploy.md).

Child runs (flow.subworkflow, flow.for_each) carry `{"kind": "child", ...}`: the parent,
once verified, asks `sluice.sign_child_binding` to sign a child claim naming the parent's
workflow id and run id. The child rebuilds that claim from `workflow.info().parent`, which
the Temporal server sets and a client cannot, so a child started directly fails.
"""

import hashlib
import hmac
import json
from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

from ._patches import BINDING_IN_WORKFLOW_PATCH, patched

VERIFY_ACTIVITY = "sluice.verify_run_binding"
SIGN_CHILD_ACTIVITY = "sluice.sign_child_binding"
REJECTED = "RunBindingRejected"
"""ApplicationError type of a run refused for its binding."""
_TIMEOUT = timedelta(seconds=10)
_KEYS: dict[str, bytes] = {}
"""RUN_SIGNING_KEY by task queue, as the worker processes hosting the workflow registered
it (several workers, each with its own settings, may share a process), and under "" the
last one registered: a worker built from another's config on another queue finds it."""


def use_signing_key(task_queue: str, key: bytes) -> None:
    """Let runs on `task_queue` in this process verify their binding with `key`."""
    _KEYS[task_queue] = _KEYS[""] = key


def sign(key: bytes, claim: dict[str, Any]) -> str:
    """The HMAC the API signs `claim` with (core.run_signing.sign_claim: a test holds the
    two equal)."""
    return hmac.new(key, canonical_json(claim), hashlib.sha256).hexdigest()


def canonical_json(value: Any) -> bytes:
    """One byte string per JSON value: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def plan_digest(plan: dict[str, Any]) -> str:
    """SHA-256 of the whole plan, embedded child plans included, as it reads after the trip
    through Temporal's JSON converter (tuples become lists, keys strings)."""
    return hashlib.sha256(canonical_json(json.loads(json.dumps(plan)))).hexdigest()


def run_claim(plan: dict[str, Any], trigger: str = "") -> dict[str, Any]:
    """What the API signs for a run it starts; `trigger` (the node that fired) only when set,
    so runs without one verify as before."""
    claim = {
        "kind": "run",
        "workspace_id": str(plan.get("workspace_id", "")),
        "workflow_id": str(plan.get("workflow_id", "")),
        "version": plan.get("version"),
        "plan_digest": plan_digest(plan),
    }
    return {**claim, "trigger": trigger} if trigger else claim


def child_claim(
    plan: dict[str, Any], parent_workflow_id: str, parent_run_id: str
) -> dict[str, Any]:
    """What a verified parent has signed for a child run it starts."""
    return {
        **run_claim(plan),
        "kind": "child",
        "parent_workflow_id": parent_workflow_id,
        "parent_run_id": parent_run_id,
    }


def refused(reason: str) -> ApplicationError:
    return ApplicationError(
        f"run refused: {reason}; runs must be started through the Sluice API (or a schedule or "
        "webhook it created), with the API and workers sharing RUN_SIGNING_KEY",
        type=REJECTED,
        non_retryable=True,
    )


async def verify(raw: dict[str, Any]) -> dict[str, Any]:
    """The verified `{claim, signature}` of this run; raises `refused(...)` otherwise."""
    binding = raw.get("binding")
    if not isinstance(binding, dict) or not isinstance(binding.get("signature"), str):
        raise refused("its input carries no workspace binding signature")
    kind = binding.get("kind", "run")
    parent = workflow.info().parent
    if kind == "child":
        if parent is None:
            raise refused("it claims to be a child run but no parent workflow started it")
        claim = child_claim(raw["plan"], parent.workflow_id, parent.run_id)
    elif kind == "run":
        claim = run_claim(raw["plan"], str(raw.get("trigger") or ""))
    else:
        raise refused(f"its binding kind {kind!r} is unknown")
    signed = {"claim": claim, "signature": binding["signature"]}
    if patched(BINDING_IN_WORKFLOW_PATCH):
        if not workflow.unsafe.is_replaying():
            _check(claim, binding["signature"])
        return signed
    try:
        await workflow.execute_local_activity(
            VERIFY_ACTIVITY,
            signed,
            start_to_close_timeout=_TIMEOUT,
            retry_policy=RetryPolicy(maximum_attempts=1),
        )
    except (ActivityError, ApplicationError) as err:
        # A local activity's failure may arrive as its ApplicationError, not wrapped.
        cause = err.cause if isinstance(err, ActivityError) else err
        message = cause.message if isinstance(cause, ApplicationError) else str(cause or err)
        raise refused(message) from None
    return signed


def _check(claim: dict[str, Any], signature: str) -> None:
    key = _KEYS.get(workflow.info().task_queue, _KEYS.get(""))
    if key is None:
        raise refused(
            f"this worker process holds no RUN_SIGNING_KEY (task queue "
            f"{workflow.info().task_queue!r}): its workers were not built by worker.build_worker"
        )
    if not hmac.compare_digest(sign(key, claim), signature):
        raise refused(mismatch(claim))


def mismatch(claim: dict[str, Any]) -> str:
    """Why a binding whose signature does not match `claim` is refused."""
    return (
        f"the workspace binding of workspace {claim.get('workspace_id')!r}, workflow "
        f"{claim.get('workflow_id')!r} v{claim.get('version')} does not verify (signed "
        "with another key, or for another plan, workspace or parent run)"
    )


async def child_binding(parent: dict[str, Any], plan: dict[str, Any]) -> dict[str, Any]:
    """The `binding` argument for a child run of `plan`, signed for this (verified) run."""
    info = workflow.info()
    claim = child_claim(plan, info.workflow_id, info.run_id)
    signature = await workflow.execute_local_activity(
        SIGN_CHILD_ACTIVITY,
        {"parent": parent, "child": claim},
        result_type=str,
        start_to_close_timeout=_TIMEOUT,
        retry_policy=RetryPolicy(maximum_attempts=1),
        summary="sign child run binding",
    )
    return {"kind": "child", "signature": signature}
