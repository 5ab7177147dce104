"""The egress policy: where workflow nodes may connect, and an HTTP client that obeys it.

Internal networks (loopback, RFC 1918, link-local and cloud metadata, CGNAT, unique-local,
multicast, reserved) are denied unless OUTBOUND_ALLOWED_NETWORKS allows them; Sluice's own
endpoints only by exact host:port; OUTBOUND_DENIED_NETWORKS always.
"""

from ._addresses import builtin_reason, embedded_ipv4, parse_ip
from ._backend import guarded_backend_class
from ._policy import EgressDenied, EgressPolicy, EgressUnresolved
from ._transport import GuardedNetworkBackend, GuardedTransport, guarded_client

__all__ = [
    "EgressDenied",
    "EgressPolicy",
    "EgressUnresolved",
    "GuardedNetworkBackend",
    "GuardedTransport",
    "builtin_reason",
    "embedded_ipv4",
    "guarded_backend_class",
    "guarded_client",
    "parse_ip",
]
