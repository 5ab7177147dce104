"""Temporal payload encryption: AES-GCM with the key id in each payload's metadata.

Once PAYLOAD_KEYS is set, clients and workers refuse plaintext payloads: a workflow started
(or signalled, updated) by a client without this codec fails, non-retryably, before it runs
a node (the SDK fails the run for a non-retryable ApplicationError while decoding). With
keys derived from SECRET_KEY (local and test setups) plaintext stays readable, because the
recorded dev histories replayed in tests are plaintext. What legitimately travels
unencrypted is not a payload this codec sees: search attributes, and the tracing
interceptor's header (the SDK runs headers through no codec by default). The one payload left
as it is: Python's `None` (`binary/null`, no data), which says nothing and would cost ~95
sealed bytes each time (every run's binding check answers one).

Payloads of COMPRESS_FROM bytes or more are deflated before sealing (a run's plan is
repetitive JSON), with the preset dictionary of core/codec_dictionary.py: the sealed bytes
then start with DEFLATED_V1. Payloads sealed before that start with COMPRESSED (zlib, no
dictionary) or are plain. Neither marker byte starts a serialized Payload (a protobuf field
number is never 0), so every older sealed payload opens unchanged.
"""

import dataclasses
import zlib
from collections.abc import Sequence

from temporalio.api.common.v1 import Payload
from temporalio.converter import (
    DataConverter,
    DefaultFailureConverterWithEncodedAttributes,
    PayloadCodec,
)
from temporalio.exceptions import ApplicationError

from .codec_dictionary import DICTIONARY
from .config import Settings
from .keys import Keyring, payload_keyring

ENCODING = b"binary/encrypted"
KEY_ID = "encryption-key-id"
NULL = b"binary/null"


COMPRESSED = b"\x00"
"""zlib without a dictionary: what the codec wrote before DEFLATED_V1 (still opened)."""
DEFLATED_V1 = b"\x01"
"""Raw deflate with codec_dictionary.DICTIONARY (AES-GCM already checks integrity)."""
COMPRESS_FROM = 512
MAX_OPENED_BYTES = 256 * 2**20
"""A compressed payload opening past this is refused (Temporal's own limit is far lower)."""

PLAINTEXT_REFUSED = "PlaintextPayloadRefused"
"""ApplicationError type of a refused plaintext payload."""


class EncryptionCodec(PayloadCodec):
    """Seals every payload (inputs, outputs, failures' details) before it reaches Temporal.

    `require_encrypted`: refuse plaintext on decode (clients and workers once PAYLOAD_KEYS
    is set); the Web UI's codec endpoint leaves it off, showing plaintext as it is.
    """

    def __init__(self, keyring: Keyring, *, require_encrypted: bool = False) -> None:
        self.keyring = keyring
        self.require_encrypted = require_encrypted

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        sealed = []
        for payload in payloads:
            if _is_null(payload):
                sealed.append(payload)
                continue
            key_id, data = self.keyring.seal(_packed(payload.SerializeToString()))
            sealed.append(
                Payload(metadata={"encoding": ENCODING, KEY_ID: key_id.encode()}, data=data)
            )
        return sealed

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        opened = []
        for payload in payloads:
            if payload.metadata.get("encoding") != ENCODING:
                if self.require_encrypted and not _is_null(payload):
                    raise ApplicationError(
                        "refused a plaintext Temporal payload: PAYLOAD_KEYS is set, so every "
                        "payload must be encrypted by a Sluice client (the API, a worker); "
                        "whoever sent it did not use Sluice's payload codec",
                        type=PLAINTEXT_REFUSED,
                        non_retryable=True,
                    )
                opened.append(payload)  # written before encryption was on: readable as is
                continue
            key_id = payload.metadata[KEY_ID].decode()
            inner = _unpacked(self.keyring.open(key_id, payload.data))
            opened.append(Payload.FromString(inner))
        return opened


def _is_null(payload: Payload) -> bool:
    return (
        payload.metadata.get("encoding") == NULL and not payload.data and len(payload.metadata) == 1
    )


def _packed(raw: bytes) -> bytes:
    """`raw`, deflated behind DEFLATED_V1 when that makes it smaller."""
    if len(raw) < COMPRESS_FROM:
        return raw
    deflater = zlib.compressobj(6, zlib.DEFLATED, -15, zdict=DICTIONARY)
    packed = DEFLATED_V1 + deflater.compress(raw) + deflater.flush()
    return packed if len(packed) < len(raw) else raw


def _unpacked(inner: bytes) -> bytes:
    if inner.startswith(DEFLATED_V1):
        opener = zlib.decompressobj(-15, zdict=DICTIONARY)
    elif inner.startswith(COMPRESSED):
        opener = zlib.decompressobj()
    else:
        return inner
    raw = opener.decompress(inner[1:], MAX_OPENED_BYTES)
    if opener.unconsumed_tail:
        raise ApplicationError(
            f"a compressed Temporal payload opens to more than {MAX_OPENED_BYTES} bytes",
            non_retryable=True,
        )
    return raw


def data_converter(settings: Settings) -> DataConverter:
    """The converter every Sluice client and worker uses: encrypted payloads and failures."""
    return dataclasses.replace(
        DataConverter.default,
        payload_codec=EncryptionCodec(
            payload_keyring(settings), require_encrypted=bool(settings.payload_keys.strip())
        ),
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )
