"""Schedule triggers as Temporal Schedules, through the real API and checked in Temporal."""

import asyncio

import pytest
from temporalio.client import ScheduleActionStartWorkflow
from temporalio.service import RPCError, RPCStatusCode

from tests.utils.api import create_workflow, wait_for_run
from tests.utils.triggers import eventually, runs_of, schedule_graph, triggers_of

YEARLY = "0 0 1 1 *"  # far enough away never to fire during a test


async def test_an_interval_schedule_starts_runs_and_pausing_stops_them(api, client):
    workflow = await create_workflow(api, schedule_graph(interval_seconds=2, inputs={"k": 1}))
    tick = (await triggers_of(api, workflow["id"]))["tick"]
    schedule_id = tick["schedule_id"]
    assert schedule_id == f"sluice-{workflow['id']}-tick"
    assert tick["enabled"] and tick["paused"] is False and tick["next_run_at"]

    runs = await eventually(lambda: runs_of(api, workflow["id"]), what="a scheduled run")
    run = await wait_for_run(api, runs[-1]["id"])
    assert run["status"] == "completed", run
    assert run["version"] == 1
    assert run["nodes"]["tick"]["output"]["schedule_id"] == schedule_id
    assert run["nodes"]["tick"]["output"]["inputs"] == {"k": 1}
    assert run["output"]["work"]["due"].endswith("Z")

    paused = await api.post(f"/api/schedules/{schedule_id}/pause", json={"note": "quiet"})
    assert paused.status_code == 200, paused.text
    assert paused.json()["paused"] and paused.json()["next_run_at"] is None
    handle = client.get_schedule_handle(schedule_id)
    before = await handle.describe()
    assert before.schedule.state.paused and before.schedule.state.note == "quiet"
    # Two intervals pass without an action: Temporal counts none while paused.
    await asyncio.sleep(4.5)
    after = await handle.describe()
    assert after.info.num_actions == before.info.num_actions
    assert [a.action.workflow_id for a in after.info.recent_actions] == [
        a.action.workflow_id for a in before.info.recent_actions
    ]
    assert (await triggers_of(api, workflow["id"]))["tick"]["enabled"] is False

    resumed = await api.post(f"/api/schedules/{schedule_id}/resume")
    assert resumed.json()["paused"] is False and resumed.json()["next_run_at"]
    await eventually(
        lambda: _actions_above(handle, after.info.num_actions), what="a run after resuming"
    )
    await api.delete(f"/api/workflows/{workflow['id']}")


async def _actions_above(handle, count: int) -> bool:
    return (await handle.describe()).info.num_actions > count


async def test_run_now_starts_one_run_even_while_paused(api, client):
    workflow = await create_workflow(api, schedule_graph(cron=YEARLY, timezone="Europe/Paris"))
    schedule_id = (await triggers_of(api, workflow["id"]))["tick"]["schedule_id"]
    await api.post(f"/api/schedules/{schedule_id}/pause")
    triggered = await api.post(f"/api/schedules/{schedule_id}/trigger")
    assert triggered.status_code == 202, triggered.text
    handle = client.get_schedule_handle(schedule_id)
    await eventually(lambda: _actions_above(handle, 0), what="the triggered action")
    [run] = await eventually(lambda: runs_of(api, workflow["id"]), what="the run in the list")
    assert (await wait_for_run(api, run["id"]))["status"] == "completed"
    description = await handle.describe()
    assert description.info.num_actions == 1 and description.schedule.state.paused
    assert description.schedule.spec.time_zone_name == "Europe/Paris"


async def test_schedules_list_with_next_run_times(api):
    workflow = await create_workflow(api, schedule_graph(cron=["0 9 * * MON-FRI", "@daily"]))
    response = await api.get("/api/schedules")
    assert response.status_code == 200, response.text
    [schedule] = [s for s in response.json()["data"] if s["workflow_id"] == workflow["id"]]
    assert schedule["node_id"] == "tick" and schedule["paused"] is False
    assert schedule["next_run_at"] == schedule["next_runs"][0]
    assert len(schedule["next_runs"]) >= 2 and schedule["version"] == 1
    assert schedule["temporal_ui_url"].endswith(f"/schedules/{schedule['id']}")
    await api.delete(f"/api/workflows/{workflow['id']}")


async def test_publishing_a_version_updates_the_schedule_and_keeps_it_paused(api, client):
    workflow = await create_workflow(api, schedule_graph(cron=YEARLY), name="nightly")
    schedule_id = (await triggers_of(api, workflow["id"]))["tick"]["schedule_id"]
    await api.post(f"/api/schedules/{schedule_id}/pause")
    graph = schedule_graph(interval_seconds=3600, overlap="buffer_one", inputs={"v": 2})
    response = await api.put(
        f"/api/workflows/{workflow['id']}", json={"name": "nightly", "graph": graph}
    )
    assert response.status_code == 200, response.text
    description = await client.get_schedule_handle(schedule_id).describe()
    action = description.schedule.action
    assert isinstance(action, ScheduleActionStartWorkflow)
    [argument] = await client.data_converter.decode(action.args)  # type: ignore[arg-type]
    assert argument["plan"]["version"] == 2 and argument["inputs"] == {"v": 2}
    assert description.schedule.spec.intervals[0].every.total_seconds() == 3600
    assert description.schedule.policy.overlap.name == "BUFFER_ONE"
    assert description.schedule.state.paused, "publishing does not resume a paused schedule"
    assert (await api.get(f"/api/schedules/{schedule_id}")).json()["version"] == 2
    await api.delete(f"/api/workflows/{workflow['id']}")


