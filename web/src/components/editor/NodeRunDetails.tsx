/** One node's state in a run: attempt, timing, error, output; the approval a waiting node awaits. */
import { useEffect, useState } from "react";
import { readApprovals } from "../../api/endpoints";
import { durationMs, formatDuration, formatJson, formatTime } from "../../format";
import { useAsync } from "../../hooks/useAsync";
import type { LiveNode, RunView } from "../../live/runView";
import { Link } from "../Link";
import { StatusBadge } from "../StatusBadge";

const PREVIEW_CHARS = 20_000;

interface NodeRunDetailsProps {
  run: RunView;
  nodeId: string;
  nodeType: string;
  label: string;
  state: LiveNode | undefined;
}

export function NodeRunDetails({ run, nodeId, nodeType, label, state }: NodeRunDetailsProps) {
  const [full, setFull] = useState(false);
  if (!state) {
    return (
      <section className="node-run" data-testid="node-run-details">
        <h4>{label}</h4>
        <p className="muted">Not reached in this run.</p>
      </section>
    );
  }
  const hasOutput = state.output !== undefined && state.output !== null;
  const output = hasOutput ? formatJson(state.output) : (state.output_preview ?? "");
  const long = output.length > PREVIEW_CHARS;
  const retrying = state.status === "retrying";
  return (
    <section className="node-run" data-testid="node-run-details" data-node-id={nodeId}>
      <h4>
        {label} <StatusBadge status={state.status} />
      </h4>
      <dl className="facts">
        <dt>Attempt</dt>
        <dd>{state.attempt || "—"}</dd>
        <dt>Started</dt>
        <dd>{formatTime(state.started_at) || "—"}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(state.duration_ms ?? durationMs(state.started_at, state.finished_at)) || "—"}</dd>
      </dl>
      {state.status === "waiting" && nodeType === "human.approval" && (
        <ApprovalLink runId={run.id} workflowId={run.workflow_id} nodeId={nodeId} />
      )}
      {state.error && (
        <>
          <h5>{retrying ? `Last error (attempt ${state.attempt - 1})` : "Error"}</h5>
          <pre className={retrying ? "run-error retrying" : "run-error"} data-testid="node-error">
            {state.error}
          </pre>
        </>
      )}
      {output && (
        <>
          <h5>{hasOutput ? "Output" : "Output (preview)"}</h5>
          <pre className="output" data-testid="node-output">
            {long && !full ? `${output.slice(0, PREVIEW_CHARS)}…` : output}
          </pre>
          {long && (
            <button type="button" className="link-button" onClick={() => setFull(!full)}>
              {full ? "Show less" : "Show all"}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** The pending approval this node waits for, found in the inbox by run and node. */
function ApprovalLink({ runId, workflowId, nodeId }: { runId: string; workflowId: string; nodeId: string }) {
  const approvals = useAsync(
    () => readApprovals({ status: "pending", workflowId, mine: false, limit: 500 }),
    [runId, workflowId, nodeId],
  );
  const approval = approvals.data?.data.find((a) => a.run_id === runId && a.node_id === nodeId);
  const { loading, reload } = approvals;
  useEffect(() => {
    // The approval is recorded by an activity as the node starts waiting: look again shortly.
    if (loading || approval) return;
    const timer = setTimeout(reload, 1500);
    return () => clearTimeout(timer);
  }, [loading, approval, reload]);
  if (!approval) {
    return <p className="muted">Waiting for a person to approve or reject it in the approvals inbox.</p>;
  }
  return (
    <p className="approval-link">
      Waiting for a decision: <Link href={`/approvals/${approval.id}`}>{approval.title}</Link>
    </p>
  );
}
