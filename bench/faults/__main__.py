"""`python -m bench.faults [--small] [--only NAME ...]`: the chaos runs, one stack each,
their figures and a summary table; exits 1 if any failed."""

import argparse
import importlib
import sys
import time
import traceback

from ._table import figures_table, table

SCENARIOS = ("worker_kill", "server_kill", "db_outage", "webhook_burst", "approval_restart")


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__)
    parser.add_argument("--small", action="store_true", help="the small versions (make test's)")
    parser.add_argument("--only", nargs="+", choices=SCENARIOS, metavar="NAME", help="these only")
    return parser.parse_args()


def _one(name: str, full: bool) -> dict:
    try:
        module = importlib.import_module(f"bench.faults.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"bench.faults.{name}":
            raise
        print(f"{name}: no module bench/faults/{name}.py yet; counted as failed", flush=True)
        return {"scenario": name, "target": "-", "result": "missing", "passed": False}
    print(f"\n== {name} ({'full' if full else 'small'})", flush=True)
    began = time.monotonic()
    try:
        outcome = module.run(full=full)
    except Exception as exc:  # a scenario that breaks is a failed scenario, the rest still run
        traceback.print_exc()
        return {"scenario": name, "target": "-", "result": f"error: {exc}", "passed": False}
    print(figures_table(f"{name}: {time.monotonic() - began:.0f} s", outcome["figures"]))
    return outcome


def main() -> int:
    args = _parse()
    outcomes = [_one(name, not args.small) for name in args.only or SCENARIOS]
    rows = [
        [o["scenario"], o["target"], o["result"], "yes" if o["passed"] else "NO"] for o in outcomes
    ]
    print("\n" + table(["scenario", "target", "result", "pass"], rows), flush=True)
    return 0 if all(o["passed"] for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
