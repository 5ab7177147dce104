"""`python -m bench.vs_n8n [--quick]`: Sluice and n8n side by side on this machine.

Both systems run at once on loopback (n8n 2.8 on SQLite; Sluice's dev server, API and
worker on PostgreSQL); one load generator measures them in turns, round by round (n8n,
Sluice respond-when-done, Sluice ack, then again), so noise from other work hits both.
After each Sluice phase it waits until no run is left running (a 202 answers before the run
is done): the next phase gets the machine to itself, the CPU figures include that work, and
"runs done/s" counts the waiting. Each round ends with Temporal alone (`floor.py`): a
hand-written echo workflow on the same dev server, the floor under any design where every
delivery is a Temporal run (`--no-floor` skips it).
"""

import argparse
import asyncio
import statistics
import time
from collections import defaultdict

from bench.harness import connect_when_healthy, http_peer, process_cpu

from . import _n8n, _sluice, floor
from .load import Figures, concurrent, load_average, remote_peers, rss_bytes, sequential
from .workflows import NAMES

SYSTEMS = ("n8n", "respond", "ack")
SLUICE_RUNS = "WorkflowType != 'BenchEcho'"
HEADINGS = {"n8n": f"n8n {_n8n.VERSION}", "respond": "Sluice respond-when-done",
            "ack": "Sluice ack (202)"}  # fmt: skip


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.vs_n8n", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="smoke mode: a few seconds a figure")
    parser.add_argument("--requests", type=int, help="1-client deliveries measured (default 200)")
    parser.add_argument("--warmup", type=int, help="1-client deliveries first (default 20)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--seconds", type=float, help="length of each 20-client phase (default 15)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default 2)")
    parser.add_argument("--workers", type=int, default=1, help="Sluice worker processes")
    parser.add_argument("--only", choices=NAMES, action="append", help="only these workflows")
    parser.add_argument(
        "--no-floor", action="store_true", help="skip Temporal alone (bench/vs_n8n/floor.py)"
    )
    parser.add_argument(
        "--sluice-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a setting for Sluice's API and worker, e.g. WEBHOOK_ANSWER_BY_UPDATE=false",
    )
    args = parser.parse_args()
    quick = {"requests": 30, "warmup": 5, "seconds": 3.0, "rounds": 1}
    full = {"requests": 200, "warmup": 20, "seconds": 15.0, "rounds": 2}
    for name, value in (quick if args.quick else full).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.only = args.only or list(NAMES)
    return args


def mib(value: int) -> str:
    return f"{value / 2**20:.0f} MiB"


class Results:
    """Figures per (workflow, system), one entry per round, with the load average."""

    def __init__(self) -> None:
        self.single: dict[tuple[str, str], list[Figures]] = defaultdict(list)
        self.many: dict[tuple[str, str], list[Figures]] = defaultdict(list)
        self.loads: dict[tuple[str, str], list[float]] = defaultdict(list)
        self.cpu: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.memory: dict[str, dict[str, int]] = defaultdict(dict)
        self.drain: dict[tuple[str, str], list[float]] = defaultdict(list)
        """Seconds after a Sluice 20-client phase until no run was left running."""
        self.accepted = 0  # Sluice deliveries answered 200/202, probes included
        self.durable = 0
        self.floor: dict[str, list[floor.Floor]] = defaultdict(list)
        """Temporal alone (bench/vs_n8n/floor.py), by way of answering, one per round."""

    def cell(self, key: tuple[str, str], figure: str) -> str:
        single, many = self.single[key], self.many[key]
        values = {
            "p50 1 client": [f"{f.p50:.0f}" for f in single],
            "p95 1 client": [f"{f.p95:.0f}" for f in single],
            "req/s 20 clients": [f"{f.rate:.0f}" for f in many],
            "runs done/s 20 clients": [
                f"{f.accepted / (f.seconds + d):.0f}"
                for f, d in zip(many, self.drain[key] or [0.0] * len(many), strict=True)
            ],
            "p95 20 clients": [f"{f.p95:.0f}" for f in many],
            "errors": [str(f.errors) for f in single + many],
            "load avg": [f"{v:.1f}" for v in self.loads[key]],
        }[figure]
        return " / ".join(values) if values else "—"

    def print(self, names: list[str]) -> None:
        header = ["figure", *(HEADINGS[s] for s in SYSTEMS)]
        rows = []
        for name in names:
            for figure in ("p50 1 client", "p95 1 client", "req/s 20 clients",
                           "runs done/s 20 clients", "p95 20 clients", "errors",
                           "load avg"):  # fmt: skip
                unit = " ms" if figure.startswith("p") else ""
                rows.append(
                    [f"{name}: {figure}{unit}", *(self.cell((name, s), figure) for s in SYSTEMS)]
                )
        for when in ("idle", "after load"):
            sluice = self.memory["sluice"].get(when, 0)
            n8n = self.memory["n8n"].get(when, 0)
            rows.append([f"RSS {when}", mib(n8n), mib(sluice), mib(sluice)])
        rows.append(["durable runs / accepted", "—", *[f"{self.durable} / {self.accepted}"] * 2])
        _table(header, rows)
        print("\nCPU seconds per 1,000 deliveries in the 20-client phases, by process:")
        cpu_rows = []
        for name in names:
            for system in SYSTEMS:
                spent = self.cpu[(name, system)]
                count = sum(f.accepted for f in self.many[(name, system)]) or 1
                per = ", ".join(f"{p} {s * 1000 / count:.1f}" for p, s in spent.items())
                cpu_rows.append([f"{name} / {HEADINGS[system]}", per])
        _table(["workflow / system", "CPU s per 1,000"], cpu_rows)
        if not self.floor:
            return
        print("\nTemporal alone: a hand-written echo workflow, no Sluice code, same dev server:")
        floor_rows = []
        for way, rounds in self.floor.items():
            count = sum(r.many.accepted for r in rounds) or 1
            cpu = ", ".join(
                f"{p} {sum(r.cpu[p] for r in rounds) * 1000 / count:.1f}" for p in rounds[0].cpu
            )
            floor_rows.append([
                way,
                " / ".join(f"{r.single.p50:.0f}" for r in rounds),
                " / ".join(f"{r.many.rate:.0f}" for r in rounds),
                str(sum(r.single.errors + r.many.errors for r in rounds)),
                cpu,
            ])  # fmt: skip
        _table(["way", "p50 1 client ms", "runs/s 20 clients", "errors", "CPU s per 1,000"],
               floor_rows)  # fmt: skip


