"""A `requests` session (for the Twilio SDK) whose connections go only to addresses the
egress policy checked: each new connection resolves the name once, checks every address
and dials a checked one; TLS still verifies the host name. No proxies from the environment."""

from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from .egress import EgressPolicy


def _checked_connection(base: type[HTTPConnection], policy: EgressPolicy) -> type[HTTPConnection]:
    class CheckedConnection(base):  # type: ignore[valid-type, misc]
        def _new_conn(self) -> Any:
            failure: Exception = NewConnectionError(self, f"no address for {self.host!r}")
            for address in policy.resolve_sync(self.host, self.port):
                self._dns_host = address  # dialled; `host` stays for SNI and the certificate
                try:
                    return super()._new_conn()
                except (NewConnectionError, ConnectTimeoutError) as exc:
                    failure = exc
            raise failure

    return CheckedConnection


class CheckedAdapter(HTTPAdapter):
    """An adapter whose pools build `CheckedConnection`s."""

    def __init__(self, policy: EgressPolicy, **options: Any) -> None:
        self.policy = policy
        super().__init__(**options)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        http = _checked_connection(HTTPConnection, self.policy)
        https = _checked_connection(HTTPSConnection, self.policy)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("CheckedPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
            "https": type("CheckedTLSPool", (HTTPSConnectionPool,), {"ConnectionCls": https}),
        }


def checked_session(policy: EgressPolicy) -> requests.Session:
    """A Session that connects only where `policy` allows and ignores proxy variables."""
    session = requests.Session()
    session.trust_env = False
    adapter = CheckedAdapter(policy)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
