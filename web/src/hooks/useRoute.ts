/** A small path router: the API serves index.html for every non-/api path. */
import { useSyncExternalStore } from "react";

export type Route =
  | { page: "workflows" }
  | { page: "editor"; workflowId: string | null; version: number | null }
  | { page: "runs"; workflowId: string | null }
  | { page: "run"; runId: string }
  | { page: "approvals" }
  | { page: "approval"; approvalId: string }
  | { page: "credentials" }
  | { page: "dashboard" }
  | { page: "not-found" };

export function parseRoute(pathname: string, search = ""): Route {
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const [first, second, third, fourth] = parts;
  if (parts.length === 0 || (first === "workflows" && parts.length === 1)) return { page: "workflows" };
  if (first === "workflows" && second === "new" && parts.length === 2) {
    return { page: "editor", workflowId: null, version: null };
  }
  if (first === "workflows" && second && parts.length === 2) {
    return { page: "editor", workflowId: second, version: null };
  }
  if (first === "workflows" && second && third === "versions" && fourth && parts.length === 4) {
    const version = Number(fourth);
    if (Number.isInteger(version) && version > 0) return { page: "editor", workflowId: second, version };
  }
  if (first === "runs" && parts.length === 1) {
    return { page: "runs", workflowId: new URLSearchParams(search).get("workflow") };
  }
  if (first === "runs" && second && parts.length === 2) return { page: "run", runId: second };
  if (first === "approvals" && parts.length === 1) return { page: "approvals" };
  if (first === "approvals" && second && parts.length === 2) return { page: "approval", approvalId: second };
  if (first === "credentials" && parts.length === 1) return { page: "credentials" };
  if (first === "dashboard" && parts.length === 1) return { page: "dashboard" };
  return { page: "not-found" };
}

type Guard = () => boolean;
let guard: Guard | null = null;

/** While set, in-app navigation asks it first (e.g. "discard unsaved changes?"). */
export function setNavigationGuard(next: Guard | null): void {
  guard = next;
}

export function navigate(path: string, options: { replace?: boolean; force?: boolean } = {}): void {
  if (path === location.pathname + location.search) return;
  if (!options.force && guard && !guard()) return;
  if (options.replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  window.dispatchEvent(new Event("sluice:navigate"));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener("sluice:navigate", onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener("sluice:navigate", onChange);
  };
}

const currentPath = () => location.pathname + location.search;

export function useRoute(): Route {
  const path = useSyncExternalStore(subscribe, currentPath);
  const url = new URL(path, location.origin);
  return parseRoute(url.pathname, url.search);
}
