/** Workflows: list, create, rename, duplicate, delete, import. */
import { lazy, Suspense, useRef, useState, type ChangeEvent } from "react";
import {
  createWorkflow,
  deleteWorkflow,
  readWorkflow,
  readWorkflows,
  renameWorkflow,
} from "../api/endpoints";
import type { WorkflowSummary } from "../api/types";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { Link } from "../components/Link";
import { Loading } from "../components/Loading";
import { formatTime } from "../format";
import { parseApiGraph } from "../graph/convert";
import { useAsync } from "../hooks/useAsync";
import { navigate } from "../hooks/useRoute";
import { toast } from "../store/toastStore";

// Loaded when first opened: the list (and the editor behind it) stay lean.
const NewWorkflowDialog = lazy(() =>
  import("../components/workflows/NewWorkflowDialog").then((m) => ({ default: m.NewWorkflowDialog })),
);

export function WorkflowList() {
  const workflows = useAsync(readWorkflows, []);
  const fileInput = useRef<HTMLInputElement>(null);
  const [choosing, setChoosing] = useState(false);

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    try {
      const json: unknown = JSON.parse(await file.text());
      const record = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {};
      const graph = parseApiGraph("graph" in record ? record.graph : json);
      const name =
        typeof record.name === "string" && record.name.trim()
          ? record.name
          : file.name.replace(/\.json$/i, "");
      const description = typeof record.description === "string" ? record.description : "";
      const created = await createWorkflow({ name, description, graph });
      toast.success(`Imported “${created.name}”`);
      navigate(`/workflows/${created.id}`);
    } catch (error) {
      toast.error(`Import failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h2>Workflows</h2>
        <div className="page-actions">
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            hidden
            onChange={(e) => void importFile(e)}
            data-testid="import-file"
          />
          <button type="button" onClick={() => fileInput.current?.click()}>
            Import JSON
          </button>
          <button
            type="button"
            className="primary"
            aria-haspopup="dialog"
            aria-expanded={choosing}
            onClick={() => setChoosing(true)}
          >
            New workflow
          </button>
        </div>
      </div>
      {choosing && (
        <Suspense fallback={<Loading label="Opening…" />}>
          <NewWorkflowDialog onClose={() => setChoosing(false)} />
        </Suspense>
      )}
      {workflows.loading && !workflows.data && <Loading label="Loading workflows…" />}
      {workflows.error && <ErrorState message={workflows.error} onRetry={workflows.reload} />}
      {workflows.data?.count === 0 && (
        <EmptyState
          title="No workflows yet"
          action={
            <Link href="/workflows/new" className="button primary">
              Create your first workflow
            </Link>
          }
        >
          A workflow is a graph of steps: a trigger, then HTTP calls, transforms and more.
        </EmptyState>
      )}
      {workflows.data && workflows.data.count > 0 && (
        <table className="table" data-testid="workflow-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Version</th>
              <th>Updated</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {workflows.data.data.map((w) => (
              <WorkflowRow key={w.id} workflow={w} onChanged={workflows.reload} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function WorkflowRow({ workflow, onChanged }: { workflow: WorkflowSummary; onChanged(): void }) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(workflow.name);
  const [busy, setBusy] = useState(false);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
      onChanged();
    } catch (error) {
      toast.error(error);
    } finally {
      setBusy(false);
    }
  };
  const rename = () =>
    act(async () => {
      await renameWorkflow(workflow.id, { name: name.trim() }); // no new version
      setRenaming(false);
      toast.success("Renamed");
    });
  const duplicate = () =>
    act(async () => {
      const current = await readWorkflow(workflow.id);
      const copy = await createWorkflow({
        name: `Copy of ${current.name}`.slice(0, 200),
        description: current.description,
        graph: parseApiGraph(current.graph),
      });
      toast.success(`Created “${copy.name}”`);
    });
  const remove = () => {
    if (!window.confirm(`Delete “${workflow.name}”? Its runs stay in the run list.`)) return;
    void act(async () => {
      await deleteWorkflow(workflow.id);
      toast.success(`Deleted “${workflow.name}”`);
    });
  };

  return (
    <tr data-testid={`workflow-${workflow.id}`}>
      <td>
        {renaming ? (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (name.trim()) void rename();
            }}
          >
            <input
              aria-label="New name"
              value={name}
              maxLength={200}
              autoFocus
              onChange={(e) => setName(e.target.value)}
            />
            <button type="submit" disabled={busy || !name.trim()}>
              Save
            </button>
            <button
              type="button"
              onClick={() => {
                setRenaming(false);
                setName(workflow.name);
              }}
            >
              Cancel
            </button>
          </form>
        ) : (
          <Link href={`/workflows/${workflow.id}`}>{workflow.name}</Link>
        )}
        {workflow.description && <div className="muted">{workflow.description}</div>}
      </td>
      <td>v{workflow.version}</td>
      <td>{formatTime(workflow.updated_at)}</td>
      <td className="row-actions">
        <Link href={`/runs?workflow=${workflow.id}`}>Runs</Link>
        <button type="button" className="link-button" disabled={busy} onClick={() => setRenaming(true)}>
          Rename
        </button>
        <button type="button" className="link-button" disabled={busy} onClick={() => void duplicate()}>
          Duplicate
        </button>
        <button type="button" className="link-button danger" disabled={busy} onClick={remove}>
          Delete
        </button>
      </td>
    </tr>
  );
}
