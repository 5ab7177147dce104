"""Run the real `sluice` command as a subprocess against the real API, Temporal and a worker."""

import asyncio
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.utils.accounts import PASSWORD


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@dataclass
class Cli:
    """`sluice` bound to one API, one config folder and one account."""

    api_url: str
    config_dir: Path
    email: str

    async def __call__(self, *args: str, stdin: str | None = None, timeout: float = 90) -> Result:
        env = {
            **os.environ,
            "SLUICE_API": self.api_url,
            "SLUICE_CONFIG_DIR": str(self.config_dir),
            "COLUMNS": "200",  # wide tables, so tests read whole cells
            "NO_COLOR": "1",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "cli", *args,
            stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )  # fmt: skip
        data = stdin.encode() if stdin is not None else None
        out, err = await asyncio.wait_for(process.communicate(data), timeout)
        return Result(process.returncode or 0, out.decode(), err.decode())

    def http(self) -> httpx.AsyncClient:
        """The same account over plain HTTP, with the access token `sluice login` stored."""
        token = json.loads((self.config_dir / "session.json").read_text())["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        return httpx.AsyncClient(base_url=self.api_url, timeout=30, headers=headers)


@pytest.fixture
async def cli(api_url: str, worker: None, tmp_path: Path) -> AsyncIterator[Cli]:
    """A fresh account, logged in through `sluice login`."""
    email = f"cli-{uuid.uuid4().hex[:10]}@example.com"
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as http:
        answer = await http.post("/api/auth/register", json={"email": email, "password": PASSWORD})
        assert answer.status_code == 201, answer.text
    runner = Cli(api_url, tmp_path / "config", email)
    result = await runner("login", "--email", email, "--password", PASSWORD)
    assert result.code == 0, result.err
    yield runner


def export_file(folder: Path, graph: dict[str, Any], name: str = "from-cli") -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"name": name, "description": "made by a test", "graph": graph}))
    return path
