/** "New workflow": start blank, from a template, or from an n8n export. */
import { useRef, useState } from "react";
import type { TemplateSummary } from "../../api/types";
import { useModalFocus } from "../../hooks/useModalFocus";
import { Link } from "../Link";
import { N8nImport } from "./N8nImport";
import { TemplatePicker } from "./TemplatePicker";
import { TemplateSetup } from "./TemplateSetup";
import "./newWorkflow.css";

export function NewWorkflowDialog({ onClose }: { onClose(): void }) {
  const dialog = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<"choose" | "n8n" | TemplateSummary>("choose");
  const [search, setSearch] = useState("");
  const title = view === "choose" ? "New workflow" : view === "n8n" ? "Import from n8n" : "Use a template";
  useModalFocus(dialog, onClose);

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={dialog}
        className="modal modal-wide"
        role="dialog"
        aria-modal="true"
        aria-labelledby="new-workflow-title"
        data-testid="new-workflow-dialog"
      >
        <div className="new-workflow-head">
          <h3 id="new-workflow-title">{title}</h3>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        {view === "choose" ? (
          <>
            <div className="new-workflow-starts">
              <Link href="/workflows/new" className="button start-option" onClick={onClose}>
                <strong>Blank workflow</strong>
                <span className="muted">An empty canvas: drag nodes from the palette.</span>
              </Link>
              <button type="button" className="start-option" onClick={() => setView("n8n")}>
                <strong>Import from n8n</strong>
                <span className="muted">Paste or choose an n8n workflow export (.json).</span>
              </button>
            </div>
            <TemplatePicker text={search} onText={setSearch} onChoose={setView} onCreated={onClose} />
          </>
        ) : view === "n8n" ? (
          <N8nImport onBack={() => setView("choose")} onImported={onClose} />
        ) : (
          <TemplateSetup template={view} onBack={() => setView("choose")} onCreated={onClose} />
        )}
      </div>
    </div>
  );
}
