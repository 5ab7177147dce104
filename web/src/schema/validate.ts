/**
 * Client-side validation with the node type's JSON Schema, for inline messages while editing.
 * Covers the keywords the catalog uses; the server's validation stays the authority. Like the
 * server, a value holding an expression is not checked (it is known only when the run renders it).
 */
import type { JsonSchema, JsonType } from "../api/types";
import { hasExpression } from "./expressions";

export interface Problem {
  /** "config.url", "config.headers.X-Id", "config.items[0]". */
  path: string;
  message: string;
}

export function validate(schema: JsonSchema, value: unknown, path = "config"): Problem[] {
  const problems: Problem[] = [];
  check(schema, value, path, problems);
  return problems;
}

function check(schema: JsonSchema, value: unknown, path: string, out: Problem[]): void {
  if (hasExpression(value)) return;
  if (schema.type !== undefined && !matchesType(schema.type, value)) {
    out.push({ path, message: `must be ${describeType(schema.type)}` });
    return;
  }
  if (schema.enum && !schema.enum.some((option) => deepEqual(option, value))) {
    out.push({ path, message: `must be one of ${schema.enum.map(String).join(", ")}` });
  }
  if (schema.const !== undefined && !deepEqual(schema.const, value)) {
    out.push({ path, message: `must be ${JSON.stringify(schema.const)}` });
  }
  if (typeof value === "string") checkString(schema, value, path, out);
  if (typeof value === "number") checkNumber(schema, value, path, out);
  if (Array.isArray(value)) checkArray(schema, value, path, out);
  if (isObject(value)) checkObject(schema, value, path, out);
  if (schema.not && validate(schema.not, value, path).length === 0) {
    const names = schema.not.required;
    const message = names ? `set only one of ${names.join(", ")}` : "is not allowed here";
    out.push({ path, message });
  }
}

function checkString(schema: JsonSchema, value: string, path: string, out: Problem[]): void {
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    out.push({
      path,
      message:
        schema.minLength === 1 ? "must not be empty" : `must have at least ${schema.minLength} characters`,
    });
  }
  if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    out.push({ path, message: `must have at most ${schema.maxLength} characters` });
  }
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) {
    out.push({ path, message: `must match ${schema.pattern}` });
  }
}

function checkNumber(schema: JsonSchema, value: number, path: string, out: Problem[]): void {
  if (schema.minimum !== undefined && value < schema.minimum) {
    out.push({ path, message: `must be at least ${schema.minimum}` });
  }
  if (schema.maximum !== undefined && value > schema.maximum) {
    out.push({ path, message: `must be at most ${schema.maximum}` });
  }
  if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
    out.push({ path, message: `must be greater than ${schema.exclusiveMinimum}` });
  }
  if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) {
    out.push({ path, message: `must be less than ${schema.exclusiveMaximum}` });
  }
}

function checkArray(schema: JsonSchema, value: unknown[], path: string, out: Problem[]): void {
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    out.push({ path, message: `must have at least ${schema.minItems} items` });
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    out.push({ path, message: `must have at most ${schema.maxItems} items` });
  }
  if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size < value.length) {
    out.push({ path, message: "must not repeat an item" });
  }
  if (schema.items) {
    const items = schema.items;
    value.forEach((item, i) => check(items, item, `${path}[${i}]`, out));
  }
}

function checkObject(schema: JsonSchema, value: Record<string, unknown>, path: string, out: Problem[]): void {
  if (schema.minProperties !== undefined && Object.keys(value).length < schema.minProperties) {
    out.push({
      path,
      message: `must have at least ${schema.minProperties} field${schema.minProperties > 1 ? "s" : ""}`,
    });
  }
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) out.push({ path: join(path, name), message: "is required" });
  }
  const properties = schema.properties ?? {};
  for (const [name, item] of Object.entries(value)) {
    const property = properties[name];
    if (property) {
      check(property, item, join(path, name), out);
    } else if (schema.additionalProperties === false) {
      out.push({ path: join(path, name), message: "is not a known field" });
    } else if (isObject(schema.additionalProperties)) {
      check(schema.additionalProperties, item, join(path, name), out);
    }
  }
}

function join(base: string, name: string): string {
  return base ? `${base}.${name}` : name;
}

function matchesType(type: JsonType | JsonType[], value: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => {
    switch (t) {
      case "string":
        return typeof value === "string";
      case "number":
        return typeof value === "number" && Number.isFinite(value);
      case "integer":
        return typeof value === "number" && Number.isInteger(value);
      case "boolean":
        return typeof value === "boolean";
      case "array":
        return Array.isArray(value);
      case "object":
        return isObject(value);
      case "null":
        return value === null;
      default:
        return false;
    }
  });
}

const ARTICLES: Record<JsonType, string> = {
  string: "text",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  null: "null",
};

function describeType(type: JsonType | JsonType[]): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => ARTICLES[t]).join(" or ");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The problems at `path` or below it, e.g. "config.headers" includes "config.headers.X". */
export function problemsAt(problems: Problem[], path: string): Problem[] {
  return problems.filter(
    (p) => p.path === path || p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`),
  );
}
