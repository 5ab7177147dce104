"""The egress-guarded HTTP client for SDKs built on `httpx2` (the Anthropic SDK refuses
`httpx` clients): every connection resolves the name once, checks every address with the
egress policy, and dials a checked one, as `egress.guarded_client` does for httpx."""

import httpcore2
import httpx2

from .egress import EgressPolicy, guarded_backend_class

GuardedNetworkBackend2 = guarded_backend_class(httpcore2)


class GuardedTransport2(httpx2.AsyncHTTPTransport):
    """httpx2's transport over a pool that dials through `GuardedNetworkBackend2`; pooled
    per host name, so TLS checks the name and no connection serves another name."""

    def __init__(self, policy: EgressPolicy, *, limits: httpx2.Limits | None = None) -> None:
        limits = limits or httpx2.Limits(max_connections=100, max_keepalive_connections=20)
        super().__init__(trust_env=False)
        self._pool = httpcore2.AsyncConnectionPool(
            ssl_context=httpx2.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedNetworkBackend2(policy),
        )


def guarded_httpx2_client(policy: EgressPolicy) -> httpx2.AsyncClient:
    """An httpx2 AsyncClient that obeys `policy`, follows no redirects and ignores proxy
    environment variables."""
    return httpx2.AsyncClient(
        transport=GuardedTransport2(policy), follow_redirects=False, trust_env=False
    )
