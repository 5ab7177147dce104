/** The typed HTTP client: every request to the API goes through `sluiceFetch`. */
import createClient from "openapi-fetch";
import type { paths } from "./schema";
import { useSession, type TokenPair } from "./session";
import type { ApiProblem } from "./types";

/** An answer other than 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly problems: ApiProblem[];

  constructor(status: number, message: string, problems: ApiProblem[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.problems = problems;
  }
}

/**
 * The single place requests leave the browser: adds the access token and the workspace, and
 * on a 401 trades the refresh token for new ones once, then retries.
 */
async function sluiceFetch(request: Request): Promise<Response> {
  const response = await send(authorised(request.clone()));
  if (response.status !== 401 || isAuthCall(request) || !useSession.getState().tokens) return response;
  if (!(await refreshTokens())) {
    useSession.getState().signOut("Your session expired; please sign in again.");
    return response;
  }
  return send(authorised(request));
}

function authorised(request: Request): Request {
  const { tokens, workspaceId } = useSession.getState();
  const headers = new Headers(request.headers);
  if (tokens) headers.set("Authorization", `Bearer ${tokens.access}`);
  if (workspaceId && !isAuthCall(request)) headers.set("X-Workspace-Id", workspaceId);
  return new Request(request, { headers });
}

async function send(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "Cannot reach the Sluice API; is it running?");
  }
}

function isAuthCall(request: Request): boolean {
  return new URL(request.url, location.origin).pathname.startsWith("/api/auth/");
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time: concurrent 401s wait for the same new tokens. WebSockets call it
 * when the server refuses their token. */
export function refreshTokens(): Promise<boolean> {
  refreshing ??= (async () => {
    // A refresh token works once, and presenting a used one ends every session of the login:
    // if another tab already traded it, use what that tab got instead.
    if (useSession.getState().adoptStored()) return true;
    const tokens = useSession.getState().tokens;
    if (!tokens) return false;
    try {
      const response = await fetch("/api/auth/refresh", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: tokens.refresh }),
      });
      if (!response.ok) return false;
      useSession.getState().setTokens((await response.json()) as TokenPair);
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export const http = createClient<paths>({ baseUrl: "", fetch: sluiceFetch });

interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's data, or an ApiError with the server's message and 422 problems. */
export async function unwrap<T>(call: Promise<ApiResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  throw errorFrom(response.status, error);
}

export function errorFrom(status: number, body: unknown): ApiError {
  const detail = isRecord(body) ? body.detail : undefined;
  if (typeof detail === "string") return new ApiError(status, detail);
  if (Array.isArray(detail)) {
    const problems = detail.filter(isProblem);
    const message = problems.map((p) => (p.node_id ? `${p.node_id}: ${p.msg}` : p.msg));
    return new ApiError(status, message.join("; ") || `request failed (${status})`, problems);
  }
  return new ApiError(status, `request failed (${status})`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isProblem(value: unknown): value is ApiProblem {
  return isRecord(value) && Array.isArray(value.loc) && typeof value.msg === "string";
}
