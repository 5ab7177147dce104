"""Fixtures of the browser tests: Chromium, Node, and the built editor served by the API."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.utils.http_server import http_server  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
DIST = WEB / "dist"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def _missing(what: str) -> None:
    """Fail in CI (the suite must not silently lose its browser tests); skip locally."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{what} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(what)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of Debian's Chromium (or $SLUICE_CHROMIUM)."""
    candidates = [os.environ.get("SLUICE_CHROMIUM", ""), *CHROMIUM_CANDIDATES]
    for path in candidates:
        if path and os.access(path, os.X_OK):
            return path
    _missing("Chromium is not installed: apt-get install -y chromium")
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def nodejs() -> str:
    path = shutil.which("node")
    if path is None:
        _missing("Node.js is not installed; the browser tests drive Chromium from Node")
        raise AssertionError("unreachable")
    return path


def _newest_source() -> float:
    files = [p for p in (WEB / "src").rglob("*") if p.is_file()]
    files += [WEB / name for name in ("index.html", "package.json", "vite.config.ts")]
    return max(p.stat().st_mtime for p in files if p.exists())


@pytest.fixture(scope="session")
def web_dist(nodejs: str) -> Path:
    """web/dist, built if missing or older than the sources (`make test` builds it first)."""
    npm = shutil.which("npm")
    if not (WEB / "node_modules" / "playwright-core").exists():
        if npm is None:
            _missing("npm is not installed and web/node_modules is missing")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=WEB, check=True)
    index = DIST / "index.html"
    if not index.exists() or index.stat().st_mtime < _newest_source():
        if npm is None:
            _missing("npm is not installed and web/dist is missing or stale")
        subprocess.run([npm, "run", "build"], cwd=WEB, check=True)
    return DIST


@pytest.fixture(scope="session")
def editor_url(web_dist: Path, api_url: str) -> str:
    """The editor, served by the API itself at `/` (web/dist must be built first)."""
    return api_url


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """test-artifacts/<test name>/, emptied first: screenshots land here."""
    folder = ARTIFACTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
