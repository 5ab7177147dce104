/** The searchable template list of the "New workflow" dialog; a card creates the workflow. */
import { useEffect, useState } from "react";
import { readTemplates } from "../../api/endpoints";
import type { TemplateSummary } from "../../api/types";
import { searchQuery } from "../../newWorkflow/templateSearch";
import { useCredentials } from "../../store/credentialStore";
import { messageOf, toast } from "../../store/toastStore";
import { createAndOpen } from "./TemplateSetup";
import { useCredentialsToSetUp } from "./useCredentialsToSetUp";

const SEARCH_DELAY_MS = 200;

interface PickerProps {
  /** The search box's text (kept by the dialog, so coming back keeps the search). */
  text: string;
  onText(text: string): void;
  /** A template that needs credentials was chosen: they are picked next. */
  onChoose(template: TemplateSummary): void;
  onCreated(): void;
}

export function TemplatePicker({ text, onText, onChoose, onCreated }: PickerProps) {
  const [q, setQ] = useState<string | undefined>(() => searchQuery(text));
  const [attempt, setAttempt] = useState(0);
  // `answered` names the search the list shows, so the list and its caption never disagree.
  const [state, setState] = useState<{
    answered: string | null;
    templates: TemplateSummary[] | null;
    error: string | null;
  }>({ answered: null, templates: null, error: null });
  const [creating, setCreating] = useState<string | null>(null);
  const asked = `${attempt}:${q ?? ""}`;
  const loading = state.answered !== asked || searchQuery(text) !== q;

  useEffect(() => void useCredentials.getState().load(), []);
  useEffect(() => {
    const timer = setTimeout(() => setQ(searchQuery(text)), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);
  useEffect(() => {
    // A slower answer to an older query must not replace a newer one.
    const abort = new AbortController();
    readTemplates(q, abort.signal).then(
      (templates) => !abort.signal.aborted && setState({ answered: asked, templates, error: null }),
      (error: unknown) =>
        !abort.signal.aborted && setState({ answered: asked, templates: null, error: messageOf(error) }),
    );
    return () => abort.abort();
  }, [q, asked]);

  const use = async (template: TemplateSummary) => {
    if (template.credentials.length > 0) {
      onChoose(template);
      return;
    }
    setCreating(template.id);
    try {
      await createAndOpen(template, {});
      onCreated();
    } catch (error) {
      toast.error(`Could not create from “${template.name}”: ${messageOf(error)}`);
      setCreating(null);
    }
  };

  const templates = state.templates;
  return (
    <section className="template-picker" aria-labelledby="templates-title">
      <div className="template-search">
        <h4 id="templates-title">Start from a template</h4>
        <label htmlFor="template-search" className="visually-hidden">
          Search templates
        </label>
        <input
          id="template-search"
          type="search"
          placeholder="Search templates (name, description, tag)"
          value={text}
          autoFocus
          aria-controls="template-list"
          aria-describedby="template-count"
          onChange={(e) => onText(e.target.value)}
        />
      </div>
      <p id="template-count" className="muted" aria-live="polite" data-testid="template-count">
        {loading
          ? "Searching…"
          : templates
            ? `${templates.length} template${templates.length === 1 ? "" : "s"}${q ? ` matching “${q}”` : ""}`
            : ""}
      </p>
      {state.error && (
        <div className="error-state" role="alert">
          <p>{state.error}</p>
          <button type="button" onClick={() => setAttempt((a) => a + 1)}>
            Try again
          </button>
        </div>
      )}
      {templates && templates.length === 0 && !loading && (
        <p className="muted">No template matches; try fewer words, or start blank.</p>
      )}
      <ul id="template-list" className="template-list" aria-label="Templates" aria-busy={loading}>
        {templates?.map((t) => (
          <TemplateCard
            key={t.id}
            template={t}
            busy={creating !== null}
            creating={creating === t.id}
            onUse={() => void use(t)}
          />
        ))}
      </ul>
    </section>
  );
}

interface CardProps {
  template: TemplateSummary;
  busy: boolean;
  creating: boolean;
  onUse(): void;
}

function TemplateCard({ template, busy, creating, onUse }: CardProps) {
  const needed = useCredentialsToSetUp(template.credentials);
  const titleId = `template-${template.id}-name`;
  return (
    <li className="template-card" aria-labelledby={titleId} data-testid={`template-${template.id}`}>
      <div className="template-card-body">
        <h5 id={titleId}>{template.name}</h5>
        <p>{template.description}</p>
        {template.tags.length > 0 && (
          <ul className="chips" aria-label="Tags">
            {template.tags.map((tag) => (
              <li key={tag} className="chip">
                {tag}
              </li>
            ))}
          </ul>
        )}
        <p className="template-credentials muted">
          {needed.length === 0 ? (
            "No credentials needed"
          ) : (
            <>
              Credentials needed:{" "}
              {needed.map((c, i) => (
                <span key={`${c.type}-${i}`} data-have={c.have}>
                  {i > 0 && "; "}
                  <strong>{c.label}</strong> ({c.purpose}){c.have > 0 ? " ✓ you have one" : ""}
                </span>
              ))}
            </>
          )}
        </p>
      </div>
      <button
        type="button"
        className="primary"
        disabled={busy}
        aria-label={`Use template ${template.name}`}
        onClick={onUse}
      >
        {creating ? "Creating…" : "Use template"}
      </button>
    </li>
  );
}
