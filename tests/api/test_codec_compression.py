"""The codec compresses large payloads before sealing; older sealed payloads still open; a
bare None is the one payload it leaves as it is."""

import hashlib
import zlib

import pytest
from temporalio.api.common.v1 import Payload
from temporalio.converter import DataConverter
from temporalio.exceptions import ApplicationError

import core.codec as codec_module
from bench.graphs import run_input, typical
from core.codec import COMPRESSED, DEFLATED_V1, EncryptionCodec
from core.codec_dictionary import DICTIONARY
from core.keys import Keyring

KEYRING = Keyring({"p1": b"k" * 32}, "p1")


def plaintext(value: object) -> Payload:
    [payload] = DataConverter.default.payload_converter.to_payloads([value])
    return payload


async def test_a_large_payload_is_sealed_compressed_and_opens_as_it_was():
    plan = {"nodes": [{"id": f"n{i}", "type": "util.noop", "data": {}} for i in range(200)]}
    codec = EncryptionCodec(KEYRING)
    [sealed] = await codec.encode([plaintext(plan)])

    assert KEYRING.open("p1", sealed.data).startswith(DEFLATED_V1)
    assert len(sealed.data) < len(plaintext(plan).SerializeToString()) / 5
    assert await codec.decode([sealed]) == [plaintext(plan)]


async def test_a_small_payload_is_sealed_as_it_is():
    codec = EncryptionCodec(KEYRING)
    [sealed] = await codec.encode([plaintext({"a": 1})])
    assert KEYRING.open("p1", sealed.data) == plaintext({"a": 1}).SerializeToString()


async def test_a_payload_sealed_before_compression_opens():
    raw = plaintext({"rows": ["x" * 50] * 100}).SerializeToString()
    key_id, data = KEYRING.seal(raw)  # what the codec wrote before it compressed
    old = Payload(
        metadata={"encoding": codec_module.ENCODING, "encryption-key-id": b"p1"}, data=data
    )
    assert await EncryptionCodec(KEYRING).decode([old]) == [Payload.FromString(raw)]


def test_the_dictionary_is_frozen():
    """Payloads sealed with it open only with these bytes: a new one needs a new marker."""
    digest = hashlib.sha256(DICTIONARY).hexdigest()
    assert digest == "ac7699381eab649fb41b766e82d453ebd84893235d519478daa702f2cba3aefc", digest


async def test_the_dictionary_saves_a_third_of_a_plan_over_plain_zlib():
    raw = plaintext(run_input(typical("http://127.0.0.1:40123"), {"customer": "c-1"}))
    plain = len(zlib.compress(raw.SerializeToString(), 6))
    [sealed] = await EncryptionCodec(KEYRING).encode([raw])
    sealed_bytes = len(sealed.data)
    print(f"\nplan: {raw.ByteSize()} bytes, zlib {plain}, sealed with dictionary {sealed_bytes}")
    assert len(KEYRING.open("p1", sealed.data)) < plain * 2 / 3
    assert await EncryptionCodec(KEYRING).decode([sealed]) == [raw]


async def test_a_payload_compressed_before_the_dictionary_opens():
    raw = plaintext({"rows": ["x" * 50] * 100}).SerializeToString()
    key_id, data = KEYRING.seal(COMPRESSED + zlib.compress(raw, 6))
    old = Payload(
        metadata={"encoding": codec_module.ENCODING, "encryption-key-id": b"p1"}, data=data
    )
    assert await EncryptionCodec(KEYRING).decode([old]) == [Payload.FromString(raw)]


def _deflated(raw: bytes) -> bytes:
    deflater = zlib.compressobj(6, zlib.DEFLATED, -15, zdict=DICTIONARY)
    return DEFLATED_V1 + deflater.compress(raw) + deflater.flush()


@pytest.mark.parametrize(
    "pack", [lambda raw: COMPRESSED + zlib.compress(raw), _deflated], ids=["zlib", "dictionary"]
)
async def test_a_payload_opening_past_the_limit_is_refused(monkeypatch, pack):
    monkeypatch.setattr(codec_module, "MAX_OPENED_BYTES", 10_000)
    key_id, data = KEYRING.seal(pack(b"\x0a" * 50_000))
    bomb = Payload(
        metadata={"encoding": codec_module.ENCODING, "encryption-key-id": b"p1"}, data=data
    )
    with pytest.raises(ApplicationError, match="opens to more than 10000 bytes"):
        await EncryptionCodec(KEYRING).decode([bomb])


@pytest.mark.parametrize("require_encrypted", [False, True])
async def test_none_travels_as_it_is_and_opens_even_when_plaintext_is_refused(require_encrypted):
    codec = EncryptionCodec(KEYRING, require_encrypted=require_encrypted)
    [none] = await codec.encode([plaintext(None)])
    assert none == plaintext(None) and none.metadata["encoding"] == b"binary/null"
    assert await codec.decode([none]) == [plaintext(None)]


@pytest.mark.parametrize(
    "payload",
    [
        Payload(metadata={"encoding": b"binary/null"}, data=b"smuggled"),
        Payload(metadata={"encoding": b"binary/null", "x": b"1"}),
        plaintext(0),
    ],
    ids=["null-with-data", "null-with-metadata", "zero"],
)
async def test_only_a_bare_none_passes_a_codec_that_refuses_plaintext(payload):
    with pytest.raises(ApplicationError, match="PAYLOAD_KEYS"):
        await EncryptionCodec(KEYRING, require_encrypted=True).decode([payload])
    [sealed] = await EncryptionCodec(KEYRING).encode([payload])
    assert sealed.metadata["encoding"] == codec_module.ENCODING
