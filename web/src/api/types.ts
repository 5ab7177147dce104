/** Names for the API's shapes: generated ones from schema.d.ts, plus those the schema leaves open. */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type WorkflowSummary = Schemas["WorkflowSummary"];
export type WorkflowPublic = Schemas["WorkflowPublic"];
export type WorkflowCreate = Schemas["WorkflowCreate"];
export type VersionPublic = Schemas["VersionPublic"];
export type RunSummary = Schemas["RunSummary"];
export type RunPublic = Schemas["RunPublic"];
export type RunStatus = RunSummary["status"];
export type NodeRunState = Schemas["NodeStatePublic"];
export type ApiGraph = Schemas["Graph"];
export type ApiNode = Schemas["GraphNode"];
export type ApiEdge = Schemas["GraphEdge"];
export type ApiNodeData = Schemas["NodeData"];
export type RetryOptions = Schemas["RetryOptions"];

/** Node status values the run API documents (the schema types it as a plain string). */
export type NodeStatus = "pending" | "running" | "succeeded" | "failed" | "skipped";

export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = [
  "completed",
  "failed",
  "cancelled",
  "terminated",
  "timed_out",
];

export type JsonType = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";

/** The JSON Schema keywords the node catalog uses; forms and validation read these. */
export interface JsonSchema {
  type?: JsonType | JsonType[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  writeOnly?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  not?: JsonSchema;
  /** Editor hint: "json" or "textarea" overrides the widget picked from `type`. */
  "x-widget"?: "json" | "textarea" | "keyvalue";
}

export type NodeKind = "inline" | "activity" | "timer";

/** One entry of GET /api/node-types (the OpenAPI schema types it as an open object). */
export interface NodeTypeInfo {
  type: string;
  category: string;
  label: string;
  description: string;
  kind: NodeKind;
  config_schema: JsonSchema;
  output_schema: JsonSchema;
  credential_type: string | null;
  input_ports: string[];
  output_ports: string[];
  /** JMESPath over the config naming more output ports (nodes that route by configuration). */
  ports_from?: string | null;
}

/** A 422 detail item; graph problems add the node id and the field (e.g. "config.url"). */
export interface ApiProblem {
  loc: (string | number)[];
  msg: string;
  type: string;
  node_id?: string | null;
  field?: string;
}
