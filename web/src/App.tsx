/** The app: sign-in gate, top bar, the page for the current path, toasts. */
import { lazy, Suspense, useEffect, useState } from "react";
import { loadMe } from "./api/auth";
import { useSession } from "./api/session";
import { EmptyState } from "./components/EmptyState";
import { ErrorState } from "./components/ErrorState";
import { Link } from "./components/Link";
import { Loading } from "./components/Loading";
import { Toasts } from "./components/Toasts";
import { TopBar } from "./components/TopBar";
import { useRoute, type Route } from "./hooks/useRoute";
import { EditorPage } from "./pages/EditorPage";
import { LoginPage } from "./pages/LoginPage";
import { RunList } from "./pages/RunList";
import { RunPage } from "./pages/RunPage";
import { WorkflowList } from "./pages/WorkflowList";
import { useCatalog } from "./store/catalogStore";
import { useCredentials } from "./store/credentialStore";
import { messageOf } from "./store/toastStore";

// Pages away from the editor load on first visit: the editor's first render stays lean.
const ApprovalsPage = lazy(() => import("./pages/ApprovalsPage").then((m) => ({ default: m.ApprovalsPage })));
const ApprovalPage = lazy(() => import("./pages/ApprovalPage").then((m) => ({ default: m.ApprovalPage })));
const CredentialsPage = lazy(() =>
  import("./pages/CredentialsPage").then((m) => ({ default: m.CredentialsPage })),
);
const DashboardPage = lazy(() => import("./pages/DashboardPage").then((m) => ({ default: m.DashboardPage })));

export function App() {
  const route = useRoute();
  const signedIn = useSession((s) => s.tokens !== null);
  const user = useSession((s) => s.user);
  const workspaceId = useSession((s) => s.workspaceId);
  const [meError, setMeError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!signedIn) return;
    void useCatalog.getState().load();
    if (!user) {
      setMeError(null);
      loadMe().catch((error: unknown) => setMeError(messageOf(error)));
    }
  }, [signedIn, user, attempt]);
  useEffect(() => useCredentials.setState({ status: "idle", credentials: [] }), [workspaceId]);

  let content;
  if (!signedIn) content = <LoginPage />;
  else if (meError) content = <ErrorState message={meError} onRetry={() => setAttempt((a) => a + 1)} />;
  else if (!user) content = <Loading label="Signing in…" />;
  else
    content = (
      <>
        <TopBar route={route} />
        <main className="main" key={workspaceId ?? ""}>
          <Suspense fallback={<Loading />}>
            <Page route={route} />
          </Suspense>
        </main>
      </>
    );
  return (
    <div className="app">
      {content}
      <Toasts />
    </div>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "workflows":
      return <WorkflowList />;
    case "editor":
      return <EditorPage workflowId={route.workflowId} version={route.version} />;
    case "runs":
      return <RunList key={route.workflowId ?? ""} workflowId={route.workflowId} />;
    case "run":
      return <RunPage key={route.runId} runId={route.runId} />;
    case "approvals":
      return <ApprovalsPage />;
    case "approval":
      return <ApprovalPage key={route.approvalId} approvalId={route.approvalId} />;
    case "credentials":
      return <CredentialsPage />;
    case "dashboard":
      return <DashboardPage />;
    case "not-found":
      return (
        <EmptyState title="Page not found" action={<Link href="/">Back to the workflows</Link>}>
          Nothing lives at this address.
        </EmptyState>
      );
  }
}
