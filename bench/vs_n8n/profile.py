"""`python -m bench.vs_n8n.profile [--py-spy PATH]`: where Sluice's time goes under load.

Starts Sluice alone (as the comparison does), drives 20 clients at webhook → set (ack and
respond-when-done) and records the API and the worker with py-spy (not a dependency: pass
its path), printing each process's CPU share and the top functions of each profile.
"""

import argparse
import asyncio
import collections
import subprocess
from pathlib import Path

from bench.harness import connect_when_healthy, http_peer, process_cpu

from . import _sluice
from .load import concurrent

OUT = Path(__file__).resolve().parents[2] / ".data" / "bench-profiles"


OURS = ("(api/", "(core/", "(worker/", "(interpreter/", "(activities/")


def _top(path: Path, count: int = 10) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """From py-spy's collapsed stacks: (our functions by inclusive share, leaf functions by
    self share); the entry points of the process are left out."""
    ours: collections.Counter[str] = collections.Counter()
    leaves: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in path.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        frames = stack.split(";")
        samples += int(n)
        leaves[frames[-1]] += int(n)
        for frame in set(frames):
            if any(o in frame for o in OURS) and "__main__" not in frame:
                ours[frame] += int(n)
    share = lambda c: [(f, h / samples) for f, h in c.most_common(count)]  # noqa: E731
    return share(ours), share(leaves)


async def _drive(url: str, ack: bool, seconds: float, sluice: _sluice.Sluice) -> float:
    """Deliveries answered per second; returns once the runs they started are done."""
    figures = await concurrent(url, "set", ack, 20, seconds)
    client = await connect_when_healthy(sluice.temporal_address)
    await _sluice.drained(client)
    return figures.rate


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.vs_n8n.profile")
    parser.add_argument("--py-spy", default="py-spy", help="the py-spy binary")
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with http_peer() as peer, _sluice.running(peer) as sluice:
        for variant in ("ack", "respond"):
            url = sluice.hooks[("set", variant)]
            recorders = {}
            for name in ("api", "worker0"):
                out = OUT / f"{variant}-{name}.txt"
                recorders[name] = (out, subprocess.Popen(
                    [args.py_spy, "record", "--format", "raw", "--rate", "50", "--nonblocking",
                     "--duration", str(int(args.seconds)), "--pid",
                     str(sluice.processes[name].pid), "--output", str(out)],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                ))  # fmt: skip
            before = {n: process_cpu(p.pid) for n, p in sluice.processes.items()}
            rate = asyncio.run(_drive(url, variant == "ack", args.seconds, sluice))
            spent = {n: process_cpu(p.pid) - before[n] for n, p in sluice.processes.items()}
            total = sum(spent.values()) or 1.0
            shares = ", ".join(f"{n} {s / total:.0%}" for n, s in spent.items())
            print(f"\n== set / {variant}: {rate:.1f} req/s; CPU {total:.1f} s: {shares}")
            for name, (out, recorder) in recorders.items():
                recorder.wait(timeout=60)
                if out.exists():
                    ours, leaves = _top(out)
                    print(f"-- {name}: Sluice functions, inclusive share of samples:")
                    for frame, share in ours:
                        print(f"   {share:5.0%}  {frame[:140]}")
                    print(f"-- {name}: leaf functions, self share:")
                    for frame, share in leaves:
                        print(f"   {share:5.0%}  {frame[:140]}")


if __name__ == "__main__":
    main()
