/** The app's header: brand, sections (with the pending approvals badge), workspace, account. */
import { useEffect, useState } from "react";
import { logOut } from "../api/auth";
import { useSession } from "../api/session";
import type { Route } from "../hooks/useRoute";
import { navigate } from "../hooks/useRoute";
import { useWorkspaceEvents } from "../live/workspaceFeed";
import { useApprovalBadge } from "../store/approvalStore";
import { toast } from "../store/toastStore";
import { Link } from "./Link";

/** Approvals open without a workspace event, so the badge also looks now and then. */
const BADGE_REFRESH_MS = 30_000;
/** The badge waits for the page's own requests and first render (a 100-node canvas, say). */
const BADGE_FIRST_LOOK_MS = 2_000;

const SECTIONS: Partial<Record<Route["page"], string>> = {
  runs: "runs",
  run: "runs",
  approvals: "approvals",
  approval: "approvals",
  credentials: "credentials",
  dashboard: "dashboard",
};

export function TopBar({ route }: { route: Route }) {
  const section = SECTIONS[route.page] ?? "workflows";
  const pending = useApprovalBadge((s) => s.pending);
  useBadgeRefresh();
  const user = useSession((s) => s.user);
  const workspaceId = useSession((s) => s.workspaceId);
  const setWorkspace = useSession((s) => s.setWorkspace);

  const switchTo = (id: string) => {
    navigate("/");
    if (location.pathname === "/") setWorkspace(id); // navigation was not refused
  };

  return (
    <header className="topbar">
      <Link href="/" className="brand">
        <span className="brand-mark" aria-hidden>
          ≋
        </span>{" "}
        Sluice
      </Link>
      <nav className="topnav">
        <Link href="/" aria-current={section === "workflows" ? "page" : undefined}>
          Workflows
        </Link>
        <Link href="/runs" aria-current={section === "runs" ? "page" : undefined}>
          Runs
        </Link>
        <Link href="/dashboard" aria-current={section === "dashboard" ? "page" : undefined}>
          Dashboard
        </Link>
        <Link
          href="/approvals"
          aria-current={section === "approvals" ? "page" : undefined}
          aria-label={pending ? `Approvals, ${pending} pending` : "Approvals"}
        >
          Approvals
          {pending ? (
            <span className="nav-badge" data-testid="approvals-badge" data-count={pending}>
              {pending > 99 ? "99+" : pending}
            </span>
          ) : null}
        </Link>
        <Link href="/credentials" aria-current={section === "credentials" ? "page" : undefined}>
          Credentials
        </Link>
      </nav>
      <div className="topbar-spacer" />
      {user && user.workspaces.length > 1 && (
        <select
          className="workspace-switcher"
          aria-label="Workspace"
          value={workspaceId ?? ""}
          onChange={(e) => switchTo(e.target.value)}
        >
          {user.workspaces.map((w) => (
            <option key={w.workspace_id} value={w.workspace_id}>
              {w.personal ? `${w.workspace_name} (personal)` : w.workspace_name} · {w.role}
            </option>
          ))}
        </select>
      )}
      {user && <span className="topbar-user">{user.email}</span>}
      <button
        type="button"
        className="topbar-button"
        onClick={() => void logOut().catch((e: unknown) => toast.error(e))}
      >
        Sign out
      </button>
    </header>
  );
}

function useBadgeRefresh(): void {
  const workspaceId = useSession((s) => s.workspaceId);
  const [started, setStarted] = useState(false);
  useEffect(() => {
    const { refresh, reset } = useApprovalBadge.getState();
    reset();
    const first = setTimeout(() => {
      setStarted(true);
      void refresh();
    }, BADGE_FIRST_LOOK_MS);
    const timer = setInterval(() => void refresh(), BADGE_REFRESH_MS);
    const onFocus = () => void refresh();
    window.addEventListener("focus", onFocus);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
      window.removeEventListener("focus", onFocus);
    };
  }, [workspaceId]);
  // A run finishing may close its approvals (cancelled, failed elsewhere).
  useWorkspaceEvents(() => void useApprovalBadge.getState().refresh(), started);
}
