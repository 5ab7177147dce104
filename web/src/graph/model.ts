/** The editor's node and edge types: React Flow's, carrying the API graph's `data`. */
import type { Edge, Node } from "@xyflow/react";
import type { RetryOptions } from "../api/types";

export type NodeConfig = Record<string, unknown>;

/** A node's `data`, as saved: label, config and the per-node options. */
export type FlowNodeData = {
  label?: string;
  config: NodeConfig;
  continue_on_error?: boolean;
  execution?: "activity" | "local";
  timeout_seconds?: number;
  retry?: RetryOptions;
  [extra: string]: unknown;
};

/** A canvas node; its `type` is the node type (e.g. "http.request"), as in the API graph. */
export type FlowNode = Node<FlowNodeData, string>;
export type FlowEdge = Edge;

export interface FlowGraph {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export const DEFAULT_OUTPUT_PORT = "out";
export const DEFAULT_INPUT_PORT = "in";
export const ERROR_PORT = "error";
