/** An object as name/value rows (values are text or expressions), or as raw JSON. */
import { useEffect, useState } from "react";
import { ExpressionInput } from "./ExpressionInput";
import { JsonEditor } from "./JsonEditor";

type Row = { key: string; value: string };

interface KeyValueEditorProps {
  id: string;
  owner: string;
  label: string;
  value: unknown;
  onChange(value: Record<string, unknown> | undefined): void;
  readOnly?: boolean;
  invalid?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Rows can show the value only when every value is text. */
function asRows(value: unknown): Row[] | null {
  if (value === undefined || value === null) return [];
  if (!isObject(value)) return null;
  const rows: Row[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== "string") return null;
    rows.push({ key, value: item });
  }
  return rows;
}

function toObject(rows: Row[]): Record<string, unknown> | undefined {
  const named = rows.filter((r) => r.key.trim() !== "");
  if (named.length === 0) return undefined;
  return Object.fromEntries(named.map((r) => [r.key.trim(), r.value]));
}

export function KeyValueEditor({
  id,
  owner,
  label,
  value,
  onChange,
  readOnly,
  invalid,
}: KeyValueEditorProps) {
  const [mode, setMode] = useState<"rows" | "json">(asRows(value) ? "rows" : "json");
  const [rows, setRows] = useState<Row[]>(asRows(value) ?? []);
  useEffect(() => {
    const fresh = asRows(value);
    if (fresh && JSON.stringify(toObject(rows)) !== JSON.stringify(toObject(fresh))) setRows(fresh);
  }, [value]);

  const update = (next: Row[]) => {
    setRows(next);
    onChange(toObject(next));
  };
  const canUseRows = asRows(value) !== null;

  return (
    <div className="kv-editor" id={id}>
      <div className="kv-mode">
        <button
          type="button"
          className="link-button"
          disabled={mode === "rows" || !canUseRows}
          onClick={() => setMode("rows")}
        >
          Fields
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
      {mode === "json" ? (
        <JsonEditor
          id={`${id}-json`}
          owner={owner}
          label={label}
          value={value}
          allowText={false}
          readOnly={readOnly ?? false}
          invalid={invalid ?? false}
          onChange={(v) => onChange(isObject(v) ? v : undefined)}
        />
      ) : (
        <>
          {rows.map((row, i) => (
            <div className="kv-row" key={i}>
              <input
                type="text"
                aria-label={`${label} name ${i + 1}`}
                placeholder="name"
                value={row.key}
                readOnly={readOnly}
                onChange={(e) => update(rows.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))}
              />
              <ExpressionInput
                id={`${id}-${i}`}
                owner={owner}
                label={`${label} › ${row.key || `row ${i + 1}`}`}
                placeholder="value or {{ expression }}"
                value={row.value}
                readOnly={readOnly ?? false}
                onChange={(text) => update(rows.map((r, j) => (j === i ? { ...r, value: text } : r)))}
              />
              {!readOnly && (
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove ${row.key || `row ${i + 1}`}`}
                  onClick={() => update(rows.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              )}
            </div>
          ))}
          {!readOnly && (
            <button
              type="button"
              className="link-button"
              onClick={() => setRows([...rows, { key: "", value: "" }])}
            >
              + Add field
            </button>
          )}
        </>
      )}
    </div>
  );
}
