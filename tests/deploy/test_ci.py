"""The CI workflow runs the suite with its services, and builds the image."""

from typing import Any

import yaml

from tests.deploy.files import CI, image_is_pinned


def jobs() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(CI.read_text())["jobs"]


def runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_a_job_runs_make_test_with_postgresql_redis_and_chromium():
    [job] = [j for j in jobs().values() if "make test" in runs(j)]
    assert job["runs-on"].startswith("ubuntu")
    services = job["services"]
    assert {"postgres", "redis"} <= set(services)
    assert all(image_is_pinned(s["image"]) for s in services.values())
    assert job["env"]["TEST_POSTGRES_URL"].startswith("postgresql://postgres@127.0.0.1:5432/")
    assert job["env"]["TEST_REDIS_URL"].startswith("redis://127.0.0.1:6379/")
    assert "5432:5432" in services["postgres"]["ports"]
    assert "6379:6379" in services["redis"]["ports"]
    uses = [step.get("uses", "") for step in job["steps"]]
    installs_chromium = any("setup-chrome" in u for u in uses) or "chromium" in runs(job)
    assert installs_chromium
    make_test = next(s for s in job["steps"] if "make test" in s.get("run", ""))
    assert "SLUICE_CHROMIUM" in make_test.get("env", {})  # tests/e2e/conftest.py reads it


def test_a_job_builds_the_image():
    assert any("docker build" in runs(job) for job in jobs().values())
