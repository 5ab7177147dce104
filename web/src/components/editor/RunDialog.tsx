/** Start a run: inputs from a form (when the trigger defines inputs_schema) or as JSON. */
import { useEffect, useMemo, useState } from "react";
import type { JsonSchema } from "../../api/types";
import { formFields } from "../../schema/fields";
import { validate } from "../../schema/validate";
import { FieldFrame } from "../form/FieldFrame";
import { JsonEditor } from "../form/JsonEditor";
import { SchemaForm } from "../form/SchemaForm";

interface RunDialogProps {
  inputsSchema: JsonSchema | null;
  starting: boolean;
  onStart(inputs: Record<string, unknown>): void;
  onClose(): void;
}

export function RunDialog({ inputsSchema, starting, onStart, onClose }: RunDialogProps) {
  const fields = useMemo(() => (inputsSchema ? formFields(inputsSchema, "inputs") : []), [inputsSchema]);
  const [mode, setMode] = useState<"form" | "json">(fields.length > 0 ? "form" : "json");
  const [inputs, setInputs] = useState<Record<string, unknown>>({});
  const problems = useMemo(
    () => (inputsSchema ? validate(inputsSchema, inputs, "inputs") : []),
    [inputsSchema, inputs],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="run-dialog-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (problems.length === 0) onStart(inputs);
        }}
      >
        <h3 id="run-dialog-title">Run workflow</h3>
        {fields.length > 0 && (
          <div className="kv-mode">
            <button
              type="button"
              className="link-button"
              disabled={mode === "form"}
              onClick={() => setMode("form")}
            >
              Form
            </button>
            <button
              type="button"
              className="link-button"
              disabled={mode === "json"}
              onClick={() => setMode("json")}
            >
              JSON
            </button>
          </div>
        )}
        {mode === "form" ? (
          <SchemaForm
            fields={fields}
            owner="inputs"
            value={inputs}
            problems={problems}
            onChange={setInputs}
          />
        ) : (
          <FieldFrame id="run-inputs" path="inputs" label="Inputs (JSON object)" problems={problems}>
            <JsonEditor
              id="run-inputs"
              owner="inputs"
              label="Inputs"
              value={inputs}
              allowText={false}
              onChange={(v) =>
                setInputs(
                  typeof v === "object" && v !== null && !Array.isArray(v)
                    ? (v as Record<string, unknown>)
                    : {},
                )
              }
            />
          </FieldFrame>
        )}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={starting || problems.length > 0} autoFocus>
            {starting ? "Starting…" : "Start run"}
          </button>
        </div>
      </form>
    </div>
  );
}
