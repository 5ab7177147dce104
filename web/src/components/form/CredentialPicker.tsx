/** Pick a credential of the workspace by name; the node's config keeps only its id. */
import { useEffect } from "react";
import { credentialsOfKind, useCredentials } from "../../store/credentialStore";

interface CredentialPickerProps {
  id: string;
  kind: string | null;
  value: unknown;
  onChange(value: string | undefined): void;
  readOnly: boolean;
  invalid: boolean;
}

export function CredentialPicker({ id, kind, value, onChange, readOnly, invalid }: CredentialPickerProps) {
  const state = useCredentials();
  useEffect(() => void useCredentials.getState().load(), []);
  const options = credentialsOfKind(state, kind);
  const missing =
    typeof value === "string" &&
    value !== "" &&
    state.status === "ready" &&
    !options.some((c) => c.id === value);

  return (
    <>
      <select
        id={id}
        value={typeof value === "string" ? value : ""}
        disabled={readOnly || state.status === "loading"}
        aria-invalid={invalid || missing || undefined}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">{state.status === "loading" ? "Loading credentials…" : "— none —"}</option>
        {options.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({c.type})
          </option>
        ))}
        {missing && <option value={value}>unknown credential {value.slice(0, 8)}</option>}
      </select>
      {state.status === "ready" && options.length === 0 && (
        <p className="field-hint">
          No {kind ?? ""} credential in this workspace yet;{" "}
          <a href="/credentials" target="_blank" rel="noreferrer">
            add one
          </a>{" "}
          in a new tab, then{" "}
          <button type="button" className="link-button" onClick={() => void state.load(true)}>
            reload the list
          </button>
          .
        </p>
      )}
      {state.status === "error" && <p className="field-error">{state.error}</p>}
    </>
  );
}
