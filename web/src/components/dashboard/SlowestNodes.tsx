/** The ten nodes with the highest p95 duration, as a bar list. */
import type { SlowNode } from "../../api/types";
import { formatCount } from "../../dashboard/format";
import { formatDuration } from "../../format";
import { Panel } from "./Panel";
import { WorkflowName } from "./WorkflowName";

export function SlowestNodes({
  nodes,
  names,
}: {
  nodes: readonly SlowNode[];
  /** Workflow names by id (the node rows carry only ids). */
  names: ReadonlyMap<string, string | null>;
}) {
  const longest = Math.max(0, ...nodes.map((n) => n.p95_ms));
  return (
    <Panel title="Slowest nodes" aside={<span className="muted">by p95 duration</span>}>
      {nodes.length === 0 ? (
        <p className="muted dash-none">No node ran in this range.</p>
      ) : (
        <table className="table dash-table" data-testid="slowest-nodes">
          <thead>
            <tr>
              <th>Node</th>
              <th>Workflow</th>
              <th className="dash-bar-cell">p95</th>
              <th className="num">p50</th>
              <th className="num">max</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((n) => (
              <tr key={`${n.workflow_id}/${n.node_id}`} data-node-id={n.node_id}>
                <td className="dash-name">
                  <code>{n.node_id}</code>
                  <div className="muted">{n.node_type}</div>
                </td>
                <td className="dash-name">
                  <WorkflowName id={n.workflow_id} name={names.get(n.workflow_id)} />
                </td>
                <td className="dash-bar-cell" title={`${formatCount(n.runs)} executions`}>
                  <span
                    className="dash-bar"
                    style={{ width: `${longest ? Math.max(2, (n.p95_ms / longest) * 100) : 0}%` }}
                    aria-hidden
                  />
                  <span className="dash-bar-value">{formatDuration(n.p95_ms)}</span>
                </td>
                <td className="num">{formatDuration(n.p50_ms)}</td>
                <td className="num">{formatDuration(n.max_ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
