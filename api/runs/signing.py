"""The signed input the API hands Temporal for each run it starts."""

from typing import Any

from core.config import Settings
from core.run_signing import run_signing_key, sign_claim
from interpreter import RunInput, run_claim


def signed_input(settings: Settings, run: RunInput) -> dict[str, Any]:
    """`run.to_dict()` with the binding the worker checks before any node runs."""
    raw = run.to_dict()
    signature = sign_claim(run_signing_key(settings), run_claim(raw["plan"], run.trigger))
    return {**raw, "binding": {"kind": "run", "signature": signature}}
