/** Place the server's 422 problems on nodes and form fields. */
import type { ApiGraph, ApiProblem } from "../api/types";
import type { Problem } from "../schema/validate";

export interface PlacedProblems {
  /** Node id → problems with form paths ("config.url", "label", "retry.max_attempts"). */
  byNode: Record<string, Problem[]>;
  /** Problems that belong to no node (graph-wide, or the workflow's name). */
  general: string[];
}

export function placeProblems(problems: ApiProblem[], sent: ApiGraph): PlacedProblems {
  const placed: PlacedProblems = { byNode: {}, general: [] };
  for (const problem of problems) {
    const nodeId = problem.node_id ?? nodeIdFromLoc(problem.loc, sent);
    const field = problem.field ?? fieldFromLoc(problem.loc);
    if (nodeId && !field.startsWith("graph.")) {
      (placed.byNode[nodeId] ??= []).push({ path: formPath(field), message: problem.msg });
    } else {
      const where = problem.loc.filter((part) => part !== "body").join(".");
      placed.general.push(nodeId ? `${nodeId}: ${problem.msg}` : `${where}: ${problem.msg}`);
    }
  }
  return placed;
}

/** Request-shape errors name the node by its index: ["body", "graph", "nodes", 2, ...]. */
function nodeIdFromLoc(loc: ApiProblem["loc"], sent: ApiGraph): string | null {
  if (loc[1] !== "graph" || loc[2] !== "nodes" || typeof loc[3] !== "number") return null;
  return sent.nodes[loc[3]]?.id ?? null;
}

function fieldFromLoc(loc: ApiProblem["loc"]): string {
  if (loc[1] === "graph" && loc[2] === "nodes" && typeof loc[3] === "number") {
    return joinPath(loc.slice(4));
  }
  return joinPath(loc.slice(1));
}

function joinPath(parts: (string | number)[]): string {
  return parts
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join("");
}

/** "data.label" → "label", "data.config.url" → "config.url"; config paths stay as they are. */
export function formPath(field: string): string {
  return field.startsWith("data.") ? field.slice("data.".length) : field;
}
