/** LLM tokens and cost per workflow, highest cost first. */
import type { WorkflowUsage } from "../../api/types";
import { formatCount } from "../../dashboard/format";
import { formatCost } from "../../format";
import { Panel } from "./Panel";
import { WorkflowName } from "./WorkflowName";

export function LlmPerWorkflowTable({ usage }: { usage: readonly WorkflowUsage[] }) {
  return (
    <Panel title="LLM usage per workflow">
      {usage.length === 0 ? (
        <p className="muted dash-none">No LLM calls in this range.</p>
      ) : (
        <table className="table dash-table" data-testid="llm-workflows">
          <thead>
            <tr>
              <th>Workflow</th>
              <th className="num">Input tokens</th>
              <th className="num">Output tokens</th>
              <th className="num">Cost</th>
            </tr>
          </thead>
          <tbody>
            {usage.map((u) => (
              <tr key={u.workflow_id} data-workflow-id={u.workflow_id}>
                <td className="dash-name">
                  <WorkflowName id={u.workflow_id} name={u.name} />
                </td>
                <td className="num">{formatCount(u.input_tokens)}</td>
                <td className="num">{formatCount(u.output_tokens)}</td>
                <td className="num">{formatCost(u.cost)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
