"""HMAC signatures binding a run to its workspace (RUN_SIGNING_KEY; API and workers only).

The API signs the claim `interpreter.run_claim` computes over the plan it hands Temporal
(`api.runs.signing.signed_input`); workers verify it (activities/run_binding.py) before a
run touches anything.
"""

import hashlib
import hmac
import json
from typing import TYPE_CHECKING, Any

from .keys import derive_key

if TYPE_CHECKING:
    from .config import Settings

MIN_KEY_CHARS = 32


def run_signing_key(settings: "Settings") -> bytes:
    """RUN_SIGNING_KEY, or a key derived from SECRET_KEY when it is empty."""
    secret = settings.run_signing_key or settings.secret_key
    return derive_key(secret, "sluice run binding")


def canonical_json(value: Any) -> bytes:
    """One byte string per JSON value: sorted keys, no spaces, UTF-8.

    The same bytes as `interpreter.canonical_json` (a test holds them equal): core may not
    import the interpreter, and a signature depends only on these bytes.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign_claim(key: bytes, claim: dict[str, Any]) -> str:
    return hmac.new(key, canonical_json(claim), hashlib.sha256).hexdigest()


def claim_verifies(key: bytes, claim: dict[str, Any], signature: str) -> bool:
    return hmac.compare_digest(sign_claim(key, claim), signature)
