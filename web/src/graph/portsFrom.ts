/**
 * Output ports a node's config adds (`ports_from` of its type): a JMESPath over the config such
 * as `labels` or `rules[*].port`. The editor evaluates the simple path subset the catalog uses
 * (fields, `[n]`, `[*]`, `[]`); anything else adds no port here, and the server still decides.
 */

const SEGMENT = /[A-Za-z_][A-Za-z0-9_]*|\[\*\]|\[\]|\[-?\d+\]/g;
const WHOLE = /^(?:[A-Za-z_][A-Za-z0-9_]*|\[(?:\*|-?\d+)?\])(?:\.[A-Za-z_][A-Za-z0-9_]*|\[(?:\*|-?\d+)?\])*$/;

export function configuredPorts(expression: string | null | undefined, config: unknown): string[] {
  if (!expression) return [];
  const found = searchPath(expression.replace(/\s+/g, ""), config);
  return Array.isArray(found) ? found.filter((p): p is string => typeof p === "string") : [];
}

export function searchPath(expression: string, value: unknown): unknown {
  if (!WHOLE.test(expression)) return null;
  let current: unknown = value;
  let projecting = false;
  for (const segment of expression.match(SEGMENT) ?? []) {
    if (projecting) {
      if (!Array.isArray(current)) return null;
      const mapped = current.map((item) => step(item, segment));
      current = (segment === "[]" ? mapped.flat() : mapped).filter((v) => v !== null && v !== undefined);
    } else {
      current = step(current, segment);
    }
    if (segment === "[*]" || segment === "[]") projecting = true;
    if (current === null || current === undefined) return null;
  }
  return current;
}

function step(value: unknown, segment: string): unknown {
  if (segment === "[*]") return Array.isArray(value) ? value : null;
  if (segment === "[]") return Array.isArray(value) ? value.flat() : null;
  if (segment.startsWith("[")) {
    if (!Array.isArray(value)) return null;
    const index = Number(segment.slice(1, -1));
    return value.at(index) ?? null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  return (value as Record<string, unknown>)[segment] ?? null;
}
