/** What the live feeds need from the browser: a WebSocket to an API path, and its hello. */
import { refreshTokens } from "../api/client";
import { useSession } from "../api/session";

/** The subset of WebSocket the feeds use (tests pass a fake). */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface Hello {
  token: string;
  workspace_id?: string;
}

/** Policy violation: the server refused the hello (expired token, not a member, not found). */
export const CLOSE_REFUSED = 1008;

export function socketUrl(path: string, where: Pick<Location, "protocol" | "host"> = location): string {
  return `${where.protocol === "https:" ? "wss" : "ws"}://${where.host}${path}`;
}

export function openSocket(path: string): SocketLike {
  return new WebSocket(socketUrl(path)) as unknown as SocketLike;
}

/** The first message every events socket sends: who we are and where. */
export function hello(): Hello | null {
  const { tokens, workspaceId } = useSession.getState();
  if (!tokens) return null;
  return workspaceId ? { token: tokens.access, workspace_id: workspaceId } : { token: tokens.access };
}

/** Wait before reconnect attempt `n` (1, 2, …): 0.5 s doubling up to 10 s. */
export function backoffMs(n: number): number {
  return Math.min(500 * 2 ** Math.max(0, n - 1), 10_000);
}

export interface SocketDeps {
  openSocket(path: string): SocketLike;
  hello(): Hello | null;
  refreshTokens(): Promise<boolean>;
}

export const browserSocketDeps: SocketDeps = { openSocket, hello, refreshTokens };
