"""`make run`: Temporal dev server (unless TEMPORAL_ADDRESS is set), the API and one worker.

Ctrl-C stops all of them; if one dies, the others are stopped too.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.config import DATA_DIR, get_settings  # noqa: E402
from worker.dev_server import start_dev_server, wait_for_port  # noqa: E402

TEMPORAL_PORT, TEMPORAL_UI_PORT = 7233, 8233


def main() -> int:
    os.chdir(ROOT)
    os.environ.setdefault("LOG_FORMAT", "console")  # people read these logs, not machines
    # One worker, restarted on every code change: its build serves new runs at once. Runs
    # pinned to an earlier build wait for it (docs/deploy.md, "Worker Versioning").
    os.environ.setdefault("WORKER_PROMOTE_ON_START", "always")
    settings = get_settings()
    children: list[tuple[str, subprocess.Popen[bytes]]] = []
    logs = DATA_DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    try:
        if "TEMPORAL_ADDRESS" not in os.environ:
            print(
                f"starting Temporal dev server on :{TEMPORAL_PORT} (UI :{TEMPORAL_UI_PORT}), "
                f"data in {DATA_DIR / 'temporal.db'}, log in {logs / 'temporal.log'} ...",
                flush=True,
            )
            # The UI asks the API to decrypt history payloads, for signed-in users only.
            codec = f"http://{settings.api_host}:{settings.api_port}/api/codec"
            temporal = start_dev_server(
                port=TEMPORAL_PORT,
                ui_port=TEMPORAL_UI_PORT,
                db_file=DATA_DIR / "temporal.db",
                log=logs / "temporal.log",
                extra=["--ui-codec-endpoint", codec],
            )
            children.append(("temporal", temporal))
        else:
            print(f"using the Temporal server at {settings.temporal_address}", flush=True)
        print("starting the API ...", flush=True)
        api = subprocess.Popen([sys.executable, "-m", "api"])
        children.append(("api", api))
        wait_for_port(settings.api_port, api, what="the API")
        children.append(("worker", subprocess.Popen([sys.executable, "-m", "worker"])))
        base = f"http://{settings.api_host}:{settings.api_port}"
        metrics = (
            f"  API metrics      http://{settings.api_metrics_host}:{settings.api_metrics_port}"
            "/metrics\n"
            if settings.metrics_enabled and settings.api_metrics_port
            else ""
        )
        print(
            "\nSluice is running:\n"
            f"  editor and API   {base}/\n"
            f"  API docs         {base}/docs\n"
            f"{metrics}"
            f"  Temporal Web UI  {settings.temporal_ui_url}\n"
            "Press Ctrl-C to stop.\n",
            flush=True,
        )
        return _watch(children)
    except KeyboardInterrupt:
        return 0
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        _stop(children)


def _watch(children: list[tuple[str, subprocess.Popen[bytes]]]) -> int:
    while True:
        for name, process in children:
            if process.poll() is not None:
                print(
                    f"{name} exited with code {process.returncode}; stopping the rest",
                    file=sys.stderr,
                )
                return 1
        time.sleep(0.5)


def _stop(children: list[tuple[str, subprocess.Popen[bytes]]]) -> None:
    # Stop in reverse: the worker finishes its tasks before Temporal goes away.
    for name, process in reversed(children):
        if process.poll() is None:
            print(f"stopping {name} ...", flush=True)
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    sys.exit(main())
