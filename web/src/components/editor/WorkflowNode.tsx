/** A node on the canvas: label, type, ports, problems, and its state in the shown run. */
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { memo, useEffect, useMemo } from "react";
import { durationMs, formatDuration } from "../../format";
import type { FlowNode } from "../../graph/model";
import { inputPorts, outputPorts } from "../../graph/ports";
import { validate } from "../../schema/validate";
import { useCatalog } from "../../store/catalogStore";
import { useEditor } from "../../store/editorStore";
import { useRunView } from "../../store/runStore";

function WorkflowNodeView({ id, type, data, selected }: NodeProps<FlowNode>) {
  const info = useCatalog((s) => s.byType[type]);
  const state = useRunView((s) => s.run?.nodes[id]);
  const serverProblems = useEditor((s) => s.serverProblems.byNode[id]?.length ?? 0);
  const localProblems = useMemo(
    () => (info ? validate(info.config_schema, data.config).length : 0),
    [info, data.config],
  );
  const problems = serverProblems + localProblems;
  const inputs = inputPorts(info);
  const outputs = outputPorts(info, data);
  const updateNodeInternals = useUpdateNodeInternals();
  const portKey = `${inputs.join(",")}|${outputs.join(",")}`;
  // Handles come and go with the config (continue_on_error, configured ports): re-measure them.
  useEffect(() => updateNodeInternals(id), [id, portKey, updateNodeInternals]);
  const minHeight = Math.max(64, Math.max(inputs.length, outputs.length) * 22 + 12);
  const status = state?.status ?? "idle";
  const duration = formatDuration(state?.duration_ms ?? durationMs(state?.started_at, state?.finished_at));
  const retrying = status === "retrying";

  return (
    <div
      className={`wf-node status-${status}${selected ? " selected" : ""}${problems ? " has-problems" : ""}${outputs.length > 1 ? " many-outputs" : ""}`}
      data-testid={`node-${id}`}
      data-status={status}
      data-attempt={state?.attempt}
      data-updated-by={state?.via}
      title={state?.error ?? info?.description}
      style={{ minHeight }}
    >
      <div className={`wf-node-strip kind-${info?.kind ?? "unknown"}`} />
      <div className="wf-node-body">
        <div className="wf-node-label">{data.label || info?.label || type}</div>
        <div className="wf-node-type">
          {info ? info.label : `unknown type ${type}`} · {id}
        </div>
        {state && (
          <div className="wf-node-state">
            <span className={`dot dot-${status}`} /> {STATUS_TEXT[status] ?? status}
            {state.attempt > 1 && ` · attempt ${state.attempt}`}
            {duration && status !== "waiting" && ` · ${duration}`}
          </div>
        )}
        {retrying && state?.error && (
          <div className="wf-node-last-error" data-testid={`node-${id}-last-error`}>
            last error: {state.error}
          </div>
        )}
      </div>
      {problems > 0 && (
        <span
          className="wf-node-problems"
          title={`${problems} problem${problems > 1 ? "s" : ""} in its settings`}
        >
          !
        </span>
      )}
      <Ports ports={inputs} kind="target" />
      <Ports ports={outputs} kind="source" />
    </div>
  );
}

function Ports({ ports, kind }: { ports: string[]; kind: "source" | "target" }) {
  const side = kind === "source" ? Position.Right : Position.Left;
  return ports.map((port, i) => {
    const top = `${((i + 1) / (ports.length + 1)) * 100}%`;
    return (
      <Handle
        key={port}
        id={port}
        type={kind}
        position={side}
        style={{ top }}
        className={`port port-${port}`}
      >
        {ports.length > 1 && <span className={`port-label port-label-${kind}`}>{port}</span>}
      </Handle>
    );
  });
}

const STATUS_TEXT: Record<string, string> = {
  waiting: "waiting for approval",
};

export const WorkflowNode = memo(WorkflowNodeView);
