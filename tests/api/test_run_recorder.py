"""The run recorder keeps the API's event loop free: its DB work runs in threads, so a
sweep through a busy minute of closed runs never stalls the requests being served."""

import threading
import uuid

from sqlalchemy import event, update
from sqlmodel import Session, select

from api.runs.recorder import RunRecorder
from core.models import NodeExecution, Run
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import chain, node


async def test_a_sweep_records_closed_runs_off_the_event_loop(api, client, engine):
    graph = {
        "nodes": [node("start", "trigger.manual"), node("a", "util.noop", {"value": 1})],
        "edges": chain("start", "a"),
    }
    workflow = await create_workflow(api, graph, name="swept")
    run_id = (await start_run(api, workflow["id"]))["id"]
    assert (await wait_for_run(api, run_id))["status"] == "completed"
    with Session(engine) as session:  # as if nobody had recorded it yet
        session.exec(update(Run).where(Run.id == uuid.UUID(run_id)).values(status="running"))
        session.commit()

    loop_thread = threading.get_ident()
    statements: list[int] = []

    def seen(*_: object) -> None:
        statements.append(threading.get_ident())

    event.listen(engine, "before_cursor_execute", seen)
    try:
        await RunRecorder(client, engine, 3.0).sweep()
    finally:
        event.remove(engine, "before_cursor_execute", seen)

    assert statements, "the sweep read no row"
    assert loop_thread not in statements, "the sweep ran SQL on the event loop"
    with Session(engine) as session:
        row = session.get(Run, uuid.UUID(run_id))
        assert row is not None and row.status == "completed"
        nodes = session.exec(
            select(NodeExecution.node_id).where(NodeExecution.run_id == uuid.UUID(run_id))
        ).all()
        assert "a" in nodes
