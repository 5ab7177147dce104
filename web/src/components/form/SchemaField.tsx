/** One config property as the control its schema calls for. */
import { fieldKind, schemaTypes, type FieldSpec } from "../../schema/fields";
import { problemsAt, type Problem } from "../../schema/validate";
import { ArrayEditor } from "./ArrayEditor";
import { CredentialPicker } from "./CredentialPicker";
import { ExpressionInput } from "./ExpressionInput";
import { FieldFrame, fieldId } from "./FieldFrame";
import { JsonEditor } from "./JsonEditor";
import { KeyValueEditor } from "./KeyValueEditor";
import { NumberInput } from "./NumberInput";
import { SchemaForm } from "./SchemaForm";

interface SchemaFieldProps {
  spec: FieldSpec;
  owner: string;
  value: unknown;
  onChange(value: unknown): void;
  problems: Problem[];
  readOnly: boolean;
  credentialKind: string | null;
}

export function SchemaField({
  spec,
  owner,
  value,
  onChange,
  problems,
  readOnly,
  credentialKind,
}: SchemaFieldProps) {
  const id = fieldId(owner, spec.path);
  // Items with their own sub-form show their problems there, not again on the list.
  const subForms = spec.kind === "array" && fieldKind(spec.schema.items ?? {}) === "object";
  const mine = problemsAt(problems, spec.path).filter(
    (p) => !subForms || !p.path.startsWith(`${spec.path}[`),
  );
  const invalid = mine.length > 0;
  const common = { id, owner, label: spec.label, readOnly, invalid };
  const frame = {
    id,
    path: spec.path,
    label: spec.label,
    required: spec.required,
    description: spec.description,
    problems: mine,
  };

  switch (spec.kind) {
    case "string":
    case "text":
      return (
        <FieldFrame {...frame}>
          <ExpressionInput
            {...common}
            multiline={spec.kind === "text"}
            placeholder={spec.placeholder}
            value={typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value)}
            onChange={(text) => onChange(text === "" ? undefined : text)}
          />
        </FieldFrame>
      );
    case "number":
    case "integer":
      return (
        <FieldFrame {...frame}>
          <NumberInput
            {...common}
            placeholder={spec.placeholder}
            value={value}
            integer={spec.kind === "integer"}
            onChange={onChange}
          />
        </FieldFrame>
      );
    case "boolean":
      return (
        <FieldFrame {...frame} inline>
          <input
            id={id}
            type="checkbox"
            checked={value === true}
            disabled={readOnly}
            onChange={(e) =>
              onChange(e.target.checked ? true : spec.schema.default === true ? false : undefined)
            }
          />
        </FieldFrame>
      );
    case "enum":
      return (
        <FieldFrame {...frame}>
          <select
            id={id}
            value={value === undefined ? "" : JSON.stringify(value)}
            disabled={readOnly}
            aria-invalid={invalid || undefined}
            onChange={(e) =>
              onChange(e.target.value === "" ? undefined : (JSON.parse(e.target.value) as unknown))
            }
          >
            <option value="">{spec.placeholder ? `default (${spec.placeholder})` : "—"}</option>
            {(spec.options ?? []).map((option) => (
              <option key={JSON.stringify(option)} value={JSON.stringify(option)}>
                {String(option)}
              </option>
            ))}
          </select>
        </FieldFrame>
      );
    case "keyValue":
      return (
        <FieldFrame {...frame}>
          <KeyValueEditor {...common} value={value} onChange={onChange} />
        </FieldFrame>
      );
    case "array":
      return (
        <FieldFrame {...frame}>
          <ArrayEditor
            {...common}
            path={spec.path}
            schema={spec.schema}
            problems={problems}
            value={value}
            onChange={onChange}
          />
        </FieldFrame>
      );
    case "object":
      return (
        <fieldset className="field-group" data-field={spec.path}>
          <legend>{spec.label}</legend>
          <SchemaForm
            fields={spec.children ?? []}
            owner={owner}
            value={isObject(value) ? value : {}}
            onChange={(next) => onChange(Object.keys(next).length ? next : undefined)}
            problems={problems}
            readOnly={readOnly}
            credentialKind={credentialKind}
          />
        </fieldset>
      );
    case "credential":
      return (
        <FieldFrame {...frame}>
          <CredentialPicker
            id={id}
            kind={credentialKind}
            value={value}
            readOnly={readOnly}
            invalid={invalid}
            onChange={onChange}
          />
        </FieldFrame>
      );
    case "secret":
      // Write-only: typed, sent, never read back; no expression helper, no browser autofill.
      return (
        <FieldFrame {...frame}>
          <input
            id={id}
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            placeholder={spec.placeholder}
            readOnly={readOnly}
            aria-invalid={invalid || undefined}
            value={typeof value === "string" ? value : ""}
            onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
          />
        </FieldFrame>
      );
    case "json":
      return (
        <FieldFrame {...frame}>
          <JsonEditor {...common} value={value} allowText={allowsText(spec)} onChange={onChange} />
        </FieldFrame>
      );
  }
}

function allowsText(spec: FieldSpec): boolean {
  const types = schemaTypes(spec.schema);
  return types.length === 0 || types.includes("string");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
