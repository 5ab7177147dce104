/** JSON Schema → form fields: which widget each config property gets. */
import type { JsonSchema, JsonType } from "../api/types";

export type FieldKind =
  | "string"
  | "text"
  | "number"
  | "integer"
  | "boolean"
  | "enum"
  | "keyValue"
  | "object"
  | "array"
  | "json"
  | "credential"
  | "secret";

/** Config fields with this name hold a credential id: the form offers a picker. */
export const CREDENTIAL_FIELD = "credential_id";

export interface FieldSpec {
  /** Property name in its parent object. */
  name: string;
  /** Path in the node, as server errors name it: "config.url", "config.headers". */
  path: string;
  label: string;
  kind: FieldKind;
  schema: JsonSchema;
  required: boolean;
  description?: string;
  /** Shown when empty: the schema's default. */
  placeholder?: string;
  /** Choices of an enum. */
  options?: unknown[];
  /** Fields of a nested object. */
  children?: FieldSpec[];
}

/** The non-null types a schema allows (none when it says nothing). */
export function schemaTypes(schema: JsonSchema): JsonType[] {
  const raw = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  return raw.filter((t) => t !== "null");
}

export function fieldKind(schema: JsonSchema): FieldKind {
  if (schema.writeOnly && schemaTypes(schema).join() === "string") return "secret";
  if (schema["x-widget"] === "json") return "json";
  if (schema["x-widget"] === "textarea") return "text";
  if (schema["x-widget"] === "keyvalue") return "keyValue";
  if (Array.isArray(schema.enum)) return "enum";
  const types = schemaTypes(schema);
  if (types.length === 0) return schema.properties ? "object" : "json";
  if (types.length > 1) return "json";
  switch (types[0]) {
    case "string":
      return "string";
    case "number":
      return "number";
    case "integer":
      return "integer";
    case "boolean":
      return "boolean";
    case "array":
      return "array";
    case "object":
      return schema.properties && Object.keys(schema.properties).length > 0 ? "object" : "keyValue";
    default:
      return "json";
  }
}

/** One field per property of an object schema, in declaration order. */
export function formFields(schema: JsonSchema, basePath = "config"): FieldSpec[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const path = `${basePath}.${name}`;
    const kind = name === CREDENTIAL_FIELD && basePath === "config" ? "credential" : fieldKind(property);
    const spec: FieldSpec = {
      name,
      path,
      label: property.title ?? (kind === "credential" ? "Credential" : humanize(name)),
      kind,
      schema: property,
      required: required.has(name),
    };
    if (property.description) spec.description = property.description;
    const example = property.examples?.[0];
    if (property.default !== undefined) spec.placeholder = String(formatDefault(property.default));
    else if (kind !== "secret" && isExample(example)) spec.placeholder = `e.g. ${String(example)}`;
    if (kind === "enum") spec.options = property.enum ?? [];
    if (kind === "object") spec.children = formFields(property, path);
    return spec;
  });
}

/** "timeout_seconds" → "Timeout seconds". */
export function humanize(name: string): string {
  const words = name
    .replace(/[_-]+/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .trim()
    .split(" ");
  const text = words.map((w) => ACRONYMS[w.toLowerCase()] ?? w).join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const ACRONYMS: Record<string, string> = {
  url: "URL",
  json: "JSON",
  id: "ID",
  http: "HTTP",
  api: "API",
  sql: "SQL",
};

function isExample(value: unknown): value is string | number | boolean {
  return ["string", "number", "boolean"].includes(typeof value);
}

function formatDefault(value: unknown): string {
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Text typed into a number field: a number when it reads as one, else the text itself
 * (an expression, or a mistake that validation reports); empty clears the field. */
export function parseNumberInput(text: string, integer: boolean): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) return text;
  return value;
}

/** Text of a free-JSON field: parsed JSON, or the text kept as a string. */
export function parseJsonInput(text: string): { value: unknown; asText: boolean } {
  if (text.trim() === "") return { value: undefined, asText: false };
  try {
    return { value: JSON.parse(text), asText: false };
  } catch {
    return { value: text, asText: true };
  }
}

export function formatJsonValue(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2);
}
