"""The guarded network backend, for httpcore and for httpcore2 (the Anthropic SDK's fork)."""

import asyncio
import typing
from types import ModuleType
from typing import Any

from ._policy import EgressDenied, EgressPolicy, EgressUnresolved


def guarded_backend_class(core: ModuleType) -> type:
    """A network backend class of the httpcore-like module `core` that opens TCP connections
    only to checked addresses: the name is resolved once per connection, every address is
    checked, and one of them is dialled; Unix sockets are refused."""

    class GuardedNetworkBackend(core.AsyncNetworkBackend):  # type: ignore[name-defined,misc]
        def __init__(self, policy: EgressPolicy) -> None:
            self.policy = policy
            self.inner = core.AnyIOBackend()

        async def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: typing.Iterable[Any] | None = None,
        ) -> Any:
            try:
                addresses = await asyncio.wait_for(self.policy.resolve(host, port), timeout)
            except EgressUnresolved as exc:
                raise core.ConnectError(str(exc)) from exc
            except TimeoutError as exc:
                raise core.ConnectTimeout(f"resolving {host!r} timed out") from exc
            failure: Exception = core.ConnectError(f"no address to connect to for {host!r}")
            for address in addresses:
                try:
                    return await self.inner.connect_tcp(
                        address,
                        port,
                        timeout=timeout,
                        local_address=local_address,
                        socket_options=socket_options,
                    )
                except (core.ConnectError, core.ConnectTimeout) as exc:
                    failure = exc
            raise failure

        async def connect_unix_socket(
            self,
            path: str,
            timeout: float | None = None,
            socket_options: typing.Iterable[Any] | None = None,
        ) -> Any:
            raise EgressDenied(path, None, "a unix socket (only TCP destinations are allowed)")

        async def sleep(self, seconds: float) -> None:
            await self.inner.sleep(seconds)

    GuardedNetworkBackend.__qualname__ = f"GuardedNetworkBackend[{core.__name__}]"
    return GuardedNetworkBackend
