/** Credentials of the workspace: list, create, edit, delete. Secret fields are write-only. */
import { useEffect, useMemo, useState } from "react";
import { ApiError } from "../api/client";
import { createCredential, deleteCredential, updateCredential } from "../api/endpoints";
import type { CredentialPublic, CredentialTypeInfo } from "../api/types";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { FieldFrame } from "../components/form/FieldFrame";
import { SchemaForm } from "../components/form/SchemaForm";
import { Loading } from "../components/Loading";
import {
  createBody,
  credentialFields,
  credentialProblems,
  initialDraft,
  isSecret,
  serverProblems,
  updateBody,
  type CredentialDraft,
} from "../credentials/credentialForm";
import { formatTime } from "../format";
import type { Problem } from "../schema/validate";
import { useCredentials } from "../store/credentialStore";
import { messageOf, toast } from "../store/toastStore";

type Editing = { mode: "new" } | { mode: "edit"; credential: CredentialPublic } | null;

export function CredentialsPage() {
  const { credentials, types, status, error, load } = useCredentials();
  const [editing, setEditing] = useState<Editing>(null);
  useEffect(() => void useCredentials.getState().load(true), []);
  const byType = useMemo(() => new Map(types.map((t) => [t.type, t])), [types]);

  const remove = async (credential: CredentialPublic) => {
    if (!window.confirm(`Delete the credential “${credential.name}”? Nodes using it will fail.`)) return;
    try {
      await deleteCredential(credential.id);
      toast.success(`Deleted “${credential.name}”`);
      if (editing?.mode === "edit" && editing.credential.id === credential.id) setEditing(null);
    } catch (err) {
      toast.error(err);
    } finally {
      void load(true);
    }
  };

  return (
    <div className="page" data-testid="credentials-page">
      <div className="page-head">
        <h2>Credentials</h2>
        <div className="page-actions">
          <button
            type="button"
            className="primary"
            disabled={status !== "ready" || editing?.mode === "new"}
            onClick={() => setEditing({ mode: "new" })}
          >
            New credential
          </button>
        </div>
      </div>
      <p className="muted">
        API keys, passwords and connections for your nodes. Secrets are encrypted at rest and never shown
        again after saving: to change one, type a new value.
      </p>
      {editing && (
        <CredentialEditor
          key={editing.mode === "edit" ? editing.credential.id : "new"}
          types={types}
          existing={editing.mode === "edit" ? editing.credential : undefined}
          onDone={() => {
            setEditing(null);
            void load(true);
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {status === "loading" && credentials.length === 0 && <Loading label="Loading credentials…" />}
      {status === "error" && (
        <ErrorState message={error ?? "could not load"} onRetry={() => void load(true)} />
      )}
      {status === "ready" && credentials.length === 0 && !editing && (
        <EmptyState
          title="No credentials yet"
          action={
            <button type="button" className="primary" onClick={() => setEditing({ mode: "new" })}>
              Add a credential
            </button>
          }
        >
          Nodes that call other services (HTTP, LLMs, email, SMS, databases, SFTP) pick one by name.
        </EmptyState>
      )}
      {credentials.length > 0 && (
        <table className="table" data-testid="credential-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Fields set</th>
              <th>Public fields</th>
              <th>Updated</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {credentials.map((c) => (
              <CredentialRow
                key={c.id}
                credential={c}
                type={byType.get(c.type)}
                onEdit={() => setEditing({ mode: "edit", credential: c })}
                onDelete={() => void remove(c)}
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

interface CredentialRowProps {
  credential: CredentialPublic;
  type: CredentialTypeInfo | undefined;
  onEdit(): void;
  onDelete(): void;
}

function CredentialRow({ credential, type, onEdit, onDelete }: CredentialRowProps) {
  const publicFields = Object.entries(credential.public);
  return (
    <tr data-testid={`credential-${credential.id}`} data-credential-id={credential.id}>
      <td>
        <strong>{credential.name}</strong>
      </td>
      <td>
        {type?.label ?? credential.type} <span className="muted">{credential.type}</span>
      </td>
      <td data-testid="fields-set">
        <div className="chips">
          {credential.fields_set.map((f) => {
            const secret = type ? isSecret(type, f) : false;
            return (
              <span
                key={f}
                className={`chip${secret ? " chip-secret" : ""}`}
                title={secret ? "secret: set, never shown" : "set"}
              >
                {f}
                {secret ? " · secret" : ""}
              </span>
            );
          })}
        </div>
      </td>
      <td className="public-fields" data-testid="public-fields">
        {publicFields.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          publicFields.map(([k, v]) => (
            <div key={k}>
              <span className="muted">{k}:</span> <code>{typeof v === "string" ? v : JSON.stringify(v)}</code>
            </div>
          ))
        )}
      </td>
      <td>{formatTime(credential.updated_at)}</td>
      <td className="row-actions">
        <button type="button" className="link-button" onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="link-button danger" onClick={onDelete}>
          Delete
        </button>
      </td>
    </tr>
  );
}

interface CredentialEditorProps {
  types: CredentialTypeInfo[];
  existing: CredentialPublic | undefined;
  onDone(): void;
  onCancel(): void;
}

/** The form; its state (typed secrets included) lives only while it is open. */
function CredentialEditor({ types, existing, onDone, onCancel }: CredentialEditorProps) {
  const [typeName, setTypeName] = useState(existing?.type ?? types[0]?.type ?? "");
  const type = types.find((t) => t.type === typeName);
  const [draft, setDraft] = useState<CredentialDraft>(() =>
    type ? initialDraft(type, existing) : { name: "", data: {}, remove: [] },
  );
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [fromServer, setFromServer] = useState<Problem[]>([]);
  const [refusal, setRefusal] = useState<string | null>(null);
  const fields = useMemo(() => (type ? credentialFields(type, existing) : []), [type, existing]);
  if (!type) return <ErrorState message={`Unknown credential type ${typeName}`} />;

  const local = credentialProblems(type, draft, existing);
  const problems = [...(tried ? local : []), ...fromServer];
  const removable = (existing?.fields_set ?? []).filter((f) => !(type.schema.required ?? []).includes(f));

  const save = async () => {
    setTried(true);
    if (local.length > 0) return;
    setSaving(true);
    setRefusal(null);
    setFromServer([]);
    try {
      if (existing) {
        const body = updateBody(type, existing, draft);
        if (body.name !== undefined || body.data !== undefined) await updateCredential(existing.id, body);
        toast.success(`Saved “${draft.name.trim()}”`);
      } else {
        await createCredential(createBody(type, draft));
        toast.success(`Created “${draft.name.trim()}”`);
      }
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.problems.length > 0) {
        setFromServer(serverProblems(err.problems));
      }
      setRefusal(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="credential-editor"
      data-testid="credential-editor"
      autoComplete="off"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>{existing ? `Edit “${existing.name}”` : "New credential"}</h3>
      <div className="form-row">
        <FieldFrame id="credential-type" path="type" label="Type" problems={[]}>
          <select
            id="credential-type"
            value={typeName}
            disabled={Boolean(existing)}
            onChange={(e) => {
              const next = types.find((t) => t.type === e.target.value);
              setTypeName(e.target.value);
              if (next) setDraft({ ...initialDraft(next), name: draft.name });
              setTried(false);
              setFromServer([]);
            }}
          >
            {types.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
        </FieldFrame>
        <FieldFrame
          id="credential-name"
          path="name"
          label="Name"
          required
          problems={problems.filter((p) => p.path === "name")}
        >
          <input
            id="credential-name"
            type="text"
            maxLength={200}
            value={draft.name}
            placeholder="e.g. Billing API (production)"
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
        </FieldFrame>
      </div>
      <SchemaForm
        fields={fields}
        owner="credential"
        value={draft.data}
        problems={problems}
        onChange={(data) => {
          setDraft({ ...draft, data });
          setFromServer([]);
        }}
      />
      {removable.length > 0 && (
        <fieldset className="field-group">
          <legend>Remove stored fields</legend>
          {removable.map((f) => (
            <label key={f} className="checkbox-label">
              <input
                type="checkbox"
                checked={draft.remove.includes(f)}
                onChange={(e) =>
                  setDraft({
                    ...draft,
                    remove: e.target.checked ? [...draft.remove, f] : draft.remove.filter((r) => r !== f),
                  })
                }
              />{" "}
              {f}
              {isSecret(type, f) ? " (secret)" : ""}
            </label>
          ))}
        </fieldset>
      )}
      {refusal && (
        <p className="field-error" role="alert" data-testid="credential-refusal">
          Not saved: {refusal}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={saving}>
          {saving ? "Saving…" : existing ? "Save changes" : "Create credential"}
        </button>
      </div>
    </form>
  );
}
