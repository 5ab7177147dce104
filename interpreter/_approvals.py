"""Human approvals inside GraphWorkflow: open, wait durably, decide by Temporal update."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ApplicationError

ROLES = ("viewer", "operator", "editor", "owner")
RECORD_ACTIVITY = "approval.record"
DECISIONS = ("approved", "rejected")


class ApprovalTimedOut(ValueError):
    """Nobody decided in time and the node is set to fail then."""


@dataclass
class Approval:
    node_id: str
    config: dict[str, Any]
    decision: dict[str, Any] | None = None


@dataclass
class ApprovalDesk:
    """The approvals a run has open; decisions arrive through the workflow's update."""

    open: dict[str, Approval] = field(default_factory=dict)

    def validate(self, request: dict[str, Any]) -> None:
        """Reject a decision before it is written to history; the API shows the reason."""
        approval = self.open.get(str(request.get("node_id")))
        if approval is None or approval.decision is not None:
            raise ApplicationError(
                f"approval {request.get('node_id')!r} is not waiting for a decision",
                type="NotPending",
            )
        if request.get("decision") not in DECISIONS:
            raise ApplicationError("decision must be 'approved' or 'rejected'", type="InvalidForm")
        config = approval.config
        emails = [e.lower() for e in config.get("approver_emails") or []]
        needed = config.get("approver_role", "operator")
        role = request.get("role")
        if emails and str(request.get("email", "")).lower() not in emails:
            raise ApplicationError(
                "you are not one of this approval's approvers", type="NotAllowed"
            )
        if role not in ROLES or ROLES.index(role) < ROLES.index(needed):
            raise ApplicationError(
                f"deciding needs the {needed} role; you are {role}", type="NotAllowed"
            )
        schema = config.get("form_schema")
        if schema and request.get("decision") == "approved":
            _check_form(schema, request.get("form") or {})

    def decide(self, request: dict[str, Any], now: str) -> dict[str, Any]:
        approval = self.open[request["node_id"]]
        approval.decision = {
            "decision": request["decision"],
            "decided_by": request.get("email"),
            "decided_at": now,
            "comment": request.get("comment") or "",
            "form": request.get("form") or {},
        }
        return approval.decision

    async def wait(
        self, node_id: str, config: dict[str, Any], run: dict[str, Any]
    ) -> tuple[Any, str]:
        """Record the approval, wait for a decision or the timeout, record the outcome.

        `run` names the run for the record: temporal_workflow_id, workspace_id, workflow_id.
        """
        approval = self.open[node_id] = Approval(node_id, config)
        await _record(node_id, "opened", {"run": run, "config": config})
        timeout = config.get("timeout_seconds")
        try:
            await workflow.wait_condition(
                lambda: approval.decision is not None,
                timeout=timedelta(seconds=float(timeout)) if timeout else None,
            )
        except TimeoutError:
            approval.decision = {
                "decision": "timeout",
                "decided_by": None,
                "decided_at": workflow.now().isoformat(),
                "comment": "",
                "form": {},
            }
        decision = approval.decision or {}
        await _record(node_id, "closed", {"run": run, "decision": decision})
        if decision["decision"] == "timeout" and config.get("on_timeout") == "fail":
            raise ApprovalTimedOut(f"nobody decided within {timeout} seconds")
        return decision, decision["decision"]


async def _record(node_id: str, event: str, detail: dict[str, Any]) -> None:
    await workflow.execute_activity(
        RECORD_ACTIVITY,
        {"node_id": node_id, "event": event, **detail},
        activity_id=f"{node_id}:{event}",
        summary=f"approval {event}",
        start_to_close_timeout=timedelta(seconds=30),
    )


def _check_form(schema: dict[str, Any], form: dict[str, Any]) -> None:
    import jsonschema  # passed through the sandbox: pure and deterministic

    problems = [
        f"{'.'.join(map(str, e.absolute_path)) or 'form'}: {e.message}"
        for e in jsonschema.Draft202012Validator(schema).iter_errors(form)
    ]
    if problems:
        raise ApplicationError("; ".join(problems), type="InvalidForm")
