/** Per workflow: runs, failure rate and p50/p95 duration of the finished runs. */
import type { WorkflowHealth } from "../../api/types";
import { formatCount, formatMaybeDuration, formatPercent } from "../../dashboard/format";
import { Link } from "../Link";
import { Panel } from "./Panel";
import { WorkflowName } from "./WorkflowName";

export function WorkflowHealthTable({ workflows }: { workflows: readonly WorkflowHealth[] }) {
  return (
    <Panel title="Workflows" aside={<span className="muted">most runs first</span>}>
      <table className="table dash-table" data-testid="dashboard-workflows">
        <thead>
          <tr>
            <th>Workflow</th>
            <th className="num">Runs</th>
            <th className="num" title="Failed or timed out, of the finished runs">
              Failure rate
            </th>
            <th className="num">p50</th>
            <th className="num">p95</th>
          </tr>
        </thead>
        <tbody>
          {workflows.map((w) => (
            <tr key={w.workflow_id} data-workflow-id={w.workflow_id}>
              <td className="dash-name">
                <WorkflowName id={w.workflow_id} name={w.name} />
              </td>
              <td className="num">
                <Link href={`/runs?workflow=${w.workflow_id}`} title="Show these runs">
                  {formatCount(w.runs)}
                </Link>
              </td>
              <td
                className={`num ${w.failure_rate ? "dash-bad" : ""}`}
                title={`${w.failed} of ${w.finished} finished`}
              >
                {formatPercent(w.failure_rate)}
              </td>
              <td className="num">{formatMaybeDuration(w.p50_ms)}</td>
              <td className="num">{formatMaybeDuration(w.p95_ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
