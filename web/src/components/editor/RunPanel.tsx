/** The shown run: status, links, cancel, per-node states, and the selected node's details. */
import { useEffect, useState } from "react";
import type { RunPublic } from "../../api/types";
import { durationMs, formatDuration, formatTime, shortId } from "../../format";
import { selectedNode, useEditor } from "../../store/editorStore";
import { EmptyState } from "../EmptyState";
import { Link } from "../Link";
import { StatusBadge } from "../StatusBadge";
import { NodeRunDetails } from "./NodeRunDetails";

interface RunPanelProps {
  run: RunPublic | null;
  error: string | null;
  cancelling?: boolean;
  onCancel?(): void;
  /** Hide the link to the run page (when already on it). */
  onRunPage?: boolean;
}

export function RunPanel({ run, error, cancelling, onCancel, onRunPage }: RunPanelProps) {
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

  return (
    <div className="run-panel" data-testid="run-panel" data-run-status={run.status}>
      <div className="run-head">
        <StatusBadge status={run.status} />
        <span>
          run <code title={run.id}>{shortId(run.id)}</code> · v{run.version}
        </span>
      </div>
      <dl className="facts">
        <dt>Started</dt>
        <dd>{formatTime(run.created_at)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(durationMs(run.created_at, run.finished_at, now))}</dd>
      </dl>
      <div className="run-actions">
        {running && onCancel && (
          <button type="button" className="danger" onClick={onCancel} disabled={cancelling}>
            {cancelling ? "Cancelling…" : "Cancel run"}
          </button>
        )}
        <a href={run.temporal_ui_url} target="_blank" rel="noreferrer">
          Temporal UI ↗
        </a>
        {!onRunPage && <Link href={`/runs/${run.id}`}>Run page</Link>}
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
          return (
            <li key={id}>
              <button
                type="button"
                className={`run-node${selected?.id === id ? " active" : ""}`}
                data-testid={`run-node-${id}`}
                onClick={() => selectNode(id)}
              >
                <span className={`dot dot-${state?.status ?? "pending"}`} />
                <span className="run-node-label">{label}</span>
                <span className="muted">
                  {state && state.attempt > 1 ? `#${state.attempt} ` : ""}
                  {formatDuration(durationMs(state?.started_at, state?.finished_at, now))}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {selected && (
        <NodeRunDetails
          nodeId={selected.id}
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