def _table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))


def _process_groups(n8n: _n8n.N8n, sluice: _sluice.Sluice) -> dict[str, dict[str, int]]:
    return {
        "n8n": {"n8n": n8n.process.pid},
        "sluice": {name: p.pid for name, p in sluice.processes.items()},
    }


async def measure(args: argparse.Namespace, n8n: _n8n.N8n, sluice: _sluice.Sluice) -> Results:
    results = Results()
    groups = _process_groups(n8n, sluice)
    client = await connect_when_healthy(sluice.temporal_address)
    results.accepted = len(sluice.hooks)  # the set-up probes
    await asyncio.sleep(5)  # let start-up work settle before "idle"
    results.memory["n8n"]["idle"] = rss_bytes(n8n.pids())
    results.memory["sluice"]["idle"] = rss_bytes(sluice.pids())
    for round_number in range(1, args.rounds + 1):
        for name in args.only:
            for system in SYSTEMS:
                url = n8n.hook_url(name) if system == "n8n" else sluice.hooks[(name, system)]
                ack = system == "ack"
                key = (name, system)
                results.loads[key].append(load_average())
                single = await sequential(url, name, ack, args.requests, args.warmup)
                pids = groups["n8n" if system == "n8n" else "sluice"]
                before = {p: process_cpu(pid) for p, pid in pids.items()}
                many = await concurrent(url, name, ack, args.clients, args.seconds)
                if system != "n8n":
                    # Runs accepted with 202 may still be running: the next phase (n8n's
                    # above all) must not share the machine with them, and their CPU counts.
                    results.drain[key].append(await _sluice.drained(client))
                for p, pid in pids.items():
                    results.cpu[key][p] += process_cpu(pid) - before[p]
                results.single[key].append(single)
                results.many[key].append(many)
                if system != "n8n":
                    # warm-up deliveries were answered as well; count them as accepted
                    results.accepted += single.accepted + many.accepted + args.warmup
                print(
                    f"round {round_number} {name:7} {HEADINGS[system]:26} "
                    f"p50 {single.p50:6.1f} ms  p95 {single.p95:6.1f} ms  "
                    f"{many.rate:6.1f} req/s  p95@{args.clients} {many.p95:6.1f} ms  "
                    f"errors {single.errors + many.errors}  load {load_average():.1f}",
                    flush=True,
                )
        if not args.no_floor:
            for way in floor.WAYS:
                figures = await floor.measure(
                    sluice.temporal_address,
                    sluice.processes["temporal"].pid,
                    way,
                    requests=args.requests,
                    warmup=args.warmup,
                    clients=args.clients,
                    seconds=args.seconds,
                )
                results.floor[way].append(figures)
                print(
                    f"round {round_number} Temporal alone, {way:17} "
                    f"p50 {figures.single.p50:6.1f} ms  {figures.many.rate:6.1f} runs/s  "
                    f"errors {figures.single.errors + figures.many.errors}",
                    flush=True,
                )
    results.memory["n8n"]["after load"] = rss_bytes(n8n.pids())
    results.memory["sluice"]["after load"] = rss_bytes(sluice.pids())
    results.durable = await _count_runs(client, results.accepted)
    each = ", ".join(f"{n} {mib(rss_bytes([p.pid]))}" for n, p in sluice.processes.items())
    print(f"Sluice RSS after load by process: {each}")
    for system, pids in (("n8n", n8n.pids()), ("sluice", sluice.pids())):
        outside = remote_peers(pids)
        print(f"{system}: TCP connections to non-loopback addresses: {len(outside)} {outside}")
    return results


async def _count_runs(client, expected: int, timeout: float = 30) -> int:  # type: ignore[no-untyped-def]
    """Runs in Temporal (the bench's private dev server), once visibility caught up."""
    deadline = time.monotonic() + timeout
    count = 0
    while time.monotonic() < deadline:
        # Sluice's runs only: the floor's echo runs share the server
        count = (await client.count_workflows(SLUICE_RUNS)).count
        if count >= expected:
            break
        await asyncio.sleep(0.5)
    return count


def main() -> None:
    args = parse_args()
    print(f"load average at start: {load_average():.1f} (2 cores; others may share them)")
    extra = dict(item.split("=", 1) for item in args.sluice_env)
    with http_peer() as peer:
        print("starting n8n and Sluice ...", flush=True)
        with _n8n.running(peer) as n8n, _sluice.running(peer, args.workers, extra) as sluice:
            results = asyncio.run(measure(args, n8n, sluice))
    print()
    results.print(args.only)
    lost = results.accepted - results.durable
    print(f"\nSluice deliveries accepted {results.accepted}, runs in Temporal {results.durable}"
          f" ({'none lost' if lost <= 0 else f'{lost} MISSING'})")  # fmt: skip
    print(f"median load average during the figures: "
          f"{statistics.median(v for vs in results.loads.values() for v in vs):.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
