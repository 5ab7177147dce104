"""AES-GCM keyrings with key ids, for credentials at rest and Temporal payloads."""

import base64
import os
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

if TYPE_CHECKING:
    from .config import Settings

NONCE_BYTES = 12


class UnknownKeyError(LookupError):
    """Ciphertext sealed with a key id this keyring does not hold."""


class Keyring:
    """Seals with the active key; opens with any key it holds."""

    def __init__(self, keys: dict[str, bytes], active: str) -> None:
        if active not in keys:
            raise ValueError(f"active key id {active!r} is not among the keys ({', '.join(keys)})")
        for key_id, key in keys.items():
            if len(key) != 32:
                raise ValueError(f"key {key_id!r} must be 32 bytes (AES-256), got {len(key)}")
        self._ciphers = {key_id: AESGCM(key) for key_id, key in keys.items()}
        self.active = active

    @property
    def key_ids(self) -> list[str]:
        return list(self._ciphers)

    def seal(self, plaintext: bytes, *, aad: bytes = b"") -> tuple[str, bytes]:
        """(key id, nonce + ciphertext) under the active key."""
        nonce = os.urandom(NONCE_BYTES)
        return self.active, nonce + self._ciphers[self.active].encrypt(nonce, plaintext, aad)

    def open(self, key_id: str, sealed: bytes, *, aad: bytes = b"") -> bytes:
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise UnknownKeyError(
                f"no key {key_id!r} in this keyring; was it removed before rotating?"
            )
        return cipher.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)

    @classmethod
    def from_setting(cls, spec: str, active: str, *, secret_key: str, purpose: str) -> "Keyring":
        """Parse `id:base64key,...`; empty means one key derived from SECRET_KEY."""
        if not spec.strip():
            return cls({"derived": derive_key(secret_key, purpose)}, "derived")
        keys: dict[str, bytes] = {}
        for item in spec.split(","):
            key_id, _, encoded = item.strip().partition(":")
            if not key_id or not encoded:
                raise ValueError(f"key entry {item!r} must look like `id:base64key`")
            keys[key_id] = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        return cls(keys, active or list(keys)[-1])


def derive_key(secret: str, purpose: str) -> bytes:
    """A 32-byte key for `purpose`, derived from the secret with HKDF-SHA256."""
    return HKDF(algorithm=SHA256(), length=32, salt=b"sluice", info=purpose.encode()).derive(
        secret.encode()
    )


def new_key() -> str:
    """A fresh base64 key for CREDENTIAL_KEYS / PAYLOAD_KEYS."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def credential_keyring(settings: "Settings") -> Keyring:
    return Keyring.from_setting(
        settings.credential_keys,
        settings.credential_active_key,
        secret_key=settings.secret_key,
        purpose="sluice credentials",
    )


def payload_keyring(settings: "Settings") -> Keyring:
    return Keyring.from_setting(
        settings.payload_keys,
        settings.payload_active_key,
        secret_key=settings.secret_key,
        purpose="sluice temporal payloads",
    )
