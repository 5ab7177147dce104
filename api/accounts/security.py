"""Passwords (bcrypt), access tokens (JWT) and opaque refresh tokens."""

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta

import bcrypt
import jwt

from core.keys import derive_key

ALGORITHM = "HS256"
# Checked against when the email is unknown, so both failures cost one bcrypt verification.
_DUMMY_HASHES: dict[int, str] = {}


def _dummy_hash(rounds: int) -> str:
    if rounds not in _DUMMY_HASHES:
        _DUMMY_HASHES[rounds] = bcrypt.hashpw(
            b"not a real password", bcrypt.gensalt(rounds)
        ).decode()
    return _DUMMY_HASHES[rounds]


def hash_password(password: str, *, rounds: int = 12) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode()


def verify_password(password: str, password_hash: str | None, *, rounds: int = 12) -> bool:
    """The same work whether or not the user exists (`rounds` should match real hashes)."""
    candidate = password.encode()[:72]
    ok = bcrypt.checkpw(candidate, (password_hash or _dummy_hash(rounds)).encode())
    return ok and password_hash is not None


def create_access_token(user_id: uuid.UUID, *, secret: str, minutes: int) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "iat": now,
        "exp": now + timedelta(minutes=minutes),
        "typ": "access",
    }
    return jwt.encode(claims, _signing_key(secret), algorithm=ALGORITHM)


def read_access_token(token: str, *, secret: str) -> uuid.UUID | None:
    """The user id in a valid, unexpired access token; None otherwise."""
    try:
        claims = jwt.decode(
            token, _signing_key(secret), algorithms=[ALGORITHM], options={"require": ["exp", "sub"]}
        )
        if claims.get("typ") != "access":
            return None
        return uuid.UUID(claims["sub"])
    except (jwt.PyJWTError, ValueError):
        return None


def _signing_key(secret: str) -> bytes:
    return derive_key(secret, "sluice access tokens")


def new_opaque_token(record_id: uuid.UUID) -> tuple[str, str]:
    """(token for the client, hash to store): `<record id>.<secret>`."""
    secret = secrets.token_urlsafe(32)
    return f"{record_id}.{secret}", token_hash(secret)


def split_opaque_token(token: str) -> tuple[uuid.UUID, str] | None:
    record, _, secret = token.partition(".")
    try:
        return uuid.UUID(record), secret
    except ValueError:
        return None


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def same_hash(a: str, b: str) -> bool:
    return secrets.compare_digest(a, b)
