"""Chaos runs: each scenario starts its own stack on loopback, breaks it, and counts.

Interface every scenario module follows (`python -m bench.faults` imports them by name):

    def run(full: bool) -> dict

answering `{"scenario": str, "target": str, "result": str, "passed": bool,
"figures": dict[str, float | int | str]}`. `full=False` is the small version that
`make test` runs (tests/bench/); each scenario is bounded in time and fails loudly past
its deadline.
"""
