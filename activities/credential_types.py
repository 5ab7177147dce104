"""Credential types: a JSON Schema each, which fields are secret, which nodes accept them."""

from dataclasses import dataclass, field
from typing import Any

from .credential_hosts import ALLOWED_HOSTS_FIELD, ALLOWED_HOSTS_SCHEMA


@dataclass(frozen=True)
class CredentialType:
    type: str
    label: str
    kind: str
    """What node types ask for (`NodeType.credential_type`): several types may share a kind."""
    schema: dict[str, Any]
    secret_fields: tuple[str, ...] = field(default=())
    target_fields: tuple[str, ...] = field(default=())
    """Fields that say where (and how safely) the credential connects; changing one, or
    `allowed_hosts`, needs the secret fields re-entered in the same update, so an editor
    cannot point a colleague's stored secret at their own server."""


def _schema(required: list[str], **properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": {**properties, ALLOWED_HOSTS_FIELD: ALLOWED_HOSTS_SCHEMA},
    }


_TEXT = {"type": "string", "minLength": 1, "maxLength": 2000}
_SECRET = {"type": "string", "minLength": 1, "maxLength": 20000, "writeOnly": True}
_URL = {"type": "string", "pattern": "^https?://", "maxLength": 2000}
_PORT = {"type": "integer", "minimum": 1, "maximum": 65535}
_HOST = {
    **_TEXT,
    "pattern": r"^[^\s/\\@,=]+$",
    "description": "One TCP host name or address (no Unix-socket paths or host lists).",
}

CREDENTIAL_TYPES: dict[str, CredentialType] = {
    t.type: t
    for t in [
        CredentialType(
            "openai",
            "OpenAI API key",
            "openai",
            _schema(["api_key"], api_key=_SECRET, base_url=_URL, organization=_TEXT),
            ("api_key",),
            ("base_url",),
        ),
        CredentialType(
            "anthropic",
            "Anthropic API key",
            "anthropic",
            _schema(["api_key"], api_key=_SECRET, base_url=_URL),
            ("api_key",),
            ("base_url",),
        ),
        CredentialType(
            "smtp",
            "SMTP server",
            "smtp",
            _schema(
                ["host", "port"],
                host=_HOST,
                port=_PORT,
                username=_TEXT,
                password=_SECRET,
                security={"enum": ["starttls", "tls", "none"], "default": "starttls"},
                from_address=_TEXT,
            ),
            ("password",),
            ("host", "port", "security"),
        ),
        CredentialType(
            "twilio",
            "Twilio account",
            "twilio",
            _schema(
                ["account_sid", "auth_token"], account_sid=_TEXT, auth_token=_SECRET, base_url=_URL
            ),
            ("auth_token",),
            ("base_url",),
        ),
        CredentialType(
            "sftp",
            "SFTP server",
            "sftp",
            _schema(
                ["host", "username", "host_key"],
                host=_HOST,
                port=_PORT,
                username=_TEXT,
                password=_SECRET,
                private_key=_SECRET,
                passphrase=_SECRET,
                host_key={**_TEXT, "description": "known_hosts line of the server"},
            ),
            ("password", "private_key", "passphrase"),
            ("host", "port", "host_key"),
        ),
        CredentialType(
            "postgres",
            "PostgreSQL connection",
            "postgres",
            _schema(
                ["host", "database", "user"],
                host=_HOST,
                port=_PORT,
                database={
                    **_TEXT,
                    "pattern": "^(?!.*://)[^=]*$",
                    "description": "A database name (not a connection string).",
                },
                user=_TEXT,
                password=_SECRET,
                sslmode={"enum": ["disable", "prefer", "require", "verify-full"]},
            ),
            ("password",),
            ("host", "port", "sslmode"),
        ),
        CredentialType(
            "http_header",
            "HTTP header auth",
            "http_auth",
            _schema(["name", "value"], name=_TEXT, value=_SECRET),
            ("value",),
        ),
        CredentialType(
            "http_bearer",
            "HTTP bearer token",
            "http_auth",
            _schema(["token"], token=_SECRET),
            ("token",),
        ),
        CredentialType(
            "http_basic",
            "HTTP basic auth",
            "http_auth",
            _schema(["username", "password"], username=_TEXT, password=_SECRET),
            ("password",),
        ),
    ]
}


def describe_credential_type(credential_type: CredentialType) -> dict[str, Any]:
    return {
        "type": credential_type.type,
        "label": credential_type.label,
        "kind": credential_type.kind,
        "schema": credential_type.schema,
        "secret_fields": list(credential_type.secret_fields),
    }
