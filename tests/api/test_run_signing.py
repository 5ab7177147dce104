"""RUN_SIGNING_KEY and the claim the API signs: what changes the signature and what does not."""

import json

import pytest
from pydantic import ValidationError

from api.runs.signing import signed_input
from core import run_signing
from core.config import Settings
from core.run_signing import claim_verifies, run_signing_key, sign_claim
from interpreter import RunInput, RunPlan, canonical_json, plan_digest, run_claim
from interpreter._binding import sign as interpreter_sign


def settings(**update: object) -> Settings:
    return Settings(environment="test", _env_file=None, **update)  # type: ignore[call-arg]


def plan(**update: object) -> RunPlan:
    fields = {"workflow_id": "w1", "workflow_name": "n", "version": 3, "nodes": [], "edges": []}
    return RunPlan(**{**fields, "workspace_id": "ws-a", **update})  # type: ignore[arg-type]


def test_a_short_run_signing_key_is_refused_by_name():
    with pytest.raises(ValidationError, match="RUN_SIGNING_KEY must be at least 32"):
        settings(run_signing_key="too-short")


def test_the_key_is_derived_from_secret_key_unless_set():
    derived = run_signing_key(settings())
    assert derived == run_signing_key(settings())
    assert derived != run_signing_key(settings(secret_key="another-secret"))
    assert derived != run_signing_key(settings(run_signing_key="r" * 40))


def test_the_digest_reads_the_plan_as_temporal_delivers_it():
    raw = RunInput(plan=plan()).to_dict()["plan"]
    delivered = json.loads(json.dumps(raw))
    reordered = dict(reversed(list(delivered.items())))
    assert plan_digest(raw) == plan_digest(delivered) == plan_digest(reordered)
    assert plan_digest({**raw, "nodes": ()}) == plan_digest(raw), "tuples arrive as lists"


@pytest.mark.parametrize(
    "change",
    [{"workspace_id": "ws-b"}, {"workflow_id": "w2"}, {"version": 4}, {"max_parallel": 1}],
)
def test_any_change_to_the_plan_breaks_the_signature(change):
    config = settings()
    signed = signed_input(config, RunInput(plan=plan()))
    changed = RunInput(plan=plan(**change)).to_dict()["plan"]
    key = run_signing_key(config)
    assert claim_verifies(key, run_claim(signed["plan"]), signed["binding"]["signature"])
    assert not claim_verifies(key, run_claim(changed), signed["binding"]["signature"])


def test_inputs_are_not_part_of_the_binding():
    """Inputs are the caller's data; the binding is about what runs where."""
    config = settings()
    one = signed_input(config, RunInput(plan=plan(), inputs={"x": 1}))
    two = signed_input(config, RunInput(plan=plan(), inputs={"x": 2}))
    assert one["binding"] == two["binding"]
    assert one["binding"]["signature"] == sign_claim(
        run_signing_key(config), run_claim(one["plan"])
    )


def test_core_signs_the_same_bytes_the_interpreter_digests():
    value = {"b": [1, 2.5, None, True], "a": {"é": "ü", "z": "\u2028"}, "c": "x y"}
    assert run_signing.canonical_json(value) == canonical_json(value)
    claim = {"kind": "run", "workspace_id": "w", "version": 3, "plan_digest": "ab", **value}
    assert interpreter_sign(b"k" * 32, claim) == run_signing.sign_claim(b"k" * 32, claim)
