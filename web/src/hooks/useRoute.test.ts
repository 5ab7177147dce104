import { describe, expect, it } from "vitest";
import { parseRoute } from "./useRoute";

describe("parseRoute", () => {
  it.each([
    ["/", { page: "workflows" }],
    ["/workflows", { page: "workflows" }],
    ["/workflows/new", { page: "editor", workflowId: null, version: null }],
    ["/workflows/abc", { page: "editor", workflowId: "abc", version: null }],
    ["/workflows/abc/versions/2", { page: "editor", workflowId: "abc", version: 2 }],
    ["/workflows/abc/versions/0", { page: "not-found" }],
    ["/runs", { page: "runs", workflowId: null }],
    ["/runs/r1", { page: "run", runId: "r1" }],
    ["/approvals", { page: "approvals" }],
    ["/approvals/a1", { page: "approval", approvalId: "a1" }],
    ["/approvals/a1/x", { page: "not-found" }],
    ["/credentials", { page: "credentials" }],
    ["/dashboard", { page: "dashboard" }],
    ["/dashboard/x", { page: "not-found" }],
    ["/nope/x/y", { page: "not-found" }],
  ])("%s", (path, route) => {
    expect(parseRoute(path)).toEqual(route);
  });

  it("reads the run list's workflow filter", () => {
    expect(parseRoute("/runs", "?workflow=w1")).toEqual({ page: "runs", workflowId: "w1" });
  });
});
