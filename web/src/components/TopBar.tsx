/** The app's header: brand, sections, workspace switcher, account. */
import { logOut } from "../api/auth";
import { useSession } from "../api/session";
import type { Route } from "../hooks/useRoute";
import { navigate } from "../hooks/useRoute";
import { toast } from "../store/toastStore";
import { Link } from "./Link";

export function TopBar({ route }: { route: Route }) {
  const section = route.page === "runs" || route.page === "run" ? "runs" : "workflows";
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
