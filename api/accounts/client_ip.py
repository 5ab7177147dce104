"""The client's address behind a known number of reverse proxies (X-Forwarded-For)."""

import ipaddress

from starlette.requests import HTTPConnection


def forwarded_chain(values: list[str], peer: str | None) -> list[str]:
    """Every X-Forwarded-For entry in order, then the peer: the hops, client side first."""
    chain = [entry.strip() for value in values for entry in value.split(",") if entry.strip()]
    return chain + ([peer] if peer else [])


def client_address(values: list[str], peer: str | None, *, hops: int) -> str | None:
    """The address `hops` places left of the peer in the chain.

    Each trusted proxy appends the address it received the request from, so with `hops`
    proxies the entry written by the outermost one is the client; anything further left was
    sent by the client itself and is never used. A shorter chain (a proxy skipped) falls back
    to its leftmost entry, which a trusted hop wrote."""
    if hops <= 0 or peer is None:
        return peer
    chain = forwarded_chain(values, peer)
    candidate = chain[max(0, len(chain) - 1 - hops)]
    return _address(candidate) or peer


def _address(entry: str) -> str | None:
    """`entry` as a plain IP address (ports and IPv6 brackets removed); None if it is none."""
    text = entry.strip()
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_ip(connection: HTTPConnection) -> str | None:
    """The client of a request, with the app's TRUSTED_PROXY_HOPS."""
    peer = connection.client.host if connection.client else None
    hops = connection.app.state.settings.proxy_hops
    return client_address(connection.headers.getlist("x-forwarded-for"), peer, hops=hops)
