import { describe, expect, it } from "vitest";
import type { DashboardPublic } from "../api/types";
import { runsInChart, summarize } from "./summary";

const health = { p50_ms: 10, p95_ms: 20, name: "w" };
const doc: DashboardPublic = {
  from: "2025-03-01T00:00:00Z",
  to: "2025-03-03T00:00:00Z",
  workflow_id: null,
  runs_per_day: [
    { day: "2025-03-01", completed: 3, failed: 1, cancelled: 1, terminated: 0, timed_out: 1, running: 0 },
    { day: "2025-03-02", completed: 0, failed: 0, cancelled: 0, terminated: 0, timed_out: 0, running: 2 },
  ],
  workflows: [
    { ...health, workflow_id: "a", runs: 6, finished: 6, failed: 2, failure_rate: 2 / 6 },
    { ...health, workflow_id: "b", runs: 2, finished: 0, failed: 0, failure_rate: null },
  ],
  slowest_nodes: [],
  llm_per_day: [
    { day: "2025-03-01", input_tokens: 100, output_tokens: 50, cost: 0.01 },
    { day: "2025-03-02", input_tokens: 0, output_tokens: 0, cost: 0 },
  ],
  llm_per_workflow: [],
  pending_approvals: { count: 0, oldest_created_at: null },
};

describe("dashboard summary", () => {
  it("sums runs, failures and LLM usage", () => {
    expect(summarize(doc)).toEqual({
      runs: 8,
      finished: 6,
      failed: 2,
      failureRate: 2 / 6,
      tokens: 150,
      cost: 0.01,
    });
    expect(runsInChart(doc)).toBe(8);
  });

  it("has no failure rate while nothing finished", () => {
    expect(summarize({ ...doc, workflows: [doc.workflows[1]!] }).failureRate).toBeNull();
  });
});
