"""Which addresses workflows may connect to: one decision for every node that opens sockets."""

import asyncio
import ipaddress
import socket
from dataclasses import dataclass, field
from typing import Any

from core.config import Settings
from core.egress_entries import IPAddress, NetworkEntry, normalise_host, parse_entries

from .._runtime import NodeError
from ._addresses import builtin_reason, embedded_ipv4, parse_ip
from ._endpoints import OwnEndpoint, own_endpoints

DENIED_LISTED = "listed in OUTBOUND_DENIED_NETWORKS"


class EgressDenied(NodeError):
    """A workflow tried to reach an address the egress policy refuses; retrying cannot help."""

    def __init__(
        self, address: str, port: int | None, reason: str, *, host: str | None = None
    ) -> None:
        self.address, self.port, self.reason, self.host = address, port, reason, host
        if port is None and host is None:  # not an address at all (a path, a unix socket)
            super().__init__(f"egress denied: {address!r:.200} is {reason}", retryable=False)
            return
        shown = f"[{address}]" if ":" in address else address
        where = f"{shown}:{port}" if port else shown
        target = (
            f"{host!r} ({where})" if host and normalise_host(host.strip("[]")) != address else where
        )
        if reason == DENIED_LISTED:
            fix = "remove it from OUTBOUND_DENIED_NETWORKS to allow it"
        elif reason.startswith("Sluice's own"):
            fix = f"only an exact entry allows it: OUTBOUND_ALLOWED_NETWORKS={where}"
        else:
            fix = f"to allow it, set OUTBOUND_ALLOWED_NETWORKS=<cidr or host:port>, e.g. {where}"
        super().__init__(
            f"egress denied: {target} is not reachable from workflows: {reason}; {fix}",
            retryable=False,
        )


class EgressUnresolved(NodeError):
    """The host name did not resolve (yet); a retry may succeed."""

    def __init__(self, host: str, error: object) -> None:
        super().__init__(f"could not resolve host {host!r}: {error}", retryable=True)


@dataclass(frozen=True)
class EgressPolicy:
    """Internal ranges are denied unless allowed; Sluice's own endpoints unless allowed by
    exact host:port; OUTBOUND_DENIED_NETWORKS always."""

    allowed: tuple[NetworkEntry, ...] = ()
    denied: tuple[NetworkEntry, ...] = ()
    own: tuple[OwnEndpoint, ...] = ()
    _own_addresses: dict[str, frozenset[str]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Addresses of own endpoints given by name, resolved on first use."""

    @classmethod
    def from_settings(cls, settings: Settings) -> "EgressPolicy":
        return cls(
            allowed=parse_entries(settings.outbound_allowed_networks, "OUTBOUND_ALLOWED_NETWORKS"),
            denied=parse_entries(settings.outbound_denied_networks, "OUTBOUND_DENIED_NETWORKS"),
            own=own_endpoints(settings),
        )

    def decide(self, address: str, port: int | None, *, host: str | None = None) -> str | None:
        """Why a connection to the IP `address`:`port` (reached as `host`) is denied, or None."""
        try:
            ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
        except ValueError:
            return "not an IP address"
        name = normalise_host(host) if host else None
        inner = embedded_ipv4(ip)
        forms = (ip, inner) if inner is not None else (ip,)
        if any(e.matches(a, port, name) for e in self.denied for a in forms):
            return DENIED_LISTED
        exact = any(e.exact and e.matches(a, port, name) for e in self.allowed for a in forms)
        for endpoint in self.own:
            resolved = self._own_addresses.get(endpoint.host or "", frozenset())
            if not exact and any(endpoint.matches(a, port, name, resolved) for a in forms):
                return endpoint.label
        checked = inner if inner is not None else ip
        reason = builtin_reason(checked)
        if reason is None or any(e.matches(checked, port, name) for e in self.allowed):
            return None
        return reason if inner is None else f"{reason} ({ip} carries {inner})"

    def check(self, address: str, port: int | None, *, host: str | None = None) -> None:
        """Raise EgressDenied when `address`:`port` is denied."""
        reason = self.decide(address, port, host=host)
        if reason is not None:
            raise EgressDenied(address, port, reason, host=host)

    async def resolve(self, host: str, port: int) -> list[str]:
        """The checked addresses to connect to for `host`:`port` (any IP spelling, or a name
        resolved once); EgressDenied if any of them is denied."""
        ip = _literal(host)
        if self._unresolved_own_names():
            await asyncio.to_thread(self._resolve_own_names)
        if ip is None:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(
                    normalise_host(host), port, type=socket.SOCK_STREAM
                )
            except (OSError, UnicodeError) as exc:
                raise EgressUnresolved(host, exc) from exc
            return self._check_all(host, port, infos)
        self.check(str(ip), port, host=host)
        return [str(ip)]

    def resolve_sync(self, host: str, port: int) -> list[str]:
        """`resolve` for synchronous libraries (paramiko, smtplib, requests)."""
        ip = _literal(host)
        self._resolve_own_names()
        if ip is not None:
            self.check(str(ip), port, host=host)
            return [str(ip)]
        try:
            infos = socket.getaddrinfo(normalise_host(host), port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise EgressUnresolved(host, exc) from exc
        return self._check_all(host, port, infos)

    def _check_all(self, host: str, port: int, infos: list[Any]) -> list[str]:
        addresses = list(dict.fromkeys(str(info[4][0]).split("%", 1)[0] for info in infos))
        if not addresses:
            raise EgressUnresolved(host, "no addresses")
        for address in addresses:  # one denied address denies the name: DNS picks, not us
            self.check(address, port, host=host)
        return addresses

    def _unresolved_own_names(self) -> set[str]:
        names = {e.host for e in self.own if e.host and parse_ip(e.host) is None}
        return names - self._own_addresses.keys()

    def _resolve_own_names(self) -> None:
        for name in self._unresolved_own_names():
            try:
                infos = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError):
                infos = []  # unresolvable here: matched by name only
            self._own_addresses[name] = frozenset(str(i[4][0]).split("%", 1)[0] for i in infos)


def _literal(host: str) -> IPAddress | None:
    """`host` as an IP, None for a name; EgressDenied for what is no network host at all."""
    text = host.strip()
    if not text or text.startswith("unix:") or any(c in text for c in "/\\\x00 \t\r\n@"):
        raise EgressDenied(host, None, "not a network host (paths and unix sockets are refused)")
    return parse_ip(text)
