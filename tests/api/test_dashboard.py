"""GET /api/dashboard over runs and node records written straight into the app DB.

Percentiles follow `percentile_cont` (linear between the closest ranks): for sorted
[50, 100, 200, 300, 400, 1000], p50 sits at rank 2.5 (250) and p95 at rank 4.75 (850).
"""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pytest import approx
from sqlmodel import Session

from api.main import create_app
from core.db import make_engine
from core.models import Approval, NodeExecution, Run
from tests.utils.accounts import sign_up
from tests.utils.api import create_workflow, simple_graph
from tests.utils.asgi import serve

MARCH = {"from": "2024-03-01T00:00:00Z", "to": "2024-03-04T00:00:00Z"}


def at(day: int, hours: float = 12.0) -> datetime:
    """A time on `day` of March 2024 (UTC); day 0 is February 29."""
    return datetime(2024, 3, 1, tzinfo=UTC) + timedelta(days=day - 1, hours=hours)


JUST_BEFORE_MIDNIGHT = 24 - 1 / 3_600_000
STEPS = [(f"step{i}", "util.noop", float(i)) for i in range(11)]
# workflow, status, created, duration ms, (input tokens, output tokens, cost), nodes
RUNS: list[tuple[str, str, datetime, float | None, tuple[int, int, float], list[Any]]] = [
    ("alpha", "completed", at(1, 10), 100, (100, 10, 0.25), [("fetch", 10), ("ask", 100)]),
    ("alpha", "completed", at(1, JUST_BEFORE_MIDNIGHT), 200, (100, 10, 0.25), [("fetch", 20)]),
    ("alpha", "failed", at(1), 300, (50, 5, 0.125), [("fetch", 30), ("ask", 500)]),
    ("alpha", "completed", at(2), 400, (100, 10, 0.25), [("fetch", 40), ("ask", None), *STEPS]),
    ("alpha", "timed_out", at(2), 1000, (0, 0, 0.0), []),
    ("alpha", "cancelled", at(2), 50, (0, 0, 0.0), []),
    ("alpha", "running", at(3), None, (0, 0, 0.0), []),
    ("alpha", "completed", at(0, 23.99), 5000, (999, 99, 9.0), [("fetch", 9999)]),  # before
    ("alpha", "completed", at(4, 0), 5000, (999, 99, 9.0), [("fetch", 9999)]),  # `to`: after
    ("beta", "completed", at(2), 10, (0, 0, 0.0), [("x", 1)]),
    ("beta", "terminated", at(2), 20, (0, 0, 0.0), [("x", 2)]),
    ("beta", "failed", at(3), 30, (0, 0, 0.0), [("x", 3)]),
]
WORKFLOWS = ("alpha", "beta")
NODE_TYPES = {"fetch": "http.request", "ask": "llm.chat", "x": "transform.set"}
# workflow, status, created
APPROVALS = [
    ("alpha", "pending", datetime(2024, 2, 1, tzinfo=UTC)),
    ("beta", "pending", at(2)),
    ("beta", "approved", datetime(2024, 1, 1, tzinfo=UTC)),
]


def seed(database_url: str, workspace_id: str, workflows: dict[str, str]) -> None:
    """The rows above, in `workspace_id`; `workflows` maps names to ids."""
    engine = make_engine(database_url)
    with Session(engine) as session:
        for name, status, created, duration, (tokens_in, tokens_out, cost), nodes in RUNS:
            finished = None if duration is None else created + timedelta(milliseconds=duration)
            run = Run(
                workspace_id=uuid.UUID(workspace_id),
                workflow_id=uuid.UUID(workflows[name]),
                version=1,
                temporal_workflow_id=f"seeded-{uuid.uuid4()}",
                temporal_run_id="seeded",
                status=status,
                created_at=created,
                finished_at=finished,
                duration_ms=duration,
                input_tokens=tokens_in,
                output_tokens=tokens_out,
                cost=cost,
            )
            session.add(run)
            session.flush()
            for node_id, *rest in nodes:
                node_type, ms = rest if len(rest) == 2 else (NODE_TYPES[node_id], rest[0])
                session.add(
                    NodeExecution(
                        run_id=run.id,
                        workspace_id=run.workspace_id,
                        workflow_id=run.workflow_id,
                        node_id=node_id,
                        node_type=node_type,
                        attempt=0 if ms is None else 1,
                        status="skipped" if ms is None else "succeeded",
                        started_at=None if ms is None else created,
                        duration_ms=ms,
                    )
                )
        for name, status, created in APPROVALS:
            session.add(
                Approval(
                    workspace_id=uuid.UUID(workspace_id),
                    workflow_id=uuid.UUID(workflows[name]),
                    temporal_workflow_id=f"seeded-{uuid.uuid4()}",
                    node_id="ask",
                    title="Ship it?",
                    status=status,
                    created_at=created,
                )
            )
        session.commit()
    engine.dispose()


