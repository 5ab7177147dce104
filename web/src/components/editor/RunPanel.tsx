/** The shown run: status, links, cancel/retry, LLM totals, per-node states, the selected node. */
import { useEffect, useState } from "react";
import { durationMs, formatCost, formatDuration, formatTime, shortId } from "../../format";
import type { FeedTransport } from "../../live/runFeed";
import type { RunView } from "../../live/runView";
import { selectedNode, useEditor } from "../../store/editorStore";
import { EmptyState } from "../EmptyState";
import { Link } from "../Link";
import { StatusBadge } from "../StatusBadge";
import { NodeRunDetails } from "./NodeRunDetails";

/** Runs that may start again from their failed node. */
export const RETRYABLE = new Set(["failed", "cancelled", "terminated", "timed_out"]);

interface RunPanelProps {
  run: RunView | null;
  error: string | null;
  /** How updates arrive now; shown, and exposed as data-transport for the browser tests. */
  transport?: FeedTransport;
  polls?: number;
  cancelling?: boolean;
  onCancel?(): void;
  retrying?: boolean;
  onRetry?(): void;
  /** Hide the link to the run page (when already on it). */
  onRunPage?: boolean;
}

const TRANSPORT_TEXT: Record<FeedTransport, string> = {
  connecting: "connecting…",
  websocket: "live",
  polling: "live (polling)",
  ended: "",
};

export function RunPanel(props: RunPanelProps) {
  const { run, error, transport = "ended", polls = 0, cancelling, onCancel, retrying, onRetry } = props;
  const nodes = useEditor((s) => s.nodes);
  const selected = useEditor((s) => selectedNode(s.nodes));
  const selectNode = useEditor((s) => s.selectNode);
  const now = useTicker(run?.status === "running");

  if (!run) {
    if (error)
      return (
        <p className="field-error" role="alert">
          {error}
        </p>
      );
    return (
      <EmptyState title="No run yet">
        Press Run to start one; each node shows its progress here and on the canvas.
      </EmptyState>
    );
  }
  const running = run.status === "running";
  const ids = [
    ...nodes.map((n) => n.id),
    ...Object.keys(run.nodes).filter((id) => !nodes.some((n) => n.id === id)),
  ];
  const totals = run.totals ?? {};
  const tokens = (totals.input_tokens ?? 0) + (totals.output_tokens ?? 0);

  return (
    <div
      className="run-panel"
      data-testid="run-panel"
      data-run-status={run.status}
      data-transport={transport}
      data-fallback-polls={polls}
    >
      <div className="run-head">
        <StatusBadge status={run.status} />
        <span>
          run <code title={run.id}>{shortId(run.id)}</code> · v{run.version}
        </span>
        {TRANSPORT_TEXT[transport] && (
          <span className={`live-tag live-${transport}`} title="How updates arrive">
            {TRANSPORT_TEXT[transport]}
          </span>
        )}
      </div>
      <dl className="facts">
        <dt>Started</dt>
        <dd>{formatTime(run.created_at)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(durationMs(run.created_at, run.finished_at, now))}</dd>
        {run.retry_of && (
          <>
            <dt>Retry of</dt>
            <dd>
              <Link href={`/runs/${run.retry_of}`}>
                run <code>{shortId(run.retry_of)}</code>
              </Link>
            </dd>
          </>
        )}
        {tokens > 0 && (
          <>
            <dt>LLM tokens</dt>
            <dd data-testid="run-tokens">
              {(totals.input_tokens ?? 0).toLocaleString()} in ·{" "}
              {(totals.output_tokens ?? 0).toLocaleString()} out
            </dd>
          </>
        )}
        {totals.cost !== undefined && totals.cost > 0 && (
          <>
            <dt>LLM cost</dt>
            <dd data-testid="run-cost">{formatCost(totals.cost)}</dd>
          </>
        )}
      </dl>
      <div className="run-actions">
        {running && onCancel && (
          <button type="button" className="danger" onClick={onCancel} disabled={cancelling}>
            {cancelling ? "Cancelling…" : "Cancel run"}
          </button>
        )}
        {RETRYABLE.has(run.status) && onRetry && (
          <button
            type="button"
            onClick={onRetry}
            disabled={retrying}
            title="A new run of this version and inputs; nodes that succeeded keep their outputs"
          >
            {retrying ? "Retrying…" : "Retry from failed node"}
          </button>
        )}
        <a href={run.temporal_ui_url} target="_blank" rel="noreferrer">
          Temporal UI ↗
        </a>
        {!props.onRunPage && <Link href={`/runs/${run.id}`}>Run page</Link>}
      </div>
      {run.error && (
        <pre className="run-error" role="alert" data-testid="run-error">
          {run.error}
        </pre>
      )}
      {error && <p className="field-error">Updates interrupted: {error}</p>}
      <h4>Nodes</h4>
      <ul className="run-nodes">
        {ids.map((id) => {
          const state = run.nodes[id];
          const label = nodes.find((n) => n.id === id)?.data.label || id;
          const status = state?.status ?? "pending";
          return (
            <li key={id}>
              <button
                type="button"
                className={`run-node${selected?.id === id ? " active" : ""}`}
                data-testid={`run-node-${id}`}
                data-status={status}
                onClick={() => selectNode(id)}
              >
                <span className={`dot dot-${status}`} />
                <span className="run-node-label">{label}</span>
                <span className="muted">
                  {status === "waiting" ? "waiting " : status === "retrying" ? "retrying " : ""}
                  {state && state.attempt > 1 ? `#${state.attempt} ` : ""}
                  {status !== "waiting" &&
                    formatDuration(
                      state?.duration_ms ?? durationMs(state?.started_at, state?.finished_at, now),
                    )}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {selected && (
        <NodeRunDetails
          run={run}
          nodeId={selected.id}
          nodeType={selected.type ?? ""}
          label={selected.data.label || selected.id}
          state={run.nodes[selected.id]}
        />
      )}
    </div>
  );
}

/** The current time, refreshed every 200 ms while `live`, so running durations count up. */
function useTicker(live: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, [live]);
  return live ? now : Date.now();
}
