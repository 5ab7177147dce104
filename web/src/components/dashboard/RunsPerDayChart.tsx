/** Runs created per (UTC) day, stacked by their status. */
import type { RunsOnDay } from "../../api/types";
import { formatCount, formatDay } from "../../dashboard/format";
import { runsInChart } from "../../dashboard/summary";
import { Panel } from "./Panel";
import { StackedBars, type Series } from "./StackedBars";

type Status = Exclude<keyof RunsOnDay, "day">;

const SERIES: readonly Series<Status>[] = [
  { key: "completed", label: "completed", color: "#16a34a" },
  { key: "failed", label: "failed", color: "#dc2626" },
  { key: "timed_out", label: "timed out", color: "#f97316" },
  { key: "terminated", label: "terminated", color: "#7f1d1d" },
  { key: "cancelled", label: "cancelled", color: "#94a3b8" },
  { key: "running", label: "running", color: "#2563eb" },
];

export function RunsPerDayChart({ days }: { days: readonly RunsOnDay[] }) {
  const total = runsInChart({ runs_per_day: [...days] });
  const running = days.reduce((sum, d) => sum + d.running, 0);
  return (
    <Panel title="Runs per day" aside={<span className="muted">{formatCount(total)} runs · UTC days</span>}>
      <div data-testid="runs-chart" data-total-runs={total} data-running={running}>
        <StackedBars
          rows={days.map((d) => ({ key: d.day, label: formatDay(d.day), values: d }))}
          series={SERIES}
          formatValue={formatCount}
          integer
          label={`Runs per day by status, ${total} in all`}
        />
      </div>
    </Panel>
  );
}