async def test_deleting_the_workflow_or_the_node_deletes_the_schedule(api, client):
    workflow = await create_workflow(api, schedule_graph(cron=YEARLY))
    schedule_id = (await triggers_of(api, workflow["id"]))["tick"]["schedule_id"]
    await client.get_schedule_handle(schedule_id).describe()
    assert (await api.delete(f"/api/workflows/{workflow['id']}")).status_code == 204
    with pytest.raises(RPCError) as gone:
        await client.get_schedule_handle(schedule_id).describe()
    assert gone.value.status == RPCStatusCode.NOT_FOUND
    assert (await api.post(f"/api/schedules/{schedule_id}/pause")).status_code == 404

    workflow = await create_workflow(api, schedule_graph(cron=YEARLY))
    schedule_id = (await triggers_of(api, workflow["id"]))["tick"]["schedule_id"]
    manual = {"nodes": [{"id": "start", "type": "trigger.manual", "data": {}}], "edges": []}
    await api.put(f"/api/workflows/{workflow['id']}", json={"name": "m", "graph": manual})
    assert await triggers_of(api, workflow["id"]) == {}
    with pytest.raises(RPCError):
        await client.get_schedule_handle(schedule_id).describe()


@pytest.mark.parametrize(
    ("config", "field", "words"),
    [
        ({"cron": "61 * * * *"}, "config.cron", "not in 0-59"),
        ({"cron": "* * *"}, "config.cron", "has 3 fields"),
        ({"cron": "@every 5m"}, "config.cron", "interval_seconds"),
        ({"cron": "@daily", "timezone": "Mars/Olympus"}, "config.timezone", "IANA"),
        ({}, "config.cron", "either"),
        ({"cron": "@daily", "interval_seconds": 5}, "config.cron", "either"),
        ({"interval_seconds": 0}, "config.interval_seconds", "minimum"),
        ({"interval_seconds": 5, "overlap": "sometimes"}, "config.overlap", "sometimes"),
    ],
)
async def test_bad_schedules_are_refused_before_saving(api, config, field, words):
    response = await api.post(
        "/api/workflows", json={"name": "bad", "graph": schedule_graph(**config)}
    )
    assert response.status_code == 422, response.text
    [problem] = [p for p in response.json()["detail"] if p["field"] == field]
    assert words in problem["msg"], problem


async def test_viewers_read_schedules_but_only_operators_change_them(api, anonymous):
    from tests.utils.accounts import sign_up

    team = (await api.post("/api/workspaces", json={"name": "sched team"})).json()["id"]
    api.headers["X-Workspace-Id"] = team
    email = f"viewer-{team[:8]}@example.com"
    viewer = {**await sign_up(anonymous, email), "X-Workspace-Id": team}
    await api.put(f"/api/workspaces/{team}/members", json={"email": email, "role": "viewer"})
    workflow = await create_workflow(api, schedule_graph(cron=YEARLY))
    schedule_id = (await triggers_of(api, workflow["id"]))["tick"]["schedule_id"]
    listed = await anonymous.get("/api/schedules", headers=viewer)
    assert [s["id"] for s in listed.json()["data"]] == [schedule_id]
    for action in ("pause", "resume", "trigger"):
        refused = await anonymous.post(f"/api/schedules/{schedule_id}/{action}", headers=viewer)
        assert refused.status_code == 403, (action, refused.text)
    await api.delete(f"/api/workflows/{workflow['id']}")


async def test_a_schedule_lost_in_temporal_is_shown_and_publishing_recreates_it(api, client):
    workflow = await create_workflow(api, schedule_graph(cron=YEARLY), name="lost")
    schedule_id = (await triggers_of(api, workflow["id"]))["tick"]["schedule_id"]
    await client.get_schedule_handle(schedule_id).delete()
    shown = (await api.get(f"/api/schedules/{schedule_id}")).json()
    assert shown["note"].startswith("missing in Temporal") and shown["next_run_at"] is None
    refused = await api.post(f"/api/schedules/{schedule_id}/trigger")
    assert refused.status_code == 409 and "publish the workflow again" in refused.json()["detail"]
    graph = schedule_graph(cron=YEARLY)
    await api.put(f"/api/workflows/{workflow['id']}", json={"name": "lost", "graph": graph})
    description = await client.get_schedule_handle(schedule_id).describe()
    assert not description.schedule.state.paused
    await api.delete(f"/api/workflows/{workflow['id']}")
