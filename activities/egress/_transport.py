"""An httpx client that only ever connects to addresses the egress policy checked."""

import ssl
from typing import Any

import httpcore
import httpx

from ._backend import guarded_backend_class
from ._policy import EgressPolicy

_TRANSPORT_OPTIONS = ("verify", "cert", "http1", "http2", "limits", "retries")
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)
_REFUSED_OPTIONS = ("transport", "mounts", "proxy", "trust_env", "follow_redirects")


GuardedNetworkBackend = guarded_backend_class(httpcore)
"""httpx's backend: dials only addresses the policy checked."""


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport over a pool whose connections go through the guarded backend.

    Connections stay pooled per host name (not per IP), so TLS SNI and certificate checks are
    for the name and a connection made for one name is never reused for another.
    """

    def __init__(
        self,
        policy: EgressPolicy,
        *,
        verify: ssl.SSLContext | str | bool = True,
        cert: Any = None,
        http1: bool = True,
        http2: bool = False,
        limits: httpx.Limits = DEFAULT_LIMITS,
        retries: int = 0,
    ) -> None:
        super().__init__(verify=verify, cert=cert, trust_env=False, http1=http1, http2=http2)
        # httpx builds its pool without a network backend option: replace it with ours.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, cert=cert, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=http1,
            http2=http2,
            retries=retries,
            network_backend=GuardedNetworkBackend(policy),
        )


def guarded_client(policy: EgressPolicy, **httpx_options: Any) -> httpx.AsyncClient:
    """An AsyncClient whose every connection is checked by `policy`; it never follows
    redirects itself (callers check each hop) and ignores proxy environment variables."""
    refused = [name for name in _REFUSED_OPTIONS if name in httpx_options]
    if refused:
        raise ValueError(f"guarded_client sets {', '.join(refused)} itself")
    transport_options = {k: httpx_options.pop(k) for k in _TRANSPORT_OPTIONS if k in httpx_options}
    return httpx.AsyncClient(
        transport=GuardedTransport(policy, **transport_options),
        follow_redirects=False,
        trust_env=False,
        **httpx_options,
    )
