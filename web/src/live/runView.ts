/**
 * The run as the editor shows it, and how live events change it (a pure reducer).
 *
 * Updates arrive three ways: the first GET /api/runs/{id} ("fetch", also the full run once it
 * ends), the run's WebSocket ("websocket": a snapshot, node events, the run's end), and polling
 * GET /api/runs/{id} while the socket is down ("polling"). They can overlap and arrive out of
 * order, so a node's status never moves backwards (pending → running/retrying → waiting →
 * succeeded/failed/skipped), and each node remembers which transport delivered its status.
 */
import {
  TERMINAL_RUN_STATUSES,
  type NodeRunState,
  type NodeStatus,
  type RunPublic,
  type RunStatus,
} from "../api/types";

/** A node's status as shown: the API's, plus `retrying` (running again after a failed attempt). */
export type LiveNodeStatus = NodeStatus | "retrying";
export type Transport = "fetch" | "websocket" | "polling";

export interface LiveNode {
  status: LiveNodeStatus;
  attempt: number;
  started_at?: string | null;
  finished_at?: string | null;
  /** The error that ended the node, or while retrying the last attempt's. */
  error?: string | null;
  /** The full output: only GET /api/runs/{id} has it. */
  output?: unknown;
  /** The first 500 characters of the output as JSON, from live events. */
  output_preview?: string | null;
  duration_ms?: number | null;
  /** Which transport delivered the current status. */
  via: Transport;
}

export type RunView = Omit<RunPublic, "nodes"> & { nodes: Record<string, LiveNode> };

/** A node's state on the wire: a snapshot entry or a node event. */
export interface WireNodeState {
  status: LiveNodeStatus;
  attempt: number;
  started_at?: string | null;
  finished_at?: string | null;
  error?: string | null;
  output_preview?: string | null;
  duration_ms?: number | null;
  will_retry?: boolean;
}

interface EventBase {
  seq: number;
  at?: string;
}

export type RunEvent =
  | (EventBase & { type: "snapshot"; status: RunStatus; nodes: Record<string, WireNodeState> })
  | (EventBase & WireNodeState & { type: "node"; node_id: string })
  | (EventBase & {
      type: "run";
      status: RunStatus;
      error?: string | null;
      output?: unknown;
      totals?: Record<string, number>;
    });

const RANK: Record<LiveNodeStatus, number> = {
  pending: 0,
  running: 1,
  retrying: 1.5,
  waiting: 2,
  succeeded: 3,
  failed: 3,
  skipped: 3,
};

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_RUN_STATUSES.includes(status);
}

export function isFinished(view: Pick<RunView, "status"> | null): boolean {
  return view !== null && isTerminal(view.status);
}

/** A running node past its first attempt is retrying (the API says `running`, attempt > 1). */
export function liveStatus(state: { status: LiveNodeStatus; attempt: number }): LiveNodeStatus {
  return state.status === "running" && state.attempt > 1 ? "retrying" : state.status;
}

/** One node's next state; `next` carries `output` only when it came from GET. */
export function mergeNode(
  old: LiveNode | undefined,
  next: WireNodeState & { output?: unknown },
  via: Transport,
): LiveNode {
  const status = liveStatus(next);
  if (old && RANK[status] < RANK[old.status]) return old; // an older view than the one shown
  const retrying = status === "retrying" || (status === "running" && next.attempt > 1);
  const node: LiveNode = {
    status,
    attempt: Math.max(next.attempt, status === old?.status ? old.attempt : 0),
    started_at: next.started_at ?? old?.started_at ?? null,
    finished_at: next.finished_at ?? null,
    error: next.error ?? (retrying ? (old?.error ?? null) : null),
    output_preview: next.output_preview ?? (status === old?.status ? old.output_preview : null) ?? null,
    duration_ms: next.duration_ms ?? (status === old?.status ? old.duration_ms : null) ?? null,
    via: old && old.status === status ? old.via : via,
  };
  if ("output" in next && next.output !== undefined) node.output = next.output;
  else if (old && old.status === status && old.output !== undefined) node.output = old.output;
  return node;
}

/** The run as GET /api/runs/{id} answered it. */
export function fromRun(run: RunPublic, via: Transport): RunView {
  return applyRun(null, run, via);
}

/** Fold a fetched or polled run into the view: never backwards, fuller outputs kept. */
export function applyRun(view: RunView | null, run: RunPublic, via: Transport): RunView {
  const nodes: Record<string, LiveNode> = { ...(view?.nodes ?? {}) };
  for (const [id, state] of Object.entries(run.nodes ?? {})) {
    nodes[id] = mergeNode(view?.nodes[id], fromPublic(state), via);
  }
  if (view && isFinished(view) && !isTerminal(run.status)) {
    // The socket already told us how it ended; keep that, take the rest.
    return { ...run, status: view.status, error: view.error, output: view.output, nodes };
  }
  return { ...run, nodes };
}

function fromPublic(state: NodeRunState): WireNodeState & { output?: unknown } {
  return { ...state, output: state.output };
}

/** Apply one WebSocket event. */
export function applyEvent(view: RunView, event: RunEvent): RunView {
  switch (event.type) {
    case "snapshot": {
      const nodes = { ...view.nodes };
      for (const [id, state] of Object.entries(event.nodes)) {
        nodes[id] = mergeNode(view.nodes[id], state, "websocket");
      }
      return { ...view, status: isFinished(view) ? view.status : event.status, nodes };
    }
    case "node": {
      const { node_id, type: _type, seq: _seq, at: _at, will_retry: _retry, ...state } = event;
      return {
        ...view,
        nodes: { ...view.nodes, [node_id]: mergeNode(view.nodes[node_id], state, "websocket") },
      };
    }
    case "run":
      return {
        ...view,
        status: event.status,
        error: event.error ?? null,
        output: event.output ?? view.output,
        totals: event.totals ?? view.totals ?? {},
      };
  }
}

const NODE_STATUSES = new Set(Object.keys(RANK));

/** A message of WS /api/runs/{id}/events, or null when it is not one this editor knows. */
export function parseRunEvent(data: unknown): RunEvent | null {
  if (typeof data === "string") {
    try {
      return parseRunEvent(JSON.parse(data) as unknown);
    } catch {
      return null;
    }
  }
  if (!isRecord(data) || typeof data.type !== "string") return null;
  switch (data.type) {
    case "snapshot":
      if (typeof data.status !== "string" || !isRecord(data.nodes)) return null;
      if (!Object.values(data.nodes).every(isWireNode)) return null;
      return data as unknown as RunEvent;
    case "node":
      return typeof data.node_id === "string" && isWireNode(data) ? (data as unknown as RunEvent) : null;
    case "run":
      return typeof data.status === "string" ? (data as unknown as RunEvent) : null;
    default:
      return null;
  }
}

function isWireNode(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.status === "string" &&
    NODE_STATUSES.has(value.status) &&
    typeof value.attempt === "number"
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Ids of nodes waiting for a person now but not in `before` (to refresh the approvals badge). */
export function newlyWaiting(before: RunView | null, after: RunView | null): string[] {
  if (!after) return [];
  return Object.entries(after.nodes)
    .filter(([id, node]) => node.status === "waiting" && before?.nodes[id]?.status !== "waiting")
    .map(([id]) => id);
}
