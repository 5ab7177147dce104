/** The dashboard: runs, workflow health, slow nodes, LLM usage and approvals over a time range. */
import { useMemo, useState } from "react";
import { readDashboard, readWorkflows } from "../api/endpoints";
import type { DashboardPublic } from "../api/types";
import { LlmPerDayChart } from "../components/dashboard/LlmPerDayChart";
import { LlmPerWorkflowTable } from "../components/dashboard/LlmPerWorkflowTable";
import { PendingApprovalsTile } from "../components/dashboard/PendingApprovalsTile";
import { RangePicker, type RangeChoice } from "../components/dashboard/RangePicker";
import { RunsPerDayChart } from "../components/dashboard/RunsPerDayChart";
import { SlowestNodes } from "../components/dashboard/SlowestNodes";
import { SummaryTiles } from "../components/dashboard/SummaryTiles";
import { WorkflowHealthTable } from "../components/dashboard/WorkflowHealthTable";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { Link } from "../components/Link";
import { Loading } from "../components/Loading";
import { customRange, presetRange, utcDay, type TimeRange } from "../dashboard/range";
import { runsInChart } from "../dashboard/summary";
import { useAsync } from "../hooks/useAsync";

const DAY = 86_400_000;

export function DashboardPage() {
  const [now, setNow] = useState(() => Date.now());
  const [choice, setChoice] = useState<RangeChoice>(() => ({
    preset: "30d",
    fromDay: utcDay(now - 6 * DAY),
    toDay: utcDay(now),
  }));
  const [workflowId, setWorkflowId] = useState("");
  const workflows = useAsync(readWorkflows, []);

  const picked = useMemo((): { range: TimeRange } | { error: string } => {
    if (choice.preset === "custom") return customRange(choice.fromDay, choice.toDay);
    return { range: presetRange(choice.preset, now) };
  }, [choice, now]);
  const range = "range" in picked ? picked.range : null;

  const dashboard = useAsync(
    () =>
      range
        ? readDashboard({ from: range.from, to: range.to, workflowId: workflowId || undefined })
        : Promise.resolve(null),
    [range?.from, range?.to, workflowId],
  );
  const refresh = () => {
    setNow(Date.now()); // presets end now
    dashboard.reload();
  };

  return (
    <div className="page dashboard" data-testid="dashboard" data-loading={dashboard.loading}>
      <div className="page-head">
        <h2>Dashboard</h2>
        <div className="page-actions">
          <RangePicker value={choice} onChange={setChoice} error={"error" in picked ? picked.error : null} />
          <label>
            Workflow{" "}
            <select
              value={workflowId}
              onChange={(e) => setWorkflowId(e.target.value)}
              data-testid="dashboard-workflow"
            >
              <option value="">all</option>
              {(workflows.data?.data ?? []).map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={refresh} disabled={dashboard.loading && !dashboard.data}>
            Refresh
          </button>
        </div>
      </div>
      {"error" in picked && (
        <p className="field-error dash-range-error" role="alert">
          {picked.error}
        </p>
      )}
      {range && dashboard.loading && !dashboard.data && <Loading label="Loading the dashboard…" />}
      {dashboard.error && <ErrorState message={dashboard.error} onRetry={dashboard.reload} />}
      {dashboard.data && <Figures doc={dashboard.data} filtered={Boolean(workflowId)} />}
    </div>
  );
}

function Figures({ doc, filtered }: { doc: DashboardPublic; filtered: boolean }) {
  const names = useMemo(
    () => new Map([...doc.workflows, ...doc.llm_per_workflow].map((w) => [w.workflow_id, w.name])),
    [doc],
  );
  if (runsInChart(doc) === 0 && doc.workflows.length === 0) {
    return (
      <>
        <EmptyState
          title="No runs in this range"
          action={filtered ? undefined : <Link href="/">Open the workflows</Link>}
        >
          {filtered
            ? "This workflow did not run in the chosen range; pick a longer range or another workflow."
            : "Figures appear here once workflows run. Pick a longer range to look further back."}
        </EmptyState>
        {doc.pending_approvals.count > 0 && (
          <div className="dash-tiles dash-tiles-single">
            <PendingApprovalsTile pending={doc.pending_approvals} />
          </div>
        )}
      </>
    );
  }
  return (
    <>
      <SummaryTiles doc={doc} />
      <div className="dash-grid">
        <RunsPerDayChart days={doc.runs_per_day} />
        <LlmPerDayChart days={doc.llm_per_day} />
        <WorkflowHealthTable workflows={doc.workflows} />
        <SlowestNodes nodes={doc.slowest_nodes} names={names} />
        <LlmPerWorkflowTable usage={doc.llm_per_workflow} />
      </div>
    </>
  );
}
