/**
 * WS /api/workspaces/{id}/events: runs of the workspace starting and finishing. One socket per
 * workspace, shared by every subscriber (the run list, the approvals badge), reconnecting with
 * backoff while anyone listens.
 */
import { useEffect, useRef } from "react";
import type { RunStatus } from "../api/types";
import { useSession } from "../api/session";
import { backoffMs, browserSocketDeps, CLOSE_REFUSED, type SocketDeps, type SocketLike } from "./socket";

export interface WorkspaceEvent {
  seq: number;
  type: "run_started" | "run_finished";
  run_id: string;
  status: RunStatus;
  at?: string;
}

type Listener = (event: WorkspaceEvent) => void;

export function parseWorkspaceEvent(data: unknown): WorkspaceEvent | null {
  let value = data;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  }
  if (typeof value !== "object" || value === null) return null;
  const event = value as Record<string, unknown>;
  if (event.type !== "run_started" && event.type !== "run_finished") return null;
  if (typeof event.run_id !== "string" || typeof event.status !== "string") return null;
  return event as unknown as WorkspaceEvent;
}

export class WorkspaceFeed {
  readonly listeners = new Set<Listener>();
  private socket: SocketLike | null = null;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly workspaceId: string,
    private readonly deps: SocketDeps = browserSocketDeps,
  ) {}

  start(): void {
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close();
    }
  }

  private connect(): void {
    if (this.stopped) return;
    const greeting = this.deps.hello();
    if (!greeting) return;
    let socket: SocketLike;
    try {
      socket = this.deps.openSocket(`/api/workspaces/${encodeURIComponent(this.workspaceId)}/events`);
    } catch {
      this.retry(0, "");
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify(greeting));
    };
    socket.onmessage = (message) => {
      const event = parseWorkspaceEvent(message.data);
      if (!event) return;
      this.failures = 0;
      for (const listener of this.listeners) listener(event);
    };
    socket.onerror = () => undefined;
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.retry(event.code, event.reason);
    };
  }

  private retry(code: number, reason: string): void {
    if (this.stopped) return;
    this.failures += 1;
    const refresh = code === CLOSE_REFUSED && /token/i.test(reason);
    this.timer = setTimeout(
      () => {
        if (!refresh) return this.connect();
        void this.deps.refreshTokens().finally(() => this.connect());
      },
      backoffMs(this.failures) * 2,
    );
  }
}

const feeds = new Map<string, WorkspaceFeed>();

export function subscribeWorkspaceEvents(workspaceId: string, listener: Listener): () => void {
  let feed = feeds.get(workspaceId);
  if (!feed) {
    feed = new WorkspaceFeed(workspaceId);
    feeds.set(workspaceId, feed);
    feed.start();
  }
  const current = feed;
  current.listeners.add(listener);
  return () => {
    current.listeners.delete(listener);
    if (current.listeners.size === 0) {
      current.stop();
      feeds.delete(workspaceId);
    }
  };
}

/** Call `listener` for each run starting or finishing in the current workspace (when `enabled`). */
export function useWorkspaceEvents(listener: Listener, enabled = true): void {
  const workspaceId = useSession((s) => s.workspaceId);
  const signedIn = useSession((s) => s.tokens !== null);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    if (!workspaceId || !signedIn || !enabled) return;
    return subscribeWorkspaceEvents(workspaceId, (event) => latest.current(event));
  }, [workspaceId, signedIn, enabled]);
}
