#!/usr/bin/env python3
"""`sluice-healthcheck api|worker`: exit 0 when this container's Sluice process answers.

api: GET http://127.0.0.1:$API_PORT/api/health (liveness) answers 2xx.
worker: something listens on $WORKER_METRICS_PORT (the Prometheus endpoint, 9464), the
only port a worker opens; with metrics turned off there is nothing to probe, so it passes.
Standard library only: it runs in the image's HEALTHCHECK.
"""

import os
import socket
import sys
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 4.0
DEFAULT_PORTS = {"api": "8000", "worker": "9464"}


def check_api(port: int, path: str = "/api/health") -> str | None:
    """None when the API answers 2xx; else what went wrong."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=TIMEOUT_SECONDS):
            return None
    except urllib.error.HTTPError as exc:
        return f"{path} answered {exc.code}"
    except OSError as exc:
        return f"{path} unreachable: {exc}"


def check_port(port: int) -> str | None:
    """None when something accepts TCP connections on 127.0.0.1:port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT_SECONDS):
            return None
    except OSError as exc:
        return f"nothing listens on port {port}: {exc}"


def metrics_enabled() -> bool:
    """METRICS_ENABLED as pydantic reads a bool (unset: on)."""
    value = os.environ.get("METRICS_ENABLED", "true").strip().lower()
    return value not in ("0", "false", "f", "no", "n", "off")


def main(argv: list[str]) -> int:
    role = argv[0] if argv else "api"
    if role not in DEFAULT_PORTS:
        print("usage: sluice-healthcheck api|worker", file=sys.stderr)
        return 2
    variable = "API_PORT" if role == "api" else "WORKER_METRICS_PORT"
    port = int(os.environ.get(variable) or DEFAULT_PORTS[role])
    if role == "worker" and (port == 0 or not metrics_enabled()):
        return 0
    problem = check_api(port) if role == "api" else check_port(port)
    if problem:
        print(f"{role} unhealthy: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
