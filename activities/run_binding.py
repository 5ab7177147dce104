"""Local activities that hold RUN_SIGNING_KEY: sign a child run's binding, and verify a run's
binding for runs recorded before "binding-in-workflow" (they replay with its marker; newer
runs verify in workflow code, interpreter/_binding.py). The key stays in the worker process
and out of history.
"""

from typing import TYPE_CHECKING, Any

from temporalio import activity
from temporalio.exceptions import ApplicationError

from core.run_signing import claim_verifies, run_signing_key, sign_claim
from interpreter import BINDING_REJECTED, NodeType, binding_mismatch

if TYPE_CHECKING:  # the API's eager workflow worker imports this module: it stays light
    from ._deps import NodeDependencies

NODE_TYPES: list[NodeType] = []
"""No node types: this family only provides the binding activities."""


class RunBinding:
    """Checks and issues binding signatures with this worker's key."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _check(self, claim: dict[str, Any], signature: Any) -> None:
        if not isinstance(signature, str) or not claim_verifies(self._key, claim, signature):
            raise ApplicationError(
                binding_mismatch(claim),
                type=BINDING_REJECTED,
                non_retryable=True,
            )

    @activity.defn(name="sluice.verify_run_binding")
    async def verify_run_binding(self, signed: dict[str, Any]) -> None:
        """Raise, non-retryable, unless `signature` is this key's HMAC of `claim`."""
        self._check(signed["claim"], signed.get("signature"))

    @activity.defn(name="sluice.sign_child_binding")
    async def sign_child_binding(self, request: dict[str, Any]) -> str:
        """Sign a child claim for a parent whose own binding verifies, in its workspace."""
        parent, child = request["parent"], request["child"]
        self._check(parent["claim"], parent.get("signature"))
        if child.get("kind") != "child" or child.get("workspace_id") != parent["claim"].get(
            "workspace_id"
        ):
            raise ApplicationError(
                "a child run must stay in its parent's workspace",
                type=BINDING_REJECTED,
                non_retryable=True,
            )
        return sign_claim(self._key, child)


def build(deps: "NodeDependencies") -> list[Any]:
    binding = RunBinding(run_signing_key(deps.settings))
    return [binding.verify_run_binding, binding.sign_child_binding]
