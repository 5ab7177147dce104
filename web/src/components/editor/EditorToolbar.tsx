/** The editor's toolbar: name, save state, history, layout, view, export, run. */
import { useReactFlow } from "@xyflow/react";
import { useEditor } from "../../store/editorStore";

interface EditorToolbarProps {
  saving: boolean;
  starting: boolean;
  onSave(): void;
  onRun(): void;
  onExport(): void;
}

export function EditorToolbar({ saving, starting, onSave, onRun, onExport }: EditorToolbarProps) {
  const meta = useEditor((s) => s.meta);
  const dirty = useEditor((s) => s.dirty);
  const readOnly = useEditor((s) => s.readOnly);
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const empty = useEditor((s) => s.nodes.length === 0);
  const { rename, undo, redo, autoLayout } = useEditor.getState();
  const { fitView } = useReactFlow();
  const fit = () => void fitView({ padding: 0.2, maxZoom: 1.2, duration: 200 });

  return (
    <div className="toolbar" role="toolbar" aria-label="Editor">
      <input
        className="toolbar-name"
        aria-label="Workflow name"
        value={meta.name}
        readOnly={readOnly}
        maxLength={200}
        onChange={(e) => rename(e.target.value)}
      />
      <span className="toolbar-state" data-testid="save-state">
        {meta.version === null ? "not saved yet" : `v${meta.version}`}
        {dirty && !readOnly && " · unsaved changes"}
      </span>
      <div className="toolbar-spacer" />
      {!readOnly && (
        <>
          <button type="button" onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)">
            Undo
          </button>
          <button type="button" onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
            Redo
          </button>
          <button
            type="button"
            onClick={() => {
              autoLayout();
              setTimeout(fit, 0);
            }}
            disabled={empty}
            title="Arrange the nodes in layers"
          >
            Auto-layout
          </button>
        </>
      )}
      <button type="button" onClick={fit} title="Zoom to fit">
        Fit
      </button>
      <button type="button" onClick={onExport} disabled={empty} title="Download the workflow as JSON">
        Export
      </button>
      {!readOnly && (
        <>
          <button type="button" onClick={onSave} disabled={saving} title="Save a new version (Ctrl+S)">
            {saving ? "Saving…" : "Save"}
          </button>
          <button
            type="button"
            className="primary"
            onClick={onRun}
            disabled={starting || empty}
            title="Save and run"
          >
            {starting ? "Starting…" : "Run"}
          </button>
        </>
      )}
    </div>
  );
}
