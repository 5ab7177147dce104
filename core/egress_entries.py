"""Entries of OUTBOUND_ALLOWED_NETWORKS / OUTBOUND_DENIED_NETWORKS: CIDRs, IPs, host[:port]."""

import ipaddress
import re
from dataclasses import dataclass

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_-]+$")
_NUMERIC = re.compile(r"^[0-9a-fx.]+$")
"""Names that look like odd IP spellings (0177.0.0.1, 0x7f.1, 2130706433) are refused."""


@dataclass(frozen=True)
class NetworkEntry:
    """One entry: a network (an IP is a /32 or /128) or a host name, optionally one port."""

    text: str
    network: IPNetwork | None = None
    host: str | None = None
    """Lower-case host name without a trailing dot."""
    port: int | None = None

    def matches(self, address: IPAddress | None, port: int | None, host: str | None) -> bool:
        """Whether a connection to `address`:`port` (reached by the name `host`) is this one."""
        if self.port is not None and self.port != port:
            return False
        if self.network is not None:
            return address is not None and address in self.network
        return host is not None and host == self.host

    @property
    def exact(self) -> bool:
        """An exact `host:port` (a single address or a name, and a port)."""
        if self.port is None:
            return False
        return self.network is None or self.network.num_addresses == 1


def parse_entries(value: str, setting: str) -> tuple[NetworkEntry, ...]:
    """The comma-separated entries of `value`; ValueError naming `setting` and the bad entry."""
    entries = []
    for raw in value.split(","):
        text = raw.strip()
        if not text:
            continue
        try:
            entries.append(_parse_entry(text))
        except ValueError as exc:
            raise ValueError(
                f"{setting}: {text!r} is not a CIDR (10.0.0.0/8), an IP, or host[:port] "
                f"(db.internal:5432, [::1]:8080): {exc}"
            ) from None
    return tuple(entries)


def normalise_host(host: str) -> str:
    return host.strip().rstrip(".").lower()


def _parse_entry(text: str) -> NetworkEntry:
    if "/" in text:
        return NetworkEntry(text, network=ipaddress.ip_network(text, strict=False))
    host, port = _split_port(text)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        name = normalise_host(host)
        if not _HOST_NAME.match(name) or _NUMERIC.match(name):
            raise ValueError("not a host name or a dotted-decimal / IPv6 address") from None
        return NetworkEntry(text, host=name, port=port)
    return NetworkEntry(text, network=ipaddress.ip_network(address), port=port)


def _split_port(text: str) -> tuple[str, int | None]:
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest and not rest.startswith(":"):
            raise ValueError("expected [ipv6]:port")
        return host, _port(rest[1:]) if rest else None
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, _port(port)
    return text, None  # a bare IPv6 address, or a host without a port


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise ValueError(f"port {text!r} is not in 1-65535")
    return int(text)