async def seeded_workspace(http: httpx.AsyncClient, database_url: str) -> dict[str, str]:
    """Workflows alpha and beta in the caller's workspace, with RUNS and APPROVALS."""
    me = (await http.get("/api/auth/me")).json()
    workspace_id = me["workspaces"][0]["workspace_id"]
    ids = {name: (await create_workflow(http, simple_graph(), name))["id"] for name in WORKFLOWS}
    seed(database_url, workspace_id, ids)
    return ids


def day(date: str, **counts: int) -> dict[str, Any]:
    statuses = ("completed", "failed", "cancelled", "terminated", "timed_out", "running")
    return {"day": date, **{s: counts.get(s, 0) for s in statuses}}


def slow(ids: dict[str, str], workflow: str, node_id: str, *figures: float) -> dict[str, Any]:
    runs, p50, p95, top = figures
    node_type = NODE_TYPES.get(node_id, "util.noop")
    return {
        "node_type": node_type,
        "workflow_id": ids[workflow],
        "node_id": node_id,
        "runs": runs,
        "p50_ms": approx(p50),
        "p95_ms": approx(p95),
        "max_ms": top,
    }


def check_seeded(doc: dict[str, Any], ids: dict[str, str]) -> None:
    """The figures RUNS and APPROVALS give for March 1–3."""
    assert (doc["from"], doc["to"], doc["workflow_id"]) == (MARCH["from"], MARCH["to"], None)
    assert doc["runs_per_day"] == [
        day("2024-03-01", completed=2, failed=1),
        day("2024-03-02", completed=2, timed_out=1, cancelled=1, terminated=1),
        day("2024-03-03", running=1, failed=1),
    ]
    assert doc["workflows"] == [
        {
            "workflow_id": ids["alpha"],
            "name": "alpha",
            "runs": 7,
            "finished": 6,
            "failed": 2,
            "failure_rate": approx(2 / 6),
            "p50_ms": approx(250.0),
            "p95_ms": approx(850.0),
        },
        {
            "workflow_id": ids["beta"],
            "name": "beta",
            "runs": 3,
            "finished": 3,
            "failed": 1,
            "failure_rate": approx(1 / 3),
            "p50_ms": approx(20.0),
            "p95_ms": approx(29.0),
        },
    ]
    assert doc["slowest_nodes"] == [
        slow(ids, "alpha", "ask", 2, 300, 480, 500),
        slow(ids, "alpha", "fetch", 4, 25, 38.5, 40),
        *(slow(ids, "alpha", f"step{i}", 1, i, i, i) for i in range(10, 2, -1)),
    ]
    assert doc["llm_per_day"] == [
        {"day": "2024-03-01", "input_tokens": 250, "output_tokens": 25, "cost": 0.625},
        {"day": "2024-03-02", "input_tokens": 100, "output_tokens": 10, "cost": 0.25},
        {"day": "2024-03-03", "input_tokens": 0, "output_tokens": 0, "cost": 0.0},
    ]
    assert doc["llm_per_workflow"] == [
        {
            "workflow_id": ids["alpha"],
            "name": "alpha",
            "input_tokens": 350,
            "output_tokens": 35,
            "cost": 0.875,
        }
    ]
    assert doc["pending_approvals"] == {"count": 2, "oldest_created_at": "2024-02-01T00:00:00Z"}


