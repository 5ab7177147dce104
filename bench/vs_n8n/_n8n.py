"""n8n for the comparison: installed from the npm registry into `.data/n8n/<version>/`,
started on SQLite on loopback with everything that phones home switched off."""

import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from worker.dev_server import free_port

from .workflows import NAMES, n8n_workflow

VERSION = "2.8.4"
ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".data" / "n8n" / VERSION
CAFILE = "/etc/ssl/certs/ca-certificates.crt"
EMAIL, PASSWORD = "bench@example.com", "Bench-pass-42"

# Every switch n8n 2.8 has for talking to the outside: diagnostics (telemetry), version
# notifications, templates, banners, community packages, license renewal, frontend hooks.
QUIET_ENV = {
    "N8N_DIAGNOSTICS_ENABLED": "false",
    "N8N_DIAGNOSTICS_CONFIG_FRONTEND": "",
    "N8N_DIAGNOSTICS_CONFIG_BACKEND": "",
    "N8N_VERSION_NOTIFICATIONS_ENABLED": "false",
    "N8N_TEMPLATES_ENABLED": "false",
    "N8N_PERSONALIZATION_ENABLED": "false",
    "N8N_HIRING_BANNER_ENABLED": "false",
    "N8N_DYNAMIC_BANNERS_ENABLED": "false",
    "N8N_COMMUNITY_PACKAGES_ENABLED": "false",
    "N8N_LICENSE_AUTO_RENEW_ENABLED": "false",
    "EXTERNAL_FRONTEND_HOOKS_URLS": "",
    "N8N_AI_ENABLED": "false",
}


def install() -> Path:
    """The n8n binary, installing n8n VERSION first if the cache has none."""
    binary = CACHE / "node_modules" / ".bin" / "n8n"
    if binary.exists():
        return binary
    CACHE.mkdir(parents=True, exist_ok=True)
    package = {
        "name": "sluice-bench-n8n",
        "private": True,
        "dependencies": {"n8n": VERSION},
        # n8n's own xlsx points at a tarball outside the registry; the registry's last one
        "overrides": {"xlsx": "0.18.5"},
    }
    (CACHE / "package.json").write_text(json.dumps(package, indent=2))
    command = ["npm", "install", "--no-audit", "--no-fund"]
    if Path(CAFILE).exists():
        command += ["--cafile", CAFILE]
    print(f"installing n8n {VERSION} into {CACHE} (a few minutes, once) ...", flush=True)
    subprocess.run(command, cwd=CACHE, check=True, stdout=subprocess.DEVNULL)
    return binary


@dataclass
class N8n:
    """A running n8n: its base URL and main process."""

    url: str
    process: subprocess.Popen[bytes]
    folder: Path

    def pids(self) -> list[int]:
        """The main process and its children (the JS task runner)."""
        return [self.process.pid, *_children(self.process.pid)]

    def hook_url(self, name: str) -> str:
        return f"{self.url}/webhook/bench-{name}"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found + [g for c in found for g in _children(c)]


@contextmanager
def running(peer_url: str) -> Iterator[N8n]:
    """n8n on SQLite in a fresh temp folder with the bench workflows active."""
    binary = install()
    folder = Path(tempfile.mkdtemp(prefix="sluice-bench-n8n-"))
    port, broker = free_port(), free_port()
    env = {
        **os.environ,
        **QUIET_ENV,
        "N8N_USER_FOLDER": str(folder),
        "DB_TYPE": "sqlite",
        "N8N_PORT": str(port),
        "N8N_LISTEN_ADDRESS": "127.0.0.1",
        "N8N_HOST": "127.0.0.1",
        "N8N_PROTOCOL": "http",
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/",
        "N8N_RUNNERS_BROKER_PORT": str(broker),
        "N8N_RUNNERS_BROKER_LISTEN_ADDRESS": "127.0.0.1",
        "N8N_SECURE_COOKIE": "false",  # plain HTTP on loopback
        "N8N_LOG_LEVEL": "warn",
    }
    log = open(folder / "n8n.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(binary), "start"], cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    n8n = N8n(f"http://127.0.0.1:{port}", process, folder)
    try:
        _wait_ready(n8n)
        _set_up(n8n, peer_url)
        yield n8n
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def _wait_ready(n8n: N8n, timeout: float = 240) -> None:
    """Until the REST API answers (the first start runs ~300 SQLite migrations)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if n8n.process.poll() is not None:
            raise RuntimeError(f"n8n exited; see {n8n.folder / 'n8n.log'}")
        try:
            # /rest answers "n8n is starting up" with a 200 until its routes are mounted
            settings = httpx.get(f"{n8n.url}/rest/settings", timeout=2)
            if settings.status_code == 200 and settings.text.startswith("{"):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"n8n did not start within {timeout} s")


def _set_up(n8n: N8n, peer_url: str) -> None:
    """Owner setup (its answer sets the login cookie), then each workflow created and
    activated through the REST API."""
    with httpx.Client(base_url=n8n.url, timeout=30) as http:
        owner = {"email": EMAIL, "firstName": "Bench", "lastName": "Owner", "password": PASSWORD}
        http.post("/rest/owner/setup", json=owner).raise_for_status()
        for name in NAMES:
            created = http.post("/rest/workflows", json=n8n_workflow(name, peer_url))
            if created.status_code != 200 or not created.text.startswith("{"):
                raise RuntimeError(
                    f"n8n refused workflow {name}: {created.status_code} "
                    f"{created.text[:300]} (cookies {list(http.cookies)})"
                )
            data = created.json()["data"]
            activated = http.post(
                f"/rest/workflows/{data['id']}/activate", json={"versionId": data["versionId"]}
            )
            activated.raise_for_status()
            answer = http.post(n8n.hook_url(name), json={"name": "probe"})
            if answer.status_code != 200:
                raise RuntimeError(f"n8n workflow {name}: {answer.status_code} {answer.text}")
