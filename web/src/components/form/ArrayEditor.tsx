/** A list: one row per item, text for simple items and JSON for the rest. */
import type { JsonSchema } from "../../api/types";
import { fieldKind } from "../../schema/fields";
import { ExpressionInput } from "./ExpressionInput";
import { JsonEditor } from "./JsonEditor";
import { NumberInput } from "./NumberInput";

interface ArrayEditorProps {
  id: string;
  owner: string;
  label: string;
  schema: JsonSchema;
  value: unknown;
  onChange(value: unknown[] | undefined): void;
  readOnly?: boolean;
}

export function ArrayEditor({
  id,
  owner,
  label,
  schema,
  value,
  onChange,
  readOnly = false,
}: ArrayEditorProps) {
  const items = Array.isArray(value) ? value : [];
  const kind = fieldKind(schema.items ?? {});
  const set = (index: number, item: unknown) => onChange(items.map((old, i) => (i === index ? item : old)));
  const blank = kind === "number" || kind === "integer" ? 0 : kind === "string" ? "" : null;

  return (
    <div className="array-editor" id={id}>
      {items.map((item, i) => {
        const itemId = `${id}-${i}`;
        const itemLabel = `${label} [${i}]`;
        return (
          <div className="array-row" key={i}>
            {kind === "string" ? (
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
