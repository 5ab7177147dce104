/** Runs, newest first, filtered by status, workflow and date; live as runs start and finish. */
import { useEffect, useRef, useState } from "react";
import { readRuns, readWorkflows } from "../api/endpoints";
import type { RunStatus, RunSummary } from "../api/types";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { Link } from "../components/Link";
import { Loading } from "../components/Loading";
import { StatusBadge } from "../components/StatusBadge";
import { dayRange, durationMs, formatDuration, formatTime, shortId } from "../format";
import { useAsync } from "../hooks/useAsync";
import { navigate } from "../hooks/useRoute";
import { useWorkspaceEvents } from "../live/workspaceFeed";

const STATUSES: RunStatus[] = ["running", "completed", "failed", "cancelled", "terminated", "timed_out"];
const PAGE = 50;
const LIVE_DEBOUNCE_MS = 250;

export function RunList({ workflowId }: { workflowId: string | null }) {
  const [status, setStatus] = useState<RunStatus | "">("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [pages, setPages] = useState(1);
  const [liveEvents, setLiveEvents] = useState(0);
  const workflows = useAsync(readWorkflows, []);
  const runs = useAsync(() => {
    const range = dayRange(from, to);
    return readRuns({
      workflowId: workflowId ?? undefined,
      status: status || undefined,
      createdAfter: range.after,
      createdBefore: range.before,
      limit: PAGE * pages,
    });
  }, [workflowId, status, from, to, pages]);

  // Runs starting and finishing in this workspace refresh the list (a burst refreshes once).
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const reload = runs.reload;
  useWorkspaceEvents(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      reload();
      setLiveEvents((n) => n + 1);
    }, LIVE_DEBOUNCE_MS);
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  const filtered = Boolean(status || from || to || workflowId);

  return (
    <div className="page">
      <div className="page-head">
        <h2>Runs</h2>
        <div className="page-actions">
          <label>
            Status{" "}
            <select value={status} onChange={(e) => setStatus(e.target.value as RunStatus | "")}>
              <option value="">any</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.replace("_", " ")}
                </option>
              ))}
            </select>
          </label>
          <label>
            Workflow{" "}
            <select
              value={workflowId ?? ""}
              onChange={(e) => navigate(e.target.value ? `/runs?workflow=${e.target.value}` : "/runs")}
            >
              <option value="">any</option>
              {(workflows.data?.data ?? []).map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            From{" "}
            <input type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To{" "}
            <input type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
          </label>
          <button type="button" onClick={runs.reload}>
            Refresh
          </button>
        </div>
      </div>
      {runs.loading && !runs.data && <Loading label="Loading runs…" />}
      {runs.error && <ErrorState message={runs.error} onRetry={runs.reload} />}
      {runs.data?.count === 0 && (
        <EmptyState title={filtered ? "No runs match" : "No runs yet"}>
          {filtered
            ? "Change the filters to see more runs."
            : "Runs appear here when a workflow is run from the editor, the API, a webhook or a schedule."}
        </EmptyState>
      )}
      {runs.data && runs.data.count > 0 && (
        <>
          <table className="table" data-testid="run-table" data-live-refreshes={liveEvents}>
            <thead>
              <tr>
                <th>Status</th>
                <th>Run</th>
                <th>Workflow</th>
                <th>Started</th>
                <th>Duration</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.data.map((run) => (
                <RunRow key={run.id} run={run} />
              ))}
            </tbody>
          </table>
          {runs.data.count > runs.data.data.length && (
            <button
              type="button"
              className="load-more"
              onClick={() => setPages(pages + 1)}
              disabled={runs.loading}
            >
              Show more ({runs.data.count - runs.data.data.length} left)
            </button>
          )}
        </>
      )}
    </div>
  );
}

function RunRow({ run }: { run: RunSummary }) {
  return (
    <tr data-testid={`run-row-${run.id}`} data-status={run.status}>
      <td>
        <StatusBadge status={run.status} />
      </td>
      <td>
        <Link href={`/runs/${run.id}`}>
          <code>{shortId(run.id)}</code>
        </Link>
        {run.retry_of && (
          <span className="muted" title={`Retry of run ${run.retry_of}`}>
            {" "}
            ↻ retry
          </span>
        )}
      </td>
      <td>
        {run.workflow_name ? (
          <Link href={`/workflows/${run.workflow_id}`}>{run.workflow_name}</Link>
        ) : (
          <span className="muted">deleted workflow</span>
        )}{" "}
        <span className="muted">v{run.version}</span>
      </td>
      <td>{formatTime(run.created_at)}</td>
      <td>{run.finished_at ? formatDuration(durationMs(run.created_at, run.finished_at)) : "…"}</td>
    </tr>
  );
}
