"""Where a credential may be used: its optional `allowed_hosts` (like n8n's allowed domains).

A credential lists host names (`api.example.com`) or patterns (`*.example.com`, any name
below example.com but not example.com itself); a node may then only connect to those hosts
with it. Without the field the credential works with any host the egress policy allows.
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from core.node_errors import NodeError

ALLOWED_HOSTS_FIELD = "allowed_hosts"
HOST_PATTERN = r"^(\*\.)?[A-Za-z0-9_]([A-Za-z0-9_.-]{0,251}[A-Za-z0-9_])?\.?$|^\[[0-9A-Fa-f:.]+\]$"
"""A host name, `*.` + a host name, an IPv4 literal, or a bracketed IPv6 literal."""

ALLOWED_HOSTS_SCHEMA: dict[str, Any] = {
    "type": "array",
    "maxItems": 100,
    "items": {"type": "string", "pattern": HOST_PATTERN, "maxLength": 255},
    "description": "Hosts a node may reach with this credential (`api.example.com`, or "
    "`*.example.com` for any name below example.com); empty or unset: any host.",
}


def normalise(host: str) -> str:
    """Lower case, no brackets, no trailing dot: how hosts and entries are compared."""
    return host.strip().strip("[]").rstrip(".").lower()


def credential_allows(credential: Mapping[str, Any] | None, host: str) -> bool:
    """Whether `credential` (decrypted fields) may be used to connect to `host`."""
    entries = (credential or {}).get(ALLOWED_HOSTS_FIELD) or []
    if not entries:
        return True
    name = normalise(host)
    for entry in entries:
        wanted = normalise(str(entry))
        if wanted.startswith("*."):
            if name.endswith(wanted[1:]) and len(name) > len(wanted) - 1:
                return True
        elif name == wanted:
            return True
    return False


def require_allowed_host(credential: Mapping[str, Any] | None, host: str) -> None:
    """Raise a non-retryable NodeError when `credential` may not be used with `host`."""
    if not credential_allows(credential, host):
        entries = ", ".join(map(str, (credential or {}).get(ALLOWED_HOSTS_FIELD) or []))
        raise NodeError(
            f"host {normalise(host)!r} is not in the credential's allowed_hosts ({entries}); "
            "add it to the credential's allowed_hosts or use another credential",
            retryable=False,
        )


def require_allowed_url(credential: Mapping[str, Any] | None, url: str) -> None:
    """`require_allowed_host` for the host of `url`."""
    require_allowed_host(credential, urlsplit(url).hostname or "")
