"""An approval decided after the worker AND the Temporal server restarted completes the run."""

import sqlite3
import uuid
from contextlib import closing

from api.main import create_app
from tests.api.test_approvals import approval_graph, pending_approval
from tests.utils.accounts import sign_up
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.asgi import serve
from tests.utils.worker_processes import WorkerProcess
from worker.dev_server import free_port, start_dev_server, stop_dev_server


async def test_decision_after_worker_and_server_restart(settings, tmp_path):
    port = free_port()
    db_file = tmp_path / "temporal.db"
    own = settings.model_copy(
        update={
            "temporal_address": f"127.0.0.1:{port}",
            "temporal_task_queue": f"restart-{uuid.uuid4().hex[:8]}",
        }
    )
    server = start_dev_server(port=port, ui_port=None, db_file=db_file, log=tmp_path / "t.log")
    worker = WorkerProcess(own, tmp_path / "worker1.log")
    try:
        await worker.ready()
        async with serve(create_app(own)) as http:
            http.headers.update(await sign_up(http))
            workflow = await create_workflow(http, approval_graph(), name="survives")
            run = await start_run(http, workflow["id"], inputs={"amount": 7})
            approval = await pending_approval(http, run["id"])
            auth = dict(http.headers)
        worker.kill()
        stop_dev_server(server, kill=True)
        server = start_dev_server(port=port, ui_port=None, db_file=db_file, log=tmp_path / "t.log")
        worker = WorkerProcess(own, tmp_path / "worker2.log")
        await worker.ready()
        async with serve(create_app(own)) as http:
            http.headers.update(auth)
            response = await http.post(
                f"/api/approvals/{approval['id']}/decision",
                json={"decision": "approved", "form": {"amount": 7}},
            )
            assert response.status_code == 200, response.text
            body = await wait_for_run(http, run["id"], timeout=60)
        assert body["status"] == "completed", body
        assert body["output"] == {"yes": {"paid": 7}}
        # What survived the SIGKILL was in a write-ahead log (worker/dev_server.SQLITE_PRAGMAS).
        with closing(sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)) as db:
            assert db.execute("pragma journal_mode").fetchone() == ("wal",)
    finally:
        worker.stop()
        stop_dev_server(server, kill=True)
