/** The approvals inbox: pending approvals I may decide by default; filters by status and workflow. */
import { useEffect, useState } from "react";
import { readApprovals, readWorkflows } from "../api/endpoints";
import type { ApprovalPublic, ApprovalStatus } from "../api/types";
import { approvalPath, expiryText, whoMayDecide } from "../approvals/approvalForm";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { Link } from "../components/Link";
import { Loading } from "../components/Loading";
import { StatusBadge } from "../components/StatusBadge";
import { formatTime, relativeTime, shortId } from "../format";
import { useAsync } from "../hooks/useAsync";
import { useWorkspaceEvents } from "../live/workspaceFeed";
import { useApprovalBadge } from "../store/approvalStore";

const STATUSES: ApprovalStatus[] = ["pending", "approved", "rejected", "timeout", "closed"];
/** Approvals open without a workspace event: look again this often while the inbox is shown. */
const REFRESH_MS = 10_000;

export function ApprovalsPage() {
  const [status, setStatus] = useState<ApprovalStatus>("pending");
  const [workflowId, setWorkflowId] = useState("");
  const [mine, setMine] = useState(true);
  const workflows = useAsync(readWorkflows, []);
  const approvals = useAsync(
    () => readApprovals({ status, workflowId: workflowId || undefined, mine, limit: 200 }),
    [status, workflowId, mine],
  );
  const names = new Map((workflows.data?.data ?? []).map((w) => [w.id, w.name]));
  const { reload, data } = approvals;

  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  useWorkspaceEvents(reload);
  useEffect(() => {
    // The unfiltered pending list is the badge's count: keep them in step.
    if (data && status === "pending" && mine && !workflowId)
      useApprovalBadge.setState({ pending: data.count });
  }, [data, status, mine, workflowId]);

  return (
    <div className="page">
      <div className="page-head">
        <h2>Approvals</h2>
        <div className="page-actions">
          <label>
            Status{" "}
            <select value={status} onChange={(e) => setStatus(e.target.value as ApprovalStatus)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Workflow{" "}
            <select value={workflowId} onChange={(e) => setWorkflowId(e.target.value)}>
              <option value="">any</option>
              {(workflows.data?.data ?? []).map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
          <label className="checkbox-label">
            <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} /> Only ones I
            may decide
          </label>
          <button type="button" onClick={reload}>
            Refresh
          </button>
        </div>
      </div>
      {approvals.loading && !approvals.data && <Loading label="Loading approvals…" />}
      {approvals.error && <ErrorState message={approvals.error} onRetry={reload} />}
      {approvals.data?.count === 0 && (
        <EmptyState title={status === "pending" ? "Nothing waits for you" : `No ${status} approvals`}>
          {status === "pending"
            ? "When a run reaches an Approval node you may decide, it waits here until you approve or reject it."
            : "Change the filters to see other approvals."}
        </EmptyState>
      )}
      {approvals.data && approvals.data.count > 0 && (
        <table className="table" data-testid="approval-table">
          <thead>
            <tr>
              <th>Approval</th>
              <th>Who may decide</th>
              <th>{status === "pending" ? "Expires" : "Decided"}</th>
              <th>Run</th>
              <th>Requested</th>
            </tr>
          </thead>
          <tbody>
            {approvals.data.data.map((a) => (
              <ApprovalRow
                key={a.id}
                approval={a}
                workflowName={a.workflow_id ? names.get(a.workflow_id) : undefined}
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ApprovalRow({
  approval,
  workflowName,
}: {
  approval: ApprovalPublic;
  workflowName: string | undefined;
}) {
  const pending = approval.status === "pending";
  return (
    <tr data-testid={`approval-${approval.id}`} data-status={approval.status}>
      <td className="approval-cell">
        <Link href={approvalPath(approval)} className="approval-title">
          {approval.title}
        </Link>
        {!pending && (
          <>
            {" "}
            <StatusBadge status={approval.status} />
          </>
        )}
        {approval.instructions && <div className="muted clamp">{approval.instructions}</div>}
      </td>
      <td>{whoMayDecide(approval)}</td>
      <td title={formatTime(pending ? approval.expires_at : approval.decided_at)}>
        {pending
          ? expiryText(approval.expires_at)
          : `${approval.decided_by ?? "nobody"}${approval.decided_at ? `, ${relativeTime(approval.decided_at)}` : ""}`}
      </td>
      <td>
        {approval.run_id ? (
          <Link href={`/runs/${approval.run_id}`}>
            run <code>{shortId(approval.run_id)}</code>
          </Link>
        ) : (
          <span className="muted">—</span>
        )}
        {workflowName && <div className="muted">{workflowName}</div>}
      </td>
      <td title={formatTime(approval.created_at)}>{relativeTime(approval.created_at)}</td>
    </tr>
  );
}
