"""IP spellings and the address ranges no workflow may reach unless allowed."""

import ipaddress
import re

from core.egress_entries import IPAddress

_V4_PART = re.compile(r"^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)$")

_RANGES: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "'this network' / unspecified (0.0.0.0/8)"),
    ("127.0.0.0/8", "loopback"),
    ("10.0.0.0/8", "private network (RFC 1918)"),
    ("172.16.0.0/12", "private network (RFC 1918)"),
    ("192.168.0.0/16", "private network (RFC 1918)"),
    ("100.64.0.0/10", "carrier-grade NAT (RFC 6598)"),
    ("169.254.0.0/16", "cloud metadata / link-local"),
    ("192.0.0.0/24", "IETF protocol assignments (192.0.0.0/24)"),
    ("198.18.0.0/15", "benchmarking network (RFC 2544)"),
    ("224.0.0.0/4", "multicast"),
    ("255.255.255.255/32", "broadcast"),
    ("240.0.0.0/4", "reserved (240.0.0.0/4)"),
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("fe80::/10", "cloud metadata / link-local"),
    ("fc00::/7", "unique-local network (fc00::/7)"),
    ("fec0::/10", "site-local network (fec0::/10)"),
    ("ff00::/8", "multicast"),
)
RANGES = tuple((ipaddress.ip_network(cidr), reason) for cidr, reason in _RANGES)
"""Denied by default, with the reason an error shows; anything else not globally routable is
denied as reserved."""

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def parse_ip(host: str) -> IPAddress | None:
    """`host` as an IP in any spelling a resolver accepts (`[::1]`, `127.1`, `0x7f.1`,
    `0177.0.0.1`, `2130706433`, a trailing dot, an IPv6 zone), or None for a name."""
    text = host.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    text = text.rstrip(".").split("%", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return _inet_aton(text)


def _inet_aton(text: str) -> ipaddress.IPv4Address | None:
    """The classic BSD parse: 1-4 parts in decimal, octal (0...) or hex (0x...), the last
    filling the remaining bytes."""
    parts = text.split(".")
    if not 1 <= len(parts) <= 4 or not all(_V4_PART.match(p) for p in parts):
        return None
    *head, last = [_part_value(p) for p in parts]
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        return None
    number = 0
    for value in head:
        number = number << 8 | value
    return ipaddress.IPv4Address(number << 8 * (4 - len(head)) | last)


def _part_value(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    return int(part, 8) if part.startswith("0") else int(part)


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries: mapped (::ffff:a.b.c.d), compatible
    (::a.b.c.d), 6to4 (2002::/16) or NAT64 (64:ff9b::/96); they all reach it."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64 or (int(address) >> 32 == 0 and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def builtin_reason(address: IPAddress) -> str | None:
    """Why `address` is internal (denied unless allowed), or None for a public address."""
    for network, reason in RANGES:
        if address.version == network.version and address in network:
            return reason
    if not address.is_global:
        return "reserved / not globally routable"
    return None
