/** The headline row: runs, failure rate, LLM usage, pending approvals. */
import type { DashboardPublic } from "../../api/types";
import { summarize } from "../../dashboard/summary";
import { formatCount, formatPercent } from "../../dashboard/format";
import { formatCost } from "../../format";
import { PendingApprovalsTile } from "./PendingApprovalsTile";
import { StatTile } from "./StatTile";

export function SummaryTiles({ doc }: { doc: DashboardPublic }) {
  const s = summarize(doc);
  return (
    <div className="dash-tiles">
      <StatTile
        label="Runs"
        value={formatCount(s.runs)}
        detail={`${formatCount(s.finished)} finished`}
        testId="tile-runs"
      />
      <StatTile
        label="Failure rate"
        value={formatPercent(s.failureRate)}
        detail={`${formatCount(s.failed)} failed or timed out`}
        tone={s.failed ? "bad" : undefined}
      />
      <StatTile label="LLM cost" value={formatCost(s.cost)} detail={`${formatCount(s.tokens)} tokens`} />
      <PendingApprovalsTile pending={doc.pending_approvals} />
    </div>
  );
}
