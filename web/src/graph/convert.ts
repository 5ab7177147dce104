/** Conversion between the canvas state (React Flow) and the API's graph JSON. */
import type { ApiEdge, ApiGraph, ApiNode } from "../api/types";
import {
  DEFAULT_INPUT_PORT,
  DEFAULT_OUTPUT_PORT,
  type FlowEdge,
  type FlowGraph,
  type FlowNode,
  type FlowNodeData,
} from "./model";
import { edgeId } from "./ids";

/** The graph to save: only what the API stores, positions rounded, empty options dropped. */
export function toApiGraph({ nodes, edges }: FlowGraph): ApiGraph {
  return {
    nodes: nodes.map(toApiNode),
    edges: edges.map(toApiEdge),
  };
}

function toApiNode(node: FlowNode): ApiNode {
  return {
    id: node.id,
    type: node.type ?? "",
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    data: cleanData(node.data),
  };
}

function toApiEdge(edge: FlowEdge): ApiEdge {
  return {
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle ?? DEFAULT_OUTPUT_PORT,
    target: edge.target,
    targetHandle: edge.targetHandle ?? DEFAULT_INPUT_PORT,
  };
}

function cleanData(data: FlowNodeData): ApiNode["data"] {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined || value === null || value === "") continue;
    if (key === "retry" && isEmptyObject(value)) continue;
    clean[key] = value;
  }
  return { ...clean, config: data.config ?? {} };
}

/** Canvas state from a saved graph. */
export function fromApiGraph(graph: ApiGraph): FlowGraph {
  return {
    nodes: graph.nodes.map((node): FlowNode => ({
      id: node.id,
      type: node.type,
      position: { x: node.position?.x ?? 0, y: node.position?.y ?? 0 },
      data: { ...(node.data ?? {}), config: { ...(node.data?.config ?? {}) } } as FlowNodeData,
    })),
    edges: (graph.edges ?? []).map((edge): FlowEdge => {
      const sourceHandle = edge.sourceHandle ?? DEFAULT_OUTPUT_PORT;
      const targetHandle = edge.targetHandle ?? DEFAULT_INPUT_PORT;
      return {
        id: edge.id ?? edgeId(edge.source, sourceHandle, edge.target, targetHandle),
        source: edge.source,
        sourceHandle,
        target: edge.target,
        targetHandle,
      };
    }),
  };
}

/** A graph from untrusted JSON (an import, or the API's open `graph` field). */
export function parseApiGraph(value: unknown): ApiGraph {
  if (!isObject(value) || !Array.isArray(value.nodes)) {
    throw new Error("a graph needs a 'nodes' list");
  }
  const edges = value.edges ?? [];
  if (!Array.isArray(edges)) throw new Error("a graph's 'edges' must be a list");
  value.nodes.forEach((node, i) => {
    if (!isObject(node) || typeof node.id !== "string" || typeof node.type !== "string") {
      throw new Error(`node ${i} needs a string 'id' and 'type'`);
    }
  });
  edges.forEach((edge, i) => {
    if (!isObject(edge) || typeof edge.source !== "string" || typeof edge.target !== "string") {
      throw new Error(`edge ${i} needs a string 'source' and 'target'`);
    }
  });
  return { ...value, nodes: value.nodes as ApiNode[], edges: edges as ApiEdge[] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEmptyObject(value: unknown): boolean {
  return isObject(value) && Object.values(value).every((v) => v === undefined || v === null);
}
