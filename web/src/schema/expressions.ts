/** The expression language as the editor writes it: `{{ nodes.<id>.output.<field> }}`. */
import type { JsonSchema } from "../api/types";

const EXPRESSION = /\{\{(.*?)\}\}/s;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function hasExpression(value: unknown): boolean {
  return typeof value === "string" && EXPRESSION.test(value);
}

/** A JMESPath segment: bare when it is an identifier, else quoted. */
function segment(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

export function nodeExpression(nodeId: string, field?: string): string {
  const path = [`nodes`, segment(nodeId), "output", ...(field ? [segment(field)] : [])];
  return `{{ ${path.join(".")} }}`;
}

export function inputExpression(field?: string): string {
  return `{{ ${["inputs", ...(field ? [segment(field)] : [])].join(".")} }}`;
}

/** Top-level output fields a node type documents (empty when its output is free-form). */
export function outputFields(schema: JsonSchema | undefined): string[] {
  return Object.keys(schema?.properties ?? {});
}

/** Insert `text` into `value` at the caret (or at the end). */
export function insertAt(value: string, text: string, caret: number | null): string {
  const at = caret === null || caret > value.length ? value.length : caret;
  return value.slice(0, at) + text + value.slice(at);
}
