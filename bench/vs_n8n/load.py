"""The one load generator both systems get (asyncio + httpx), and resident memory."""

import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from .workflows import expected_value


@dataclass
class Figures:
    """What one load phase measured: latencies (ms), answers, errors, wall time."""

    latencies: list[float]
    accepted: int
    errors: int
    seconds: float

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")

    @property
    def p95(self) -> float:
        if len(self.latencies) < 2:
            return self.p50
        return statistics.quantiles(self.latencies, n=20, method="inclusive")[18]

    @property
    def rate(self) -> float:
        return self.accepted / self.seconds if self.seconds else 0.0


async def _one(http: httpx.AsyncClient, url: str, name: str, ack: bool, n: int) -> float | None:
    """One delivery; its latency in ms, or None when the answer was not the expected one."""
    sent = f"c{n}"
    started = time.perf_counter()
    try:
        answer = await http.post(url, json={"name": sent})
    except httpx.HTTPError:
        return None
    elapsed = (time.perf_counter() - started) * 1000
    if ack:
        return elapsed if answer.status_code == 202 else None
    if answer.status_code != 200:
        return None
    return elapsed if answer.json().get("value") == expected_value(name, sent) else None


Attempt = Callable[[int], Awaitable[float | None]]
"""One request, numbered (distinct per phase): its latency in ms, or None when it failed."""


async def one_by_one(attempt: Attempt, requests: int, warmup: int) -> Figures:
    """One client, one request after the other, after `warmup` unmeasured ones."""
    for n in range(warmup):
        await attempt(n)
    latencies, errors = [], 0
    started = time.perf_counter()
    for n in range(warmup, warmup + requests):
        result = await attempt(n)
        if result is None:
            errors += 1
        else:
            latencies.append(result)
    return Figures(latencies, len(latencies), errors, time.perf_counter() - started)


async def side_by_side(attempt: Attempt, clients: int, seconds: float) -> Figures:
    """`clients` clients, each sending its next request when the last was answered, for
    `seconds`; requests still in flight then are awaited and counted."""
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    deadline = started + seconds

    async def client(index: int) -> None:
        nonlocal errors
        n = index * 1_000_000
        while time.perf_counter() < deadline:
            result = await attempt(n)
            n += 1
            if result is None:
                errors += 1
            else:
                latencies.append(result)

    await asyncio.gather(*(client(i) for i in range(clients)))
    return Figures(latencies, len(latencies), errors, time.perf_counter() - started)


async def sequential(url: str, name: str, ack: bool, requests: int, warmup: int) -> Figures:
    """One client, one delivery after the other."""
    async with httpx.AsyncClient(timeout=60) as http:
        return await one_by_one(lambda n: _one(http, url, name, ack, n), requests, warmup)


async def concurrent(url: str, name: str, ack: bool, clients: int, seconds: float) -> Figures:
    """`clients` connections sending deliveries side by side for `seconds`."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        return await side_by_side(lambda n: _one(http, url, name, ack, n), clients, seconds)


def rss_bytes(pids: list[int]) -> int:
    """Sum of VmRSS of `pids` and all their descendants."""
    total, seen = 0, set()
    todo = list(pids)
    children = _children_map()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        todo.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    return children


def load_average() -> float:
    return os.getloadavg()[0]


def remote_peers(pids: list[int]) -> list[str]:
    """TCP peers of `pids` (and descendants) that are not on loopback (from /proc/net)."""
    inodes: set[str] = set()
    todo, children, seen = list(pids), _children_map(), set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        todo.extend(children.get(pid, []))
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            pass
    peers = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[9] in inodes and fields[3] == "01":  # ESTABLISHED
                remote = fields[2].split(":")[0]
                if not _loopback(remote):
                    peers.append(remote)
    return peers


def _loopback(hex_address: str) -> bool:
    if len(hex_address) == 8:  # IPv4, little-endian: 127.x.x.x ends in 7F
        return hex_address.endswith("7F")
    # IPv6 ::1, or ::ffff:127.x.x.x
    return hex_address == "00000000000000000000000001000000" or (
        hex_address.startswith("0000000000000000FFFF0000") and hex_address.endswith("7F")
    )
