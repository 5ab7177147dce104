/** One node's state in a run: attempt, timing, error and output. */
import { useState } from "react";
import type { NodeRunState } from "../../api/types";
import { durationMs, formatDuration, formatJson, formatTime } from "../../format";
import { StatusBadge } from "../StatusBadge";

const PREVIEW_CHARS = 20_000;

interface NodeRunDetailsProps {
  nodeId: string;
  label: string;
  state: NodeRunState | undefined;
}

export function NodeRunDetails({ nodeId, label, state }: NodeRunDetailsProps) {
  const [full, setFull] = useState(false);
  if (!state) {
    return (
      <section className="node-run" data-testid="node-run-details">
        <h4>{label}</h4>
        <p className="muted">Not reached in this run.</p>
      </section>
    );
  }
  const output = formatJson(state.output);
  const long = output.length > PREVIEW_CHARS;
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
        <dd>{formatDuration(durationMs(state.started_at, state.finished_at)) || "—"}</dd>
      </dl>
      {state.error && (
        <>
          <h5>Error</h5>
          <pre className="run-error" data-testid="node-error">
            {state.error}
          </pre>
        </>
      )}
      {state.output !== undefined && state.output !== null && (
        <>
          <h5>Output</h5>
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
