/** A chosen template's credentials: pick one of the workspace's for each, then create. */
import { useEffect, useState } from "react";
import { createFromTemplate } from "../../api/endpoints";
import type { TemplateSummary } from "../../api/types";
import { navigate } from "../../hooks/useRoute";
import {
  initialChoice,
  setUpSentence,
  unchosenKeys,
  type CredentialChoice,
} from "../../newWorkflow/templateSearch";
import { useCredentials } from "../../store/credentialStore";
import { messageOf, toast } from "../../store/toastStore";
import { useCredentialsToSetUp } from "./useCredentialsToSetUp";

/** Saves a workflow from the template and opens it in the editor; throws what the API said. */
export async function createAndOpen(template: TemplateSummary, choice: CredentialChoice): Promise<void> {
  const created = await createFromTemplate(template.id, choice);
  toast.success(`Created “${created.name}” from the template`);
  navigate(`/workflows/${created.id}`);
}

interface SetupProps {
  template: TemplateSummary;
  onBack(): void;
  onCreated(): void;
}

export function TemplateSetup({ template, onBack, onCreated }: SetupProps) {
  const credentials = useCredentials((s) => s.credentials);
  const status = useCredentials((s) => s.status);
  const needed = useCredentialsToSetUp(template.credentials);
  const [choice, setChoice] = useState<CredentialChoice>(() =>
    initialChoice(template.credentials, credentials),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => void useCredentials.getState().load(), []);
  // Credentials created meanwhile (in another tab) fill the keys that had none.
  useEffect(() => {
    const fresh = initialChoice(template.credentials, credentials);
    setChoice((c) => Object.fromEntries(Object.entries(fresh).map(([k, v]) => [k, c[k] || v])));
  }, [template.credentials, credentials]);

  const missing = unchosenKeys(template.credentials, choice);
  // Focus lands on the first choice to make (or on Back when there is none to make here).
  const firstPick = needed.findIndex((c) => c.have > 0);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      await createAndOpen(template, choice);
      onCreated();
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  };

  return (
    <form
      className="template-setup"
      aria-labelledby="template-setup-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (missing.length === 0) void create();
      }}
    >
      <h4 id="template-setup-title">{template.name}</h4>
      <p className="muted">{template.description}</p>
      <p>
        This template needs {needed.length === 1 ? "a credential" : `${needed.length} credentials`}: choose
        one of this workspace's for each.
      </p>
      {setUpSentence(needed) && (
        <p className="field-hint" data-testid="template-set-up">
          {setUpSentence(needed)}
        </p>
      )}
      {needed.map((c, index) => {
        const key = c.key ?? c.type;
        const id = `template-credential-${key}`;
        const options = credentials.filter((w) => w.type === c.type);
        return (
          <div className="field" key={key} data-testid={`template-credential-${key}`}>
            <label htmlFor={id}>
              {c.label}: {c.purpose}
            </label>
            {options.length > 0 ? (
              <select
                id={id}
                value={choice[key] ?? ""}
                required
                autoFocus={index === firstPick}
                onChange={(e) => setChoice((s) => ({ ...s, [key]: e.target.value }))}
              >
                <option value="">Choose a {c.label} credential…</option>
                {options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            ) : (
              <p id={id} className="field-error" data-missing="true">
                No {c.label} credential in this workspace yet:{" "}
                <a href="/credentials" target="_blank" rel="noreferrer">
                  set one up on the Credentials page
                </a>
                , then reload the list.
              </p>
            )}
          </div>
        );
      })}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" onClick={onBack} autoFocus={firstPick < 0}>
          Back
        </button>
        <button
          type="button"
          disabled={status === "loading"}
          onClick={() => void useCredentials.getState().load(true)}
        >
          Reload credentials
        </button>
        <button type="submit" className="primary" disabled={busy || missing.length > 0}>
          {busy ? "Creating…" : "Create workflow"}
        </button>
      </div>
    </form>
  );
}
