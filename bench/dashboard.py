"""`python -m bench.dashboard`: time the dashboard over a month of runs on PostgreSQL.

Creates a scratch database, migrates it, fills one workspace with a month of runs (about five
node executions each) and a smaller, unrelated workspace, then times `read_dashboard` plus
its JSON: once cold and warm (p50/p95), and shows where the time goes (each statement of one
call, EXPLAIN ANALYZE of the slowest). Target: < 1 s. `--compare` measures again without the
indexes of migration 0005. "Cold" is the first call of a fresh engine (new connection, no
plans cached); the server's own caches stay warm from the load, emptying them needs a restart.
"""

import argparse
import json
import os
import random
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from sqlalchemy import Engine, event
from sqlmodel import Session

from api.dashboard.summary import percentile, read_dashboard
from api.migrate import migrate
from core.db import make_engine

TARGET_MS = 1000.0
DASHBOARD_INDEXES = ("ix_run_dashboard", "ix_node_execution_dashboard")
MONTH = timedelta(days=30)
NODE_TYPES = ("http.request", "llm.chat", "transform.set", "database.query", "util.delay")
OUTCOMES = {"completed": 92.0, "failed": 5.0, "cancelled": 1.5, "terminated": 0.5, "timed_out": 1.0}
RUN_COLUMNS = (
    "id, workspace_id, workflow_id, version, temporal_workflow_id, temporal_run_id, status, "
    "created_at, finished_at, duration_ms, input_tokens, output_tokens, cost"
)
NODE_COLUMNS = (
    "run_id, workspace_id, workflow_id, node_id, node_type, attempt, status, started_at, "
    "finished_at, duration_ms, output_bytes"
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard", description=__doc__)
    parser.add_argument("--runs", type=int, default=100_000, help="runs of the measured month")
    parser.add_argument("--workflows", type=int, default=20)
    parser.add_argument("--other-runs", type=int, default=20_000, help="another workspace's")
    parser.add_argument("--calls", type=int, default=20, help="warm calls measured")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="sluice_bench_dashboard")
    parser.add_argument(
        "--compare", action="store_true", help="then drop 0005's indexes and measure again"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


class Month:
    """Rows of one workspace: workflows of five nodes each, runs spread over 30 days."""

    def __init__(self, workflows: int, now: datetime, rng: random.Random) -> None:
        self.workspace_id = uuid.uuid4()
        self.now, self.rng = now, rng
        self.workflows = [uuid.uuid4() for _ in range(workflows)]
        # Per workflow: (node id, type, median ms) of its five nodes.
        self.nodes = {
            w: [(f"n{i}", rng.choice(NODE_TYPES), rng.lognormvariate(3.5, 1.5)) for i in range(5)]
            for w in self.workflows
        }

    def rows(self, count: int) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
        """(run row, its node execution rows), `count` times; running runs have no nodes."""
        statuses, weights = list(OUTCOMES), list(OUTCOMES.values())
        for _ in range(count):
            run_id, workflow_id = uuid.uuid4(), self.rng.choice(self.workflows)
            created = self.now - MONTH * self.rng.random()
            status = "running"
            if created < self.now - timedelta(minutes=30):
                status = self.rng.choices(statuses, weights)[0]
            nodes = self._nodes(run_id, workflow_id, created, status)
            finished = max((n[8] for n in nodes if n[8]), default=None)
            calls = sum(n[4] == "llm.chat" and n[6] == "succeeded" for n in nodes)
            tokens_in = sum(self.rng.randint(200, 2000) for _ in range(calls))
            tokens_out = sum(self.rng.randint(50, 500) for _ in range(calls))
            duration = (finished - created).total_seconds() * 1000 + 15 if finished else None
            run = (
                run_id, self.workspace_id, workflow_id, 1, f"bench-{run_id}", "r", status, created,
                finished, duration, tokens_in, tokens_out, (tokens_in * 3 + tokens_out * 15) / 1e6,
            )  # fmt: skip
            yield run, nodes

    def _nodes(
        self, run_id: uuid.UUID, workflow_id: uuid.UUID, at: datetime, status: str
    ) -> list[tuple[Any, ...]]:
        """A chain of five nodes; in a failed run the fourth fails and the fifth is skipped."""
        if status == "running":
            return []
        rows: list[tuple[Any, ...]] = []
        for node_id, node_type, median in self.nodes[workflow_id]:
            ids = (run_id, self.workspace_id, workflow_id, node_id, node_type)
            if rows and rows[-1][6] == "failed":
                rows.append((*ids, 0, "skipped", None, None, None, 0))
                continue
            ms = self.rng.lognormvariate(0, 0.6) * median
            end = at + timedelta(milliseconds=ms)
            outcome = "failed" if status == "failed" and node_id == "n3" else "succeeded"
            rows.append((*ids, 1, outcome, at, end, ms, 120))
            at = end
        return rows


def fill(conn: psycopg.Connection, month: Month, runs: int, label: str) -> int:
    """COPY the workspace, its workflows and `runs` runs; answers node executions written."""
    conn.execute(
        "INSERT INTO workspace (id, name, personal, created_at) VALUES (%s, %s, false, now())",
        (month.workspace_id, label),
    )
    for i, w in enumerate(month.workflows):
        conn.execute(
            "INSERT INTO workflow (id, workspace_id, name, description, latest_version, "
            "created_at, updated_at) VALUES (%s, %s, %s, '', 1, now(), now())",
            (w, month.workspace_id, f"{label} workflow {i + 1:02d}"),
        )
    written, batch, started = 0, 10_000, time.perf_counter()
    rows = month.rows(runs)
    for done in range(0, runs, batch):
        chunk = [next(rows) for _ in range(min(batch, runs - done))]
        with conn.cursor() as cur:
            with cur.copy(f"COPY run ({RUN_COLUMNS}) FROM STDIN") as copy:
                for run, _ in chunk:
                    copy.write_row(run)
            with cur.copy(f"COPY node_execution ({NODE_COLUMNS}) FROM STDIN") as copy:
                for _, nodes in chunk:
                    for node in nodes:
                        copy.write_row(node)
                        written += 1
        conn.commit()
        elapsed = time.perf_counter() - started
        print(
            f"  {label}: {done + len(chunk):>7,} runs, {written:>9,} nodes ({elapsed:.1f} s)",
            flush=True,
        )
    return written


def add_approvals(conn: psycopg.Connection, month: Month, count: int) -> None:
    for i in range(count):
        conn.execute(
            "INSERT INTO approval (id, workspace_id, workflow_id, temporal_workflow_id, node_id, "
            "title, instructions, approver_role, approver_emails, status, created_at) VALUES "
            "(%s, %s, %s, %s, 'ask', 'Ship it?', '', 'operator', '[]', 'pending', %s)",
            (uuid.uuid4(), month.workspace_id, month.workflows[i % len(month.workflows)],
             f"bench-approval-{i}", month.now - timedelta(hours=i)),
        )  # fmt: skip
    conn.commit()


class Statements:
    """Each statement an engine runs while listening: (seconds, SQL, parameters)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.seen: list[tuple[float, str, Any]] = []
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def stop(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    def _before(self, conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        conn.info["bench_started"] = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        self.seen.append((time.perf_counter() - conn.info["bench_started"], statement, params))


def dashboard_ms(engine: Engine, workspace_id: uuid.UUID, now: datetime, **scope: Any) -> float:
    started = time.perf_counter()
    with Session(engine) as session:
        doc = read_dashboard(
            session=session, workspace_id=workspace_id, start=now - MONTH, end=now, **scope
        )
        doc.model_dump_json(by_alias=True)
    return (time.perf_counter() - started) * 1000


def measure(url: str, month: Month, calls: int, title: str) -> tuple[float, float, float]:
    """Prints the figures of one configuration; answers (cold, warm p50, warm p95) in ms."""
    engine = make_engine(url)
    cold = dashboard_ms(engine, month.workspace_id, month.now)
    for _ in range(3):
        dashboard_ms(engine, month.workspace_id, month.now)
    warm = sorted(dashboard_ms(engine, month.workspace_id, month.now) for _ in range(calls))
    one = sorted(
        dashboard_ms(engine, month.workspace_id, month.now, workflow_id=month.workflows[0])
        for _ in range(calls)
    )
    statements = Statements(engine)
    dashboard_ms(engine, month.workspace_id, month.now)
    statements.stop()
    p50, p95 = percentile(warm, 0.5), percentile(warm, 0.95)
    print(f"\n{title}: dashboard of the last 30 days (load average {_load()})")
    print(f"  cold (first call, fresh engine)   {cold:8.1f} ms")
    print(f"  warm p50 / p95 over {calls} calls   {p50:8.1f} / {p95:.1f} ms")
    print(
        f"  one workflow, p50 / p95          {percentile(one, 0.5):8.1f} / "
        f"{percentile(one, 0.95):.1f} ms"
    )
    print("  statements of one warm call:")
    for seconds, sql, _ in statements.seen:
        print(f"    {seconds * 1000:8.1f} ms  {' '.join(sql.split())[:100]}")
    seconds, sql, params = max(statements.seen, key=lambda s: s[0])
    print(f"  EXPLAIN ANALYZE of the slowest ({seconds * 1000:.1f} ms):")
    with engine.connect() as conn:
        for _, statement, _ in statements.seen:
            if statement.startswith("SET LOCAL"):  # the call's settings, in this transaction
                conn.exec_driver_sql(statement)
        plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + sql, params).scalars()
        for line in plan:
            print("    " + line)
    engine.dispose()
    return cold, p50, p95


def without_dashboard_indexes(server: str, database: str) -> None:
    with psycopg.connect(f"{server}/{database}", autocommit=True) as conn:
        for index in DASHBOARD_INDEXES:
            conn.execute(f"DROP INDEX {index}")
        conn.execute("ANALYZE")


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


def main() -> None:
    args = parse_args()
    admin = psycopg.connect(f"{args.server}/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{args.database}"')
    url = f"{args.server}/{args.database}".replace("postgresql://", "postgresql+psycopg://")
    try:
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
        rng, now = random.Random(7), datetime.now(UTC).replace(second=0, microsecond=0)
        month, other = Month(args.workflows, now, rng), Month(5, now, rng)
        print(f"filling {args.database}: {args.runs:,} runs, {args.workflows} workflows, 30 days")
        with psycopg.connect(f"{args.server}/{args.database}") as conn:
            nodes = fill(conn, month, args.runs, "measured")
            fill(conn, other, args.other_runs, "other")
            add_approvals(conn, month, 50)
            conn.autocommit = True
            started = time.perf_counter()
            conn.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load
            print(f"  VACUUM ANALYZE ({time.perf_counter() - started:.1f} s)")
            sizes = conn.execute(
                "SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) FROM pg_class "
                "WHERE relname IN ('run', 'node_execution')"
            ).fetchall()
        print(f"  {args.runs:,} runs, {nodes:,} node executions; sizes {json.dumps(dict(sizes))}")
        figures = {"with 0005 indexes": measure(url, month, args.calls, "with 0005 indexes")}
        if args.compare:
            without_dashboard_indexes(args.server, args.database)
            title = "without 0005 indexes"
            figures[title] = measure(url, month, args.calls, title)
        print(f"\nsummary (target < {TARGET_MS:.0f} ms):")
        for title, (cold, p50, p95) in figures.items():
            met = "met" if max(cold, p95) < TARGET_MS else "NOT MET"
            print(f"  {title:22} cold {cold:7.1f}  p50 {p50:7.1f}  p95 {p95:7.1f} ms  {met}")
    finally:
        if not args.keep:
            admin.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    main()
