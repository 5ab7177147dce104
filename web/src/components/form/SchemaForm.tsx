/** A form generated from an object's JSON Schema fields (see schema/fields.ts). */
import type { FieldSpec } from "../../schema/fields";
import type { Problem } from "../../schema/validate";
import { SchemaField } from "./SchemaField";

interface SchemaFormProps {
  fields: FieldSpec[];
  /** Whose values these are: a node id, or "inputs". */
  owner: string;
  value: Record<string, unknown>;
  onChange(value: Record<string, unknown>, path: string): void;
  problems: Problem[];
  readOnly?: boolean;
  /** The credential kind the node type accepts (for credential pickers). */
  credentialKind?: string | null;
}

export function SchemaForm({
  fields,
  owner,
  value,
  onChange,
  problems,
  readOnly = false,
  credentialKind = null,
}: SchemaFormProps) {
  if (fields.length === 0) return <p className="muted">This node has no settings.</p>;
  return (
    <div className="schema-form">
      {fields.map((spec) => (
        <SchemaField
          key={spec.path}
          spec={spec}
          owner={owner}
          value={value[spec.name]}
          problems={problems}
          readOnly={readOnly}
          credentialKind={credentialKind}
          onChange={(fieldValue) => {
            const next = { ...value };
            if (fieldValue === undefined) delete next[spec.name];
            else next[spec.name] = fieldValue;
            onChange(next, spec.path);
          }}
        />
      ))}
    </div>
  );
}
