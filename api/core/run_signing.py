"""HMAC signatures binding a run to its workspace (RUN_SIGNING_KEY; API and workers only).

The API signs the claim `interpreter._binding.run_claim` computes over the plan it hands
Temporal; workers verify it (activities/run_binding.py) before a run touches anything.
"""

import hashlib
import hmac
from typing import TYPE_CHECKING, Any

from interpreter import canonical_json, run_claim

from .keys import derive_key

if TYPE_CHECKING:
    from interpreter import RunInput

    from .config import Settings

MIN_KEY_CHARS = 32


def run_signing_key(settings: "Settings") -> bytes:
    """RUN_SIGNING_KEY, or a key derived from SECRET_KEY when it is empty."""
    secret = settings.run_signing_key or settings.secret_key
    return derive_key(secret, "sluice run binding")


def sign_claim(key: bytes, claim: dict[str, Any]) -> str:
    return hmac.new(key, canonical_json(claim), hashlib.sha256).hexdigest()


def claim_verifies(key: bytes, claim: dict[str, Any], signature: str) -> bool:
    return hmac.compare_digest(sign_claim(key, claim), signature)


def signed_input(settings: "Settings", run: "RunInput") -> dict[str, Any]:
    """`run.to_dict()` with the binding the worker checks before any node runs."""
    raw = run.to_dict()
    signature = sign_claim(run_signing_key(settings), run_claim(raw["plan"]))
    return {**raw, "binding": {"kind": "run", "signature": signature}}
