"""Run binding: the workflow checks, before any node runs, that the API signed its plan.

A run's input carries `binding: {"kind": "run", "signature": hex}`, an HMAC the API made
with RUN_SIGNING_KEY over the claim `{workspace_id, workflow_id, version, plan_digest}`.
The workflow computes the claim itself (the digest with pure hashlib, so replay is
deterministic) and hands claim and signature to the `sluice.verify_run_binding` local
activity, which holds the key: the key never enters workflow code or history, and the
verdict is recorded in history as a marker.

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
import json
from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

VERIFY_ACTIVITY = "sluice.verify_run_binding"
SIGN_CHILD_ACTIVITY = "sluice.sign_child_binding"
REJECTED = "RunBindingRejected"
"""ApplicationError type of a run refused for its binding."""
_TIMEOUT = timedelta(seconds=10)


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
