"""Webhook URL tokens: looked up by SHA-256 hash, kept sealed for operators to read back.

The database alone never yields a working URL: the hash cannot be reversed, and the sealed
copy opens only with the credential keyring (CREDENTIAL_KEYS), bound to its trigger row.
"""

import hashlib
import secrets
import uuid

from cryptography.exceptions import InvalidTag

from core.keys import Keyring, UnknownKeyError
from core.models import Trigger


def token_hash(token: str) -> str:
    """What the trigger row keeps to find a delivery's trigger: hex SHA-256 of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _aad(trigger_id: uuid.UUID) -> bytes:
    # A sealed token copied to another trigger row does not open there.
    return f"webhook-token:{trigger_id}".encode()


def issue_token(trigger: Trigger, keyring: Keyring) -> str:
    """Give `trigger` a new URL token (the old one stops working); answers it."""
    token = secrets.token_urlsafe(24)
    seal_token(trigger, keyring, token)
    return token


def seal_token(trigger: Trigger, keyring: Keyring, token: str) -> None:
    """Store `token` on `trigger` as its hash and its sealed copy."""
    trigger.token_hash = token_hash(token)
    trigger.token_key_id, trigger.token_sealed = keyring.seal(token.encode(), aad=_aad(trigger.id))


def reveal_token(trigger: Trigger, keyring: Keyring) -> str | None:
    """The trigger's token, or None when it cannot be opened (rotate it to get a new one)."""
    if not (trigger.token_sealed and trigger.token_key_id):
        return None
    try:
        token = keyring.open(trigger.token_key_id, trigger.token_sealed, aad=_aad(trigger.id))
    except (UnknownKeyError, InvalidTag):
        return None
    return token.decode()


def reseal_tokens(triggers: list[Trigger], keyring: Keyring) -> int:
    """Re-seal tokens held under an older key with the active one; answers how many."""
    count = 0
    for trigger in triggers:
        if trigger.token_key_id in (None, keyring.active):
            continue
        token = reveal_token(trigger, keyring)
        if token is not None:
            seal_token(trigger, keyring, token)
            count += 1
    return count
