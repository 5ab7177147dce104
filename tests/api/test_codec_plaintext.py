"""Once PAYLOAD_KEYS is set, the codec refuses plaintext payloads; derived keys still read them."""

import asyncio
import uuid

import pytest
from temporalio.api.common.v1 import Payload
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, HeaderCodecBehavior, WorkflowFailureError
from temporalio.converter import DataConverter
from temporalio.exceptions import ApplicationError

from activities import NODE_TYPES
from api.runs.signing import signed_input
from core.codec import PLAINTEXT_REFUSED, EncryptionCodec, data_converter
from core.config import Settings
from core.keys import Keyring, new_key
from core.temporal import connect
from interpreter import RunInput, build_plan
from tests.utils.graphs import node
from worker import build_worker


def plaintext(value: object) -> Payload:
    [payload] = DataConverter.default.payload_converter.to_payloads([value])
    return payload


def keyed(**update: object) -> Settings:
    return Settings(environment="test", _env_file=None, **update)  # type: ignore[call-arg]


async def test_a_keyed_codec_refuses_plaintext_and_opens_what_it_sealed():
    codec = EncryptionCodec(Keyring({"p1": b"k" * 32}, "p1"), require_encrypted=True)
    [sealed] = await codec.encode([plaintext({"a": 1})])
    assert await codec.decode([sealed]) == [plaintext({"a": 1})]

    with pytest.raises(ApplicationError, match="PAYLOAD_KEYS is set") as refused:
        await codec.decode([plaintext({"plan": "forged"})])
    assert refused.value.type == PLAINTEXT_REFUSED and refused.value.non_retryable


async def test_configured_payload_keys_turn_the_refusal_on_derived_keys_do_not():
    with_keys = data_converter(keyed(payload_keys=f"p1:{new_key()}")).payload_codec
    derived = data_converter(keyed()).payload_codec
    assert isinstance(with_keys, EncryptionCodec) and with_keys.require_encrypted
    assert isinstance(derived, EncryptionCodec) and not derived.require_encrypted
    # Recorded dev histories are plaintext: with derived keys they still read.
    assert await derived.decode([plaintext(7)]) == [plaintext(7)]


def noop_run(settings: Settings) -> dict:
    graph = {"nodes": [node("a", "util.noop", {"value": 1})], "edges": []}
    plan = build_plan(
        graph, NODE_TYPES, workflow_id="codec", workflow_name="codec", version=1, max_parallel=2
    )
    return signed_input(settings, RunInput(plan=plan))


async def test_a_worker_with_payload_keys_fails_a_run_started_in_plaintext(settings):
    own = settings.model_copy(
        update={
            "payload_keys": f"p1:{new_key()}",
            "temporal_task_queue": f"{settings.temporal_task_queue}-keyed",
        }
    )
    sluice = await connect(own)
    # The tracing interceptor's header is plaintext by design: headers skip the codec.
    assert sluice.config()["header_codec_behavior"] == HeaderCodecBehavior.NO_CODEC
    outsider = await Client.connect(own.temporal_address)  # no codec
    async with build_worker(sluice, own) as worker, worker:
        ours = await sluice.start_workflow(
            "GraphWorkflowV2",
            noop_run(own),
            id=f"keyed-{uuid.uuid4().hex}",
            task_queue=own.temporal_task_queue,
        )
        assert (await ours.result())["nodes"]["a"]["status"] == "succeeded"

        forged = await outsider.start_workflow(
            "GraphWorkflowV2",
            noop_run(own),
            id=f"plain-{uuid.uuid4().hex}",
            task_queue=own.temporal_task_queue,
        )
        with pytest.raises(WorkflowFailureError) as failed:
            await asyncio.wait_for(sluice.get_workflow_handle(forged.id).result(), 30)

    cause = failed.value.cause
    assert isinstance(cause, ApplicationError) and cause.type == PLAINTEXT_REFUSED, cause
    assert "PAYLOAD_KEYS" in cause.message
    events = [e.event_type for e in (await forged.fetch_history()).events]
    assert EventType.EVENT_TYPE_MARKER_RECORDED not in events, "not even the binding check ran"
    assert EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED not in events
    assert events[-1] == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED
