/** The workflow editor: palette, canvas and side panel; save, run and watch. */
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/client";
import { cancelRun, createWorkflow, retryRun, startRun, updateWorkflow } from "../api/endpoints";
import type { JsonSchema, NodeTypeInfo } from "../api/types";
import { Canvas, NODE_SIZE } from "../components/editor/Canvas";
import { EditorToolbar } from "../components/editor/EditorToolbar";
import { Palette } from "../components/editor/Palette";
import { PropertiesPanel } from "../components/editor/PropertiesPanel";
import { RunDialog } from "../components/editor/RunDialog";
import { RunPanel } from "../components/editor/RunPanel";
import { SidePanel } from "../components/editor/SidePanel";
import { VersionBanner } from "../components/editor/VersionBanner";
import { VersionHistory } from "../components/editor/VersionHistory";
import { ErrorState } from "../components/ErrorState";
import { Loading } from "../components/Loading";
import { downloadJson, slug } from "../download";
import { toApiGraph } from "../graph/convert";
import { placeProblems } from "../graph/problems";
import { useKeyboardShortcuts } from "../hooks/useKeyboardShortcuts";
import { navigate } from "../hooks/useRoute";
import { useRunUpdates } from "../hooks/useRunUpdates";
import { useUnsavedChangesGuard } from "../hooks/useUnsavedChangesGuard";
import { useWorkflowLoader } from "../hooks/useWorkflowLoader";
import { useEditor, type WorkflowMeta } from "../store/editorStore";
import { useRunView } from "../store/runStore";
import { messageOf, toast } from "../store/toastStore";

type Tab = "properties" | "run" | "versions";

interface EditorPageProps {
  workflowId: string | null;
  /** An older version, opened read-only. */
  version: number | null;
}

export function EditorPage(props: EditorPageProps) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}

function Editor({ workflowId, version }: EditorPageProps) {
  const { loading, error, generation, reload, justSaved } = useWorkflowLoader(workflowId, version);
  const readOnly = useEditor((s) => s.readOnly);
  const meta = useEditor((s) => s.meta);
  const [tab, setTab] = useState<Tab>("properties");
  const [saving, setSaving] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);
  const [runDialog, setRunDialog] = useState<JsonSchema | null | false>(false);
  const [starting, setStarting] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [retrying, setRetrying] = useState(false);
  const updates = useRunUpdates(runId);
  const canvasBox = useRef<HTMLDivElement>(null);
  const { screenToFlowPosition } = useReactFlow();

  useEffect(() => useRunView.getState().setRun(updates.run), [updates.run]);
  useEffect(() => () => useRunView.getState().setRun(null), []);
  useEffect(() => setRunId(null), [workflowId, version]);
  useUnsavedChangesGuard();

  const save = useCallback(async (): Promise<WorkflowMeta | null> => {
    const state = useEditor.getState();
    if (state.readOnly) return null;
    if (!state.meta.name.trim()) {
      toast.error("Give the workflow a name before saving.");
      return null;
    }
    const graph = toApiGraph(state);
    const draft = { name: state.meta.name.trim(), description: state.meta.description, graph };
    setSaving(true);
    try {
      const saved = state.meta.id ? await updateWorkflow(state.meta.id, draft) : await createWorkflow(draft);
      const savedMeta = {
        id: saved.id,
        name: saved.name,
        description: saved.description,
        version: saved.version,
      };
      useEditor.getState().markSaved(savedMeta);
      toast.success(`Saved version ${saved.version}`, "save");
      if (!state.meta.id) {
        justSaved(saved.id);
        navigate(`/workflows/${saved.id}`, { replace: true, force: true });
      }
      return savedMeta;
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.problems.length > 0) {
        const placed = placeProblems(err.problems, graph);
        useEditor.getState().setServerProblems(placed);
        const first = Object.keys(placed.byNode)[0];
        if (first) {
          useEditor.getState().selectNode(first);
          setTab("properties");
        }
        const count = err.problems.length;
        toast.error(`Not saved: ${count} problem${count > 1 ? "s" : ""}. ${err.message}`, "save");
      } else {
        toast.error(`Not saved: ${messageOf(err)}`, "save");
      }
      return null;
    } finally {
      setSaving(false);
    }
  }, [justSaved]);

  useKeyboardShortcuts(useCallback(() => void save(), [save]));

  const openRun = async () => {
    const state = useEditor.getState();
    const saved = state.dirty || !state.meta.id ? await save() : state.meta;
    if (!saved) return;
    const trigger = useEditor.getState().nodes.find((n) => n.type === "trigger.manual");
    setRunDialog((trigger?.data.config.inputs_schema as JsonSchema | undefined) ?? null);
  };

  const start = async (inputs: Record<string, unknown>) => {
    const { meta: current } = useEditor.getState();
    if (!current.id) return;
    setStarting(true);
    try {
      const run = await startRun(current.id, inputs, current.version ?? undefined);
      setRunId(run.id);
      setTab("run");
      setRunDialog(false);
    } catch (err) {
      toast.error(`Run not started: ${messageOf(err)}`);
    } finally {
      setStarting(false);
    }
  };

  const cancel = async () => {
    if (!runId) return;
    setCancelling(true);
    try {
      await cancelRun(runId);
      toast.info("Cancelling the run…");
    } catch (err) {
      toast.error(err);
    } finally {
      setCancelling(false);
    }
  };

  const retry = async () => {
    if (!runId) return;
    setRetrying(true);
    try {
      const next = await retryRun(runId);
      setRunId(next.id);
      toast.info("Retrying from the failed node…");
    } catch (err) {
      toast.error(`Not retried: ${messageOf(err)}`);
    } finally {
      setRetrying(false);
    }
  };

  const exportJson = () => {
    const state = useEditor.getState();
    downloadJson(`${slug(state.meta.name)}.sluice.json`, {
      name: state.meta.name,
      description: state.meta.description,
      graph: toApiGraph(state),
    });
  };

  const addAtCentre = (info: NodeTypeInfo) => {
    const box = canvasBox.current?.getBoundingClientRect();
    if (!box) return;
    const count = useEditor.getState().nodes.length;
    const centre = screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
    const nudge = (count % 5) * 24;
    useEditor.getState().addNode(info, {
      x: centre.x - NODE_SIZE.width / 2 + nudge,
      y: centre.y - NODE_SIZE.height / 2 + nudge,
    });
    setTab("properties");
  };

  if (loading) return <Loading label="Loading workflow…" />;
  if (error) return <ErrorState message={error} onRetry={reload} />;

  return (
    <div className="editor" data-testid="editor">
      <EditorToolbar
        saving={saving}
        starting={starting}
        onSave={() => void save()}
        onRun={() => void openRun()}
        onExport={exportJson}
      />
      {version !== null && workflowId && <VersionBanner workflowId={workflowId} version={version} />}
      <div className={`editor-body${readOnly ? " read-only" : ""}`}>
        {!readOnly && <Palette onAdd={addAtCentre} />}
        <div className="canvas-box" ref={canvasBox}>
          <Canvas key={generation} readOnly={readOnly} />
        </div>
        <SidePanel<Tab>
          active={tab}
          onChange={setTab}
          tabs={[
            { id: "properties", label: "Properties", content: <PropertiesPanel /> },
            {
              id: "run",
              label: "Run",
              content: (
                <RunPanel
                  run={updates.run}
                  error={updates.error}
                  transport={updates.transport}
                  polls={updates.polls}
                  cancelling={cancelling}
                  onCancel={() => void cancel()}
                  retrying={retrying}
                  onRetry={() => void retry()}
                />
              ),
            },
            {
              id: "versions",
              label: "Versions",
              content: (
                <VersionHistory
                  workflowId={meta.id}
                  latest={readOnly ? null : meta.version}
                  viewing={version}
                />
              ),
            },
          ]}
        />
      </div>
      {runDialog !== false && (
        <RunDialog
          inputsSchema={runDialog}
          starting={starting}
          onStart={(i) => void start(i)}
          onClose={() => setRunDialog(false)}
        />
      )}
    </div>
  );
}
