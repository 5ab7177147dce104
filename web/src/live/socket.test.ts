import { describe, expect, it } from "vitest";
import { backoffMs, socketUrl } from "./socket";
import { parseWorkspaceEvent } from "./workspaceFeed";

describe("sockets", () => {
  it("builds ws:// or wss:// URLs on the page's host", () => {
    expect(socketUrl("/api/runs/r1/events", { protocol: "http:", host: "127.0.0.1:8000" })).toBe(
      "ws://127.0.0.1:8000/api/runs/r1/events",
    );
    expect(socketUrl("/api/x", { protocol: "https:", host: "sluice.example.com" })).toBe(
      "wss://sluice.example.com/api/x",
    );
  });

  it("backs off from 0.5 s, doubling, up to 10 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(backoffMs)).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it("reads workspace events", () => {
    const event = { seq: 1, type: "run_started", run_id: "r1", status: "running", temporal_workflow_id: "x" };
    expect(parseWorkspaceEvent(JSON.stringify(event))).toMatchObject({ type: "run_started", run_id: "r1" });
    expect(parseWorkspaceEvent({ ...event, type: "run_finished", status: "completed" })?.type).toBe(
      "run_finished",
    );
    expect(parseWorkspaceEvent({ type: "hello" })).toBeNull();
    expect(parseWorkspaceEvent("{")).toBeNull();
  });
});
