"""Temporal payload encryption: AES-GCM with the key id in each payload's metadata."""

import dataclasses
from collections.abc import Sequence

from temporalio.api.common.v1 import Payload
from temporalio.converter import (
    DataConverter,
    DefaultFailureConverterWithEncodedAttributes,
    PayloadCodec,
)

from .config import Settings
from .keys import Keyring, payload_keyring

ENCODING = b"binary/encrypted"
KEY_ID = "encryption-key-id"


class EncryptionCodec(PayloadCodec):
    """Seals every payload (inputs, outputs, failures' details) before it reaches Temporal."""

    def __init__(self, keyring: Keyring) -> None:
        self.keyring = keyring

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        sealed = []
        for payload in payloads:
            key_id, data = self.keyring.seal(payload.SerializeToString())
            sealed.append(
                Payload(metadata={"encoding": ENCODING, KEY_ID: key_id.encode()}, data=data)
            )
        return sealed

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        opened = []
        for payload in payloads:
            if payload.metadata.get("encoding") != ENCODING:
                opened.append(payload)  # written before encryption was on: readable as is
                continue
            key_id = payload.metadata[KEY_ID].decode()
            opened.append(Payload.FromString(self.keyring.open(key_id, payload.data)))
        return opened


def data_converter(settings: Settings) -> DataConverter:
    """The converter every Sluice client and worker uses: encrypted payloads and failures."""
    return dataclasses.replace(
        DataConverter.default,
        payload_codec=EncryptionCodec(payload_keyring(settings)),
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )
