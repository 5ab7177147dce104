/** One run: the canvas of the version it ran, read-only, coloured live by its node states. */
import { ReactFlowProvider } from "@xyflow/react";
import { useEffect, useState } from "react";
import { cancelRun, readVersion, readWorkflow, retryRun } from "../api/endpoints";
import { Canvas } from "../components/editor/Canvas";
import { RunPanel } from "../components/editor/RunPanel";
import { ErrorState } from "../components/ErrorState";
import { Link } from "../components/Link";
import { Loading } from "../components/Loading";
import { shortId } from "../format";
import { fromApiGraph, parseApiGraph } from "../graph/convert";
import { navigate } from "../hooks/useRoute";
import { useRunUpdates } from "../hooks/useRunUpdates";
import { useEditor } from "../store/editorStore";
import { useRunView } from "../store/runStore";
import { messageOf, toast } from "../store/toastStore";

export function RunPage({ runId }: { runId: string }) {
  const { run, error, transport, polls } = useRunUpdates(runId);
  const workflowId = run?.workflow_id ?? null;
  const version = run?.version ?? null;
  const graph = useRunGraph(workflowId, version);
  const [busy, setBusy] = useState<"cancel" | "retry" | null>(null);

  useEffect(() => useRunView.getState().setRun(run), [run]);
  useEffect(() => () => useRunView.getState().setRun(null), []);

  if (!run && error) return <ErrorState message={error} />;
  if (!run) return <Loading label="Loading run…" />;

  const act = async (what: "cancel" | "retry") => {
    setBusy(what);
    try {
      if (what === "cancel") {
        await cancelRun(run.id);
        toast.info("Cancelling the run…");
      } else {
        const next = await retryRun(run.id);
        toast.info("Retrying from the failed node…");
        navigate(`/runs/${next.id}`);
      }
    } catch (err) {
      toast.error(`${what === "cancel" ? "Not cancelled" : "Not retried"}: ${messageOf(err)}`);
    } finally {
      setBusy(null);
    }
  };
  const name = graph.name || run.workflow_name;

  return (
    <div className="editor" data-testid="run-page">
      <div className="toolbar">
        <Link href="/runs">← Runs</Link>
        <strong>
          Run <code>{shortId(run.id)}</code>
        </strong>
        <span className="muted">
          of {name ? <Link href={`/workflows/${run.workflow_id}`}>{name}</Link> : "a deleted workflow"}{" "}
          <Link href={`/workflows/${run.workflow_id}/versions/${run.version}`}>v{run.version}</Link>
        </span>
      </div>
      <div className="editor-body read-only">
        <div className="canvas-box">
          {graph.loading && <Loading label="Loading the workflow version…" />}
          {graph.error && <ErrorState message={`The graph of this run is unavailable: ${graph.error}`} />}
          {graph.ready && (
            <ReactFlowProvider>
              <Canvas readOnly />
            </ReactFlowProvider>
          )}
        </div>
        <aside className="side-panel">
          <div className="side-panel-body">
            <RunPanel
              run={run}
              error={error}
              transport={transport}
              polls={polls}
              onRunPage
              cancelling={busy === "cancel"}
              onCancel={() => void act("cancel")}
              retrying={busy === "retry"}
              onRetry={() => void act("retry")}
            />
          </div>
        </aside>
      </div>
    </div>
  );
}

/** Loads the version a run pinned into the editor store, read-only. */
function useRunGraph(workflowId: string | null, version: number | null) {
  const [state, setState] = useState({
    loading: false,
    ready: false,
    error: null as string | null,
    name: "",
  });
  useEffect(() => {
    if (!workflowId || version === null) return;
    let live = true;
    setState({ loading: true, ready: false, error: null, name: "" });
    Promise.all([readWorkflow(workflowId), readVersion(workflowId, version)])
      .then(([workflow, pinned]) => {
        if (!live) return;
        const meta = { id: workflow.id, name: workflow.name, description: workflow.description, version };
        useEditor.getState().load(meta, fromApiGraph(parseApiGraph(pinned.graph)), { readOnly: true });
        setState({ loading: false, ready: true, error: null, name: workflow.name });
      })
      .catch(
        (err: unknown) => live && setState({ loading: false, ready: false, error: messageOf(err), name: "" }),
      );
    return () => {
      live = false;
    };
  }, [workflowId, version]);
  return state;
}
