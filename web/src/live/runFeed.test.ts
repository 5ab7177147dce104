import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import type { RunPublic } from "../api/types";
import { POLL_INTERVAL_MS, RunFeed, type FeedDeps, type FeedState } from "./runFeed";
import type { SocketLike } from "./socket";

class FakeSocket implements SocketLike {
  onopen: SocketLike["onopen"] = null;
  onmessage: SocketLike["onmessage"] = null;
  onclose: SocketLike["onclose"] = null;
  onerror: SocketLike["onerror"] = null;
  sent: string[] = [];
  closed = false;
  constructor(readonly path: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.({});
  }
  emit(event: object) {
    this.onmessage?.({ data: JSON.stringify(event) });
  }
  drop(code = 1006, reason = "") {
    this.onclose?.({ code, reason });
  }
}

const base: RunPublic = {
  id: "r1",
  workspace_id: "ws",
  workflow_id: "wf",
  version: 1,
  status: "running",
  temporal_ui_url: "",
  created_at: "2025-01-01T10:00:00Z",
  nodes: { a: { status: "pending", attempt: 0 } },
  totals: {},
  billed: {},
};

function setup(answers: Array<RunPublic | Error> = [base]) {
  const sockets: FakeSocket[] = [];
  const reads: number[] = [];
  const states: FeedState[] = [];
  let i = 0;
  const deps: FeedDeps = {
    openSocket: (path) => {
      const socket = new FakeSocket(path);
      sockets.push(socket);
      return socket;
    },
    hello: () => ({ token: "access-1", workspace_id: "ws" }),
    refreshTokens: vi.fn(() => Promise.resolve(true)),
    readRun: () => {
      reads.push(Date.now());
      const answer = answers[Math.min(i++, answers.length - 1)] as RunPublic | Error;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
  const feed = new RunFeed("r1", deps, (s) => states.push(s));
  return { feed, deps, sockets, reads, last: () => feed.current, states };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

describe("RunFeed", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("authenticates, then follows the socket without polling; fetches the full run once at the end", async () => {
    const done: RunPublic = {
      ...base,
      status: "completed",
      nodes: { a: { status: "succeeded", attempt: 1, output: { n: 1 } } },
    };
    const { feed, sockets, reads, last } = setup([base, done]);
    feed.start();
    await flush();
    const socket = sockets[0]!;
    expect(socket.path).toBe("/api/runs/r1/events");
    socket.open();
    expect(JSON.parse(socket.sent[0]!)).toEqual({ token: "access-1", workspace_id: "ws" });

    socket.emit({
      seq: 1,
      type: "snapshot",
      status: "running",
      nodes: { a: { status: "running", attempt: 1 } },
    });
    expect(last()).toMatchObject({ transport: "websocket", connections: 1 });
    expect(last().run?.nodes.a).toMatchObject({ status: "running", via: "websocket" });

    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 10);
    expect(reads).toHaveLength(1); // only the first GET

    socket.emit({
      seq: 2,
      type: "node",
      node_id: "a",
      status: "succeeded",
      attempt: 1,
      output_preview: "{}",
    });
    socket.emit({ seq: 3, type: "run", status: "completed", error: null, output: null, totals: {} });
    await flush();
    expect(reads).toHaveLength(2); // the full run, once
    expect(last()).toMatchObject({ transport: "ended", polls: 0 });
    expect(last().run?.nodes.a).toMatchObject({ status: "succeeded", output: { n: 1 }, via: "websocket" });
    expect(socket.closed).toBe(true);
    feed.stop();
  });

  it("events that beat the first GET wait for it", async () => {
    let resolve: (run: RunPublic) => void = () => undefined;
    const { feed, deps, sockets, last } = setup();
    deps.readRun = () => new Promise((r) => (resolve = r));
    feed.start();
    sockets[0]!.open();
    sockets[0]!.emit({
      seq: 1,
      type: "snapshot",
      status: "running",
      nodes: { a: { status: "waiting", attempt: 1 } },
    });
    expect(last().run).toBeNull();
    resolve(base);
    await flush();
    expect(last().run?.nodes.a).toMatchObject({ status: "waiting", via: "websocket" });
    feed.stop();
  });

  it("polls while the socket is down and stops when a reconnect's snapshot arrives", async () => {
    const polled: RunPublic = { ...base, nodes: { a: { status: "running", attempt: 1 } } };
    const { feed, sockets, reads, last } = setup([base, polled]);
    feed.start();
    await flush();
    sockets[0]!.drop(1006);
    expect(last().transport).toBe("polling");

    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS + 1);
    expect(last().polls).toBe(1);
    expect(last().run?.nodes.a).toMatchObject({ status: "running", via: "polling" });
    expect(sockets).toHaveLength(2); // reconnected after 500 ms

    sockets[1]!.open();
    sockets[1]!.emit({
      seq: 1,
      type: "snapshot",
      status: "running",
      nodes: { a: { status: "waiting", attempt: 1 } },
    });
    expect(last()).toMatchObject({ transport: "websocket", connections: 1 });
    const readsThen = reads.length;
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 6);
    expect(reads).toHaveLength(readsThen);
    feed.stop();
  });

  it("backs off between reconnects and ends by polling when the run finishes meanwhile", async () => {
    const finished: RunPublic = {
      ...base,
      status: "failed",
      error: "boom",
      nodes: { a: { status: "failed", attempt: 1 } },
    };
    const { feed, sockets, last } = setup([base, base, base, finished]);
    feed.start();
    await flush();
    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop();
    await vi.advanceTimersByTimeAsync(999);
    expect(sockets).toHaveLength(2); // the second wait is 1 s
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 4);
    expect(last()).toMatchObject({ transport: "ended" });
    expect(last().run).toMatchObject({ status: "failed", error: "boom" });
    expect(last().run?.nodes.a).toMatchObject({ status: "failed", via: "polling" });
    feed.stop();
  });

  it("refreshes the token before reconnecting when the server refused it", async () => {
    const { feed, deps, sockets } = setup();
    feed.start();
    await flush();
    sockets[0]!.drop(1008, "invalid or expired token");
    await vi.advanceTimersByTimeAsync(500);
    expect(deps.refreshTokens).toHaveBeenCalledTimes(1);
    expect(sockets).toHaveLength(2);
    feed.stop();
  });

  it("a finished run needs no socket", async () => {
    const done: RunPublic = {
      ...base,
      status: "completed",
      nodes: { a: { status: "succeeded", attempt: 1 } },
    };
    const { feed, sockets, reads, last } = setup([done]);
    feed.start();
    await flush();
    expect(last()).toMatchObject({ transport: "ended" });
    expect(sockets[0]!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(reads).toHaveLength(1);
    feed.stop();
  });

  it("gives up on a run that does not exist", async () => {
    const { feed, sockets, reads, last } = setup([new ApiError(404, "run r1 not found")]);
    feed.start();
    await flush();
    expect(last()).toMatchObject({ transport: "ended", error: "run r1 not found" });
    expect(sockets[0]!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(reads).toHaveLength(1);
    feed.stop();
  });

  it("keeps polling through network errors", async () => {
    const { feed, sockets, reads, last } = setup([
      base,
      new ApiError(0, "Cannot reach the Sluice API"),
      base,
    ]);
    feed.start();
    await flush();
    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS + 1);
    expect(last()).toMatchObject({ transport: "polling", error: "Cannot reach the Sluice API" });
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(last().error).toBeNull();
    feed.stop();
  });

  it("stop() silences everything", async () => {
    const { feed, sockets, states } = setup();
    feed.start();
    await flush();
    feed.stop();
    const count = states.length;
    sockets[0]!.emit({ seq: 1, type: "snapshot", status: "running", nodes: {} });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(states).toHaveLength(count);
    expect(sockets).toHaveLength(1);
  });
});
