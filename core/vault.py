"""Sealing and opening credential data; the only place credentials meet their keys."""

import json
import uuid
from typing import Any

from .keys import Keyring


def _aad(credential_id: uuid.UUID, workspace_id: uuid.UUID) -> bytes:
    # Binds the ciphertext to its row: a sealed blob copied to another row will not open.
    return f"credential:{credential_id}:{workspace_id}".encode()


def seal(
    keyring: Keyring, credential_id: uuid.UUID, workspace_id: uuid.UUID, data: dict[str, Any]
) -> tuple[str, bytes]:
    plaintext = json.dumps(data, separators=(",", ":")).encode()
    return keyring.seal(plaintext, aad=_aad(credential_id, workspace_id))


def open_sealed(
    keyring: Keyring,
    credential_id: uuid.UUID,
    workspace_id: uuid.UUID,
    key_id: str,
    ciphertext: bytes,
) -> dict[str, Any]:
    plaintext = keyring.open(key_id, ciphertext, aad=_aad(credential_id, workspace_id))
    return json.loads(plaintext)  # type: ignore[no-any-return]
