/** The dashboard's headline figures, summed from the API's document. */
import type { DashboardPublic } from "../api/types";

export interface Summary {
  runs: number;
  finished: number;
  failed: number;
  /** failed / finished; null while nothing finished. */
  failureRate: number | null;
  tokens: number;
  cost: number;
}

export function summarize(doc: DashboardPublic): Summary {
  let runs = 0;
  let finished = 0;
  let failed = 0;
  for (const w of doc.workflows) {
    runs += w.runs;
    finished += w.finished;
    failed += w.failed;
  }
  let tokens = 0;
  let cost = 0;
  for (const d of doc.llm_per_day) {
    tokens += d.input_tokens + d.output_tokens;
    cost += d.cost;
  }
  return { runs, finished, failed, failureRate: finished ? failed / finished : null, tokens, cost };
}

/** Runs drawn in the per-day chart: every status of every day. */
export function runsInChart(doc: Pick<DashboardPublic, "runs_per_day">): number {
  return doc.runs_per_day.reduce(
    (sum, d) => sum + d.completed + d.failed + d.cancelled + d.terminated + d.timed_out + d.running,
    0,
  );
}
