/** Runs, newest first, filtered by status and workflow. */
import { useState } from "react";
import { readRuns, readWorkflows } from "../api/endpoints";
import type { RunStatus, RunSummary } from "../api/types";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { Link } from "../components/Link";
import { Loading } from "../components/Loading";
import { StatusBadge } from "../components/StatusBadge";
import { durationMs, formatDuration, formatTime, shortId } from "../format";
import { useAsync } from "../hooks/useAsync";
import { navigate } from "../hooks/useRoute";

const STATUSES: RunStatus[] = ["running", "completed", "failed", "cancelled", "terminated", "timed_out"];
const PAGE = 50;

export function RunList({ workflowId }: { workflowId: string | null }) {
  const [status, setStatus] = useState<RunStatus | "">("");
  const [pages, setPages] = useState(1);
  const workflows = useAsync(readWorkflows, []);
  const runs = useAsync(
    () => readRuns({ workflowId: workflowId ?? undefined, status: status || undefined, limit: PAGE * pages }),
    [workflowId, status, pages],
  );
  const names = new Map((workflows.data?.data ?? []).map((w) => [w.id, w.name]));

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
          <button type="button" onClick={runs.reload}>
            Refresh
          </button>
        </div>
      </div>
      {runs.loading && !runs.data && <Loading label="Loading runs…" />}
      {runs.error && <ErrorState message={runs.error} onRetry={runs.reload} />}
      {runs.data?.count === 0 && (
        <EmptyState title="No runs match">
          Runs appear here when a workflow is run from the editor or the API.
        </EmptyState>
      )}
      {runs.data && runs.data.count > 0 && (
        <>
          <table className="table" data-testid="run-table">
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
                <RunRow key={run.id} run={run} workflowName={names.get(run.workflow_id)} />
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

function RunRow({ run, workflowName }: { run: RunSummary; workflowName: string | undefined }) {
  return (
    <tr>
      <td>
        <StatusBadge status={run.status} />
      </td>
      <td>
        <Link href={`/runs/${run.id}`}>
          <code>{shortId(run.id)}</code>
        </Link>
      </td>
      <td>
        {workflowName ? (
          <Link href={`/workflows/${run.workflow_id}`}>{workflowName}</Link>
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
