"""An imported n8n list pipeline with a Loop Over Items runs on the real stack and computes
what n8n would: split, filter, dedupe, sort, limit, summarize, and per order a hash and a
date in the carved-out loop body."""

import hashlib
import json
from pathlib import Path

import pytest

from tests.utils.api import start_run, wait_for_run

pytestmark = pytest.mark.timeout(240)

EXPORT = Path(__file__).parents[1] / "importers/n8n/corpus/orders_pipeline.json"


async def test_orders_pipeline_runs_its_loop_body_once_per_top_order(api):
    export = json.loads(EXPORT.read_text())
    response = await api.post("/api/workflows/import/n8n", json=export)
    assert response.status_code == 200, response.text
    answer = response.json()
    (body,) = answer["subworkflows"]
    assert body["workflow"]["name"].endswith("Each order (loop body)")
    loop = next(n for n in answer["graph"]["nodes"] if n["id"] == "each_order")
    assert loop["data"]["config"]["workflow_id"] == body["workflow"]["id"]

    inputs = export["pinData"]["Orders hook"][0]["json"]
    run = await start_run(api, answer["workflow"]["id"], inputs=inputs)
    done = await wait_for_run(api, run["id"], timeout=90)
    assert done["status"] == "completed", done.get("error")

    revenue = done["output"]["revenue_by_country"]["items"]
    assert revenue == [
        {"country": "FR", "sum_total": 120, "count_id": 1},
        {"country": "DE", "sum_total": 375, "count_id": 2},
        {"country": "IT", "sum_total": 10, "count_id": 1},
    ]
    processed = done["output"]["collect"]["processed"]
    assert [r["follow_up_on"]["follow_up"] for r in processed] == [
        "2026-03-10T08:00:00+00:00",  # order 4 (300)
        "2026-03-08T10:00:00+00:00",  # order 1 (120), its duplicate dropped
        "2026-03-09T09:30:00+00:00",  # order 3 (75); order 5 (10) is past the top 3
    ]
    keys = [r["customer_key"]["customer_key"] for r in processed]  # both end the body
    assert keys[1] == hashlib.sha256(b"ana@example.com").hexdigest()
