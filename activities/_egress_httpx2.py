"""The egress-guarded HTTP client for SDKs built on `httpx2` (the Anthropic SDK refuses
`httpx` clients): every connection resolves the name once, checks every address with the
egress policy, and dials a checked one, as `egress.guarded_client` does for httpx."""

import asyncio
import typing
from typing import Any

import httpcore2
import httpx2

from .egress import EgressDenied, EgressPolicy, EgressUnresolved


class GuardedNetworkBackend2(httpcore2.AsyncNetworkBackend):
    """Opens TCP connections only to addresses `policy` checked; never Unix sockets."""

    def __init__(self, policy: EgressPolicy) -> None:
        self.policy = policy
        self.inner = httpcore2.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[Any] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        try:
            addresses = await asyncio.wait_for(self.policy.resolve(host, port), timeout)
        except EgressUnresolved as exc:
            raise httpcore2.ConnectError(str(exc)) from exc
        except TimeoutError as exc:
            raise httpcore2.ConnectTimeout(f"resolving {host!r} timed out") from exc
        failure: Exception = httpcore2.ConnectError(f"no address to connect to for {host!r}")
        for address in addresses:
            try:
                return await self.inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore2.ConnectError, httpcore2.ConnectTimeout) as exc:
                failure = exc
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[Any] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        raise EgressDenied(path, None, "a unix socket (only TCP destinations are allowed)")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


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
