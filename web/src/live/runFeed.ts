/**
 * Live updates of one run: WS /api/runs/{id}/events first, GET /api/runs/{id} polling while the
 * socket is down.
 *
 *  - GET the run once for what events do not carry (workflow, version, times, links);
 *  - open the socket, send the hello; its snapshot replaces what polling showed, then node and
 *    run events follow; events that beat the first GET wait for it;
 *  - when the socket closes before the run ends: poll every 500 ms and reconnect with backoff
 *    (a refused token is refreshed first); a reconnect's snapshot stops the polling;
 *  - when the run ends (its `run` event, or a poll): GET the full run once (outputs), then stop.
 */
import { ApiError } from "../api/client";
import type { RunPublic } from "../api/types";
import { messageOf } from "../store/toastStore";
import {
  applyEvent,
  applyRun,
  fromRun,
  isFinished,
  parseRunEvent,
  type RunEvent,
  type RunView,
} from "./runView";
import { backoffMs, CLOSE_REFUSED, type SocketDeps, type SocketLike } from "./socket";

export const POLL_INTERVAL_MS = 500;
const FINAL_FETCH_ATTEMPTS = 3;

/** connecting: the first socket is opening; live: its events flow; polling: the fallback runs. */
export type FeedTransport = "connecting" | "websocket" | "polling" | "ended";

export interface FeedState {
  run: RunView | null;
  error: string | null;
  transport: FeedTransport;
  /** How many fallback polls ran (0 while the socket works). */
  polls: number;
  /** Socket connections that delivered a snapshot. */
  connections: number;
}

export interface FeedDeps extends SocketDeps {
  readRun(id: string, signal: AbortSignal): Promise<RunPublic>;
}

export class RunFeed {
  private state: FeedState = { run: null, error: null, transport: "connecting", polls: 0, connections: 0 };
  private socket: SocketLike | null = null;
  private buffered: RunEvent[] = [];
  private failures = 0;
  private stopped = false;
  private finalFetched = false;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly controller = new AbortController();

  constructor(
    private readonly runId: string,
    private readonly deps: FeedDeps,
    private readonly onChange: (state: FeedState) => void,
  ) {}

  start(): void {
    void this.fetchFirst();
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.controller.abort();
    clearTimeout(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    this.closeSocket();
  }

  get current(): FeedState {
    return this.state;
  }

  private set(patch: Partial<FeedState>): void {
    if (this.stopped) return;
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  // --- GET ---------------------------------------------------------------------------------

  private async fetchFirst(): Promise<void> {
    try {
      const run = await this.deps.readRun(this.runId, this.controller.signal);
      if (this.stopped) return;
      let view = this.state.run ? applyRun(this.state.run, run, "fetch") : fromRun(run, "fetch");
      for (const event of this.buffered) view = applyEvent(view, event);
      this.buffered = [];
      this.set({ run: view, error: null });
      if (isFinished(view)) this.finish(isFinished(fromRun(run, "fetch")));
    } catch (error) {
      if (this.stopped) return;
      this.set({ error: messageOf(error) });
      if (permanent(error)) this.giveUp();
      else this.startPolling(); // the fallback retries the GET too
    }
  }

  /** No such run (or not ours): nothing will change by asking again. */
  private giveUp(): void {
    clearTimeout(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    this.closeSocket();
    this.set({ transport: "ended" });
  }

  /** The run ended: one GET for the full outputs (unless `complete` already), then stop. */
  private finish(complete: boolean): void {
    clearTimeout(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    this.closeSocket();
    if (complete) this.finalFetched = true;
    this.set({ transport: "ended" });
    if (!this.finalFetched) void this.fetchFinal(1);
  }

  private async fetchFinal(attempt: number): Promise<void> {
    this.finalFetched = true;
    try {
      const run = await this.deps.readRun(this.runId, this.controller.signal);
      this.set({ run: applyRun(this.state.run, run, "fetch"), error: null });
    } catch (error) {
      if (this.stopped) return;
      if (attempt < FINAL_FETCH_ATTEMPTS) {
        this.pollTimer = setTimeout(() => void this.fetchFinal(attempt + 1), 1000 * attempt);
      } else {
        this.set({ error: messageOf(error) });
      }
    }
  }

  private startPolling(): void {
    if (this.stopped || this.state.transport === "ended") return;
    if (this.state.transport !== "polling") this.set({ transport: "polling" });
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.poll(), POLL_INTERVAL_MS);
  }

  private async poll(): Promise<void> {
    if (this.stopped || this.state.transport !== "polling") return;
    try {
      const run = await this.deps.readRun(this.runId, this.controller.signal);
      if (this.stopped || this.state.transport !== "polling") return;
      const view = applyRun(this.state.run, run, "polling");
      this.set({ run: view, error: null, polls: this.state.polls + 1 });
      if (isFinished(view)) {
        this.finish(true);
        return;
      }
    } catch (error) {
      if (this.stopped) return;
      this.set({ error: messageOf(error), polls: this.state.polls + 1 });
      if (permanent(error)) return this.giveUp();
    }
    this.pollTimer = setTimeout(() => void this.poll(), POLL_INTERVAL_MS);
  }

  // --- WebSocket ---------------------------------------------------------------------------

  private connect(): void {
    if (this.stopped || this.state.transport === "ended") return;
    const greeting = this.deps.hello();
    let socket: SocketLike;
    try {
      if (!greeting) throw new Error("signed out");
      socket = this.deps.openSocket(`/api/runs/${encodeURIComponent(this.runId)}/events`);
    } catch {
      this.onSocketClosed(0, "cannot open a WebSocket");
      return;
    }
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify(greeting));
    socket.onmessage = (message) => {
      if (this.socket !== socket) return;
      const event = parseRunEvent(message.data);
      if (event) this.onEvent(event);
    };
    socket.onerror = () => undefined; // a close follows
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.onSocketClosed(event.code, event.reason);
    };
  }

  private onEvent(event: RunEvent): void {
    if (event.type === "snapshot") {
      this.failures = 0;
      clearTimeout(this.pollTimer);
      this.set({ transport: "websocket", connections: this.state.connections + 1 });
    }
    if (!this.state.run) {
      this.buffered.push(event); // the first GET is still on its way
      return;
    }
    const view = applyEvent(this.state.run, event);
    this.set({ run: view, error: null });
    if (event.type === "run") this.finish(false);
  }

  private onSocketClosed(code: number, reason: string): void {
    if (this.stopped || this.state.transport === "ended") return;
    if (this.state.run && isFinished(this.state.run)) {
      this.finish(false);
      return;
    }
    this.failures += 1;
    this.startPolling();
    const wait = backoffMs(this.failures);
    const refresh = code === CLOSE_REFUSED && /token/i.test(reason);
    this.reconnectTimer = setTimeout(() => {
      if (!refresh) return this.connect();
      void this.deps.refreshTokens().finally(() => this.connect());
    }, wait);
  }

  private closeSocket(): void {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onclose = null;
    socket.onmessage = null;
    try {
      socket.close();
    } catch {
      // already closed
    }
  }
}

/** 4xx answers other than 401 (refreshed by the client), 408 and 429 will not change on retry. */
function permanent(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    ![401, 408, 429].includes(error.status)
  );
}
