/** The n8n import dialog's pure parts: reading the pasted export, the report, and 422 fields. */

export type LineStatus = "converted" | "approximated" | "unsupported" | "dropped";

export interface ReportLine {
  node: string;
  n8n_type: string;
  status: string;
  message: string;
  parameter?: string | null;
}

/** Nodes per status; a status no node has may be absent. */
export type StatusCounts = Readonly<Record<string, number | undefined>>;

export interface ImportReportShape {
  lines: readonly ReportLine[];
  summary: StatusCounts;
  fully_converted: boolean;
}

export type ParsedExport = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** The pasted or chosen text as an n8n export object, or why it is not one. */
export function parseExport(text: string): ParsedExport {
  if (text.trim() === "")
    return { ok: false, message: "Paste an n8n workflow export or choose a .json file." };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, message: "An n8n export is a JSON object with 'nodes' and 'connections'." };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

const ORDER: readonly LineStatus[] = ["converted", "approximated", "dropped", "unsupported"];
const RANK: Record<string, number> = Object.fromEntries(ORDER.map((s, i) => [s, i]));

/** Nodes per status, a node's worst line deciding (what the API's summary counts). */
export function countNodes(lines: readonly ReportLine[]): Record<LineStatus, number> {
  const worst = new Map<string, string>();
  for (const line of lines) {
    const seen = worst.get(line.node);
    if (seen === undefined || (RANK[line.status] ?? 0) > (RANK[seen] ?? 0)) worst.set(line.node, line.status);
  }
  const counts: Record<LineStatus, number> = { converted: 0, approximated: 0, dropped: 0, unsupported: 0 };
  for (const status of worst.values()) if (status in counts) counts[status as LineStatus] += 1;
  return counts;
}

/** "3 converted · 1 approximated · 1 unsupported": the non-zero counts, best first. */
export function summaryText(summary: StatusCounts): string {
  const parts = ORDER.filter((s) => (summary[s] ?? 0) > 0).map((s) => `${summary[s]} ${s}`);
  return parts.length > 0 ? parts.join(" · ") : "no nodes";
}

/** The sentence under the summary: what an import of this report means. */
export function verdict(report: ImportReportShape): string {
  const unsupported = report.summary.unsupported ?? countNodes(report.lines).unsupported;
  if (report.fully_converted) return "Every node converts; check the approximated ones after importing.";
  const nodes = unsupported === 1 ? "1 node is" : `${unsupported} nodes are`;
  return `${nodes} not supported: each comes in as a disabled placeholder where it stood; rebuild it with Sluice nodes.`;
}

/** The report's lines, worst first, keeping the export's order within a status. */
export function sortedLines(lines: readonly ReportLine[]): ReportLine[] {
  return lines
    .map((line, i) => ({ line, i }))
    .sort((a, b) => (RANK[b.line.status] ?? 0) - (RANK[a.line.status] ?? 0) || a.i - b.i)
    .map(({ line }) => line);
}

/** A 422 `loc` as the field it names: ["body", "nodes", 3, "type"] → "nodes[3].type". */
export function fieldOf(loc: readonly (string | number)[]): string {
  const parts = loc[0] === "body" && loc.length > 1 ? loc.slice(1) : loc;
  let field = "";
  for (const part of parts) {
    if (typeof part === "number") field += `[${part}]`;
    else field += field === "" ? part : `.${part}`;
  }
  return field || "body";
}