async def dashboard(http: httpx.AsyncClient, **params: str) -> dict[str, Any]:
    response = await http.get("/api/dashboard", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_dashboard_aggregates_the_workspace_runs(api, api_url, settings):
    ids = await seeded_workspace(api, settings.database_url)
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as other:
        other.headers.update(await sign_up(other))
        other_ids = await seeded_workspace(other, settings.database_url)
        # Another workspace's rows on the same days change none of our figures...
        check_seeded(await dashboard(api, **MARCH), ids)
        # ... and our workflow is nothing to them.
        theirs = await dashboard(other, **MARCH, workflow_id=ids["alpha"])
        assert theirs["workflows"] == theirs["slowest_nodes"] == theirs["llm_per_workflow"] == []
        assert theirs["runs_per_day"] == [day(d["day"]) for d in theirs["runs_per_day"]]
        assert {(d["input_tokens"], d["cost"]) for d in theirs["llm_per_day"]} == {(0, 0.0)}
        assert theirs["pending_approvals"] == {"count": 0, "oldest_created_at": None}
        check_seeded(await dashboard(other, **MARCH), other_ids)


async def test_one_workflow_and_time_forms(api, settings):
    ids = await seeded_workspace(api, settings.database_url)
    beta = await dashboard(api, **MARCH, workflow_id=ids["beta"])
    assert beta["workflow_id"] == ids["beta"]
    assert beta["runs_per_day"] == [
        day("2024-03-01"),
        day("2024-03-02", completed=1, terminated=1),
        day("2024-03-03", failed=1),
    ]
    assert [w["name"] for w in beta["workflows"]] == ["beta"]
    assert beta["slowest_nodes"] == [slow(ids, "beta", "x", 3, 2, 2.9, 3)]
    assert beta["llm_per_workflow"] == []
    assert beta["pending_approvals"] == {"count": 1, "oldest_created_at": "2024-03-02T12:00:00Z"}
    # A time without an offset is UTC; one with an offset is converted.
    naive = await dashboard(api, **{"from": "2024-03-01T00:00:00", "to": "2024-03-04T01:00+01:00"})
    check_seeded(naive, ids)
    # Half a day: the day it starts in is listed, and only runs from noon on count.
    half = await dashboard(api, **{"from": "2024-03-02T12:00:00Z", "to": "2024-03-03T00:00Z"})
    assert half["runs_per_day"] == [
        day("2024-03-02", completed=2, timed_out=1, cancelled=1, terminated=1)
    ]


async def test_default_range_is_the_last_30_days(api, settings):
    me = (await api.get("/api/auth/me")).json()
    workflow = await create_workflow(api, simple_graph(), "recent")
    now = datetime.now(UTC)
    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        for created in (now - timedelta(hours=1), now - timedelta(days=40)):
            session.add(
                Run(
                    workspace_id=uuid.UUID(me["workspaces"][0]["workspace_id"]),
                    workflow_id=uuid.UUID(workflow["id"]),
                    version=1,
                    temporal_workflow_id=f"seeded-{uuid.uuid4()}",
                    temporal_run_id="seeded",
                    status="completed",
                    created_at=created,
                    duration_ms=5.0,
                )
            )
        session.commit()
    engine.dispose()
    doc = await dashboard(api)
    start, end = datetime.fromisoformat(doc["from"]), datetime.fromisoformat(doc["to"])
    assert end - start == timedelta(days=30) and abs(end - now) < timedelta(minutes=1)
    assert len(doc["runs_per_day"]) in (30, 31)
    assert [w["runs"] for w in doc["workflows"]] == [1]
    assert doc["runs_per_day"][-1]["completed"] + doc["runs_per_day"][-2]["completed"] == 1
    # Only `from`: up to now.
    since = await dashboard(api, **{"from": (now - timedelta(days=50)).isoformat()})
    assert [w["runs"] for w in since["workflows"]] == [2]


async def test_bad_ranges_name_the_field(api, anonymous):
    cases = {
        "from": [
            {"from": "2024-03-04T00:00:00Z", "to": "2024-03-01T00:00:00Z"},
            {"from": "2024-03-01T00:00:00Z", "to": "2024-03-01T00:00:00Z"},
            {"from": "2023-01-01T00:00:00Z", "to": "2024-01-03T00:00:00Z"},  # 367 days
            {"from": "yesterday"},
            {"from": "9999-12-31T23:00:00-10:00"},
        ],
        "to": [{"to": "2024-13-01"}, {"to": "0001-01-01T00:00:00Z"}],
        "workflow_id": [{"workflow_id": "alpha"}],
    }
    for field, bad in cases.items():
        for params in bad:
            response = await api.get("/api/dashboard", params=params)
            assert response.status_code == 422, (params, response.text)
            locs = [problem["loc"] for problem in response.json()["detail"]]
            assert locs == [["query", field]], (params, locs)
    longest = {"from": "2023-01-01T00:00:00Z", "to": "2024-01-02T00:00:00Z"}  # 366 days
    assert len((await dashboard(api, **longest))["runs_per_day"]) == 366
    assert (await anonymous.get("/api/dashboard")).status_code == 401


async def test_sqlite_gives_the_same_numbers(api, settings, tmp_path):
    ids = await seeded_workspace(api, settings.database_url)
    on_postgres = await dashboard(api, **MARCH)
    lite = settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'sluice.db'}"})
    async with serve(create_app(lite)) as http:
        http.headers.update(await sign_up(http))
        lite_ids = await seeded_workspace(http, lite.database_url)
        on_sqlite = await dashboard(http, **MARCH)
        check_seeded(on_sqlite, lite_ids)
        beta = await dashboard(http, **MARCH, workflow_id=lite_ids["beta"])
        assert beta["slowest_nodes"] == [slow(lite_ids, "beta", "x", 3, 2, 2.9, 3)]
    # Exactly the same document, workflow ids aside.
    for doc, by_name in ((on_postgres, ids), (on_sqlite, lite_ids)):
        names = {v: k for k, v in by_name.items()}
        for row in (*doc["workflows"], *doc["slowest_nodes"], *doc["llm_per_workflow"]):
            row["workflow_id"] = names[row["workflow_id"]]
    assert on_sqlite == on_postgres
