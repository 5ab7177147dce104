"""Sluice's own services (app DB, Temporal, Redis, the API, metrics), read from Settings."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from core.config import Settings
from core.egress_entries import IPAddress, normalise_host

from ._addresses import builtin_reason, parse_ip

_WILDCARDS = ("0.0.0.0", "::", "")


@dataclass(frozen=True)
class OwnEndpoint:
    """One of Sluice's own listeners; `host` None means every internal address of this host."""

    label: str
    host: str | None
    port: int

    def matches(
        self, address: IPAddress, port: int | None, name: str | None, resolved: frozenset[str]
    ) -> bool:
        """Whether `address`:`port` (reached as `name`) is this listener; `resolved` holds the
        addresses this endpoint's host name resolved to."""
        if port != self.port:
            return False
        if self.host is None:
            return builtin_reason(address) is not None
        own_ip = parse_ip(self.host)
        if own_ip is not None:
            return own_ip == address
        return name == self.host or str(address) in resolved


def own_endpoints(settings: Settings) -> tuple[OwnEndpoint, ...]:
    """Every endpoint of Sluice itself that `settings` names."""
    found: list[OwnEndpoint | None] = [
        _from_url("Sluice's own app database (DATABASE_URL)", settings.database_url, _db_port),
        _from_address(
            "Sluice's own Temporal frontend (TEMPORAL_ADDRESS)", settings.temporal_address
        ),
        _from_url(
            "Sluice's own Temporal Web UI (TEMPORAL_UI_URL)", settings.temporal_ui_url, _web_port
        ),
        _from_url("Sluice's own Redis (REDIS_URL)", settings.redis_url or "", lambda _: 6379),
        _from_url("Sluice's own API (PUBLIC_URL)", settings.public_url, _web_port),
        _endpoint("Sluice's own API (API_HOST/API_PORT)", settings.api_host, settings.api_port),
    ]
    for name in type(settings).model_fields:
        port = getattr(settings, name)
        if name.endswith("metrics_port") and isinstance(port, int) and port > 0:
            found.append(OwnEndpoint(f"Sluice's own metrics port ({name.upper()})", None, port))
    return tuple(dict.fromkeys(e for e in found if e is not None))


def _endpoint(label: str, host: str | None, port: int | None) -> OwnEndpoint | None:
    if host is None or port is None:
        return None
    name = normalise_host(host.strip("[]"))
    return OwnEndpoint(label, None if name in _WILDCARDS else name, port)


def _from_address(label: str, address: str) -> OwnEndpoint | None:
    host, _, port = address.rpartition(":")
    return _endpoint(label, host, int(port)) if port.isdigit() else None


def _from_url(label: str, url: str, default_port: object) -> OwnEndpoint | None:
    if "://" not in url or url.startswith("sqlite"):
        return None
    try:
        scheme, rest = url.split("://", 1)
        parts = urlsplit(f"{scheme.split('+', 1)[0]}://{rest}")
        port = parts.port or default_port(parts.scheme)  # type: ignore[operator]
    except ValueError:
        return None
    return _endpoint(label, parts.hostname, port)


def _db_port(scheme: str) -> int | None:
    return {"postgresql": 5432, "postgres": 5432, "mysql": 3306, "mariadb": 3306}.get(scheme)


def _web_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80
