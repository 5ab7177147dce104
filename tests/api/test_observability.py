"""Metrics, readiness and log redaction."""

import json
import logging

import httpx
import pytest
import structlog
from prometheus_client import REGISTRY

from api.main import create_app
from core.logging import configure_logging
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.asgi import serve
from tests.utils.graphs import chain, node
from worker.dev_server import free_port


async def test_api_metrics_count_requests_by_route_and_runs(api, anonymous, settings):
    workflow = await create_workflow(
        api,
        {
            "nodes": [node("start", "trigger.manual"), node("a", "util.noop")],
            "edges": chain("start", "a"),
        },
        name="metered",
    )
    await wait_for_run(api, (await start_run(api, workflow["id"]))["id"])
    public = await anonymous.get("/metrics")
    assert public.status_code == 404 and "API_METRICS_PORT" in public.json()["detail"]
    port = free_port()
    variant = settings.model_copy(
        update={"api_metrics_port": port, "run_recorder_interval_seconds": 0}
    )
    async with serve(create_app(variant)), httpx.AsyncClient() as scraper:
        scraped = await scraper.get(f"http://127.0.0.1:{port}/metrics")
    assert scraped.status_code == 200
    async with httpx.AsyncClient() as scraper:
        with pytest.raises(httpx.ConnectError):  # stopped with its app
            await scraper.get(f"http://127.0.0.1:{port}/metrics")
    text = scraped.text
    assert 'sluice_http_requests_total{method="POST",route="/api/workflows",status="201"}' in text
    assert 'route="/api/runs/{run_id}"' in text, "routes are labelled by template, not by id"
    assert 'sluice_runs_started_total{workflow="metered"} 1.0' in text
    assert "sluice_approvals_pending" in text


async def test_the_metrics_port_is_off_with_metrics_and_on_loopback_by_default(settings):
    from core.config import Settings

    assert Settings(_env_file=None).api_metrics_host == "127.0.0.1"  # type: ignore[call-arg]
    assert Settings(_env_file=None).api_metrics_port == 9463  # type: ignore[call-arg]
    port = free_port()
    off = settings.model_copy(
        update={
            "api_metrics_port": port,
            "metrics_enabled": False,
            "run_recorder_interval_seconds": 0,
        }
    )
    async with serve(create_app(off)) as http, httpx.AsyncClient() as scraper:
        assert (await http.get("/metrics")).status_code == 404
        with pytest.raises(httpx.ConnectError):
            await scraper.get(f"http://127.0.0.1:{port}/metrics")


async def test_worker_metrics_time_nodes_by_type(api):
    workflow = await create_workflow(
        api,
        {
            "nodes": [node("start", "trigger.manual"), node("a", "util.noop")],
            "edges": chain("start", "a"),
        },
    )
    before = (
        REGISTRY.get_sample_value(
            "sluice_node_duration_seconds_count", {"node_type": "util.noop", "outcome": "succeeded"}
        )
        or 0
    )
    await wait_for_run(api, (await start_run(api, workflow["id"]))["id"])
    after = REGISTRY.get_sample_value(
        "sluice_node_duration_seconds_count", {"node_type": "util.noop", "outcome": "succeeded"}
    )
    assert after == before + 1


async def test_readiness_names_what_is_down(settings):
    broken = settings.model_copy(
        update={"redis_url": "redis://127.0.0.1:1/0", "run_recorder_interval_seconds": 0}
    )
    async with serve(create_app(broken)) as http:
        response = await http.get("/api/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded" and body["redis"].startswith("unreachable")
    assert body["database"] == "ok"


def test_log_lines_are_json_with_run_context_and_no_secrets(capsys):
    configure_logging(fmt="json", level="INFO")
    try:
        structlog.contextvars.bind_contextvars(run_id="r-1", node_id="fetch", attempt=2)
        structlog.get_logger("test").info(
            "calling",
            headers={"Authorization": "Bearer sk-live-123456789"},
            password="hunter2",
            note="token Bearer abcdefghijkl in text",
        )
        logging.getLogger("stdlib").warning("api_key=%s", "x")
    finally:
        structlog.contextvars.clear_contextvars()
        logging.getLogger().handlers = []
    lines = [json.loads(line) for line in capsys.readouterr().err.strip().splitlines()]
    first = lines[0]
    assert (first["run_id"], first["node_id"], first["attempt"]) == ("r-1", "fetch", 2)
    assert first["headers"]["Authorization"] == "[redacted]"
    assert first["password"] == "[redacted]"
    assert "abcdefghijkl" not in first["note"]
    assert "sk-live" not in json.dumps(lines) and "hunter2" not in json.dumps(lines)
    assert lines[1]["level"] == "warning"


def test_log_level_holds_for_uvicorn_access_lines(capsys):
    """uvicorn sets its loggers to INFO before the app configures logging (as `python -m
    api` runs); LOG_LEVEL=WARNING must still drop the access line of every request."""
    import logging.config

    from uvicorn.config import LOGGING_CONFIG

    access = logging.getLogger("uvicorn.access")
    try:
        for level, printed in (("WARNING", False), ("INFO", True)):
            logging.config.dictConfig(LOGGING_CONFIG)
            configure_logging(fmt="json", level=level)
            access.info('127.0.0.1:1 - "POST /hooks/x HTTP/1.1" 202')
            assert ("POST /hooks/x" in capsys.readouterr().err) is printed, level
    finally:
        logging.getLogger().handlers = []


def test_the_editor_is_served_from_the_repository_web_dist():
    from pathlib import Path

    from api.platform.web_app import WEB_DIST

    assert WEB_DIST == Path(__file__).resolve().parents[2] / "web" / "dist"
