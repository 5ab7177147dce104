/** A list: one row per item; text or numbers, a sub-form for objects with fields, else JSON. */
import type { JsonSchema } from "../../api/types";
import { fieldKind, formFields } from "../../schema/fields";
import type { Problem } from "../../schema/validate";
import { ExpressionInput } from "./ExpressionInput";
import { JsonEditor } from "./JsonEditor";
import { NumberInput } from "./NumberInput";
import { SchemaForm } from "./SchemaForm";

interface ArrayEditorProps {
  id: string;
  owner: string;
  label: string;
  /** The list's path ("config.rules"); items are "config.rules[0]". */
  path: string;
  schema: JsonSchema;
  problems: Problem[];
  value: unknown;
  onChange(value: unknown[] | undefined): void;
  readOnly?: boolean;
}

export function ArrayEditor({
  id,
  owner,
  label,
  path,
  schema,
  problems,
  value,
  onChange,
  readOnly = false,
}: ArrayEditorProps) {
  const items = Array.isArray(value) ? value : [];
  const kind = fieldKind(schema.items ?? {});
  const set = (index: number, item: unknown) => onChange(items.map((old, i) => (i === index ? item : old)));
  const blank =
    kind === "number" || kind === "integer" ? 0 : kind === "string" ? "" : kind === "object" ? {} : null;

  return (
    <div className="array-editor" id={id}>
      {items.map((item, i) => {
        const itemId = `${id}-${i}`;
        const itemLabel = `${label} [${i}]`;
        return (
          <div className="array-row" key={i}>
            {kind === "object" ? (
              <div className="array-item-form" data-field={`${path}[${i}]`}>
                <SchemaForm
                  fields={formFields(schema.items ?? {}, `${path}[${i}]`)}
                  owner={owner}
                  value={isObject(item) ? item : {}}
                  problems={problems}
                  readOnly={readOnly}
                  onChange={(next) => set(i, next)}
                />
              </div>
            ) : kind === "string" ? (
              <ExpressionInput
                id={itemId}
                owner={owner}
                label={itemLabel}
                value={String(item ?? "")}
                readOnly={readOnly}
                onChange={(t) => set(i, t)}
              />
            ) : kind === "number" || kind === "integer" ? (
              <NumberInput
                id={itemId}
                owner={owner}
                label={itemLabel}
                value={item}
                integer={kind === "integer"}
                readOnly={readOnly}
                onChange={(v) => set(i, v)}
              />
            ) : (
              <JsonEditor
                id={itemId}
                owner={owner}
                label={itemLabel}
                value={item}
                allowText
                readOnly={readOnly}
                onChange={(v) => set(i, v)}
              />
            )}
            {!readOnly && (
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove item ${i + 1}`}
                onClick={() => onChange(items.filter((_, j) => j !== i))}
              >
                ×
              </button>
            )}
          </div>
        );
      })}
      {!readOnly && (
        <button type="button" className="link-button" onClick={() => onChange([...items, blank])}>
          + Add item
        </button>
      )}
    </div>
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
