import { describe, expect, it } from "vitest";
import type { RunPublic } from "../api/types";
import {
  applyEvent,
  applyRun,
  fromRun,
  isFinished,
  mergeNode,
  newlyWaiting,
  parseRunEvent,
  type RunEvent,
  type RunView,
} from "./runView";

const run = (patch: Partial<RunPublic> = {}): RunPublic => ({
  id: "r1",
  workspace_id: "ws",
  workflow_id: "wf",
  version: 2,
  status: "running",
  temporal_ui_url: "http://temporal/r1",
  created_at: "2025-01-01T10:00:00Z",
  nodes: {},
  totals: {},
  billed: {},
  ...patch,
});

const pending = { status: "pending" as const, attempt: 0 };
let seq = 0;
const node = (node_id: string, state: Record<string, unknown>): RunEvent =>
  ({ seq: ++seq, type: "node", node_id, ...state }) as RunEvent;

/** Feed a run's events, in order, to a view built from its first GET. */
const replay = (first: RunPublic, ...events: RunEvent[]): RunView =>
  events.reduce(applyEvent, fromRun(first, "fetch"));

describe("the event → node-state reducer", () => {
  it("a snapshot replaces what the first GET showed, then node events move each node on", () => {
    const view = replay(
      run({ nodes: { trigger: pending, fetch: pending, approve: pending } }),
      {
        seq: 1,
        type: "snapshot",
        status: "running",
        nodes: {
          trigger: { status: "succeeded", attempt: 1 },
          fetch: { status: "running", attempt: 1 },
          approve: pending,
        },
      },
      node("fetch", {
        status: "succeeded",
        attempt: 1,
        duration_ms: 812.5,
        output_preview: '{"status": 200}',
      }),
      node("approve", { status: "running", attempt: 1 }),
      node("approve", { status: "waiting", attempt: 1 }),
    );
    expect(view.nodes.trigger).toMatchObject({ status: "succeeded", via: "websocket" });
    expect(view.nodes.fetch).toMatchObject({
      status: "succeeded",
      duration_ms: 812.5,
      output_preview: '{"status": 200}',
      via: "websocket",
    });
    expect(view.nodes.approve).toMatchObject({ status: "waiting", via: "websocket" });
    expect(isFinished(view)).toBe(false);
  });

  it("shows retrying with the attempt and the last error until the node ends", () => {
    let view = replay(
      run({ nodes: { fetch: { status: "running", attempt: 1 } } }),
      node("fetch", { status: "retrying", attempt: 2, error: "HTTP 503 from api", will_retry: true }),
    );
    expect(view.nodes.fetch).toMatchObject({ status: "retrying", attempt: 2, error: "HTTP 503 from api" });

    // A poll while attempt 3 runs says "running" without an error: still retrying, error kept.
    view = applyRun(view, run({ nodes: { fetch: { status: "running", attempt: 3 } } }), "polling");
    expect(view.nodes.fetch).toMatchObject({ status: "retrying", attempt: 3, error: "HTTP 503 from api" });

    view = applyEvent(view, node("fetch", { status: "succeeded", attempt: 3, error: null }));
    expect(view.nodes.fetch).toMatchObject({
      status: "succeeded",
      attempt: 3,
      error: null,
      via: "websocket",
    });
  });

  it("a snapshot's running node past attempt 1 is retrying", () => {
    const view = replay(run(), {
      seq: 1,
      type: "snapshot",
      status: "running",
      nodes: { fetch: { status: "running", attempt: 4, error: "timeout" } },
    });
    expect(view.nodes.fetch).toMatchObject({ status: "retrying", attempt: 4, error: "timeout" });
  });

  it("never moves a node backwards when an older view arrives late", () => {
    const view = replay(run(), node("a", { status: "succeeded", attempt: 1 }));
    const late = applyRun(view, run({ nodes: { a: { status: "running", attempt: 1 } } }), "polling");
    expect(late.nodes.a).toMatchObject({ status: "succeeded", via: "websocket" });
    const waiting = replay(run(), node("b", { status: "waiting", attempt: 1 }));
    expect(applyEvent(waiting, node("b", { status: "running", attempt: 1 })).nodes.b?.status).toBe("waiting");
  });

  it("the run event ends the run with its error, output and LLM totals", () => {
    const view = replay(run(), {
      seq: 9,
      type: "run",
      status: "completed",
      error: null,
      output: { ok: true },
      totals: { input_tokens: 120, output_tokens: 30, cost: 0.0012 },
    });
    expect(view).toMatchObject({ status: "completed", output: { ok: true }, totals: { cost: 0.0012 } });
    expect(isFinished(view)).toBe(true);
  });

  it("the full run fetched at the end adds outputs but keeps which transport delivered each status", () => {
    const live = replay(
      run({ nodes: { a: pending } }),
      node("a", { status: "succeeded", attempt: 1, output_preview: '{"n": 1}' }),
      { seq: 3, type: "run", status: "completed" },
    );
    const full = applyRun(
      live,
      run({ status: "completed", nodes: { a: { status: "succeeded", attempt: 1, output: { n: 1 } } } }),
      "fetch",
    );
    expect(full.nodes.a).toMatchObject({ status: "succeeded", output: { n: 1 }, via: "websocket" });
  });

  it("a stale GET does not reopen a run the socket saw end", () => {
    const ended = replay(run(), { seq: 1, type: "run", status: "failed", error: "fetch: HTTP 404" });
    const stale = applyRun(ended, run({ status: "running" }), "fetch");
    expect(stale).toMatchObject({ status: "failed", error: "fetch: HTTP 404" });
  });

  it("mergeNode drops a stale output preview when the status moves on", () => {
    const merged = mergeNode(
      { status: "running", attempt: 1, output_preview: "old", via: "fetch" },
      { status: "failed", attempt: 1, error: "boom" },
      "polling",
    );
    expect(merged).toMatchObject({ status: "failed", error: "boom", output_preview: null, via: "polling" });
  });

  it("finds nodes that just started waiting", () => {
    const before = replay(run(), node("ask", { status: "running", attempt: 1 }));
    const after = applyEvent(before, node("ask", { status: "waiting", attempt: 1 }));
    expect(newlyWaiting(before, after)).toEqual(["ask"]);
    expect(newlyWaiting(after, after)).toEqual([]);
  });
});

describe("parseRunEvent", () => {
  it("reads the three event types from text or objects", () => {
    expect(parseRunEvent('{"seq":1,"type":"snapshot","status":"running","nodes":{}}')?.type).toBe("snapshot");
    expect(parseRunEvent({ seq: 2, type: "node", node_id: "a", status: "waiting", attempt: 1 })?.type).toBe(
      "node",
    );
    expect(parseRunEvent({ seq: 3, type: "run", status: "completed" })?.type).toBe("run");
  });

  it("ignores what it does not understand", () => {
    expect(parseRunEvent("not json")).toBeNull();
    expect(parseRunEvent({ type: "node", node_id: "a", status: "exploded", attempt: 1 })).toBeNull();
    expect(
      parseRunEvent({ type: "snapshot", status: "running", nodes: { a: { status: "running" } } }),
    ).toBeNull();
    expect(parseRunEvent({ type: "hello" })).toBeNull();
    expect(parseRunEvent(null)).toBeNull();
  });
});
